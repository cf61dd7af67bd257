/**
 * The Workers entry (proxy/worker.ts, as wrangler.toml deploys it) running in workerd through
 * Miniflare, against the same loopback fake Haptik and the same contract as on Node.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { build } from 'esbuild';
import { Miniflare, type MiniflareOptions } from 'miniflare';
import {
  chatBody,
  contractEnv,
  describeContract,
  describeRateLimitContract,
  errorOf,
  haptik,
  TOKEN,
  type Mount,
} from './contract.js';
import { startUpstream, type RecordingUpstream } from './upstream.js';
import { script, setting } from './worker-bundle.js';

const ROOT = new URL('../../', import.meta.url);

/** Every line the Worker logs, for the tests that read them. */
const workerLogs: string[] = [];

function startWorker(bindings: Record<string, string>, extra: Partial<MiniflareOptions> = {}) {
  return new Miniflare({
    modules: [{ type: 'ESModule', path: 'worker.js', contents: script }],
    compatibilityDate: setting('compatibility_date'),
    bindings,
    cf: false,
    structuredWorkerdLogs: true,
    handleStructuredLogs: ({ message }) => void workerLogs.push(message),
    ...extra,
  } as MiniflareOptions);
}

/** Requests reach the Worker as Cloudflare delivers them, with CF-Connecting-IP set. */
const inWorkerd =
  (extra: Partial<MiniflareOptions> = {}): Mount =>
  async (env) => {
    const mf = startWorker(env, extra);
    await mf.ready;
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
  };

describeContract('workerd', inWorkerd());
describeRateLimitContract(
  'workerd, rate-limiting binding',
  inWorkerd({
    ratelimits: { HAPTIK_RATE_LIMITER: { simple: { limit: 3, period: 60 } } },
  }),
);
describeRateLimitContract('workerd, in-isolate fallback', inWorkerd());

test('the runtime-neutral entry (proxy/fetch.ts) imports no node: module', async () => {
  const result = await build({
    entryPoints: [new URL('proxy/fetch.ts', ROOT).pathname],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const inputs = Object.keys(result.metafile.inputs);
  assert.ok(inputs.some((input) => input.endsWith('proxy/handler.ts')));
  assert.deepEqual(
    inputs.filter((input) => input.startsWith('node:')),
    [],
  );
});

describe('the Worker', () => {
  let upstream: RecordingUpstream;
  before(async () => {
    upstream = await startUpstream(haptik);
  });
  after(() => upstream.close());

  test('answers every request with 500 misconfigured when a variable is missing or malformed, forwarding nothing', async () => {
    const env = contractEnv(upstream);
    for (const broken of [
      { ...env, HAPTIK_TOKEN: '' },
      { ...env, HAPTIK_BUSINESS_IDS: 'abc' },
      { ...env, HAPTIK_API_URL: 'http://haptik.example/plain-http' },
    ]) {
      const mf = startWorker(broken);
      try {
        for (const path of ['/api/haptik', '/healthz']) {
          const response = await mf.dispatchFetch(`https://chat.shop.example${path}`, {
            method: path === '/healthz' ? 'GET' : 'POST',
            headers: { 'content-type': 'application/json', 'x-haptik-chat': '1' },
            body: path === '/healthz' ? undefined : JSON.stringify(chatBody()),
          });
          assert.equal(response.status, 500);
          assert.equal((await errorOf(response as unknown as Response)).code, 'misconfigured');
        }
      } finally {
        await mf.dispose();
      }
    }
    assert.equal(upstream.arrivals.length, 0);
  });

  test('counts with the HAPTIK_RATE_LIMITER binding when one is configured', async () => {
    // The binding allows 1 a minute while RATE_LIMIT_PER_MINUTE says 30: the second request shows which counted.
    const mf = startWorker(contractEnv(upstream, { RATE_LIMIT_PER_MINUTE: '30' }), {
      ratelimits: { HAPTIK_RATE_LIMITER: { simple: { limit: 1, period: 60 } } },
    });
    try {
      const send = () =>
        mf.dispatchFetch('https://chat.shop.example/api/haptik', {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-haptik-chat': '1',
            'cf-connecting-ip': '198.51.100.9',
          },
          body: JSON.stringify(chatBody()),
        });
      assert.equal((await send()).status, 200);
      let refused = await send();
      // The binding counts in windows of the clock's minutes: two requests either side of a minute's turn
      // fall in two windows (CI saw it once), so a third settles it; the proxy's own limit allows 30.
      if (refused.status === 200) refused = await send();
      assert.equal(refused.status, 429);
      assert.equal(refused.headers.get('retry-after'), '60');
    } finally {
      await mf.dispose();
    }
  });

  test('logs one JSON line per request, without the token', async () => {
    const mf = startWorker(contractEnv(upstream));
    try {
      workerLogs.length = 0;
      const response = await mf.dispatchFetch('https://chat.shop.example/api/haptik', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-haptik-chat': '1' },
        body: JSON.stringify(chatBody()),
      });
      assert.equal(response.status, 200);
      const lines = workerLogs.filter((line) => line.startsWith('{'));
      assert.equal(lines.length, 1);
      const entry = JSON.parse(lines[0]!) as Record<string, unknown>;
      assert.equal(entry['status'], 200);
      assert.equal(entry['upstream_status'], 200);
      assert.equal(entry['request_id'], response.headers.get('x-request-id'));
      assert.ok(!lines[0]!.includes(TOKEN));
    } finally {
      await mf.dispose();
    }
  });
});
