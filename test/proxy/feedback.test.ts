/**
 * `POST {path}/feedback`: a rating is checked like a message (origin, widget header, size, identity,
 * rate limits), its body like Haptik's Log Feedback API documents it, and Haptik's documented answers
 * become the proxy's codes. Haptik is an injected fetch here; the demo bot plays it at the end.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError, configFromEnv, type ProxyConfig } from '../../proxy/config.js';
import { DEMO_FEEDBACK_PATH, createDemoBot } from '../../proxy/demo-bot.js';
import { validateFeedbackBody } from '../../proxy/feedback.js';
import { createHaptikProxy, type ProxyOptions } from '../../proxy/handler.js';
import { mintIdentityToken } from '../../proxy/identity.js';
import type { RequestLog } from '../../proxy/log.js';
import type { UpstreamFetch } from '../../proxy/upstream.js';
import { MAX_FEEDBACK_CHARS } from '../../src/wire.js';
import { scriptedFetch } from './upstream.js';

const TOKEN = 'feedback-token-9c8b7a6d5e4f';
const SECRET = 'identity-secret-for-the-feedback-tests';
const FEEDBACK_URL = 'https://haptik.example/v1.0/log_feedback_from_user/';
const ANON = 'anon-2f1d7b9e-0c4a-4e8b-9a6f-3d5c1b7e9a20';
const config: ProxyConfig = {
  apiUrl: 'https://haptik.example/sync',
  token: TOKEN,
  clientId: 'client-42',
  businessIds: [343],
  allowedOrigins: ['https://partner.example'],
  upstreamTimeoutMs: 300,
  feedbackUrl: FEEDBACK_URL,
  rateLimitPerMinute: 0,
};

const rating = (overrides: Record<string, unknown> = {}) => ({
  auth_id: ANON,
  business_id: 343,
  query_resolved: true,
  query_rating: 5,
  feedback: 'The conversation was very human like',
  ...overrides,
});

const created = () => Response.json({ success: true }, { status: 201 });

/** A fake Haptik answering from a list, then with 201 Created. */
const haptik = (...answers: (() => Response | Promise<Response>)[]) => scriptedFetch(created, ...answers);

function setup(overrides: Partial<ProxyConfig> = {}, options: ProxyOptions = {}) {
  const logs: RequestLog[] = [];
  const upstream = haptik();
  const proxy = createHaptikProxy(
    { ...config, ...overrides },
    { log: (entry) => logs.push(entry), fetch: upstream.fetch, ...options },
  );
  const rate = (body: unknown = rating(), headers: Record<string, string> = {}, raw?: string) =>
    proxy(
      new Request('https://shop.example/api/haptik/feedback', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-haptik-chat': '1', ...headers },
        body: raw ?? JSON.stringify(body),
      }),
      { clientAddress: '203.0.113.9' },
    );
  return { proxy, rate, logs, calls: upstream.calls };
}

const errorOf = async (response: Response) =>
  ((await response.json()) as { error: { code: string; message: string } }).error;

describe('a rating is forwarded to Haptik as documented', () => {
  test('exactly the documented body, with the bot token and client id, to HAPTIK_FEEDBACK_URL; 201 back', async () => {
    const { rate, calls, logs } = setup();
    const response = await rate(rating({ extra: 'dropped', __proto__: { polluted: true } }));
    assert.equal(response.status, 201);
    assert.deepEqual(await response.json(), { success: true });
    assert.equal(calls.length, 1);
    const [{ url, init }] = calls;
    assert.equal(url, FEEDBACK_URL);
    assert.equal(init.headers['authorization'], `Bearer ${TOKEN}`);
    assert.equal(init.headers['client-id'], 'client-42');
    assert.equal(init.headers['content-type'], 'application/json');
    assert.deepEqual(JSON.parse(init.body), rating());
    assert.equal(logs[0]!.path, '/api/haptik/feedback');
    assert.equal(logs[0]!.business_id, 343);
  });

  test('the comment is optional; an empty one is left out', async () => {
    const { rate, calls } = setup();
    assert.equal((await rate(rating({ feedback: undefined }))).status, 201);
    assert.equal((await rate(rating({ feedback: '   ' }))).status, 201);
    for (const call of calls) assert.equal('feedback' in JSON.parse(call.init.body), false);
  });

  test('without HAPTIK_FEEDBACK_URL there is no feedback path: 404 not_found', async () => {
    const { rate, calls } = setup({ feedbackUrl: undefined });
    const response = await rate();
    assert.equal(response.status, 404);
    assert.equal((await errorOf(response)).code, 'not_found');
    assert.equal(calls.length, 0);
  });
});

