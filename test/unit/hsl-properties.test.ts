/**
 * Property tests of the parser: any JSON in, a well-formed view model out, and never a URL the policy
 * refuses. Run over arbitrary values and over real-shaped replies with random parts replaced or removed.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseReply, type Action, type HslMessage, type ParsedReply } from '../../src/hsl.js';
import { everyBody } from '../fixtures/hsl.js';
import { reply } from '../fixtures/replies.js';

const KINDS = new Set([
  'text',
  'buttons',
  'carousel',
  'image',
  'system',
  'silent',
  'native-action',
  'fallback',
]);

function urlsOf(action: Action): string[] {
  return action.kind === 'disabled' || action.kind === 'send' ? [] : [action.url];
}

/** Every URL a view model holds, with what it is for. */
function urls(parsed: ParsedReply): [string, string][] {
  const found: [string, string][] = [];
  if (parsed.agent?.avatar) found.push(['image', parsed.agent.avatar]);
  const visit = (message: HslMessage) => {
    if (message.kind === 'buttons')
      message.buttons.forEach((b) => urlsOf(b.action).forEach((u) => found.push(['action', u])));
    if (message.kind === 'image') found.push(['image', message.src]);
    if (message.kind === 'carousel') {
      for (const card of message.cards) {
        if (card.image) found.push(['image', card.image]);
        card.actionables.forEach((a) => urlsOf(a.action).forEach((u) => found.push(['action', u])));
      }
    }
  };
  parsed.messages.forEach(visit);
  return found;
}

const ALLOWED: Record<string, readonly string[]> = {
  action: ['https:', 'http:', 'tel:', 'mailto:'],
  image: ['https:'],
};

function assertWellFormed(input: unknown, parsed: ParsedReply): void {
  const list = (input as { message?: unknown } | null)?.message;
  const expected =
    typeof input === 'object' && input !== null && !Array.isArray(input) && Array.isArray(list)
      ? list.length
      : 0;
  assert.equal(parsed.messages.length, expected);
  for (const message of parsed.messages) {
    assert.ok(KINDS.has(message.kind), message.kind);
    assert.equal(typeof message.text, 'string');
    if (message.kind === 'text') message.quickReplies.forEach((q) => assert.ok(q.label && q.send.trim()));
    if (message.kind === 'buttons') assert.ok(message.buttons.length > 0);
    if (message.kind === 'carousel') {
      assert.ok(message.cards.length > 0);
      assert.ok(['THIN', 'MEDIUM', 'FAT', 'BIG'].includes(message.width));
      assert.ok(message.aspectRatio >= 0.25 && message.aspectRatio <= 4);
    }
  }
  for (const [use, url] of urls(parsed)) {
    const { protocol, username, password } = new URL(url);
    assert.ok(ALLOWED[use]!.includes(protocol), `${use}: ${url}`);
    assert.equal(username + password, '', url);
  }
}

test('any value at all: parseReply never throws and gives a well-formed view model', () => {
  fc.assert(
    fc.property(
      fc.anything({ withNullPrototype: true, withBoxedValues: true, withSparseArray: true }),
      (value) => {
        assertWellFormed(value, parseReply(value));
      },
    ),
    { numRuns: 500 },
  );
});

test('any JSON shaped like a reply: never throws, never a URL the policy refuses', () => {
  const body = fc.record(
    {
      text: fc.oneof(fc.string(), fc.jsonValue()),
      type: fc.constantFrom(
        'TEXT',
        'BUTTON',
        'CAROUSEL',
        'SYSTEM',
        'SILENT',
        'NATIVE_ACTION',
        'FORM',
        'x',
        '',
      ),
      data: fc.jsonValue(),
    },
    { requiredKeys: [] },
  );
  fc.assert(
    fc.property(fc.array(fc.record({ id: fc.jsonValue(), body })), fc.jsonValue(), (message, agent) => {
      const value = { message, agent };
      assertWellFormed(value, parseReply(value));
    }),
    { numRuns: 300 },
  );
});

/** Every path to a value inside a JSON tree. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== 'object' || value === null) return [prefix];
  const keys = Array.isArray(value) ? value.map((_, index) => index) : Object.keys(value);
  return [
    prefix,
    ...keys.flatMap((key) => paths((value as Record<string | number, unknown>)[key], [...prefix, key])),
  ];
}

/** Replaces (or, with `undefined`, removes) the value at `path`; a path an earlier change removed is skipped. */
function mutate(tree: unknown, path: (string | number)[], replacement: unknown): unknown {
  if (!path.length) return replacement;
  const copy = structuredClone(tree) as Record<string | number, unknown>;
  let node: unknown = copy;
  for (const key of path.slice(0, -1))
    node = typeof node === 'object' && node ? (node as Record<string | number, unknown>)[key] : undefined;
  if (typeof node !== 'object' || node === null) return tree;
  const last = path.at(-1)!;
  const parent = node as Record<string | number, unknown>;
  // Removing an array item leaves a hole, as a sparse array would.
  if (replacement === undefined) Reflect.deleteProperty(parent, last);
  else parent[last] = replacement;
  return copy;
}

const URL_TRICKS = [
  'javascript:alert(1)',
  ' JAVASCRIPT:alert(1)',
  'java\tscript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'vbscript:msgbox(1)',
  '//evil.example/x',
  '\\\\evil.example\\x',
  'https://ok.example@evil.example/',
  '&#106;avascript:alert(1)',
  'http://insecure.example/avatar.png',
];

test('real replies with parts replaced, retyped or removed: never throws, never a forbidden URL', () => {
  const real = reply(...everyBody());
  const all = paths(real);
  const replacement = fc.oneof(
    fc.constant(undefined),
    fc.jsonValue({ maxDepth: 2 }),
    fc.constantFrom(...URL_TRICKS),
    fc.constantFrom(
      '1.67',
      '16:9',
      'false',
      '1',
      'THIN',
      'SELF_SERVE_WEB',
      'CALL',
      'LINK',
      'CAROUSEL',
      'BUTTON',
    ),
  );
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.nat(), replacement), { minLength: 1, maxLength: 6 }), (mutations) => {
      let value: unknown = real;
      for (const [at, next] of mutations) value = mutate(value, all[at % all.length]!, next);
      assertWellFormed(value, parseReply(value));
    }),
    { numRuns: 1000 },
  );
});
