import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MAX_ITEMS, parseMessage, parseReply, type HslMessage } from '../../src/hsl.js';
import {
  buttonsBody,
  carouselBody,
  defaultReplyBody,
  formBody,
  imageBody,
  markupBody,
  nativeActionBody,
  receiptBody,
  silentBody,
  systemBody,
  tabListBody,
  unknownBody,
} from '../fixtures/hsl.js';
import { quickReply, reply, textBody } from '../fixtures/replies.js';

function only<K extends HslMessage['kind']>(body: unknown, kind: K): Extract<HslMessage, { kind: K }> {
  const message = parseMessage(body);
  assert.equal(message.kind, kind);
  return message as Extract<HslMessage, { kind: K }>;
}

test('parses TEXT with quick replies: display is message, send is gogo_message || message', () => {
  const parsed = parseReply(
    reply(textBody('Hi\nthere', [quickReply('Track', 'track_order'), quickReply('Help')])),
  );
  assert.equal(parsed.agent?.name, 'gogo');
  assert.equal(parsed.agent?.avatar, 'https://example.com/gogo.jpg');
  const [message] = parsed.messages;
  assert.equal(message?.kind, 'text');
  assert.equal(message?.text, 'Hi\nthere');
  assert.deepEqual(
    message?.kind === 'text' && message.quickReplies.map((q) => [q.label, q.display, q.send]),
    [
      ['Track', 'Track', 'track_order'],
      ['Help', 'Help', 'Help'],
    ],
  );
});

test('anything that is not a reply gives no messages instead of throwing', () => {
  for (const value of [null, 3, 'x', [], {}, { message: 'nope' }, { message: [null, 1, { body: null }] }]) {
    const parsed = parseReply(value);
    assert.ok(Array.isArray(parsed.messages));
  }
});

test('unknown types keep their text as a fallback', () => {
  const [message] = parseReply(reply({ text: 'Fill the form', type: 'FORM', data: {} })).messages;
  assert.equal(message?.kind, 'fallback');
  assert.equal(message?.text, 'Fill the form');
});

describe('TEXT', () => {
  test('keeps the markup for the renderer', () => {
    assert.equal(only(markupBody(), 'text').text, markupBody().text);
  });

  test('is_default "1" marks the default quick reply', () => {
    const message = only(defaultReplyBody(), 'text');
    assert.deepEqual(message.defaultReply, {
      label: 'Yes',
      display: 'Yes',
      send: 'feedback_yes',
      isDefault: true,
    });
    assert.equal(message.quickReplies[1]?.isDefault, false);
  });

  test('labels lose {metadata} and markup; what is sent keeps them', () => {
    const message = only(
      textBody('Pick', [
        {
          actionable_text: '*Yes*{"id":1}',
          payload: { message: 'Yes{"id":1}', gogo_message: '' },
          location_required: 'false',
        },
      ]),
      'text',
    );
    assert.deepEqual(message.quickReplies, [
      { label: 'Yes', display: 'Yes', send: 'Yes{"id":1}', isDefault: false },
    ]);
  });

  test('a lower-case type, a data object sent as a JSON string and extra keys are fine', () => {
    const message = only(
      { text: 'Hi', type: 'text', data: JSON.stringify({ quick_replies: [quickReply('Go')] }), extra: 1 },
      'text',
    );
    assert.equal(message.quickReplies[0]?.label, 'Go');
  });

  test('up to MAX_ITEMS quick replies, buttons or cards are kept; the rest are counted', () => {
    const chips = (n: number) => Array.from({ length: n }, (_, i) => quickReply(`Option ${i}`));
    const forty = only(textBody('Pick', chips(40)), 'text');
    assert.equal(forty.quickReplies.length, 40);
    assert.equal(forty.omitted, undefined);
    const many = only(textBody('Pick', chips(MAX_ITEMS + 12)), 'text');
    assert.equal(many.quickReplies.length, MAX_ITEMS);
    assert.equal(many.omitted, 12);
    const items = Array.from({ length: MAX_ITEMS + 3 }, (_, i) => ({ title: `Card ${i}` }));
    assert.equal(only({ text: '', type: 'CAROUSEL', data: { items } }, 'carousel').omitted, 3);
  });

  test('quick replies without any text are dropped', () => {
    const message = only(textBody('Pick', [{ actionable_text: '  ', payload: {} }, null, 7, 'x']), 'text');
    assert.deepEqual(message.quickReplies, []);
  });
});

