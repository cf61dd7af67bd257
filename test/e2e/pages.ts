/**
 * What a person does on a page with the widget, shared by the framework and package tests: open the
 * chat, say hi to the demo bot, see its reply; on the framework pages, also see the page's own event
 * handler fire, and unmount the chat without leaving anything listening.
 */
import assert from 'node:assert/strict';
import type { CDPSession, Page } from 'playwright-core';

/** The demo bot answers "hi" with messages ending in this one. */
export const GREETING_END = 'What would you like to see?';

/** Console errors and uncaught exceptions: a CSP or Trusted Types violation shows up here. */
export function collectProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  return problems;
}

/** Types "hi" into the chat and waits for the demo bot's reply. */
export async function sayHi(page: Page): Promise<void> {
  const input = page.locator('haptik-chat [part~="input"]');
  await input.fill('hi');
  await input.press('Enter');
  await page.locator('haptik-chat [part~="message"][part~="bot"]', { hasText: GREETING_END }).waitFor();
}

/** A script-tag page: the launcher opens the panel, and the chat works. */
export async function chatThroughLauncher(page: Page): Promise<void> {
  await page.locator('haptik-chat [part~="launcher"]').click();
  await sayHi(page);
}

/**
 * Every event listener on window, document and visualViewport, as `target type script:line:column`:
 * the same list before mounting and after unmounting means the chat left nothing listening.
 */
async function globalListeners(cdp: CDPSession): Promise<string[]> {
  const found: string[] = [];
  for (const target of ['window', 'document', 'window.visualViewport']) {
    const { result } = await cdp.send('Runtime.evaluate', { expression: target });
    if (!result.objectId) continue;
    const { listeners } = await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId });
    for (const { type, scriptId, lineNumber, columnNumber } of listeners) {
      found.push(`${target} ${type} ${scriptId}:${lineNumber}:${columnNumber}`);
    }
    await cdp.send('Runtime.releaseObject', { objectId: result.objectId });
  }
  return found.sort();
}

/**
 * A framework page (demo/react.html, demo/react/wrapper.html, demo/vue.html): the app mounts the chat,
 * the person chats, the page's `haptik-message` handler sees every bot message, and after the app
 * unmounts the chat, window, document and visualViewport have the listeners they had before it mounted.
 */
export async function exerciseFrameworkPage(
  page: Page,
  { afterReply }: { afterReply?: () => Promise<void> } = {},
): Promise<void> {
  const chat = page.locator('haptik-chat');
  const input = chat.locator('[part~="input"]');
  const toggle = page.locator('.event-log button').first();
  await input.waitFor();

  // Unmount the chat the page rendered on load, and remount it, so the baseline holds only what the
  // page and the framework listen for (and what the widget's modules set up once, on first load).
  await toggle.click();
  await chat.waitFor({ state: 'detached' });
  const cdp = await page.context().newCDPSession(page);
  const before = await globalListeners(cdp);
  await toggle.click();
  await input.waitFor();

  assert.notEqual(
    await chat.getAttribute('same-origin-images'),
    null,
    'the app passes the same-origin-images attribute through (the demo bot sends same-origin pictures)',
  );
  await sayHi(page);
  const botMessages = await chat.locator('[part~="message"][part~="bot"]').count();
  assert.equal(
    await page.locator('#received-count').textContent(),
    String(botMessages),
    "the page's handler ran once for every bot message",
  );
  assert.equal(await page.locator('#received-last').textContent(), GREETING_END);
  await afterReply?.();

  await toggle.click();
  await chat.waitFor({ state: 'detached' });
  assert.deepEqual(await globalListeners(cdp), before, 'nothing left listening after unmount');
  await cdp.detach();
}
