import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, configFromEnv, wantsDemo } from '../../proxy/config.js';
import { createApp } from '../../proxy/serve.js';

const full = {
  HAPTIK_API_URL: 'https://example.haptik.ai/v1/sync',
  HAPTIK_TOKEN: 'tok',
  HAPTIK_CLIENT_ID: 'cid',
  HAPTIK_BUSINESS_IDS: '343, 344',
};

test('a full environment gives a config with the business allow-list', () => {
  const config = configFromEnv(full);
  assert.deepEqual(config.businessIds, [343, 344]);
  assert.equal(config.upstreamTimeoutMs, 15000);
});

test('with only some upstream variables set, the error names each missing one', () => {
  const { HAPTIK_TOKEN: _t, HAPTIK_CLIENT_ID: _c, ...partial } = full;
  assert.equal(wantsDemo(partial), false);
  assert.throws(
    () => createApp(partial),
    (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.match(error.message, /HAPTIK_TOKEN/);
      assert.match(error.message, /HAPTIK_CLIENT_ID/);
      return true;
    },
  );
});

test('malformed values are named', () => {
  assert.throws(() => configFromEnv({ ...full, HAPTIK_BUSINESS_IDS: '343,abc' }), /HAPTIK_BUSINESS_IDS/);
  assert.throws(() => configFromEnv({ ...full, HAPTIK_API_URL: 'not a url' }), /HAPTIK_API_URL/);
  assert.throws(() => configFromEnv({ ...full, HAPTIK_TOKEN: 'a\r\nb' }), /HAPTIK_TOKEN/);
  assert.throws(
    () => configFromEnv({ ...full, ALLOWED_ORIGINS: 'https://a.example/path' }),
    /ALLOWED_ORIGINS/,
  );
});

test('no upstream variables at all selects the demo bot', async () => {
  assert.equal(wantsDemo({}), true);
  const app = createApp({});
  assert.equal(app.demo, true);
  const response = await app.handler(
    new Request('http://localhost:8787/api/haptik', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-haptik-chat': '1' },
      body: JSON.stringify({
        user: { auth_id: 'anon-1' },
        message_body: 'hi',
        message_type: 0,
        business_id: 343,
      }),
    }),
  );
  assert.equal(response.status, 200);
});

test('the static server refuses paths that escape the demo folder', async () => {
  const app = createApp({});
  for (const path of [
    '/../package.json',
    '/%2e%2e/package.json',
    '/dist/../proxy/config.ts',
    '/..%2fpackage.json',
  ]) {
    const response = await app.handler(new Request(`http://localhost:8787${path}`));
    assert.equal(response.status, 404, path);
  }
});