describe('BUTTON', () => {
  test('LINK, SELF_SERVE_WEB, CALL, TEXT_ONLY and unknown uris become the right actions', () => {
    const message = only(buttonsBody(), 'buttons');
    assert.equal(message.text, 'How would you like to continue?');
    assert.deepEqual(
      message.buttons.map(({ label, action, isDefault }) => ({ label, action, isDefault })),
      [
        {
          label: 'Track my order',
          action: { kind: 'send', display: 'Track my order', send: 'track_order' },
          isDefault: true,
        },
        {
          label: 'Return policy',
          action: { kind: 'link', url: 'https://shop.example.com/returns' },
          isDefault: false,
        },
        {
          label: 'Change address',
          action: { kind: 'webview', url: 'https://forms.example.com/address?order=4521' },
          isDefault: false,
        },
        { label: 'Call support', action: { kind: 'call', url: 'tel:+912261719600' }, isDefault: false },
        {
          label: 'Scan a QR code',
          action: { kind: 'send', display: 'Scan a QR code', send: 'Scan a QR code' },
          isDefault: false,
        },
      ],
    );
  });

  test('URLs the policy refuses never become links: the button is disabled', () => {
    const button = (uri: string, url: string) => ({
      actionable_text: 'Go',
      uri,
      payload: { url },
    });
    const message = only(
      {
        text: '',
        type: 'BUTTON',
        data: {
          items: [
            button('LINK', 'javascript:alert(1)'),
            button('LINK', 'tel:+1 555 0100'),
            button('LINK', 'mailto:help@example.com'),
            button('SELF_SERVE_WEB', 'http://legacy.example.com/'),
            button('SELF_SERVE_WEB', 'data:text/html,<script>alert(1)</script>'),
            { actionable_text: 'Call', uri: 'CALL', payload: {} },
            { actionable_text: 'Call', uri: 'call', payload: { url: 'tel:1800-123-4567' } },
          ],
        },
      },
      'buttons',
    );
    assert.deepEqual(
      message.buttons.map((b) => b.action),
      [
        { kind: 'disabled' },
        { kind: 'call', url: 'tel:+15550100' },
        { kind: 'link', url: 'mailto:help@example.com' },
        { kind: 'link', url: 'http://legacy.example.com/' },
        { kind: 'disabled' },
        { kind: 'disabled' },
        { kind: 'call', url: 'tel:18001234567' },
      ],
    );
  });

  test('a BUTTON without usable items falls back to its text', () => {
    const message = parseMessage({ text: 'Choose', type: 'BUTTON', data: { items: [{}, null] } });
    assert.deepEqual(message, { kind: 'fallback', type: 'BUTTON', text: 'Choose' });
  });
});