describe('a rating is checked like a message', () => {
  test('another origin, a cross-site request or a missing widget header is refused before Haptik', async () => {
    const { rate, calls } = setup();
    const foreign = await rate(rating(), { origin: 'https://evil.example' });
    assert.equal(foreign.status, 403);
    assert.equal((await errorOf(foreign)).code, 'origin_not_allowed');
    const crossSite = await rate(rating(), { 'sec-fetch-site': 'cross-site' });
    assert.equal((await errorOf(crossSite)).code, 'origin_not_allowed');
    const noHeader = await rate(rating(), { 'x-haptik-chat': '' });
    assert.equal((await errorOf(noHeader)).code, 'missing_widget_header');
    const partner = await rate(rating(), {
      origin: 'https://partner.example',
      'sec-fetch-site': 'cross-site',
    });
    assert.equal(partner.status, 201);
    assert.equal(partner.headers.get('access-control-allow-origin'), 'https://partner.example');
    assert.equal(calls.length, 1, 'only the listed partner got through');
  });

  test('a preflight from a listed origin is answered; GET is not allowed', async () => {
    const { proxy } = setup();
    const preflight = await proxy(
      new Request('https://shop.example/api/haptik/feedback', {
        method: 'OPTIONS',
        headers: { origin: 'https://partner.example', 'access-control-request-method': 'POST' },
      }),
    );
    assert.equal(preflight.status, 204);
    const get = await proxy(new Request('https://shop.example/api/haptik/feedback'));
    assert.equal(get.status, 405);
  });

  test('identity: with a secret a signed-in id needs its token, whose subject is what goes to Haptik', async () => {
    const { rate, calls } = setup({ identitySecret: SECRET });
    const unsigned = await rate(rating({ auth_id: 'user-42' }));
    assert.equal(unsigned.status, 403);
    assert.equal((await errorOf(unsigned)).code, 'identity_required');
    const token = await mintIdentityToken('user-42', SECRET);
    const signed = await rate(rating({ auth_id: 'someone-else' }), { 'x-haptik-auth': token });
    assert.equal(signed.status, 201);
    assert.equal(JSON.parse(calls[0]!.init.body).auth_id, 'user-42', "the token's subject, not the claim");
    const forged = await rate(rating(), { 'x-haptik-auth': `${token}x` });
    assert.equal((await errorOf(forged)).code, 'invalid_identity');
  });

  test('the same rate limits: per address and per user', async () => {
    const { rate } = setup({ rateLimitPerMinute: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await rate()).status);
    assert.deepEqual(statuses, [201, 201, 429]);
    const limited = await rate();
    assert.equal((await errorOf(limited)).code, 'rate_limited');
    assert.match(limited.headers.get('retry-after') ?? '', /^\d+$/);
  });

  test('the same size limit and media type', async () => {
    const { rate } = setup();
    const huge = await rate(undefined, {}, JSON.stringify(rating({ feedback: 'x'.repeat(20_000) })));
    assert.equal(huge.status, 413);
    assert.equal((await errorOf(huge)).code, 'body_too_large');
    const form = await rate(undefined, { 'content-type': 'text/plain' });
    assert.equal((await errorOf(form)).code, 'unsupported_media_type');
    const broken = await rate(undefined, {}, '{"auth_id":');
    assert.equal((await errorOf(broken)).code, 'invalid_json');
  });

  test('a body that is not the documented one is refused with the field at fault', async () => {
    const { rate, calls } = setup();
    const cases: [unknown, number, string][] = [
      [[rating()], 400, 'invalid_body'],
      [rating({ auth_id: 'has spaces' }), 400, 'invalid_auth_id'],
      [rating({ query_resolved: 'yes' }), 400, 'invalid_feedback'],
      [rating({ query_resolved: undefined }), 400, 'invalid_feedback'],
      [rating({ query_rating: 0 }), 400, 'invalid_feedback'],
      [rating({ query_rating: 6 }), 400, 'invalid_feedback'],
      [rating({ query_rating: 4.5 }), 400, 'invalid_feedback'],
      [rating({ query_rating: '5' }), 400, 'invalid_feedback'],
      [rating({ feedback: 42 }), 400, 'invalid_feedback'],
      [rating({ feedback: 'x'.repeat(MAX_FEEDBACK_CHARS + 1) }), 400, 'invalid_feedback'],
      [rating({ business_id: '343' }), 400, 'invalid_business_id'],
      [rating({ business_id: 999 }), 403, 'business_not_allowed'],
    ];
    for (const [body, status, code] of cases) {
      const response = await rate(body);
      assert.equal(response.status, status, JSON.stringify(body).slice(0, 80));
      assert.equal((await errorOf(response)).code, code);
    }
    assert.equal(calls.length, 0, 'nothing reached Haptik');
    assert.deepEqual(
      validateFeedbackBody(rating({ feedback: 'x'.repeat(MAX_FEEDBACK_CHARS) }), [343]).feedback?.length,
      MAX_FEEDBACK_CHARS,
    );
  });
});

