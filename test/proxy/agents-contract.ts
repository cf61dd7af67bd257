/**
 * The human-agent contract, written once and run against each place events can live: this process's
 * memory, Redis, and a Durable Object in workerd. Haptik's side is a signed POST to the webhook, as
 * its documents describe (test/fixtures/webhooks.ts); the widget's side is a plain `fetch` reader.
 */
import assert from 'node:assert/strict';
import { createHmac, randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { mintIdentityToken } from '../../proxy/identity.js';
import type { AgentEventData } from '../../src/wire.js';
import {
  chatCompleteDelivery,
  chatPinnedDelivery,
  conversationCompleteDelivery,
  messageDelivery,
} from '../fixtures/webhooks.js';
import { IDENTITY_SECRET, PARTNER, anonId, errorOf, type Mount, type ProxyUnderTest } from './contract.js';
import { readSse, type SseEvent, type SseReader } from './sse.js';

export const WEBHOOK_SECRET = 'webhook-secret-for-the-contract-0123456789';
/** The reorder window in these tests: wide enough that a burst of 100 posts lands inside it. */
export const REORDER_MS = 500;

export function agentsEnv(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    HAPTIK_API_URL: 'https://haptik.example/v1/sync/webhook/',
    HAPTIK_TOKEN: 'agents-token-0123456789',
    HAPTIK_CLIENT_ID: 'client-42',
    HAPTIK_BUSINESS_IDS: '343,344',
    ALLOWED_ORIGINS: PARTNER,
    HAPTIK_IDENTITY_SECRET: IDENTITY_SECRET,
    RATE_LIMIT_PER_MINUTE: '0',
    HAPTIK_WEBHOOK_SECRET: WEBHOOK_SECRET,
    WEBHOOK_REORDER_MS: String(REORDER_MS),
    EVENTS_MAX_STREAMS_PER_USER: '3',
    ...overrides,
  };
}

/** Haptik's signature: `sha1=` and the hex HMAC-SHA1 of the raw body, by Node's crypto, not ours. */
export const sign = (body: string, secret = WEBHOOK_SECRET): string =>
  `sha1=${createHmac('sha1', secret).update(body).digest('hex')}`;

/** Posts a delivery to the webhook the way Haptik does. */
export function deliver(
  proxy: ProxyUnderTest,
  payload: unknown,
  signature?: string | null,
): Promise<Response> {
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const header = signature === undefined ? sign(body) : signature;
  if (header !== null) headers['x-hub-signature'] = header;
  return proxy.send('/api/haptik/webhook', { method: 'POST', headers, body });
}

export const browserHeaders = (proxy: ProxyUnderTest): Record<string, string> => ({
  'content-type': 'application/json',
  'x-haptik-chat': '1',
  origin: proxy.origin,
  'sec-fetch-site': 'same-origin',
});

/** Asks for a user's stream as the widget does; returns the response, stream or refusal. */
export function openEvents(
  proxy: ProxyUnderTest,
  authId: string,
  options: { lastEventId?: string; headers?: Record<string, string>; businessId?: number } = {},
): Promise<Response> {
  const headers = { ...browserHeaders(proxy), ...options.headers };
  if (options.lastEventId) headers['last-event-id'] = options.lastEventId;
  return proxy.send('/api/haptik/events', {
    method: 'POST',
    headers,
    body: JSON.stringify({ user: { auth_id: authId }, business_id: options.businessId ?? 343 }),
  });
}

export async function stream(
  proxy: ProxyUnderTest,
  authId: string,
  lastEventId?: string,
): Promise<SseReader> {
  const response = await openEvents(proxy, authId, lastEventId ? { lastEventId } : {});
  assert.equal(response.status, 200, await (response.ok ? '' : response.clone().text()));
  assert.match(response.headers.get('content-type') ?? '', /^text\/event-stream/);
  return readSse(response);
}

export const dataOf = (event: SseEvent) => JSON.parse(event.data) as AgentEventData;
export const messageIds = (events: SseEvent[]) => events.map((event) => dataOf(event).message[0]?.id);

async function status(response: Response): Promise<{ status: string }> {
  assert.equal(response.status, 200, await response.clone().text());
  return (await response.json()) as { status: string };
}

