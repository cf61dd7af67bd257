import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { ConfigError, configFromEnv, listenFromEnv, wantsDemo } from '../../proxy/config.js';
import { createApp, createStdoutLogger, identityMode } from '../../proxy/serve.js';
import { anonId } from './contract.js';

const full = {
  HAPTIK_API_URL: 'https://example.haptik.ai/v1/sync',
  HAPTIK_TOKEN: 'tok',
  HAPTIK_CLIENT_ID: 'cid',
  HAPTIK_BUSINESS_IDS: '343, 344',
};

test('a full environment gives a config with the business allow-list and the documented defaults', () => {
  const config = configFromEnv(full);
  assert.deepEqual(config.businessIds, [343, 344]);
  assert.equal(config.upstreamTimeoutMs, 15000);
  assert.equal(config.rateLimitPerMinute, 30);
  assert.equal(config.logMessages, false);
  assert.equal(config.identitySecret, undefined);
  assert.equal(config.userUrl, undefined);
});

test('every optional variable is read', () => {
  const config = configFromEnv({
    ...full,
    ALLOWED_ORIGINS: 'https://a.example, https://b.example:8443',
    HAPTIK_IDENTITY_SECRET: 's'.repeat(32),
    HAPTIK_USER_URL: 'https://example.haptik.ai/v1.0/user/',
    UPSTREAM_TIMEOUT_MS: '2500',
    RATE_LIMIT_PER_MINUTE: '0',
    LOG_MESSAGES: '1',
  });
  assert.deepEqual(config.allowedOrigins, ['https://a.example', 'https://b.example:8443']);
  assert.equal(config.identitySecret, 's'.repeat(32));
  assert.equal(config.userUrl, 'https://example.haptik.ai/v1.0/user/');
  assert.equal(config.upstreamTimeoutMs, 2500);
  assert.equal(config.rateLimitPerMinute, 0);
  assert.equal(config.logMessages, true);
});

test('only anonymous ids by default; HAPTIK_TRUST_CLAIMED_IDS=1 opts in to claimed ids, never beside a secret', () => {
  assert.equal(configFromEnv(full).trustClaimedIds, false);
  assert.equal(configFromEnv({ ...full, HAPTIK_TRUST_CLAIMED_IDS: '1' }).trustClaimedIds, true);
  assert.throws(
    () => configFromEnv({ ...full, HAPTIK_TRUST_CLAIMED_IDS: 'yes' }),
    /HAPTIK_TRUST_CLAIMED_IDS/,
  );
  assert.throws(
    () => configFromEnv({ ...full, HAPTIK_TRUST_CLAIMED_IDS: '1', HAPTIK_IDENTITY_SECRET: 's'.repeat(32) }),
    (error: unknown) =>
      error instanceof ConfigError &&
      /HAPTIK_TRUST_CLAIMED_IDS/.test(error.message) &&
      /HAPTIK_IDENTITY_SECRET/.test(error.message),
  );
});

