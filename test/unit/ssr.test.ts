/**
 * Server-side rendering (Next.js, Nuxt, Astro) imports the package in Node, where there is no window,
 * document, HTMLElement or customElements. Importing must not throw, and must not
 * leave DOM globals behind for other server code to trip over.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';

const domGlobals = () => ({
  window: typeof window,
  document: typeof document,
  HTMLElement: typeof HTMLElement,
  localStorage: typeof localStorage,
});

test('importing the element in Node does not throw and defines no DOM globals', async () => {
  const before = domGlobals();
  assert.equal(before.window, 'undefined', 'this test runs without a DOM');

  const entry = await import('../../src/index.js');

  assert.equal(typeof entry.HaptikChat, 'function');
  assert.equal(typeof entry.HaptikMessageEvent, 'function');
  assert.deepEqual(domGlobals(), before);
});

test('registration is guarded: where there is a registry, every copy of the entry defines the element once', async () => {
  // Node has none (the element does not load Lit, whose Node build would supply one): nothing is defined.
  const { HaptikChat } = await import('../../src/index.js');
  assert.equal(typeof globalThis.customElements, 'undefined');
  // A registry, then two copies of the entry, as when a page loads the script tag and an app bundle both.
  const defined = new Map<string, unknown>();
  const registry = {
    get: (name: string) => defined.get(name),
    define(name: string, element: unknown) {
      if (defined.has(name)) throw new Error(`${name} defined twice`);
      defined.set(name, element);
    },
  };
  Object.assign(globalThis, { customElements: registry });
  try {
    await import(`../../src/register.js?${'first'}`);
    await import(`../../src/register.js?${'second'}`);
  } finally {
    Reflect.deleteProperty(globalThis, 'customElements');
  }
  assert.deepEqual([...defined], [['haptik-chat', HaptikChat]]);
});

test('importing haptik-chat/react in Node does not throw', async () => {
  const { HaptikChat } = await import('../../src/react.js');
  assert.equal(typeof HaptikChat, 'object', 'a forwardRef component');
  assert.equal(domGlobals().window, 'undefined');
});

test('the lazily loaded panel also imports in Node without touching the DOM', async () => {
  // A bundler's server build may evaluate the chunk behind the launcher's dynamic import.
  const before = domGlobals();
  const panel = await import('../../src/chat-panel.js');
  assert.equal(typeof panel.ChatPanel, 'function');
  assert.deepEqual(domGlobals(), before);
});
