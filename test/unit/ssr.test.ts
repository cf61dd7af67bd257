/**
 * Server-side rendering (Next.js, Nuxt, Astro) imports the package in Node, where there is no window,
 * document or customElements until Lit's own shim provides the last. Importing must not throw, and must not
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

test('registration is guarded: evaluating the entry a second time defines nothing twice', async () => {
  const { HaptikChat } = await import('../../src/index.js');
  // Lit's Node build supplies a customElements registry for SSR; the element registers there.
  assert.equal(globalThis.customElements?.get('haptik-chat'), HaptikChat);
  // A second copy of the entry module, as when a page loads the script tag and an app bundle both.
  const again = 'again';
  await import(`../../src/index.js?${again}`);
  assert.equal(globalThis.customElements?.get('haptik-chat'), HaptikChat);
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
