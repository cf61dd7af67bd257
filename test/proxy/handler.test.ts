/**
 * The handler's own rules beyond the shared contract: the request log, the registration-and-retry
 * path's limits, and the edges of what it answers. Haptik is an injected fetch here.
 */
import assert from 'node:assert/strict';
import { describe, mock, test } from 'node:test';
import { configFromEnv, type ProxyConfig } from '../../proxy/config.js';
import { createHaptikProxy, type ProxyOptions } from '../../proxy/handler.js';
import { mintIdentityToken } from '../../proxy/identity.js';
import type { RequestLog } from '../../proxy/log.js';
import type { UpstreamInit } from '../../proxy/upstream.js';
import type { HaptikBody } from '../../proxy/validate.js';
import { chatBody } from './contract.js';
import { scriptedFetch, sendJson, startUpstream } from './upstream.js';

const TOKEN = 'handler-token-5f1e2d3c4b5a';
const SECRET = 'identity-secret-for-the-handler-tests-01';
const config: ProxyConfig = {
  apiUrl: 'https://haptik.example/sync',
  token: TOKEN,
  clientId: 'client-42',
  businessIds: [343],
  allowedOrigins: [],
  upstreamTimeoutMs: 1000,
  userUrl: 'https://haptik.example/user/',
  rateLimitPerMinute: 0,
};

const reply = () =>
  Response.json({ version: '1.0', message: [{ id: 1, body: { text: 'hello', type: 'TEXT', data: {} } }] });

/** A fake Haptik that answers from a list, then with `reply`. */
const scripted = (...answers: (() => Response)[]) => scriptedFetch(reply, ...answers);

function setup(overrides: Partial<ProxyConfig> = {}, options: ProxyOptions = {}) {
  const logs: RequestLog[] = [];
  const proxy = createHaptikProxy(
    { ...config, ...overrides },
    { log: (entry) => logs.push(entry), ...options },
  );
  const send = (body: unknown = chatBody(), headers: Record<string, string> = {}) =>
    proxy(
      new Request('https://shop.example/api/haptik', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-haptik-chat': '1', ...headers },
        body: JSON.stringify(body),
      }),
    );
  return { proxy, send, logs };
}

const notRegistered = () => Response.json({ error_message: 'user is not registered' }, { status: 403 });

describe('the request log', () => {
  test('writes one entry per request with its id, status, latency and upstream status', async () => {
    const { send, logs } = setup({}, { fetch: scripted(reply).fetch });
    const response = await send();
    assert.equal(response.status, 200);
    assert.equal(logs.length, 1);
    const [entry] = logs;
    assert.equal(entry!.request_id, response.headers.get('x-request-id'));
    assert.match(entry!.request_id, /^[0-9a-f-]{36}$/);
    assert.equal(entry!.status, 200);
    assert.equal(entry!.upstream_status, 200);
    assert.equal(entry!.upstream_calls, 1);
    assert.equal(typeof entry!.latency_ms, 'number');
    assert.equal(entry!.code, undefined);
  });

  test('logs refusals and upstream failures with their code, including the upstream status it hides', async () => {
    const { proxy, send, logs } = setup(
      {},
      { fetch: scripted(() => new Response('nope', { status: 401 }), reply).fetch },
    );
    await send(chatBody({ business_id: 999 }));
    await send();
    await proxy(new Request('https://shop.example/api/haptik'));
    await send();
    assert.deepEqual(
      logs.map((entry) => [entry.status, entry.code, entry.upstream_status]),
      [
        [403, 'business_not_allowed', undefined],
        [502, 'upstream_auth', 401],
        [405, 'method_not_allowed', undefined],
        [200, undefined, 200],
      ],
    );
  });

  test('never holds the token, the identity token or the message unless LOG_MESSAGES is on', async () => {
    const identity = await mintIdentityToken('user-42', SECRET);
    const quiet = setup({ identitySecret: SECRET }, { fetch: scripted().fetch });
    await quiet.send(chatBody({ message_body: 'my card is 4111 1111' }), { 'x-haptik-auth': identity });
    const line = JSON.stringify(quiet.logs);
    for (const secret of [TOKEN, identity, '4111']) assert.ok(!line.includes(secret), secret);
    assert.equal(quiet.logs[0]!.identity, 'verified');

    const chatty = setup({ logMessages: true }, { fetch: scripted().fetch });
    await chatty.send(chatBody({ message_body: 'hello there' }));
    assert.equal(chatty.logs[0]!.message, 'hello there');
    assert.ok(!JSON.stringify(chatty.logs).includes(TOKEN));
  });

  test('by default goes to standard output as one line of JSON', async (t) => {
    const printed = t.mock.method(console, 'log', () => undefined);
    const proxy = createHaptikProxy(config, { fetch: scripted().fetch });
    await proxy(
      new Request('https://shop.example/api/haptik', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-haptik-chat': '1' },
        body: JSON.stringify(chatBody()),
      }),
    );
    assert.equal(printed.mock.callCount(), 1);
    const [line] = printed.mock.calls[0]!.arguments as [string];
    assert.ok(!line.includes('\n'));
    assert.equal((JSON.parse(line) as RequestLog).status, 200);
    mock.restoreAll();
  });

  test('a failing log sink does not fail the chat', async () => {
    const proxy = createHaptikProxy(config, {
      fetch: scripted().fetch,
      log: () => {
        throw new Error('disk full');
      },
    });
    const response = await proxy(
      new Request('https://shop.example/api/haptik', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-haptik-chat': '1' },
        body: JSON.stringify(chatBody()),
      }),
    );
    assert.equal(response.status, 200);
  });
});

