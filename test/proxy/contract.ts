/**
 * The proxy's contract, written once and run against every way it is mounted: the bare Fetch
 * handler, the Node adapter, Express, Hono and workerd. A mount gets the environment variables and
 * returns something that sends a request to the proxy the way that server would receive it.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, beforeEach, describe, test } from 'node:test';
import { SignJWT } from 'jose';
import { mintIdentityToken } from '../../proxy/identity.js';
import {
  MESSAGE_PATH,
  USER_PATH,
  echoReply,
  sendJson,
  startUpstream,
  type Arrival,
  type RecordingUpstream,
  type Responder,
} from './upstream.js';

export interface SendInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface ProxyUnderTest {
  /** The origin the proxy considers its own. */
  origin: string;
  /** Sends a request to `path` on the proxy. */
  send(path: string, init?: SendInit): Promise<Response>;
  close(): Promise<void>;
}

export type Mount = (env: Record<string, string>) => Promise<ProxyUnderTest>;

export const TOKEN = 'contract-token-7f3a9c1e5b2d';
export const IDENTITY_SECRET = 'identity-secret-for-the-tests-0123456789';
export const PARTNER = 'https://partner.example';
export const TIMEOUT_MS = 400;

export function contractEnv(upstream: RecordingUpstream, overrides: Record<string, string> = {}) {
  return {
    HAPTIK_API_URL: upstream.url,
    HAPTIK_TOKEN: TOKEN,
    HAPTIK_CLIENT_ID: 'client-42',
    HAPTIK_BUSINESS_IDS: '343,344',
    ALLOWED_ORIGINS: PARTNER,
    HAPTIK_IDENTITY_SECRET: IDENTITY_SECRET,
    HAPTIK_USER_URL: upstream.userUrl,
    UPSTREAM_TIMEOUT_MS: String(TIMEOUT_MS),
    RATE_LIMIT_PER_MINUTE: '0',
    ...overrides,
  };
}

export const anonId = (): string => `anon-${randomUUID()}`;

export const chatBody = (overrides: Record<string, unknown> = {}) => ({
  user: { auth_id: anonId() },
  message_body: 'hi there',
  message_type: 0,
  business_id: 343,
  ...overrides,
});

/** Answers messages with an echo of who asked what, and user registrations with 201. */
export const haptik: Responder = (arrival, res) =>
  arrival.url === USER_PATH ? sendJson(res, 201, { success: true }) : sendJson(res, 200, echoReply(arrival));

export async function errorOf(response: Response): Promise<{ code: string; message: string }> {
  assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
  const payload = (await response.json()) as { error: { code: string; message: string } };
  assert.equal(typeof payload.error.message, 'string');
  return payload.error;
}

const replyText = async (response: Response): Promise<string> => {
  const payload = (await response.json()) as { message: { body: { text: string } }[] };
  return payload.message[0]!.body.text;
};

const messages = (upstream: RecordingUpstream): Arrival[] =>
  upstream.arrivals.filter((arrival) => arrival.url === MESSAGE_PATH);

