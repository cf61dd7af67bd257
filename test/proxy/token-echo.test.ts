/**
 * A reply that would show the bot's token is refused, judged in the form the widget shows it: after
 * it decodes string-encoded JSON, strips `{…}` metadata and removes markup delimiters. The oracle in
 * the property test is the widget's own parser (src/hsl.ts, src/format.ts).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { createHaptikProxy } from '../../proxy/handler.js';
import { inlineText, parseMarkup, plainText } from '../../src/format.js';
import { parseReply } from '../../src/hsl.js';
import { chatBody } from './contract.js';

const TOKEN = 'tok_SECRET_rest_0123456789';

/** The proxy's answer to one upstream reply (an object, or JSON text), for a bot whose token is `token`. */
async function answerTo(reply: unknown, token = TOKEN): Promise<{ status: number; text: string }> {
  const proxy = createHaptikProxy(
    {
      apiUrl: 'https://haptik.example/sync',
      token,
      clientId: 'client-42',
      businessIds: [343],
      allowedOrigins: [],
      upstreamTimeoutMs: 1000,
      rateLimitPerMinute: 0,
    },
    {
      fetch: async () =>
        typeof reply === 'string'
          ? new Response(reply, { headers: { 'content-type': 'application/json' } })
          : Response.json(reply),
      log: () => undefined,
    },
  );
  const response = await proxy(
    new Request('https://shop.example/api/haptik', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-haptik-chat': '1' },
      body: JSON.stringify(chatBody()),
    }),
  );
  return { status: response.status, text: await response.text() };
}

const textReply = (body: unknown) => ({ message: [{ id: 1, body }] });
const text = (value: string) => textReply({ text: value, type: 'TEXT', data: { quick_replies: [] } });

/** JSON with every character after the first escaped as \uXXXX: no substring of it reads as the token. */
const escapedJson = (value: unknown): string =>
  JSON.stringify(value).replace(
    /"((?:[^"\\]|\\.)*)"/g,
    (_match, inner: string) =>
      `"${[...(JSON.parse(`"${inner}"`) as string)].map((char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}"`,
  );

/** Every string the widget keeps from a reply (not the raw `sources`), and the text each shows. */
function shownStrings(reply: unknown): string[] {
  const { messages, agent } = parseReply(reply);
  const shown: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === 'string') {
      shown.push(value, inlineText(parseMarkup(value)), plainText(value));
    } else if (typeof value === 'object' && value !== null) {
      for (const item of Object.values(value)) walk(item);
    }
  };
  walk({ messages, agent });
  return shown;
}

const widgetShows = (reply: unknown, token: string): boolean =>
  shownStrings(reply).some((shown) => shown.includes(token));

describe('a reply that shows the token is refused, however it is disguised', () => {
  test('the plain token, and the disguises the review found, are each refused with 502', async () => {
    const disguised: [string, unknown][] = [
      ['as it is', text(`here: ${TOKEN}`)],
      ['split by {…} metadata', text('tok_SECRET{x}_rest_0123456789')],
      ['split by nested metadata', text('tok_SEC{a{b}c}RET_rest_0123{}456789')],
      ['inside bold markup', text('tok_*SECRET_rest_0123456789*')],
      ['with markup around a part', text('tok_~SECRET~_rest_0123456789')],
      ['in a \\u-escaped, double-encoded body', textReply(escapedJson({ text: TOKEN, type: 'TEXT' }))],
      [
        'in double-encoded data, in a quick reply',
        textReply({
          text: 'pick one',
          type: 'TEXT',
          data: escapedJson({
            quick_replies: [{ actionable_text: 'x', type: 'TEXT_ONLY', payload: { message: TOKEN } }],
          }),
        }),
      ],
      [
        'in a triple-encoded body',
        textReply(JSON.stringify(JSON.stringify({ text: `{meta}tok_SECRET_{x}rest_0123456789` }))),
      ],
      ['in the agent name', { ...text('hi'), agent: { name: 'tok_SECRET{}_rest_0123456789' } }],
      [
        'in a carousel card title',
        textReply({
          text: '',
          type: 'CAROUSEL',
          data: { items: [{ title: '*tok_SECRET_rest_0123456789*', thumbnail: {}, actionables: [] }] },
        }),
      ],
      [
        'percent-encoded in a link',
        text(`see https://evil.example/?t=${encodeURIComponent('tok_SECRET_rest_0123456789')}`),
      ],
    ];
    for (const [name, reply] of disguised) {
      const { status, text: body } = await answerTo(reply);
      assert.equal(status, 502, name);
      assert.equal((JSON.parse(body) as { error: { code: string } }).error.code, 'upstream_invalid', name);
    }
  });

  test('each of those disguises really would show the token in the widget', () => {
    // The oracle agrees, so the cases above test the guard, not a form nobody would see.
    assert.ok(widgetShows(text('tok_SECRET{x}_rest_0123456789'), TOKEN));
    assert.ok(widgetShows(text('tok_*SECRET_rest_0123456789*'), TOKEN));
    assert.ok(widgetShows(textReply(escapedJson({ text: TOKEN, type: 'TEXT' })), TOKEN));
  });

  test('ordinary replies pass, markup, metadata and encoded bodies included', async () => {
    const ordinary = [
      text('Hi! *Welcome* to {meta} _our_ shop: https://shop.example/a_b?c=d'),
      textReply(JSON.stringify({ text: 'double-encoded hello', type: 'TEXT', data: '{"quick_replies":[]}' })),
      text('tok_SECRET is what we call the first half of nothing'),
      textReply({ text: '{"not":"closed"', type: 'TEXT', data: {} }),
    ];
    for (const reply of ordinary) assert.equal((await answerTo(reply)).status, 200, JSON.stringify(reply));
  });

  test('a string nested in JSON more deeply than any bot encodes is refused rather than left unread', async () => {
    let body: unknown = { text: 'deep', type: 'TEXT' };
    for (let i = 0; i < 12; i++) body = JSON.stringify(body);
    assert.equal((await answerTo(textReply(body))).status, 502);
  });

  test('a reply nested too deeply to check or write out is answered with 502 upstream_invalid', async () => {
    const deep = `${'['.repeat(50_000)}"x"${']'.repeat(50_000)}`;
    const { status, text: body } = await answerTo(
      `{"message":[{"id":1,"body":{"text":"x","type":"TEXT","data":{"deep":${deep}}}}]}`,
    );
    assert.equal(status, 502);
    assert.equal((JSON.parse(body) as { error: { code: string } }).error.code, 'upstream_invalid');
  });
});