describe('who the user is, without an identity secret', () => {
  test('by default a claimed id is refused with 403 anonymous_only and never forwarded; anonymous ids pass', async () => {
    const haptik = scripted();
    const { send, logs } = setup({}, { fetch: haptik.fetch });
    const refused = await send(chatBody({ user: { auth_id: 'alice@victim.example' } }));
    assert.equal(refused.status, 403);
    assert.equal(((await refused.json()) as { error: { code: string } }).error.code, 'anonymous_only');
    assert.equal(haptik.calls.length, 0);
    assert.equal((await send()).status, 200);
    assert.deepEqual(
      logs.map((entry) => [entry.status, entry.identity]),
      [
        [403, undefined],
        [200, 'anonymous'],
      ],
    );
  });

  test('with HAPTIK_TRUST_CLAIMED_IDS the claimed id is forwarded, and logged as claimed', async () => {
    const haptik = scripted();
    const { send, logs } = setup({ trustClaimedIds: true }, { fetch: haptik.fetch });
    assert.equal((await send(chatBody({ user: { auth_id: 'user-42' } }))).status, 200);
    assert.equal((JSON.parse(haptik.calls[0]!.init.body) as HaptikBody).user.auth_id, 'user-42');
    assert.equal(logs[0]!.identity, 'claimed');
  });
});

describe('a user Haptik does not know is registered once, then the message retried once', () => {
  test('registers and retries at most once: a user still unknown after that gets 502, after three calls', async () => {
    const haptik = scripted(
      notRegistered,
      () => Response.json({}, { status: 201 }),
      notRegistered,
      notRegistered,
    );
    const { send } = setup({}, { fetch: haptik.fetch });
    const response = await send();
    assert.equal(response.status, 502);
    assert.deepEqual(
      haptik.calls.map((call) => call.url),
      [config.apiUrl, config.userUrl, config.apiUrl],
    );
  });

  test('a registration Haptik refuses is not followed by a retry', async () => {
    const haptik = scripted(notRegistered, () => new Response('{}', { status: 400 }));
    const { send } = setup({}, { fetch: haptik.fetch });
    assert.equal((await send()).status, 502);
    assert.equal(haptik.calls.length, 2);
  });

  test('only "user is not registered" triggers it, and only with HAPTIK_USER_URL set', async () => {
    const otherForbidden = scripted(() => Response.json({ error_message: 'forbidden' }, { status: 403 }));
    assert.equal((await setup({}, { fetch: otherForbidden.fetch }).send()).status, 502);
    assert.equal(otherForbidden.calls.length, 1);

    const noUserApi = scripted(notRegistered);
    assert.equal((await setup({ userUrl: undefined }, { fetch: noUserApi.fetch }).send()).status, 502);
    assert.equal(noUserApi.calls.length, 1);
  });

  test('registration and retry share the one upstream deadline', async () => {
    const slow = (answer: () => Response) => async (_url: string, init: UpstreamInit) =>
      new Promise<Response>((resolve, reject) => {
        const timer = setTimeout(() => resolve(answer()), 150);
        init.signal.addEventListener('abort', () => {
          clearTimeout(timer);
          reject(init.signal.reason);
        });
      });
    const steps = [slow(notRegistered), slow(() => Response.json({}, { status: 201 })), slow(reply)];
    let step = 0;
    const { send } = setup({ upstreamTimeoutMs: 250 }, { fetch: (url, init) => steps[step++]!(url, init) });
    const response = await send();
    assert.equal(response.status, 504);
  });

  test('past the deadline no further call goes out, even when the client answered without heeding it', async () => {
    // An upstream client that ignores its signal: the registration answers after the deadline passed.
    const late = (answer: () => Response) => () =>
      new Promise<Response>((resolve) => setTimeout(() => resolve(answer()), 150));
    const haptik = scriptedFetch(
      reply,
      notRegistered,
      late(() => Response.json({}, { status: 201 })),
    );
    const { send } = setup({ upstreamTimeoutMs: 50 }, { fetch: haptik.fetch });
    const response = await send();
    assert.equal(response.status, 504);
    assert.deepEqual(
      haptik.calls.map((call) => call.url),
      [config.apiUrl, config.userUrl],
    );
  });
});

