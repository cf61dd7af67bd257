/**
 * Design tokens, once: every public `--haptik-chat-*` property is read in one place (src/tokens.ts) into
 * one private `--_*`, every private token used is defined and every one defined is used, and every public
 * one is documented on the element (its `@cssprop`, which the manifest is made from) and in the README.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { TOKENS } from '../../src/tokens.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const sources = readdirSync(join(ROOT, 'src'), { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.ts'))
  .map((file) => ({ file, text: readFileSync(join(ROOT, 'src', file), 'utf8') }));
const all = (pattern: RegExp) =>
  new Set(sources.flatMap(({ text }) => [...text.matchAll(pattern)].map((match) => match[1]!)));

const publicNames = Object.keys(TOKENS);

test('public custom properties are read only by the token table', () => {
  const readers = sources
    .filter(({ file, text }) => file !== 'tokens.ts' && text.includes('var(--haptik-chat-'))
    .map(({ file }) => file);
  assert.deepEqual(readers, [], 'no style reads --haptik-chat-* itself');
});

test('every private token used is defined, and every one defined is used', () => {
  const used = all(/var\((--_[\w-]+)/g);
  const defined = new Set([
    ...publicNames.map((name) => `--_${name}`),
    // Declared in a style (`--_card: …`) or set from script (`setProperty('--_x'`, `cssProperty('--_x'`).
    ...all(/(--_[\w-]+)\s*:/g),
    ...all(/(?:setProperty|cssProperty)\(\s*'(--_[\w-]+)'/g),
  ]);
  assert.deepEqual([...used].filter((name) => !defined.has(name)).sort(), [], 'used but never defined');
  assert.deepEqual([...defined].filter((name) => !used.has(name)).sort(), [], 'defined but never used');
});

test('every public token is documented on the element and in the README', () => {
  const element = readFileSync(join(ROOT, 'src/haptik-chat.ts'), 'utf8');
  const documented = new Set([...element.matchAll(/@cssprop \[(--haptik-chat-[\w-]+)=/g)].map((m) => m[1]!));
  const expected = publicNames.map((name) => `--haptik-chat-${name}`);
  assert.deepEqual([...documented].sort(), [...expected].sort(), '@cssprop lines match the table');
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(
    readme.indexOf('## Theming'),
    readme.indexOf('\n## ', readme.indexOf('## Theming') + 1),
  );
  const missing = publicNames.filter((name) => !section.includes(`\`${name}\``));
  assert.deepEqual(missing, [], 'the README names each one');
});