describe('whatever a reply does to the token, the widget never gets to show it', () => {
  const tokenChars = fc.constantFrom(
    ...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-.~*',
  );
  const tokens = fc.array(tokenChars, { minLength: 12, maxLength: 40 }).map((chars) => chars.join(''));
  const filler = fc.string({ maxLength: 8 }).map((value) => value.replace(/[{}]/g, ''));

  /** Cuts the token apart with metadata and markup delimiters at random places. */
  const disguise = (token: string) =>
    fc
      .array(
        fc.record({
          at: fc.nat({ max: token.length }),
          insert: fc.oneof(
            filler.map((value) => `{${value}}`),
            fc.constantFrom('*', '_', '~', '`', ' ', '{}'),
          ),
        }),
        { maxLength: 4 },
      )
      .map((cuts) => {
        let value = token;
        for (const { at, insert } of [...cuts].sort((a, b) => b.at - a.at)) {
          value = value.slice(0, at) + insert + value.slice(at);
        }
        return value;
      });

  /** Where in a reply the disguised token goes, and how many times the body is JSON-encoded. */
  const placed = (value: string) =>
    fc
      .record({
        field: fc.constantFrom('text', 'quick-reply', 'button', 'card', 'agent'),
        prefix: filler,
        suffix: filler,
        encodings: fc.nat({ max: 3 }),
        escaped: fc.boolean(),
      })
      .map(({ field, prefix, suffix, encodings, escaped }) => {
        const shown = `${prefix}${value}${suffix}`;
        const actionable = { actionable_text: shown, type: 'TEXT_ONLY', payload: { message: shown } };
        let body: unknown =
          field === 'quick-reply'
            ? { text: 'pick', type: 'TEXT', data: { quick_replies: [actionable] } }
            : field === 'button'
              ? { text: 'press', type: 'BUTTON', data: { items: [actionable] } }
              : field === 'card'
                ? { text: '', type: 'CAROUSEL', data: { items: [{ title: shown, description: shown }] } }
                : { text: field === 'text' ? shown : 'hi', type: 'TEXT', data: {} };
        for (let i = 0; i < encodings; i++) body = escaped ? escapedJson(body) : JSON.stringify(body);
        const reply = textReply(body);
        return field === 'agent' ? { ...reply, agent: { name: shown } } : reply;
      });

  test('a reply the proxy passes shows no token in any string the widget keeps', async () => {
    let shownTokens = 0;
    await fc.assert(
      fc.asyncProperty(
        tokens.chain((token) =>
          disguise(token).chain((value) => placed(value).map((reply) => ({ token, reply }))),
        ),
        async ({ token, reply }) => {
          const { status } = await answerTo(reply, token);
          const shows = widgetShows(reply, token);
          if (shows) shownTokens += 1;
          assert.ok(status === 502 || !shows, `the widget would show ${token} from ${JSON.stringify(reply)}`);
        },
      ),
      { numRuns: 300 },
    );
    // Not a vacuous property: many of the generated replies do show the token.
    assert.ok(shownTokens > 30, `${shownTokens} replies showed the token`);
  });

  test('replies that never held the token pass', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 200 }), fc.nat({ max: 2 }), async (value, encodings) => {
        let body: unknown = { text: value, type: 'TEXT', data: { quick_replies: [] } };
        for (let i = 0; i < encodings; i++) body = JSON.stringify(body);
        assert.equal((await answerTo(textReply(body))).status, 200);
      }),
      { numRuns: 200 },
    );
  });
});
