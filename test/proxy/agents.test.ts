/**
 * Human agents on Node: the agents contract on the in-memory store and on Redis (a real
 * redis-server), then what only several processes show: a webhook taken by one instance reaching a
 * browser on another, a browser resuming on a second instance after the first was killed, rate
 * limits shared through Redis, and the Node adapter's long-lived streams and clean shutdown.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { localAgentBackend } from '../../proxy/agents.js';
import { configFromEnv } from '../../proxy/config.js';
import { createMemoryEventStore } from '../../proxy/events/memory.js';
import { createRedisEventStore } from '../../proxy/events/redis.js';
import { createHaptikProxy } from '../../proxy/handler.js';
import { serve, type ServeOptions } from '../../proxy/node.js';
import { connectRedis, type RedisConnection } from '../../proxy/redis.js';
import { createRedisRateLimiter } from '../../proxy/redis-rate-limit.js';
import { messageDelivery } from '../fixtures/webhooks.js';
import {
  REORDER_MS,
  WEBHOOK_SECRET,
  agentsEnv,
  deliver,
  describeAgentsContract,
  messageIds,
  openEvents,
  stream,
} from './agents-contract.js';
import { anonId, chatBody, type Mount, type ProxyUnderTest } from './contract.js';
import { startRedis, type RedisServer } from './redis-server.js';

/** A proxy on the Node adapter at a loopback port. */
async function listening(
  handler: Parameters<typeof serve>[0],
  close: () => Promise<void>,
): Promise<ProxyUnderTest> {
  const server: Server = await serve(handler, 0);
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    send: (path, init = {}) => fetch(`${origin}${path}`, init),
    async close() {
      await close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

const inMemory: Mount = async (env) => {
  const config = configFromEnv(env);
  const agents = localAgentBackend(
    createMemoryEventStore({ bounds: config.agents!.events }),
    config.agents!.streams,
  );
  return listening(createHaptikProxy(config, { log: () => undefined, agents }), () => agents.close());
};

describeAgentsContract('memory, Node adapter', inMemory);

describe('with Redis', () => {
  let redis: RedisServer;
  before(async () => {
    redis = await startRedis();
  });
  after(() => redis.stop());

  const onRedis: Mount = async (env) => {
    const config = configFromEnv(env);
    const connection = await connectRedis(redis.url);
    const agents = localAgentBackend(
      createRedisEventStore({ ...connection, bounds: config.agents!.events }),
      config.agents!.streams,
    );
    return listening(createHaptikProxy(config, { log: () => undefined, agents }), async () => {
      await agents.close();
      await connection.close();
    });
  };

  describeAgentsContract('Redis, Node adapter', onRedis);

  describe('two proxy processes on one Redis', () => {
    const children: ChildProcess[] = [];
    after(async () => {
      for (const child of children) {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGKILL');
          await once(child, 'exit');
        }
      }
    });

    /** `npm start`'s server (demo bot, agents on), on its own port, sharing Redis. */
    async function instance(
      env: Record<string, string> = {},
    ): Promise<ProxyUnderTest & { child: ChildProcess }> {
      const child = spawn(process.execPath, ['--import', 'tsx', 'proxy/serve.ts'], {
        cwd: fileURLToPath(new URL('../..', import.meta.url)),
        env: {
          PATH: process.env['PATH'] ?? '',
          PORT: '0',
          REDIS_URL: redis.url,
          HAPTIK_WEBHOOK_SECRET: WEBHOOK_SECRET,
          WEBHOOK_REORDER_MS: '100',
          RATE_LIMIT_PER_MINUTE: '0',
          ...env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.push(child);
      let output = '';
      const origin = await new Promise<string>((resolve, reject) => {
        child.stdout!.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const match = /open (http:\/\/[^/\s]+)\//.exec(output);
          if (match?.[1]) resolve(match[1]);
        });
        child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.once('exit', (code) => reject(new Error(`the server exited (${code}): ${output}`)));
      });
      assert.match(output, /agent events in redis/);
      return {
        origin,
        child,
        send: (path, init = {}) => fetch(`${origin}${path}`, init),
        close: async () => undefined,
      };
    }

    test('a webhook taken by A reaches a browser on B; B dies mid-stream and the browser resumes on A with nothing lost or doubled', async () => {
      const [a, b] = await Promise.all([instance(), instance()]);
      const user = anonId();
      const onB = await stream(b, user);
      await deliver(a, messageDelivery({ authId: user, messageId: 1, text: 'one' }));
      await deliver(a, messageDelivery({ authId: user, messageId: 2, text: 'two' }));
      const seen = await onB.take(2);
      assert.deepEqual(messageIds(seen), [1, 2]);

      b.child.kill('SIGKILL');
      await onB.end();
      // Delivered while the browser has no stream: they wait in Redis.
      await deliver(a, messageDelivery({ authId: user, messageId: 4, text: 'four' }));
      await deliver(a, messageDelivery({ authId: user, messageId: 3, text: 'three' }));
      const onA = await stream(a, user, seen.at(-1)!.id);
      const rest = await onA.take(2);
      assert.deepEqual(messageIds(rest), [3, 4]);
      await deliver(a, messageDelivery({ authId: user, messageId: 5, text: 'five' }));
      assert.deepEqual(messageIds([await onA.next()]), [5]);
      await assert.rejects(onA.next(REORDER_MS), /no event/, 'nothing is sent twice');
      await onA.cancel();
    });

    test('rate limits are counted once across instances', async () => {
      const [a, b] = await Promise.all([
        instance({ RATE_LIMIT_PER_MINUTE: '3' }),
        instance({ RATE_LIMIT_PER_MINUTE: '3' }),
      ]);
      const user = anonId();
      const send = (proxy: ProxyUnderTest) =>
        proxy.send('/api/haptik', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-haptik-chat': '1' },
          body: JSON.stringify(chatBody({ user: { auth_id: user } })),
        });
      const statuses = [];
      for (const proxy of [a, b, a, b]) statuses.push((await send(proxy)).status);
      assert.deepEqual(statuses, [200, 200, 200, 429]);
    });

    test('a stopping server ends its streams with stream_end shutdown and exits', async () => {
      const a = await instance();
      const sse = await stream(a, anonId());
      a.child.kill('SIGTERM');
      const [code] = (await once(a.child, 'exit')) as [number];
      assert.equal(code, 0);
      assert.deepEqual(await sse.end(), [{ event: 'stream_end', data: '{"reason":"shutdown"}' }]);
    });
  });

  test('while Redis is away the webhook answers 503 (Haptik retries); an open stream carries on once it is back', async () => {
    const own = await startRedis();
    const config = configFromEnv(agentsEnv({ WEBHOOK_REORDER_MS: '0' }));
    const connection = await connectRedis(own.url, { onError: () => undefined });
    const agents = localAgentBackend(
      createRedisEventStore({ ...connection, bounds: config.agents!.events }),
      config.agents!.streams,
    );
    const proxy = await listening(createHaptikProxy(config, { log: () => undefined, agents }), async () => {
      await agents.close();
      await connection.close();
    });
    const user = anonId();
    const sse = await stream(proxy, user);
    await deliver(proxy, messageDelivery({ authId: user, messageId: 1 }));
    assert.deepEqual(messageIds([await sse.next()]), [1]);
    const retried = messageDelivery({ authId: user, messageId: 2 });
    await own.restart(async () => {
      const refused = await deliver(proxy, retried);
      assert.equal(refused.status, 503);
      assert.equal((await refused.json()).error.code, 'store_unavailable');
    });
    // Haptik's retry, until the proxy has its connection back.
    let status = 0;
    for (let tries = 0; tries < 100 && status !== 200; tries += 1) {
      status = (await deliver(proxy, retried)).status;
      if (status !== 200) await sleep(50);
    }
    assert.equal(status, 200);
    assert.deepEqual(messageIds([await sse.next()]), [2]);
    await sse.cancel();
    await proxy.close();
    await own.stop();
  });

  test('npm start stops with a message naming REDIS_URL when Redis cannot be reached', async () => {
    const closed = await startRedis();
    await closed.stop();
    const child = spawn(process.execPath, ['--import', 'tsx', 'proxy/serve.ts'], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      env: { PATH: process.env['PATH'] ?? '', PORT: '0', REDIS_URL: closed.url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const [code] = (await once(child, 'exit')) as [number];
    assert.equal(code, 1);
    assert.match(output, /haptik-chat: REDIS_URL could not be reached/);
  });

  test('the Redis rate limiter refuses with 503 store_unavailable when Redis is gone', async () => {
    const other = await startRedis();
    const connection: RedisConnection = await connectRedis(other.url, { onError: () => undefined });
    const limiter = createRedisRateLimiter({ ...connection, perMinute: 5 });
    assert.deepEqual(await limiter.take('id:x'), { allowed: true });
    await other.stop();
    await assert.rejects(Promise.resolve(limiter.take('id:x')), { code: 'store_unavailable', status: 503 });
    await connection.close();
  });
});

describe('the Node adapter with event streams', () => {
  /** The proxy with in-memory agents on the Node adapter. */
  async function onNode(overrides: Record<string, string>, options: ServeOptions = {}) {
    const proxy = createHaptikProxy(configFromEnv(agentsEnv(overrides)), { log: () => undefined });
    const server = await serve(proxy, 0, '127.0.0.1', options);
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return {
      origin,
      send: (path, init = {}) => fetch(`${origin}${path}`, init),
      async close() {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      },
    } satisfies ProxyUnderTest;
  }

  test('keeps a stream open longer than the server’s request timeout', async () => {
    // The adapter cuts a request that takes too long to arrive; a response may run on.
    const proxy = await onNode(
      { EVENTS_HEARTBEAT_SECONDS: '1' },
      { headersTimeoutMs: 300, requestTimeoutMs: 300 },
    );
    const user = anonId();
    const sse = await stream(proxy, user);
    await sleep(2500);
    assert.equal(sse.ended, false);
    assert.ok(sse.comments >= 2, 'heartbeats kept coming');
    await deliver(proxy, messageDelivery({ authId: user, messageId: 9 }));
    assert.deepEqual(messageIds([await sse.next()]), [9]);
    await sse.cancel();
    await proxy.close();
  });

  test('releases a stream as soon as its client goes, without waiting for the next heartbeat', async () => {
    const proxy = await onNode({ EVENTS_MAX_STREAMS_PER_USER: '1' });
    const user = anonId();
    const first = await stream(proxy, user);
    await first.cancel();
    let status = 0;
    for (let tries = 0; tries < 50 && status !== 200; tries += 1) {
      const response = await openEvents(proxy, user);
      status = response.status;
      await response.body?.cancel();
      if (status !== 200) await sleep(20);
    }
    assert.equal(status, 200);
    await proxy.close();
  });
});