describe("Haptik's documented refusals become codes the widget says plainly", () => {
  const answers: [string, () => Response, number, string][] = [
    [
      'duplicate feedback',
      () => Response.json({ error_message: 'duplicate feedback' }, { status: 400 }),
      409,
      'duplicate_feedback',
    ],
    [
      'no active conversation (404)',
      () =>
        Response.json(
          {
            error_message:
              'Failed to submit feedback, please make sure there is an active conversation with the agent',
          },
          { status: 404 },
        ),
      409,
      'no_active_conversation',
    ],
    [
      'user is not registered (403)',
      () => Response.json({ error_message: 'user is not registered' }, { status: 403 }),
      409,
      'unknown_user',
    ],
    [
      'invalid authorization details (401)',
      () => Response.json({ error_message: 'invalid authorization details' }, { status: 401 }),
      502,
      'upstream_auth',
    ],
    ['a server error', () => new Response('<html>oops</html>', { status: 500 }), 502, 'upstream_error'],
    ['a 201 that says nothing', () => new Response('not json', { status: 201 }), 502, 'upstream_invalid'],
    ['a 200 without success', () => Response.json({ success: false }), 502, 'upstream_invalid'],
  ];
  for (const [what, answer, status, code] of answers) {
    test(`${what} → ${status} ${code}, with no upstream body passed on`, async () => {
      const { rate } = setup({}, { fetch: haptik(answer).fetch });
      const response = await rate();
      assert.equal(response.status, status);
      const error = await errorOf(response);
      assert.equal(error.code, code);
      assert.doesNotMatch(error.message, /oops|authorization details|Failed to submit/);
    });
  }

  test("Haptik's 429 keeps its Retry-After", async () => {
    const busy = () => new Response('{}', { status: 429, headers: { 'retry-after': '12' } });
    const { rate } = setup({}, { fetch: haptik(busy).fetch });
    const response = await rate();
    assert.equal(response.status, 429);
    assert.equal(response.headers.get('retry-after'), '12');
  });

  test('no answer in time is 504 upstream_timeout; no connection is 502 upstream_unreachable', async () => {
    const slow: UpstreamFetch = (_url, init) =>
      new Promise((_resolve, reject) =>
        init.signal.addEventListener('abort', () => reject(init.signal.reason)),
      );
    const timedOut = await setup({}, { fetch: slow }).rate();
    assert.equal(timedOut.status, 504);
    assert.equal((await errorOf(timedOut)).code, 'upstream_timeout');
    const down: UpstreamFetch = async () => {
      throw new TypeError('connect ECONNREFUSED');
    };
    const unreachable = await setup({}, { fetch: down }).rate();
    assert.equal((await errorOf(unreachable)).code, 'upstream_unreachable');
  });
});