export function describeAgentsContract(name: string, mount: Mount): void {
  describe(`the agents contract (${name})`, () => {
    let proxy: ProxyUnderTest;
    before(async () => {
      proxy = await mount(agentsEnv());
    });
    after(() => proxy.close());

    test('a signed message reaches its user’s stream as a `message` event, shaped like a sync reply', async () => {
      const user = anonId();
      const sse = await stream(proxy, user);
      assert.deepEqual(
        await status(
          await deliver(proxy, messageDelivery({ authId: user, text: 'Hello from Prateek', agent: 'human' })),
        ),
        { status: 'stored' },
      );
      const event = await sse.next();
      assert.equal(event.event, 'message');
      assert.match(event.id ?? '', /^[0-9a-z]+-1$/);
      const data = dataOf(event);
      assert.equal(data.agent?.name, 'Prateek');
      assert.equal(data.agent?.is_automated, false);
      assert.deepEqual(data.message, [
        { id: 1982371, body: { text: 'Hello from Prateek', type: 'TEXT', data: { quick_replies: [] } } },
      ]);
      assert.ok(!event.data.includes('prateek@gmail.com'), 'the agent’s e-mail stays on the server');
      await sse.cancel();
    });

    test('every documented event arrives in message-id order: pinned, message, and one completion for both kinds', async () => {
      const user = anonId();
      await deliver(proxy, chatPinnedDelivery({ authId: user, messageId: 10 }));
      await deliver(proxy, messageDelivery({ authId: user, messageId: 11, agent: 'human' }));
      await deliver(proxy, chatCompleteDelivery({ authId: user, messageId: 12 }));
      await deliver(proxy, conversationCompleteDelivery({ authId: user }));
      const sse = await stream(proxy, user);
      const events = await sse.take(3);
      assert.deepEqual(
        events.map((event) => event.event),
        ['chat_pinned', 'message', 'conversation_complete'],
      );
      assert.equal(dataOf(events[0]!).agent?.name, 'Prateek');
      await assert.rejects(
        sse.next(REORDER_MS * 3),
        /no event/,
        'the second completion is not a second line',
      );
      await sse.cancel();
    });

    test('refuses a missing or forged signature with 401 and stores nothing', async () => {
      const user = anonId();
      const payload = JSON.stringify(messageDelivery({ authId: user, messageId: 20 }));
      const cases: (string | null)[] = [
        null,
        '',
        sign(payload, 'a-different-secret-of-the-same-length-xx'),
        sign(payload.replace('"Hi"', '"Hj"')),
        sign(payload).slice(0, -1),
        sign(payload).replace('sha1=', 'sha256='),
      ];
      for (const signature of cases) {
        const response = await deliver(proxy, payload, signature);
        assert.equal(response.status, 401, String(signature));
        assert.equal((await errorOf(response)).code, 'invalid_signature');
      }
      await deliver(proxy, messageDelivery({ authId: user, messageId: 21 }));
      const sse = await stream(proxy, user);
      assert.deepEqual(messageIds([await sse.next()]), [21], 'only the signed delivery was stored');
      await sse.cancel();
    });

    test('a replayed delivery (the same signed bytes, or the same message id re-sent) is stored once', async () => {
      // Haptik signs no timestamp, so a captured delivery verifies forever: what stops a replay is its
      // message id, which is remembered for EVENTS_MAX_AGE_SECONDS.
      const user = anonId();
      const first = JSON.stringify(messageDelivery({ authId: user, messageId: 30 }));
      assert.deepEqual(await status(await deliver(proxy, first)), { status: 'stored' });
      assert.deepEqual(await status(await deliver(proxy, first)), { status: 'duplicate' });
      const resent = messageDelivery({ authId: user, messageId: 30, timestamp: '2018-10-04T12:46:27.980Z' });
      assert.deepEqual(await status(await deliver(proxy, resent)), { status: 'duplicate' });
      const complete = JSON.stringify(conversationCompleteDelivery({ authId: user }));
      assert.deepEqual(await status(await deliver(proxy, complete)), { status: 'stored' });
      assert.deepEqual(await status(await deliver(proxy, complete)), { status: 'duplicate' });
      const sse = await stream(proxy, user);
      const events = await sse.take(2);
      assert.deepEqual(
        events.map((event) => event.event),
        ['message', 'conversation_complete'],
      );
      await assert.rejects(sse.next(REORDER_MS * 3), /no event/);
      await sse.cancel();
    });

    test('acknowledges unknown events, other businesses and unusable users with 200, and streams none of them', async () => {
      const user = anonId();
      for (const payload of [
        { ...messageDelivery({ authId: user, messageId: 40 }), event_name: 'agent_typing' },
        { ...messageDelivery({ authId: user, messageId: 41 }), event_name: 'some_future_event' },
        messageDelivery({ authId: user, messageId: 42, businessId: 999 }),
        messageDelivery({ authId: 'not a widget id', messageId: 43 }),
        'not json at all',
      ]) {
        assert.deepEqual(await status(await deliver(proxy, payload)), { status: 'ignored' });
      }
      await deliver(proxy, messageDelivery({ authId: user, messageId: 44 }));
      const sse = await stream(proxy, user);
      assert.deepEqual(messageIds([await sse.next()]), [44]);
      await sse.cancel();
    });

    test('refuses a delivery over 256 KiB with 413, and other methods with 405', async () => {
      const big = JSON.stringify({
        ...messageDelivery({ authId: anonId() }),
        padding: 'x'.repeat(256 * 1024),
      });
      const response = await deliver(proxy, big);
      assert.equal(response.status, 413);
      assert.equal((await errorOf(response)).code, 'body_too_large');
      const get = await proxy.send('/api/haptik/webhook', { method: 'GET' });
      assert.equal(get.status, 405);
      assert.equal(get.headers.get('allow'), 'POST');
    });

    test('a burst of 100 deliveries posted out of order comes out in message-id order', async () => {
      const user = anonId();
      const sse = await stream(proxy, user);
      const ids = Array.from({ length: 100 }, (_, index) => 1000 + index);
      // A fixed shuffle, so a failure can be replayed.
      const shuffled = [...ids].sort((a, b) => ((a * 7919) % 101) - ((b * 7919) % 101));
      assert.notDeepEqual(shuffled, ids);
      const answers = await Promise.all(
        shuffled.map((id) =>
          deliver(proxy, messageDelivery({ authId: user, messageId: id, text: `#${id}` })),
        ),
      );
      assert.ok(answers.every((answer) => answer.status === 200));
      const events = await sse.take(100, 20_000);
      assert.deepEqual(messageIds(events), ids);
      assert.deepEqual(
        events.map((event) => Number(event.id!.split('-')[1])),
        ids.map((_, index) => index + 1),
        'event ids count up one by one',
      );
      await sse.cancel();
    });

    test('resumes from Last-Event-ID with nothing lost or repeated, and keeps users apart', async () => {
      const [user, other] = [anonId(), anonId()];
      await deliver(proxy, messageDelivery({ authId: user, messageId: 50 }));
      await deliver(proxy, messageDelivery({ authId: other, messageId: 51 }));
      await deliver(proxy, messageDelivery({ authId: user, messageId: 52 }));
      const first = await stream(proxy, user);
      const seen = await first.take(2);
      assert.deepEqual(messageIds(seen), [50, 52]);
      await first.cancel();
      await deliver(proxy, messageDelivery({ authId: user, messageId: 53 }));
      const resumed = await stream(proxy, user, seen.at(-1)!.id);
      assert.deepEqual(messageIds([await resumed.next()]), [53]);
      await assert.rejects(resumed.next(REORDER_MS * 3), /no event/);
      await resumed.cancel();
    });

    test('refuses a stream with the proper JSON error before any stream starts', async () => {
      const user = anonId();
      const named = 'customer-7';
      const cases: [Promise<Response>, number, string][] = [
        [
          openEvents(proxy, user, {
            headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
          }),
          403,
          'origin_not_allowed',
        ],
        [openEvents(proxy, user, { headers: { 'x-haptik-chat': '0' } }), 403, 'missing_widget_header'],
        [openEvents(proxy, named), 403, 'identity_required'],
        [openEvents(proxy, named, { headers: { 'x-haptik-auth': 'not.a.token' } }), 403, 'invalid_identity'],
        [openEvents(proxy, 'has space'), 400, 'invalid_auth_id'],
        [openEvents(proxy, user, { businessId: 999 }), 403, 'business_not_allowed'],
        [openEvents(proxy, user, { lastEventId: 'garbage!' }), 400, 'invalid_last_event_id'],
        [
          openEvents(proxy, user, { headers: { 'content-type': 'text/plain' } }),
          415,
          'unsupported_media_type',
        ],
      ];
      for (const [request, code, name] of cases) {
        const response = await request;
        assert.equal(response.status, code, name);
        assert.equal((await errorOf(response)).code, name);
      }
      const get = await proxy.send('/api/haptik/events', { method: 'GET', headers: browserHeaders(proxy) });
      assert.equal(get.status, 405);
    });

    test('a signed-in user’s stream is the token’s user, whatever the body claims', async () => {
      const token = await mintIdentityToken('customer-8', IDENTITY_SECRET);
      await deliver(proxy, messageDelivery({ authId: 'customer-8', messageId: 60 }));
      await deliver(proxy, messageDelivery({ authId: 'customer-9', messageId: 61 }));
      const response = await openEvents(proxy, 'customer-9', { headers: { 'x-haptik-auth': token } });
      assert.equal(response.status, 200);
      const sse = readSse(response);
      assert.deepEqual(messageIds([await sse.next()]), [60]);
      await sse.cancel();
    });

    test('lets a listed origin read the stream (CORS), and caps streams per user with 429 too_many_streams', async () => {
      const preflight = await proxy.send('/api/haptik/events', {
        method: 'OPTIONS',
        headers: {
          origin: PARTNER,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type, x-haptik-chat, last-event-id',
        },
      });
      assert.equal(preflight.status, 204);
      assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /last-event-id/);
      const user = anonId();
      const partner = await openEvents(proxy, user, {
        headers: { origin: PARTNER, 'sec-fetch-site': 'cross-site' },
      });
      assert.equal(partner.status, 200);
      assert.equal(partner.headers.get('access-control-allow-origin'), PARTNER);
      const readers = [readSse(partner), await stream(proxy, user), await stream(proxy, user)];
      const refused = await openEvents(proxy, user);
      assert.equal(refused.status, 429);
      assert.equal((await errorOf(refused)).code, 'too_many_streams');
      await Promise.all(readers.map((reader) => reader.cancel()));
    });
  });
}

/** A fresh anonymous id per test keeps tests apart on a shared store. */
export const freshUser = (): string => `anon-${randomUUID()}`;
