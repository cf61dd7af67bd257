/**
 * Haptik's webhook as its documents describe it: the `X-Hub-Signature` check and the four documented
 * deliveries (test/fixtures/webhooks.ts), turned into the stream's events with only display fields.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, test } from 'node:test';
import { LAST_ORDER, createWebhookSigner, parseDelivery } from '../../proxy/webhook.js';
import type { AgentEventData } from '../../src/wire.js';
import {
  chatCompleteDelivery,
  chatPinnedDelivery,
  conversationCompleteDelivery,
  messageDelivery,
} from '../fixtures/webhooks.js';

const SECRET = 'webhook-secret-for-the-unit-tests-0123';
const bytes = (payload: unknown) => new TextEncoder().encode(JSON.stringify(payload));
/** The signature as Haptik computes it, by an implementation other than ours. */
const haptikSignature = (body: Uint8Array, secret = SECRET) =>
  `sha1=${createHmac('sha1', secret).update(body).digest('hex')}`;

describe('the webhook signature', () => {
  const signer = createWebhookSigner(SECRET);
  const body = bytes(messageDelivery({ authId: 'anon-1' }));

  test('accepts the HMAC-SHA1 of the raw body, in either case of hex, and returns it', async () => {
    const header = haptikSignature(body);
    assert.equal(await signer.verify(body, header), header.slice(5));
    assert.equal(await signer.verify(body, `sha1=${header.slice(5).toUpperCase()}`), header.slice(5));
    assert.equal(`sha1=${await signer.sign(body)}`, header);
  });

  test('refuses a missing, malformed, truncated or wrongly keyed signature', async () => {
    const good = haptikSignature(body);
    for (const header of [
      null,
      '',
      good.slice(5),
      `sha256=${good.slice(5)}`,
      good.slice(0, -2),
      `${good}00`,
      haptikSignature(body, 'another-secret-of-the-same-length-000'),
      `sha1=${'0'.repeat(40)}`,
    ]) {
      assert.equal(await signer.verify(body, header), undefined, String(header));
    }
  });

  test('refuses a signature for other bytes: a body changed by one character no longer matches', async () => {
    const tampered = bytes(messageDelivery({ authId: 'anon-2' }));
    assert.equal(await signer.verify(tampered, haptikSignature(body)), undefined);
  });
});

const dataOf = (event: { data: string }) => JSON.parse(event.data) as AgentEventData;

describe('the documented deliveries', () => {
  test('a message becomes a `message` event shaped like a sync reply, keyed and ordered by its id', () => {
    const parsed = parseDelivery(bytes(messageDelivery({ authId: 'anon-1', text: 'Hello' })), 'ab', [343]);
    assert.equal(parsed.kind, 'event');
    if (parsed.kind !== 'event') return;
    assert.equal(parsed.authId, 'anon-1');
    assert.equal(parsed.businessId, 343);
    assert.equal(parsed.event.name, 'message');
    assert.equal(parsed.event.key, 'm:1982371');
    assert.equal(parsed.event.order, 1982371);
    assert.deepEqual(dataOf(parsed.event), {
      version: '1.0',
      timestamp: '2018-10-04T12:41:27.980Z',
      agent: {
        id: 4415,
        name: 'gogo',
        profile_image: 'https://assets.haptikapi.com/content/42e123411bk1109823bf.jpg',
        is_automated: true,
      },
      message: [{ id: 1982371, body: { text: 'Hello', type: 'TEXT', data: { quick_replies: [] } } }],
    });
  });

  test('chat_pinned names the human agent and keeps its SYSTEM line; the agent e-mail and user details stay out', () => {
    const parsed = parseDelivery(bytes(chatPinnedDelivery({ authId: 'anon-1' })), 'ab', [343]);
    assert.equal(parsed.kind, 'event');
    if (parsed.kind !== 'event') return;
    assert.equal(parsed.event.name, 'chat_pinned');
    const data = dataOf(parsed.event);
    assert.equal(data.agent?.name, 'Prateek');
    assert.equal(data.agent?.is_automated, false);
    assert.equal((data.message[0]?.body as { type: string }).type, 'SYSTEM');
    assert.ok(!parsed.event.data.includes('prateek@gmail.com'));
    assert.ok(!parsed.event.data.includes('<DEVICE_PLATFORM>'));
  });

  test('both completion events become `conversation_complete`; the one without a message id is keyed by its signature and sorts last', () => {
    const old = parseDelivery(bytes(chatCompleteDelivery({ authId: 'anon-1' })), 'ab', [343]);
    const current = parseDelivery(bytes(conversationCompleteDelivery({ authId: 'anon-1' })), 'cd', [343]);
    assert.ok(old.kind === 'event' && current.kind === 'event');
    assert.equal(old.event.name, 'conversation_complete');
    assert.equal(old.event.key, 'm:1982471');
    assert.equal(current.event.name, 'conversation_complete');
    assert.equal(current.event.key, 's:cd');
    assert.equal(current.event.order, LAST_ORDER);
    assert.deepEqual(dataOf(current.event).message, []);
    for (const secret of ['CDQP12324', '8826755986', 'follow up comment', '<CHAT_LINK>']) {
      assert.ok(!current.event.data.includes(secret), secret);
    }
  });

  test('ignores, with a reason, unknown events, other businesses, ids the widget cannot have and non-JSON', () => {
    const cases: [Uint8Array, RegExp][] = [
      [bytes({ ...messageDelivery({ authId: 'anon-1' }), event_name: 'agent_typing' }), /unknown event/],
      [bytes(messageDelivery({ authId: 'anon-1', businessId: 999 })), /business not allowed/],
      [bytes(messageDelivery({ authId: 'has space' })), /auth_id/],
      [bytes({ ...messageDelivery({ authId: 'anon-1' }), message: undefined }), /no message/],
      [bytes({ event_name: 'message' }), /business_id/],
      [new TextEncoder().encode('{"event_name":'), /not JSON/],
      [bytes([]), /not a JSON object/],
    ];
    for (const [body, reason] of cases) {
      const parsed = parseDelivery(body, 'ab', [343]);
      assert.equal(parsed.kind, 'ignored');
      if (parsed.kind === 'ignored') assert.match(parsed.reason, reason);
    }
  });

  test('takes ids sent as digit strings, and nothing from the prototype', () => {
    const payload = messageDelivery({ authId: 'anon-1' });
    const parsed = parseDelivery(
      bytes({ ...payload, business_id: '343', message: { id: '77', body: { text: 'x', type: 'TEXT' } } }),
      'ab',
      [343],
    );
    assert.ok(parsed.kind === 'event');
    assert.equal(parsed.event.order, 77);
    const polluted = parseDelivery(
      new TextEncoder().encode('{"__proto__":{"event_name":"message"},"business_id":343}'),
      'ab',
      [343],
    );
    assert.equal(polluted.kind, 'ignored');
  });
});