describe('what the proxy answers at its edges', () => {
  test('an upstream Retry-After that is not a small number of seconds becomes 30', async () => {
    for (const value of ['Wed, 21 Oct 2015 07:28:00 GMT', '99999999', '-1', '1e3']) {
      const haptik = scripted(() => new Response('{}', { status: 429, headers: { 'retry-after': value } }));
      const response = await setup({}, { fetch: haptik.fetch }).send();
      assert.equal(response.status, 429);
      assert.equal(response.headers.get('retry-after'), '30', value);
    }
  });

  test('answers unknown paths with 404 and HEAD /healthz with 200, forwarding nothing', async () => {
    const haptik = scripted();
    const { proxy } = setup({}, { fetch: haptik.fetch });
    assert.equal((await proxy(new Request('https://shop.example/api/haptik/extra'))).status, 404);
    assert.equal((await proxy(new Request('https://shop.example/healthz', { method: 'HEAD' }))).status, 200);
    assert.equal((await proxy(new Request('https://shop.example/healthz', { method: 'POST' }))).status, 405);
    assert.equal(haptik.calls.length, 0);
  });

  test('an unexpected failure is a 500 JSON error with no stack or detail', async () => {
    const { send } = setup(
      { rateLimitPerMinute: 30 },
      {
        rateLimiter: {
          take: () => {
            throw new Error('limiter exploded at /srv/app/secret.js:12');
          },
        },
        fetch: scripted().fetch,
      },
    );
    const response = await send(chatBody(), {});
    const text = await response.text();
    assert.equal(response.status, 500);
    assert.deepEqual(JSON.parse(text), {
      error: { code: 'internal_error', message: 'Something went wrong.' },
    });
  });

  test('the upstream request carries only the credentials and JSON headers', async () => {
    const haptik = scripted();
    await setup({}, { fetch: haptik.fetch }).send(chatBody(), {
      authorization: 'Bearer mine',
      cookie: 'a=b',
    });
    assert.deepEqual(Object.keys(haptik.calls[0]!.init.headers).sort(), [
      'accept',
      'authorization',
      'client-id',
      'content-type',
    ]);
    assert.equal(haptik.calls[0]!.init.headers['authorization'], `Bearer ${TOKEN}`);
  });
});

describe('a redirect from Haptik is never followed', () => {
  test('a redirect from Haptik is an error, never followed: the message goes nowhere else', async () => {
    const elsewhere = await startUpstream((_arrival, res) => sendJson(res, 200, { message: [] }));
    const haptik = await startUpstream((_arrival, res) => {
      res.writeHead(307, { location: elsewhere.url });
      res.end();
    });
    try {
      // Global fetch, as on Workers, Deno and Bun, where redirects would otherwise be followed.
      const { send } = setup({ apiUrl: haptik.url, userUrl: undefined });
      const response = await send();
      assert.equal(response.status, 502);
      assert.equal(haptik.arrivals.length, 1);
      assert.equal(elsewhere.arrivals.length, 0, 'nothing reached the redirect target');
    } finally {
      await Promise.all([haptik.close(), elsewhere.close()]);
    }
  });
});

describe("PUBLIC_ORIGIN, not the Host header, decides the proxy's own origin", () => {
  const rebound = (proxyOrigin: string) =>
    new Request(`${proxyOrigin}/api/haptik`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-haptik-chat': '1',
        origin: proxyOrigin,
        'sec-fetch-site': 'same-origin',
      },
      body: JSON.stringify(chatBody()),
    });

  test('with it set, a page whose Host and Origin agree but are not it is refused (DNS rebinding)', async () => {
    const { proxy } = setup({ publicOrigin: 'https://shop.example' }, { fetch: scripted().fetch });
    const attacker = await proxy(rebound('http://attacker.example:8787'));
    assert.equal(attacker.status, 403);
    assert.equal(((await attacker.json()) as { error: { code: string } }).error.code, 'origin_not_allowed');
    const own = await proxy(rebound('https://shop.example'));
    assert.equal(own.status, 200);
  });

  test('it is read from the environment as one origin', () => {
    const env = { HAPTIK_API_URL: 'https://h.example/s', HAPTIK_TOKEN: 't', HAPTIK_CLIENT_ID: 'c' };
    const full = { ...env, HAPTIK_BUSINESS_IDS: '343' };
    assert.equal(
      configFromEnv({ ...full, PUBLIC_ORIGIN: 'https://shop.example' }).publicOrigin,
      'https://shop.example',
    );
    assert.throws(
      () => configFromEnv({ ...full, PUBLIC_ORIGIN: 'https://shop.example/chat' }),
      /PUBLIC_ORIGIN/,
    );
  });
});