export function describeContract(name: string, mount: Mount): void {
  describe(`the proxy contract (${name})`, () => {
    let upstream: RecordingUpstream;
    let proxy: ProxyUnderTest;

    before(async () => {
      upstream = await startUpstream(haptik);
      proxy = await mount(contractEnv(upstream));
    });
    after(async () => {
      await proxy.close();
      await upstream.close();
    });
    beforeEach(() => {
      upstream.arrivals.length = 0;
      upstream.respond(haptik);
    });

    const browser = (): Record<string, string> => ({
      'content-type': 'application/json',
      'x-haptik-chat': '1',
      origin: proxy.origin,
      'sec-fetch-site': 'same-origin',
    });
    const chat = (body: unknown, headers: Record<string, string> = {}) =>
      proxy.send('/api/haptik', {
        method: 'POST',
        headers: { ...browser(), ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });

    test('forwards exactly the documented body with the bearer token and client-id, and none of the client headers', async () => {
      const body = chatBody();
      const response = await chat(
        { ...body, extra: 'dropped', user: { ...body.user, role: 'admin' } },
        { authorization: 'Bearer client-supplied', cookie: 'session=abc', 'x-extra': 'nope' },
      );
      assert.equal(response.status, 200);
      const [arrival] = messages(upstream);
      assert.ok(arrival);
      assert.equal(arrival.method, 'POST');
      assert.equal(arrival.headers['authorization'], `Bearer ${TOKEN}`);
      assert.equal(arrival.headers['client-id'], 'client-42');
      assert.equal(arrival.headers['content-type'], 'application/json');
      for (const name of ['cookie', 'x-extra', 'origin', 'x-haptik-chat', 'sec-fetch-site']) {
        assert.equal(arrival.headers[name], undefined, name);
      }
      assert.equal(arrival.body, JSON.stringify(body));
    });

    test('answers with the reply rebuilt from its documented fields, as JSON that is never cached or sniffed', async () => {
      upstream.respond((arrival, res) => {
        res.setHeader('set-cookie', 'upstream=1');
        res.setHeader('x-upstream-secret', 'internal');
        sendJson(res, 200, { ...echoReply(arrival), echoed: arrival.headers, debug: 'internal' });
      });
      const response = await chat(chatBody());
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
      assert.equal(response.headers.get('cache-control'), 'no-store');
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(response.headers.get('set-cookie'), null);
      assert.equal(response.headers.get('x-upstream-secret'), null);
      assert.equal(response.headers.get('access-control-allow-origin'), null, 'same-origin gets no CORS');
      const text = await response.text();
      assert.ok(!text.includes(TOKEN), 'the token never reaches the browser');
      assert.deepEqual(Object.keys(JSON.parse(text) as object).sort(), [
        'agent',
        'message',
        'timestamp',
        'version',
      ]);
    });

    test('refuses other methods on the chat path with 405 and Allow: POST, and keeps GET /healthz', async () => {
      for (const method of ['GET', 'PUT', 'DELETE', 'PATCH']) {
        const response = await proxy.send('/api/haptik', { method, headers: browser() });
        assert.equal(response.status, 405, method);
        assert.equal(response.headers.get('allow'), 'POST');
        assert.equal((await errorOf(response)).code, 'method_not_allowed');
      }
      const health = await proxy.send('/healthz');
      assert.equal(health.status, 200);
      assert.equal(messages(upstream).length, 0);
    });

    test('refuses a body that is not application/json with 415', async () => {
      for (const type of [
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
      ]) {
        const response = await chat(JSON.stringify(chatBody()), { 'content-type': type });
        assert.equal(response.status, 415, type);
        assert.equal((await errorOf(response)).code, 'unsupported_media_type');
      }
      assert.equal(messages(upstream).length, 0);
    });

    test('refuses a body over 16 KiB with 413 and forwards nothing', async () => {
      const response = await chat(chatBody({ padding: 'x'.repeat(16 * 1024) }));
      assert.equal(response.status, 413);
      assert.equal((await errorOf(response)).code, 'body_too_large');
      assert.equal(messages(upstream).length, 0);
    });

    test('refuses each malformed field with 400 naming it', async () => {
      const cases: [unknown, string, RegExp][] = [
        ['{"user":', 'invalid_json', /JSON/],
        [[], 'invalid_body', /object/],
        [chatBody({ user: { auth_id: '' } }), 'invalid_auth_id', /auth_id/],
        [chatBody({ user: { auth_id: 'a b' } }), 'invalid_auth_id', /auth_id/],
        [chatBody({ user: { auth_id: 'x'.repeat(129) } }), 'invalid_auth_id', /auth_id/],
        [chatBody({ message_body: '' }), 'invalid_message_body', /message_body/],
        [chatBody({ message_body: 'x'.repeat(4097) }), 'invalid_message_body', /message_body/],
        [chatBody({ message_body: 42 }), 'invalid_message_body', /message_body/],
        [chatBody({ message_type: 1 }), 'invalid_message_type', /message_type/],
        [chatBody({ business_id: '343' }), 'invalid_business_id', /business_id/],
      ];
      for (const [body, code, field] of cases) {
        const response = await chat(body);
        assert.equal(response.status, 400, code);
        const error = await errorOf(response);
        assert.equal(error.code, code);
        assert.match(error.message, field);
      }
      assert.equal(messages(upstream).length, 0);
    });

    test('refuses a business id outside the allow-list with 403', async () => {
      const response = await chat(chatBody({ business_id: 999 }));
      assert.equal(response.status, 403);
      assert.equal((await errorOf(response)).code, 'business_not_allowed');
      assert.equal(messages(upstream).length, 0);
    });

    test('refuses a foreign origin, a cross-site fetch and a request without X-Haptik-Chat with 403', async () => {
      const refusals: [Record<string, string>, string][] = [
        [{ origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }, 'origin_not_allowed'],
        [{ origin: 'null' }, 'origin_not_allowed'],
        [{ 'sec-fetch-site': 'same-site' }, 'origin_not_allowed'],
        [{ 'sec-fetch-site': 'cross-site' }, 'origin_not_allowed'],
        [{ 'x-haptik-chat': '' }, 'missing_widget_header'],
        [{ 'x-haptik-chat': 'true' }, 'missing_widget_header'],
      ];
      for (const [headers, code] of refusals) {
        const response = await chat(chatBody(), headers);
        assert.equal(response.status, 403, JSON.stringify(headers));
        assert.equal((await errorOf(response)).code, code);
        assert.equal(response.headers.get('access-control-allow-origin'), null);
      }
      assert.equal(messages(upstream).length, 0);
    });

    test('serves a listed origin with CORS headers naming it, never *', async () => {
      const response = await chat(chatBody(), { origin: PARTNER, 'sec-fetch-site': 'cross-site' });
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('access-control-allow-origin'), PARTNER);
      assert.match(response.headers.get('vary') ?? '', /origin/i);
      const refused = await chat(chatBody({ business_id: 999 }), {
        origin: PARTNER,
        'sec-fetch-site': 'cross-site',
      });
      assert.equal(refused.status, 403);
      assert.equal(
        refused.headers.get('access-control-allow-origin'),
        PARTNER,
        'a listed origin can read errors',
      );
    });

    test('answers a CORS preflight only for a listed origin', async () => {
      const ask = (origin: string) =>
        proxy.send('/api/haptik', {
          method: 'OPTIONS',
          headers: {
            origin,
            'access-control-request-method': 'POST',
            'access-control-request-headers': 'content-type, x-haptik-chat, x-haptik-auth',
          },
        });
      const listed = await ask(PARTNER);
      assert.equal(listed.status, 204);
      assert.equal(listed.headers.get('access-control-allow-origin'), PARTNER);
      assert.equal(listed.headers.get('access-control-allow-methods'), 'POST');
      assert.match(listed.headers.get('access-control-allow-headers') ?? '', /x-haptik-auth/);
      const foreign = await ask('https://evil.example');
      assert.equal(foreign.status, 403);
      assert.equal(foreign.headers.get('access-control-allow-origin'), null);
    });

    test('takes auth_id from a valid identity token and ignores the id the body claims', async () => {
      const token = await mintIdentityToken('user-42@shop.example', IDENTITY_SECRET);
      const response = await chat(chatBody({ user: { auth_id: 'someone-else' } }), {
        'x-haptik-auth': token,
      });
      assert.equal(response.status, 200);
      assert.equal(await replyText(response), 'user-42@shop.example:hi there');
      assert.equal(
        (JSON.parse(messages(upstream)[0]!.body) as { user: { auth_id: string } }).user.auth_id,
        'user-42@shop.example',
      );
    });

    test('refuses a signed-in id with a missing, expired or forged identity token, and lets anonymous ids through', async () => {
      const now = Math.floor(Date.now() / 1000);
      const sign = (secret: string, exp: number) =>
        new SignJWT({})
          .setProtectedHeader({ alg: 'HS256' })
          .setSubject('user-42')
          .setAudience('haptik-chat')
          .setExpirationTime(exp)
          .sign(new TextEncoder().encode(secret));
      const cases: [Record<string, string>, string][] = [
        [{}, 'identity_required'],
        [{ 'x-haptik-auth': await sign(IDENTITY_SECRET, now - 60) }, 'invalid_identity'],
        [
          { 'x-haptik-auth': await sign('another-secret-of-the-same-length-000000', now + 600) },
          'invalid_identity',
        ],
        [{ 'x-haptik-auth': 'not-a-jwt' }, 'invalid_identity'],
      ];
      for (const [headers, code] of cases) {
        const response = await chat(chatBody({ user: { auth_id: 'user-42' } }), headers);
        assert.equal(response.status, 403, code);
        assert.equal((await errorOf(response)).code, code);
      }
      assert.equal(messages(upstream).length, 0);
      const anonymous = await chat(chatBody());
      assert.equal(anonymous.status, 200);
    });

    test('turns an upstream 401 into 502 upstream_auth without showing its body', async () => {
      upstream.respond((_arrival, res) =>
        sendJson(res, 401, { error_message: 'invalid authorization details' }),
      );
      const response = await chat(chatBody());
      assert.equal(response.status, 502);
      const text = await response.text();
      assert.match(text, /upstream_auth/);
      assert.ok(!text.includes('invalid authorization details'));
    });

    test('registers a user Haptik does not know once at HAPTIK_USER_URL and retries once', async () => {
      const registered = new Set<string>();
      upstream.respond((arrival, res) => {
        const body = JSON.parse(arrival.body) as { auth_id?: string; user?: { auth_id: string } };
        if (arrival.url === USER_PATH) {
          registered.add(body.auth_id!);
          sendJson(res, 201, { success: true });
        } else if (!registered.has(body.user!.auth_id))
          sendJson(res, 403, { error_message: 'user is not registered' });
        else sendJson(res, 200, echoReply(arrival));
      });
      const body = chatBody();
      const response = await chat(body);
      assert.equal(response.status, 200);
      assert.deepEqual(
        upstream.arrivals.map((arrival) => arrival.url),
        [MESSAGE_PATH, USER_PATH, MESSAGE_PATH],
      );
      const registration = upstream.arrivals[1]!;
      assert.deepEqual(JSON.parse(registration.body), { auth_id: body.user.auth_id });
      assert.equal(registration.headers['authorization'], `Bearer ${TOKEN}`);
      assert.equal(registration.headers['client-id'], 'client-42');
    });

    test('passes an upstream 429 on as 429 with Retry-After', async () => {
      upstream.respond((_arrival, res) => {
        res.setHeader('retry-after', '7');
        sendJson(res, 429, { error_message: 'slow down' });
      });
      const response = await chat(chatBody());
      assert.equal(response.status, 429);
      assert.equal(response.headers.get('retry-after'), '7');
      assert.equal((await errorOf(response)).code, 'rate_limited');
    });

    test('answers an upstream that never replies with 504 once UPSTREAM_TIMEOUT_MS has passed', async () => {
      upstream.respond(() => undefined);
      const started = performance.now();
      const response = await chat(chatBody());
      const elapsed = performance.now() - started;
      assert.equal(response.status, 504);
      assert.equal((await errorOf(response)).code, 'upstream_timeout');
      assert.ok(elapsed >= TIMEOUT_MS - 50 && elapsed < TIMEOUT_MS + 2000, `answered after ${elapsed} ms`);
    });

    test('answers a reply that is not the documented JSON with 502', async () => {
      for (const respond of [
        (res: Parameters<Responder>[1]) =>
          res.writeHead(200, { 'content-type': 'text/html' }).end('<h1>oops</h1>'),
        (res: Parameters<Responder>[1]) => sendJson(res, 200, { message: 'not a list' }),
        (res: Parameters<Responder>[1]) => sendJson(res, 500, { error_message: 'internal' }),
      ]) {
        upstream.respond((_arrival, res) => respond(res));
        const response = await chat(chatBody());
        assert.equal(response.status, 502);
        assert.ok(!(await response.text()).includes('internal'));
      }
    });

    test('refuses a reply that echoes the bot token instead of passing it on', async () => {
      upstream.respond((arrival, res) => {
        const reply = echoReply(arrival);
        reply.message[0]!.body.text = `your header was ${arrival.headers['authorization']}`;
        sendJson(res, 200, reply);
      });
      const response = await chat(chatBody());
      assert.equal(response.status, 502);
      assert.ok(!(await response.text()).includes(TOKEN));
    });
  });
}

/** Rate limits, with RATE_LIMIT_PER_MINUTE=3: a separate mount, because the contract runs unlimited. */
export function describeRateLimitContract(name: string, mount: Mount): void {
  describe(`the proxy rate limit (${name})`, () => {
    let upstream: RecordingUpstream;
    let proxy: ProxyUnderTest;
    before(async () => {
      upstream = await startUpstream(haptik);
      proxy = await mount(contractEnv(upstream, { RATE_LIMIT_PER_MINUTE: '3' }));
    });
    after(async () => {
      await proxy.close();
      await upstream.close();
    });

    test('refuses a client past RATE_LIMIT_PER_MINUTE with 429 and Retry-After, forwarding nothing', async () => {
      const send = () =>
        proxy.send('/api/haptik', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-haptik-chat': '1' },
          body: JSON.stringify(chatBody()),
        });
      for (let i = 0; i < 3; i++) assert.equal((await send()).status, 200);
      const refused = await send();
      assert.equal(refused.status, 429);
      assert.ok(Number(refused.headers.get('retry-after')) >= 1);
      assert.equal((await errorOf(refused)).code, 'rate_limited');
      assert.equal(upstream.arrivals.length, 3);
    });
  });
}