describe('CAROUSEL', () => {
  test('cards keep their fields; width and a numeric-string aspect ratio are read', () => {
    const message = only(carouselBody(), 'carousel');
    assert.equal(message.width, 'MEDIUM');
    assert.equal(message.aspectRatio, 1.67);
    assert.equal(message.cards.length, 3);
    const [first] = message.cards;
    assert.deepEqual(
      { ...first, actionables: first?.actionables.map((a) => a.label) },
      {
        title: 'Pixel 9',
        subtitle: '₹79,999',
        description: '*6.3"* display · 128 GB',
        meta: 'In stock',
        image: 'https://assets.haptik.example/cards/phone-1.jpg',
        alt: 'Pixel 9',
        actionables: ['Buy Pixel 9', 'Specs'],
      },
    );
  });

  test('widths are read in any case; unknown widths and bad ratios fall back', () => {
    const carousel = (width: unknown, ratio: unknown) =>
      only(
        { ...carouselBody(), data: { ...carouselBody().data, width, image_aspect_ratio: ratio } },
        'carousel',
      );
    assert.deepEqual(
      [
        carousel('thin', '16:9'),
        carousel(' BIG ', 2),
        carousel('HUGE', 'wide'),
        carousel(3, -1),
        carousel(null, 99),
      ].map((m) => [m.width, Number(m.aspectRatio.toFixed(2))]),
      [
        ['THIN', 1.78],
        ['BIG', 2],
        ['MEDIUM', 1.67],
        ['MEDIUM', 1.67],
        ['MEDIUM', 4],
      ],
    );
  });

  test('a one-card carousel without actionables is an image', () => {
    assert.deepEqual(parseMessage(imageBody()), {
      kind: 'image',
      text: 'Here is your boarding pass:',
      src: 'https://assets.haptik.example/cards/boarding-pass.jpg',
      alt: 'Boarding pass, flight 6E 204',
      caption: 'Boarding pass, flight 6E 204',
      aspectRatio: 1.5,
    });
  });

  test('an image the policy refuses is dropped; a carousel with no cards left falls back', () => {
    const card = { thumbnail: { image: 'javascript:alert(1)' }, title: 'Shoes' };
    const message = only({ text: '', type: 'CAROUSEL', data: { items: [card] } }, 'carousel');
    assert.equal(message.cards[0]?.image, undefined);
    assert.equal(message.cards[0]?.title, 'Shoes');
    assert.deepEqual(parseMessage({ text: 'Look', type: 'CAROUSEL', data: { items: [{}, 'x'] } }), {
      kind: 'fallback',
      type: 'CAROUSEL',
      text: 'Look',
    });
  });
});

describe('SYSTEM, SILENT, NATIVE_ACTION and the rest', () => {
  test('each becomes its own kind', () => {
    assert.deepEqual(parseMessage(systemBody()), {
      kind: 'system',
      text: 'Priya from support joined the chat',
      event: 'agent_joined',
    });
    assert.equal(parseMessage(silentBody()).kind, 'silent');
    assert.deepEqual(parseMessage(nativeActionBody()), {
      kind: 'native-action',
      text: '',
      action: { text: '', data: { action: 'open_order', order_id: '4521' } },
    });
  });

  test('FORM, TAB_LIST, RECEIPT and unknown types fall back with their type and text', () => {
    assert.deepEqual(
      [formBody(), tabListBody(), receiptBody(), unknownBody(), { text: 5 }].map((body) =>
        parseMessage(body),
      ),
      [
        { kind: 'fallback', type: 'FORM', text: 'Please fill in your delivery details.' },
        { kind: 'fallback', type: 'TAB_LIST', text: '' },
        { kind: 'fallback', type: 'RECEIPT', text: 'Receipt for order #4521: ₹79,999' },
        { kind: 'fallback', type: 'HOLOGRAM', text: 'A brand new kind of message' },
        { kind: 'fallback', type: 'UNKNOWN', text: '5' },
      ],
    );
  });
});

describe('the agent', () => {
  test('keeps only an https avatar', () => {
    const agent = (profile_image: unknown) =>
      parseReply({ agent: { name: 'Asha', profile_image }, message: [] }).agent;
    assert.deepEqual(agent('https://cdn.example.com/a.png'), {
      name: 'Asha',
      avatar: 'https://cdn.example.com/a.png',
    });
    for (const image of [
      'http://cdn.example.com/a.png',
      'javascript:alert(1)',
      '//cdn.example.com/a.png',
      4,
    ]) {
      assert.deepEqual(agent(image), { name: 'Asha' });
    }
    assert.equal(parseReply({ agent: { name: '  ' }, message: [] }).agent, undefined);
  });

  test('is_automated marks a bot (Haptik\'s "gogo"); a person has no flag', () => {
    const agent = (is_automated: unknown) =>
      parseReply({ agent: { name: 'gogo', is_automated }, message: [] }).agent;
    assert.deepEqual(agent(true), { name: 'gogo', automated: true });
    assert.deepEqual(agent(false), { name: 'gogo' });
  });

  test('message ids are kept as strings', () => {
    const [message] = parseReply({ message: [{ id: 1982371, body: textBody('Hi') }] }).messages;
    assert.equal(message?.id, '1982371');
  });
});