describe('configuration and the demo bot', () => {
  const env = {
    HAPTIK_API_URL: 'https://haptik.example/sync',
    HAPTIK_TOKEN: TOKEN,
    HAPTIK_CLIENT_ID: 'client-42',
    HAPTIK_BUSINESS_IDS: '343',
  };

  test('HAPTIK_FEEDBACK_URL is read as an https URL (http only for localhost)', () => {
    assert.equal(configFromEnv({ ...env, HAPTIK_FEEDBACK_URL: FEEDBACK_URL }).feedbackUrl, FEEDBACK_URL);
    assert.equal(configFromEnv(env).feedbackUrl, undefined);
    assert.throws(
      () => configFromEnv({ ...env, HAPTIK_FEEDBACK_URL: 'http://haptik.example/feedback' }),
      (error) =>
        error instanceof ConfigError && /HAPTIK_FEEDBACK_URL must be an https URL/.test(error.message),
    );
  });

  test('the demo bot takes a rating once an hour, from a user who has chatted', async () => {
    let clock = Date.parse('2025-01-05T10:00:00Z');
    const bot = createDemoBot({
      token: TOKEN,
      clientId: 'client-42',
      businessIds: [343],
      now: () => new Date(clock),
    });
    const post = (path: string, body: unknown, token = TOKEN) =>
      bot(
        new Request(`http://demo-bot.internal${path}`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${token}`,
            'client-id': 'client-42',
            'content-type': 'application/json',
          },
          body: JSON.stringify(body),
        }),
      );
    const early = await post(DEMO_FEEDBACK_PATH, rating());
    assert.equal(early.status, 404, 'no conversation yet');
    await post('/webhook', {
      user: { auth_id: ANON },
      message_body: 'hi',
      message_type: 0,
      business_id: 343,
    });
    assert.equal((await post(DEMO_FEEDBACK_PATH, rating())).status, 201);
    const again = await post(DEMO_FEEDBACK_PATH, rating());
    assert.deepEqual(await again.json(), { error_message: 'duplicate feedback' });
    clock += 61 * 60 * 1000;
    assert.equal((await post(DEMO_FEEDBACK_PATH, rating({ query_rating: 2 }))).status, 201, 'an hour later');
    assert.equal((await post(DEMO_FEEDBACK_PATH, rating({ query_rating: 9 }))).status, 400);
    assert.equal((await post(DEMO_FEEDBACK_PATH, rating(), 'wrong')).status, 401);
  });

  test('through npm start’s proxy, the demo bot’s refusals arrive as the proxy’s codes', async () => {
    const { createApp } = await import('../../proxy/serve.js');
    const app = createApp({ RATE_LIMIT_PER_MINUTE: '0' });
    const call = (path: string, body: unknown) =>
      app.handler(
        new Request(`http://127.0.0.1${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-haptik-chat': '1' },
          body: JSON.stringify(body),
        }),
        {},
      );
    try {
      const none = await call('/api/haptik/feedback', rating());
      assert.equal((await errorOf(none)).code, 'no_active_conversation');
      await call('/api/haptik', {
        user: { auth_id: ANON },
        message_body: 'hi',
        message_type: 0,
        business_id: 343,
      });
      assert.equal((await call('/api/haptik/feedback', rating())).status, 201);
      assert.equal((await errorOf(await call('/api/haptik/feedback', rating()))).code, 'duplicate_feedback');
    } finally {
      app.close();
    }
  });
});
