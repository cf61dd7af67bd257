/**
 * Who the user is, for Haptik's agents: profile claims signed into identity tokens, and the proxy
 * creating or updating the Haptik user with them once per token — against a fake Haptik on loopback.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { SignJWT } from 'jose';
import type { ProxyConfig } from '../../proxy/config.js';
import { createHaptikProxy } from '../../proxy/handler.js';
import { mintIdentityToken, verifyIdentity } from '../../proxy/identity.js';
import type { RequestLog } from '../../proxy/log.js';
import { ProfileError, createUserSync } from '../../proxy/profile.js';
import { chatBody } from './contract.js';
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

const SECRET = 'identity-secret-for-the-profile-tests-0123';
const TOKEN = 'profile-token-9a8b7c6d5e';

const PROFILE = {
  name: 'Asha Rao',
  email: 'asha@shop.example',
  mobile_no: '+919876543210',
  language_code: 'hi',
  custom_data: { city: 'Mumbai', tier: 'gold', orders: 12, verified: true },
};

describe('mintIdentityToken signs the profile into the token, and only what the user API takes', () => {
  test('the profile claims are in the token and come back out of a verified one', async () => {
    const token = await mintIdentityToken('user-7', SECRET, PROFILE);
    const verified = await verifyIdentity(token, new TextEncoder().encode(SECRET));
    assert.equal(verified.sub, 'user-7');
    assert.deepEqual(verified.profile, PROFILE);
    assert.equal(verified.tokenKey, token.split('.')[2]);
    const bare = await verifyIdentity(
      await mintIdentityToken('user-7', SECRET),
      new TextEncoder().encode(SECRET),
    );
    assert.equal(bare.profile, undefined);
  });

  test('claims the user API would not take are refused when minting, naming the claim', async () => {
    const refused = async (options: Record<string, unknown>, claim: string) =>
      assert.rejects(mintIdentityToken('user-7', SECRET, options), (error: Error) => {
        assert.ok(error instanceof ProfileError, String(error));
        assert.match(error.message, new RegExp(claim));
        return true;
      });
    await refused({ custom_data: { address: { city: 'Goa' } } }, 'custom_data.address');
    await refused({ custom_data: { tags: ['a'] } }, 'custom_data.tags');
    await refused({ custom_data: 'city=Goa' }, 'custom_data');
    await refused({ language_code: 'Hindi' }, 'language_code');
    await refused({ email: 'not an address' }, 'email');
    await refused({ mobile_no: '98765 43210' }, 'mobile_no');
    await refused({ name: 'line\nbreak' }, 'name');
    await refused({ name: '' }, 'name');
    await assert.rejects(
      mintIdentityToken('user-7', SECRET, {
        custom_data: Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, 'x'.repeat(1000)])),
      }),
      RangeError,
    );
  });
});

describe('the proxy creates or updates the Haptik user once per token', () => {
  let haptik: RecordingUpstream;
  /** How the fake's user API answers a PUT: 200, or 404 for a user it does not know. */
  let known: Set<string>;
  let userApiDown = false;
  /** How long the fake takes over each answer. */
  let slowMs = 0;

  before(async () => {
    haptik = await startUpstream((arrival: Arrival, res) => {
      if (slowMs) {
        setTimeout(() => answer(arrival, res), slowMs);
        return;
      }
      answer(arrival, res);
    });
    function answer(arrival: Arrival, res: Parameters<Responder>[1]) {
      if (arrival.url === USER_PATH) {
        const { auth_id } = JSON.parse(arrival.body) as { auth_id: string };
        if (userApiDown) return sendJson(res, 503, { error_message: 'down' });
        if (arrival.method === 'PUT' && !known.has(auth_id))
          return sendJson(res, 404, { error_message: 'no such user' });
        known.add(auth_id);
        return sendJson(res, 200, { auth_id });
      }
      if (arrival.url === MESSAGE_PATH) return sendJson(res, 200, echoReply(arrival));
      return sendJson(res, 404, {});
    }
  });
  after(() => haptik.close());
  beforeEach(() => {
    haptik.arrivals.length = 0;
    known = new Set(['user-known']);
    userApiDown = false;
    slowMs = 0;
  });

  function proxy(overrides: Partial<ProxyConfig> = {}) {
    const logs: RequestLog[] = [];
    const handle = createHaptikProxy(
      {
        apiUrl: haptik.url,
        userUrl: haptik.userUrl,
        token: TOKEN,
        clientId: 'client-7',
        businessIds: [343],
        allowedOrigins: [],
        upstreamTimeoutMs: 2000,
        identitySecret: SECRET,
        rateLimitPerMinute: 0,
        ...overrides,
      },
      { log: (entry) => logs.push(entry) },
    );
    const send = (authId: string, token?: string) =>
      handle(
        new Request('https://shop.example/api/haptik', {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-haptik-chat': '1',
            ...(token ? { 'x-haptik-auth': token } : {}),
          },
          body: JSON.stringify(chatBody({ user: { auth_id: authId } })),
        }),
      );
    return { send, logs };
  }

  const calls = () => haptik.arrivals.map((arrival) => `${arrival.method} ${arrival.url}`);
  const userCalls = () => haptik.arrivals.filter((arrival) => arrival.url === USER_PATH);

  test("a known user is updated (PUT) with the token's profile before the message, with the bot's credentials", async () => {
    const { send, logs } = proxy();
    const token = await mintIdentityToken('user-known', SECRET, PROFILE);
    const response = await send('user-known', token);
    assert.equal(response.status, 200);
    assert.deepEqual(calls(), [`PUT ${USER_PATH}`, `POST ${MESSAGE_PATH}`]);
    const [update] = userCalls();
    assert.deepEqual(JSON.parse(update!.body), { auth_id: 'user-known', ...PROFILE });
    assert.equal(update!.headers.authorization, `Bearer ${TOKEN}`);
    assert.equal(update!.headers['client-id'], 'client-7');
    assert.equal(logs[0]!.user_sync, 'synced');
  });

  test('a user Haptik does not know yet is created (POST) after the update is refused', async () => {
    const { send } = proxy();
    const response = await send('user-new', await mintIdentityToken('user-new', SECRET, { name: 'Ravi' }));
    assert.equal(response.status, 200);
    assert.deepEqual(calls(), [`PUT ${USER_PATH}`, `POST ${USER_PATH}`, `POST ${MESSAGE_PATH}`]);
    assert.deepEqual(JSON.parse(userCalls()[1]!.body), { auth_id: 'user-new', name: 'Ravi' });
  });

  test('once per token: the same token again goes straight to the message; a new token syncs again', async () => {
    const { send, logs } = proxy();
    const first = await mintIdentityToken('user-known', SECRET, { ...PROFILE, expiresInSeconds: 600 });
    await send('user-known', first);
    await send('user-known', first);
    await send('user-known', first);
    assert.equal(userCalls().length, 1);
    assert.deepEqual(
      logs.map((entry) => entry.user_sync),
      ['synced', 'cached', 'cached'],
    );
    const second = await mintIdentityToken('user-known', SECRET, { ...PROFILE, name: 'Asha R.' });
    await send('user-known', second);
    assert.equal(userCalls().length, 2);
    assert.equal((JSON.parse(userCalls()[1]!.body) as { name: string }).name, 'Asha R.');
  });

  test('requests carrying the same token at once share one sync', async () => {
    const { send } = proxy();
    const token = await mintIdentityToken('user-known', SECRET, PROFILE);
    const responses = await Promise.all([
      send('user-known', token),
      send('user-known', token),
      send('user-known', token),
    ]);
    assert.deepEqual(
      responses.map((response) => response.status),
      [200, 200, 200],
    );
    assert.equal(userCalls().length, 1);
  });

  test('the update and the message share one deadline, so the proxy answers before the widget gives up', async () => {
    const { send, logs } = proxy({ upstreamTimeoutMs: 600 });
    slowMs = 400; // each alone within the deadline, the two together not
    const response = await send('user-known', await mintIdentityToken('user-known', SECRET, PROFILE));
    assert.equal(response.status, 504);
    assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'upstream_timeout');
    assert.equal(logs[0]!.user_sync, 'synced');
  });

  test('a user API that fails does not stop the chat, and the next message tries again', async () => {
    const { send, logs } = proxy();
    const token = await mintIdentityToken('user-known', SECRET, PROFILE);
    userApiDown = true;
    assert.equal((await send('user-known', token)).status, 200);
    userApiDown = false;
    assert.equal((await send('user-known', token)).status, 200);
    assert.deepEqual(
      logs.map((entry) => entry.user_sync),
      ['failed', 'synced'],
    );
  });

  test('never from unsigned input: anonymous users, tokens without a profile, forged tokens and no HAPTIK_USER_URL send nothing', async () => {
    const { send } = proxy();
    assert.equal((await send('anon-6f1c2a9e-1b2c-4d3e-8f4a-5b6c7d8e9f00')).status, 200);
    assert.equal((await send('user-known', await mintIdentityToken('user-known', SECRET))).status, 200);
    const forged = await mintIdentityToken('user-known', `${SECRET}-forged`, PROFILE);
    assert.equal((await send('user-known', forged)).status, 403);
    const noUserApi = proxy({ userUrl: undefined });
    assert.equal(
      (await noUserApi.send('user-known', await mintIdentityToken('user-known', SECRET, PROFILE))).status,
      200,
    );
    assert.deepEqual(userCalls(), []);
  });

  test('a signed token whose profile the user API would not take is refused as a whole', async () => {
    const { send } = proxy();
    const now = Math.floor(Date.now() / 1000);
    const nested = await new SignJWT({ name: 'Asha', custom_data: { address: { city: 'Goa' } } })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('user-known')
      .setAudience('haptik-chat')
      .setExpirationTime(now + 600)
      .sign(new TextEncoder().encode(SECRET));
    const response = await send('user-known', nested);
    assert.equal(response.status, 403);
    assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'invalid_identity');
    assert.deepEqual(calls(), []);
  });
});

test('the cache of synced tokens is bounded: the oldest is forgotten first', async () => {
  const sent: string[] = [];
  const sync = createUserSync(
    async (_method, payload) => {
      sent.push((payload as { auth_id: string }).auth_id);
      return new Response('{}');
    },
    { timeoutMs: 1000, cacheSize: 2 },
  );
  for (const key of ['a', 'b', 'c', 'b', 'a']) await sync(`user-${key}`, { name: key }, key);
  assert.deepEqual(sent, ['user-a', 'user-b', 'user-c', 'user-a']);
});
