/**
 * Every parser that reads bot text is linear: large adversarial inputs (the shapes that make a
 * backtracking pattern or a re-scanning loop quadratic) finish, and the results are what the caps say.
 * A quadratic parser would not finish within these tests' time limit (one reply froze Chromium for 40 s).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { parseMarkup, plainText, stripMetadata } from '../../src/format.js';
import { asNumber, MAX_MESSAGES_PER_REPLY, MAX_TEXT_CHARS, parseMessage, parseReply } from '../../src/hsl.js';
import { safeUrl } from '../../src/url-policy.js';

/** The pieces that hurt: digits, dots, brackets, markup, braces, URL starts, ratio marks, spaces. */
const piece = fc.constantFrom(
  '1',
  '9',
  '.',
  ')',
  '(',
  '*',
  '_',
  '~',
  '`',
  '{',
  '}',
  ':',
  '/',
  ' ',
  'e',
  'https://a.bc/',
  'www.',
  '@',
  'a@b.cd',
  '+1',
  'x',
  '\n',
);
/** A long run of one or two pieces, as an attacker would send: 20,000 to 120,000 characters. */
const hostile = fc
  .tuple(piece, piece, fc.integer({ min: 20_000, max: 120_000 }), piece)
  .map(([a, b, length, end]) => `${(a + b).repeat(Math.ceil(length / (a + b).length))}${end}`);

const LIMITS = { timeout: 60_000 };

describe('parsers on large adversarial input', () => {
  test('a 100,000-digit aspect ratio is refused at once, and the carousel keeps the default', LIMITS, () => {
    const digits = '1'.repeat(100_000);
    assert.equal(asNumber(`${digits}x`), undefined);
    assert.equal(asNumber(`${digits}.${digits}`), undefined);
    assert.equal(asNumber(`${digits}:${digits}`), undefined);
    assert.equal(asNumber('16:9'), 16 / 9);
    assert.equal(asNumber(' 1.5 '), 1.5);
    assert.equal(asNumber('.5e1'), 5);
    const carousel = parseMessage({
      text: '',
      type: 'CAROUSEL',
      data: {
        image_aspect_ratio: `${digits}x`,
        items: [{ title: 'a', actionables: [{ actionable_text: 'Go', type: 'TEXT_ONLY' }] }],
      },
    });
    assert.ok(carousel.kind === 'carousel');
    assert.equal(carousel.aspectRatio, 1.67);
  });

  test('a URL followed by thousands of closing brackets is trimmed in one pass', LIMITS, () => {
    const [link] = parseMarkup(`https://a.bc/${')'.repeat(4000)}`);
    assert.ok(typeof link === 'object' && link.kind === 'link' && link.href === 'https://a.bc/');
    // Longer than any URL may be: shown as text, never a link, and never scanned twice.
    const long = parseMarkup(`https://a.bc/${')'.repeat(20_000)}`);
    assert.ok(long.length === 1 && typeof long[0] === 'string');
  });

  test('any long run of hostile pieces: every parser finishes and keeps its caps', LIMITS, () => {
    fc.assert(
      fc.property(hostile, (text) => {
        assert.equal(asNumber(text), undefined);
        stripMetadata(text);
        parseMarkup(text);
        plainText(text);
        safeUrl(text, 'link', 'https://shop.example/');
        const message = parseMessage({ text, type: 'TEXT', data: { quick_replies: [] } });
        assert.ok(message.text.length <= MAX_TEXT_CHARS + 1, 'bot text is cut before parsing');
        const carousel = parseMessage({
          text,
          type: 'CAROUSEL',
          data: JSON.stringify({ image_aspect_ratio: text, items: [{ title: text, description: text }] }),
        });
        assert.ok(carousel.text.length <= MAX_TEXT_CHARS + 1);
      }),
      { numRuns: 40 },
    );
  });

  test('a reply of a million messages keeps only the first MAX_MESSAGES_PER_REPLY', LIMITS, () => {
    const body = { text: 'hi', type: 'TEXT', data: {} };
    const reply = parseReply({ message: Array.from({ length: 1_000_000 }, (_, id) => ({ id, body })) });
    assert.equal(reply.messages.length, MAX_MESSAGES_PER_REPLY);
  });
});