test('npm start says which identity mode it runs in', () => {
  assert.match(identityMode({}), /anonymous ids only/);
  assert.match(identityMode({ identitySecret: 's'.repeat(32) }), /signed.*HAPTIK_IDENTITY_SECRET/);
  assert.match(identityMode({ trustClaimedIds: true }), /claimed.*HAPTIK_TRUST_CLAIMED_IDS=1/);
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
  const malformed: [Record<string, string>, RegExp][] = [
    [{ HAPTIK_BUSINESS_IDS: '343,abc' }, /HAPTIK_BUSINESS_IDS/],
    [{ HAPTIK_API_URL: 'not a url' }, /HAPTIK_API_URL/],
    [{ HAPTIK_API_URL: 'http://haptik.example/sync' }, /HAPTIK_API_URL must be an https URL/],
    [{ HAPTIK_API_URL: 'https://user:pass@haptik.example/sync' }, /HAPTIK_API_URL/],
    [{ HAPTIK_TOKEN: 'a\r\nb' }, /HAPTIK_TOKEN/],
    [{ HAPTIK_CLIENT_ID: 'ü' }, /HAPTIK_CLIENT_ID/],
    [{ ALLOWED_ORIGINS: 'https://a.example/path' }, /ALLOWED_ORIGINS/],
    [{ ALLOWED_ORIGINS: '*' }, /ALLOWED_ORIGINS/],
    [{ HAPTIK_IDENTITY_SECRET: 'too-short' }, /HAPTIK_IDENTITY_SECRET/],
    [{ HAPTIK_USER_URL: 'ftp://haptik.example/' }, /HAPTIK_USER_URL/],
    [{ UPSTREAM_TIMEOUT_MS: '0' }, /UPSTREAM_TIMEOUT_MS/],
    [{ UPSTREAM_TIMEOUT_MS: '15s' }, /UPSTREAM_TIMEOUT_MS/],
    [{ RATE_LIMIT_PER_MINUTE: '-1' }, /RATE_LIMIT_PER_MINUTE/],
    [{ RATE_LIMIT_PER_MINUTE: 'lots' }, /RATE_LIMIT_PER_MINUTE/],
    [{ LOG_MESSAGES: 'yes' }, /LOG_MESSAGES/],
  ];
  for (const [change, name] of malformed) {
    assert.throws(() => configFromEnv({ ...full, ...change }), name, JSON.stringify(change));
  }
  assert.throws(() => listenFromEnv({ PORT: '70000' }), /PORT/);
  assert.throws(() => listenFromEnv({ PORT: 'eighty' }), /PORT/);
  assert.throws(() => listenFromEnv({ MAX_CONNECTIONS: '0' }), /MAX_CONNECTIONS/);
  assert.throws(() => listenFromEnv({ MAX_CONNECTIONS: 'many' }), /MAX_CONNECTIONS/);
  assert.deepEqual(listenFromEnv({}), { port: 8787, host: '127.0.0.1', maxConnections: 1000 });
  assert.equal(listenFromEnv({ MAX_CONNECTIONS: '250' }).maxConnections, 250);
});

test('http is accepted for a Haptik on this machine only', () => {
  assert.equal(
    configFromEnv({ ...full, HAPTIK_API_URL: 'http://127.0.0.1:9000/sync' }).apiUrl,
    'http://127.0.0.1:9000/sync',
  );
  assert.equal(
    configFromEnv({ ...full, HAPTIK_API_URL: 'http://localhost/sync' }).apiUrl,
    'http://localhost/sync',
  );
});

test('npm start stops with a message naming the bad variable, and never prints the token', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'proxy/serve.ts'], {
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    env: {
      PATH: process.env['PATH'] ?? '',
      ...full,
      HAPTIK_TOKEN: 'very-secret-token-value',
      RATE_LIMIT_PER_MINUTE: 'lots',
      PORT: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number];
  assert.equal(code, 1);
  assert.match(output, /RATE_LIMIT_PER_MINUTE/);
  assert.ok(!output.includes('very-secret-token-value'));
});

test('npm start prints its identity mode at start-up', { timeout: 20_000 }, async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'proxy/serve.ts'], {
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    env: { PATH: process.env['PATH'] ?? '', PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (/open http/.test(output) && /identity/.test(output)) resolve();
      });
      child.once('exit', () => reject(new Error(`npm start exited: ${output}`)));
    });
  } finally {
    child.kill('SIGTERM');
  }
  assert.match(output, /identity: anonymous ids only/);
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
        user: { auth_id: anonId() },
        message_body: 'hi',
        message_type: 0,
        business_id: 343,
      }),
    }),
  );
  assert.equal(response.status, 200);
});

test('the pages npm start serves refuse to be framed by any site (clickjacking)', async () => {
  const app = createApp({});
  for (const path of ['/', '/index.html', '/themes.html']) {
    const response = await app.handler(new Request(`http://localhost:8787${path}`));
    assert.equal(response.status, 200, path);
    assert.match(response.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/, path);
    assert.equal(response.headers.get('x-frame-options'), 'DENY', path);
  }
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

test('npm start logs one JSON line per request, written together once per event-loop turn', async (t) => {
  const writes: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  // The test runner writes to stdout too; only the log's own writes are kept.
  t.mock.method(process.stdout, 'write', (chunk: string | Uint8Array) =>
    String(chunk).includes('"request_id"') ? writes.push(String(chunk)) > 0 : write(chunk),
  );
  const log = createStdoutLogger();
  for (const status of [200, 403, 502]) {
    log({
      time: 'now',
      request_id: `r${status}`,
      method: 'POST',
      path: '/api/haptik',
      status,
      latency_ms: 1,
    });
  }
  assert.equal(writes.length, 0);
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(writes.length, 1);
  const lines = writes[0]!.split('\n');
  assert.equal(lines.pop(), '');
  assert.deepEqual(
    lines.map((line) => (JSON.parse(line) as { status: number }).status),
    [200, 403, 502],
  );
});
