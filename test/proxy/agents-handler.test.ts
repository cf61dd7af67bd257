/**
 * The agent paths' configuration and the handler's part: which variables switch them on and how bad
 * values are named, what the request log keeps of a delivery, and how a failing or slow store is
 * answered so that Haptik retries.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createWebhookRoute, type AgentBackend } from '../../proxy/agents.js';
import { ConfigError, agentsFromEnv, configFromEnv, redisUrlFromEnv } from '../../proxy/config.js';
import { createHaptikProxy } from '../../proxy/handler.js';
import type { RequestLog } from '../../proxy/log.js';
import { ProxyError } from '../../proxy/responses.js';
import { messageDelivery } from '../fixtures/webhooks.js';
import { WEBHOOK_SECRET, agentsEnv, sign } from './agents-contract.js';
import { anonId, errorOf } from './contract.js';

const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  new Request(`https://shop.example${path}`, { method: 'POST', headers, body });
const signed = (payload: unknown) => {
  const body = JSON.stringify(payload);
  return post('/api/haptik/webhook', body, { 'x-hub-signature': sign(body) });
};

describe('the agent settings', () => {
  test('are off without HAPTIK_WEBHOOK_SECRET, and default to the documented bounds with it', () => {
    assert.equal(agentsFromEnv({}), undefined);
    const settings = agentsFromEnv({ HAPTIK_WEBHOOK_SECRET: WEBHOOK_SECRET })!;
    assert.deepEqual(settings.events, { maxEvents: 500, maxAgeMs: 86_400_000, reorderMs: 250 });
    assert.equal(settings.streams.heartbeatMs, 20_000);
    assert.equal(settings.streams.idleMs, 600_000);
    assert.equal(settings.streams.maxDurationMs, 1_800_000);
    assert.equal(settings.streams.maxPerConversation, 5);
    assert.equal(settings.streams.maxPerAddress, 20);
  });

  test('read every bound from its variable', () => {
    const settings = agentsFromEnv({
      HAPTIK_WEBHOOK_SECRET: WEBHOOK_SECRET,
      EVENTS_MAX_PER_USER: '50',
      EVENTS_MAX_AGE_SECONDS: '3600',
      WEBHOOK_REORDER_MS: '0',
      EVENTS_HEARTBEAT_SECONDS: '5',
      EVENTS_IDLE_SECONDS: '60',
      EVENTS_MAX_STREAM_SECONDS: '120',
      EVENTS_MAX_STREAMS_PER_USER: '2',
      EVENTS_MAX_STREAMS_PER_ADDRESS: '4',
    })!;
    assert.deepEqual(settings.events, { maxEvents: 50, maxAgeMs: 3_600_000, reorderMs: 0 });
    assert.deepEqual(settings.streams, {
      heartbeatMs: 5000,
      idleMs: 60_000,
      maxDurationMs: 120_000,
      maxPerConversation: 2,
      maxPerAddress: 4,
    });
  });

  test('stop with a message naming the variable at fault', () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ HAPTIK_WEBHOOK_SECRET: 'short' }, /HAPTIK_WEBHOOK_SECRET.*32/],
      [{ HAPTIK_WEBHOOK_SECRET: WEBHOOK_SECRET, EVENTS_MAX_PER_USER: '0' }, /EVENTS_MAX_PER_USER/],
      [{ HAPTIK_WEBHOOK_SECRET: WEBHOOK_SECRET, EVENTS_MAX_AGE_SECONDS: 'a day' }, /EVENTS_MAX_AGE_SECONDS/],
      [{ HAPTIK_WEBHOOK_SECRET: WEBHOOK_SECRET, WEBHOOK_REORDER_MS: '60000' }, /WEBHOOK_REORDER_MS/],
      [{ HAPTIK_WEBHOOK_SECRET: WEBHOOK_SECRET, EVENTS_HEARTBEAT_SECONDS: '0' }, /EVENTS_HEARTBEAT_SECONDS/],
      [
        { HAPTIK_WEBHOOK_SECRET: WEBHOOK_SECRET, EVENTS_MAX_STREAMS_PER_USER: '-1' },
        /EVENTS_MAX_STREAMS_PER_USER/,
      ],
    ];
    for (const [env, message] of cases) assert.throws(() => agentsFromEnv(env), message);
    assert.throws(() => redisUrlFromEnv({ REDIS_URL: 'http://127.0.0.1:6379' }), ConfigError);
    assert.throws(() => redisUrlFromEnv({ REDIS_URL: 'not a url' }), /REDIS_URL/);
    assert.equal(
      redisUrlFromEnv({ REDIS_URL: 'rediss://cache.example:6380' }),
      'rediss://cache.example:6380',
    );
  });

  test('without a webhook secret both agent paths answer 404', async () => {
    const { HAPTIK_WEBHOOK_SECRET: _, ...env } = agentsEnv();
    const proxy = createHaptikProxy(configFromEnv(env), { log: () => undefined });
    for (const path of ['/api/haptik/webhook', '/api/haptik/events']) {
      const response = await proxy(
        post(path, '{}', { 'content-type': 'application/json', 'x-haptik-chat': '1' }),
      );
      assert.equal(response.status, 404, path);
      assert.equal((await errorOf(response)).code, 'not_found');
    }
  });
});

describe('the webhook in the handler', () => {
  test('logs the event and what became of it, never the body or the signature', async () => {
    const logs: RequestLog[] = [];
    const proxy = createHaptikProxy(configFromEnv(agentsEnv({ WEBHOOK_REORDER_MS: '0' })), {
      log: (entry) => logs.push(entry),
    });
    const payload = messageDelivery({ authId: anonId(), text: 'a private message', messageId: 5 });
    await proxy(signed(payload));
    await proxy(signed(payload));
    await proxy(signed({ ...payload, event_name: 'agent_typing' }));
    await proxy(post('/api/haptik/webhook', JSON.stringify(payload), { 'x-hub-signature': 'sha1=00' }));
    assert.deepEqual(
      logs.map((entry) => [entry.status, entry.event, entry.result, entry.business_id]),
      [
        [200, 'message', 'stored', 343],
        [200, 'message', 'duplicate', 343],
        [200, 'agent_typing', 'ignored: unknown event', undefined],
        [401, undefined, undefined, undefined],
      ],
    );
    assert.equal(logs[3]!.code, 'invalid_signature');
    const text = JSON.stringify(logs);
    assert.ok(!text.includes('a private message'));
    assert.ok(!text.includes(sign(JSON.stringify(payload)).slice(5)));
  });

  test('answers 503 store_unavailable when the store fails or is too slow, so Haptik sends it again', async () => {
    const backend = (deliver: AgentBackend['deliver']): AgentBackend => ({
      deliver,
      stream: () => Promise.reject(new Error('unused')),
      close: async () => undefined,
    });
    const failing = createWebhookRoute({
      secret: WEBHOOK_SECRET,
      businessIds: [343],
      backend: backend(() => Promise.reject(new Error('connection refused'))),
    });
    const slow = createWebhookRoute({
      secret: WEBHOOK_SECRET,
      businessIds: [343],
      backend: backend(() => new Promise(() => undefined)),
      storeTimeoutMs: 50,
    });
    for (const route of [failing, slow]) {
      await assert.rejects(route(signed(messageDelivery({ authId: anonId() }))), (error: unknown) => {
        assert.ok(error instanceof ProxyError);
        assert.equal(error.status, 503);
        assert.equal(error.code, 'store_unavailable');
        return true;
      });
    }
  });
});
