/**
 * Human agents on Cloudflare Workers: the Worker (proxy/worker.ts, bundled as wrangler bundles it)
 * with the Durable Object binding and migration wrangler.toml declares, in workerd through Miniflare,
 * against the same agents contract as memory and Redis.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Miniflare, type MiniflareOptions } from 'miniflare';
import { messageDelivery } from '../fixtures/webhooks.js';
import { agentsEnv, deliver, describeAgentsContract, messageIds, stream } from './agents-contract.js';
import { anonId, errorOf, type Mount, type ProxyUnderTest } from './contract.js';
import { script, setting, wrangler } from './worker-bundle.js';

/** The binding and class wrangler.toml declares, and the SQLite storage its migration asks for. */
const binding = /\[\[durable_objects\.bindings\]\]\s*name\s*=\s*"([^"]+)"\s*class_name\s*=\s*"([^"]+)"/.exec(
  wrangler,
);
assert.ok(binding, 'wrangler.toml binds the conversation Durable Object');
const [, bindingName, className] = binding;
assert.match(wrangler, new RegExp(`new_sqlite_classes\\s*=\\s*\\["${className}"\\]`));

function startWorker(
  bindings: Record<string, string>,
  options: { objects?: boolean; persist?: string } = {},
): Miniflare {
  const { objects = true, persist } = options;
  return new Miniflare({
    modules: [{ type: 'ESModule', path: 'worker.js', contents: script }],
    compatibilityDate: setting('compatibility_date'),
    bindings,
    durableObjects: objects ? { [bindingName!]: { className: className!, useSQLite: true } } : {},
    ...(persist ? { durableObjectsPersist: persist } : {}),
    cf: false,
  } as MiniflareOptions);
}

/** Requests reach the Worker as Cloudflare delivers them, with CF-Connecting-IP set. */
function mounted(mf: Miniflare): ProxyUnderTest {
  const origin = 'https://chat.shop.example';
  return {
    origin,
    send: async (path, init = {}) =>
      (await mf.dispatchFetch(`${origin}${path}`, {
        ...init,
        headers: { 'cf-connecting-ip': '203.0.113.7', ...init.headers },
      })) as unknown as Response,
    close: () => mf.dispose(),
  };
}

const inWorkerd: Mount = async (env) => {
  const mf = startWorker(env);
  await mf.ready;
  return mounted(mf);
};

describeAgentsContract('workerd, a Durable Object per conversation', inWorkerd);

test('a conversation’s events outlive its object: after a restart of workerd on the same storage they are still there', async () => {
  const env = agentsEnv({ WEBHOOK_REORDER_MS: '0' });
  const persist = await mkdtemp(join(tmpdir(), 'haptik-do-'));
  const user = anonId();
  const first = mounted(startWorker(env, { persist }));
  await deliver(first, messageDelivery({ authId: user, messageId: 70 }));
  await deliver(first, messageDelivery({ authId: user, messageId: 71 }));
  await first.close();

  const second = mounted(startWorker(env, { persist }));
  const sse = await stream(second, user);
  assert.deepEqual(messageIds(await sse.take(2)), [70, 71]);
  const again = await deliver(second, messageDelivery({ authId: user, messageId: 70 }));
  assert.deepEqual(await again.json(), { status: 'duplicate' }, 'the ids it had seen were kept too');
  await sse.cancel();
  await second.close();
  await rm(persist, { recursive: true, force: true });
});

test('with a webhook secret but no Durable Object binding the Worker refuses to run (500 misconfigured)', async () => {
  const mf = startWorker(agentsEnv(), { objects: false });
  try {
    const response = (await mf.dispatchFetch('https://chat.shop.example/api/haptik/webhook', {
      method: 'POST',
      body: '{}',
    })) as unknown as Response;
    assert.equal(response.status, 500);
    assert.equal((await errorOf(response)).code, 'misconfigured');
  } finally {
    await mf.dispose();
  }
});
