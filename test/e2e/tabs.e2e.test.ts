/**
 * One conversation across tabs: two pages of one browser context (one site, one user) on the demo,
 * through the real server and demo bot. What is sent or arrives in one shows in the other, never twice;
 * only one tab resends an offline message; both reloading keeps one transcript.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { demoSession } from './server.js';

const session = demoSession();

const GREETING_END = 'What would you like to see?';

/** Both tabs' bubbles, as their text, in order. */
const transcript = (page: Page) =>
  page
    .locator('haptik-chat [part~="bubble"]')
    .allTextContents()
    .then((texts) => texts.map((text) => text.trim()));

/** Opens the demo in a new tab of `context`, with the chat open, counting the messages it posts. */
async function openTab(context: BrowserContext, posts: string[]): Promise<Page> {
  const page = await context.newPage();
  page.on('request', (request) => {
    if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/haptik') {
      posts.push((JSON.parse(request.postData() ?? '{}') as { message_body: string }).message_body);
    }
  });
  await page.goto(session.server.url);
  await page.locator('haptik-chat [part~="launcher"]').click();
  await page.locator('haptik-chat [part~="input"]').waitFor();
  return page;
}

const lastBot = (page: Page) =>
  page
    .locator('haptik-chat [part~="bot"] [part~="bubble"]')
    .last()
    .textContent()
    .then((text) => text?.trim() ?? '');

async function say(page: Page, text: string): Promise<void> {
  const input = page.locator('haptik-chat [part~="input"]');
  await input.fill(text);
  await input.press('Enter');
}

/** Waits until both tabs show `expected` (and then checks it is exactly that, nothing twice). */
async function bothShow(pages: Page[], last: string, expected: string[]): Promise<void> {
  for (const page of pages) {
    await page.locator('haptik-chat [part~="bubble"]', { hasText: last }).last().waitFor();
    await page.waitForFunction(
      (count) =>
        document.querySelector('haptik-chat')!.shadowRoot!.querySelectorAll('[part~="bubble"]').length >=
        count,
      expected.length,
    );
    assert.deepEqual(await transcript(page), expected);
  }
}

test('what is sent or arrives in one tab shows in the other, once; both reloading keep one transcript', async () => {
  const context = await session.browser.newContext();
  const posts: string[] = [];
  const a = await openTab(context, posts);
  const b = await openTab(context, posts);

  await say(a, 'hi');
  const greeting = ['hi', 'Hi! I am the haptik-chat demo bot.', GREETING_END];
  await bothShow([a, b], GREETING_END, greeting);

  await say(b, 'bye');
  const bye = [...greeting, 'bye', 'Bye! Say hi whenever you like.'];
  await bothShow([a, b], 'Bye! Say hi', bye);
  assert.deepEqual(posts, ['hi', 'bye'], 'each message was posted once, by the tab it was written in');

  await Promise.all([a.reload(), b.reload()]);
  for (const page of [a, b]) {
    await page.locator('haptik-chat [part~="launcher"]').click();
    await page.locator('haptik-chat [part~="bubble"]', { hasText: 'Bye! Say hi' }).waitFor();
    assert.deepEqual(await transcript(page), bye, 'after both reloaded');
  }
  await say(a, 'fact');
  await a.locator('haptik-chat [part~="quick-reply"]', { hasText: 'Another fact' }).waitFor();
  const fact = await lastBot(a);
  await bothShow([a, b], fact, [...bye, 'fact', fact]);
  assert.deepEqual(posts, ['hi', 'bye', 'fact'], 'nothing was sent again by a reload');
  await context.close();
});

test('a message written offline is resent by its own tab only, and its reply shows once in both', async () => {
  const context = await session.browser.newContext();
  const posts: string[] = [];
  const a = await openTab(context, posts);
  const b = await openTab(context, posts);

  await context.setOffline(true);
  await say(a, 'hi');
  await a.locator('haptik-chat [part~="error"]', { hasText: 'offline' }).waitFor();
  await b.locator('haptik-chat [part~="user"] [part~="bubble"]', { hasText: 'hi' }).waitFor();
  assert.deepEqual(posts, []);

  await context.setOffline(false);
  const greeting = ['hi', 'Hi! I am the haptik-chat demo bot.', GREETING_END];
  await bothShow([a, b], GREETING_END, greeting);
  await a.waitForTimeout(300);
  assert.deepEqual(posts, ['hi'], 'sent once, though both tabs came back online');
  assert.equal(await b.locator('haptik-chat [part~="error"]').count(), 0, 'no failure left in the other tab');
  await context.close();
});

test('a new conversation started in one tab starts in the other too', async () => {
  const context = await session.browser.newContext();
  const posts: string[] = [];
  const a = await openTab(context, posts);
  const b = await openTab(context, posts);
  await say(a, 'hi');
  await bothShow([a, b], GREETING_END, ['hi', 'Hi! I am the haptik-chat demo bot.', GREETING_END]);

  await a.locator('haptik-chat [part~="menu-button"]').click();
  await a.locator('haptik-chat [role="menuitem"]', { hasText: 'New conversation' }).click();
  await a.locator('haptik-chat [role="alertdialog"] button', { hasText: 'Start new' }).click();
  for (const page of [a, b]) {
    await page.waitForFunction(
      () => !document.querySelector('haptik-chat')!.shadowRoot!.querySelector('[part~="bubble"]'),
    );
  }
  await say(b, 'hello');
  await bothShow([a, b], GREETING_END, ['hello', 'Hi! I am the haptik-chat demo bot.', GREETING_END]);
  await context.close();
});

test('a tab closed while its message is on the way leaves it failed, with a retry, in the other tabs', async () => {
  const context = await session.browser.newContext();
  const posts: string[] = [];
  const a = await openTab(context, posts);
  const b = await openTab(context, posts);
  const c = await openTab(context, posts);
  // The bot never answers the writer: its message stays on the way until its tab closes.
  await a.route('**/api/haptik', () => undefined);
  await say(a, 'hi');
  for (const page of [b, c]) {
    await page.locator('haptik-chat [part~="status"]', { hasText: 'Sending…' }).waitFor();
  }
  await a.close();
  for (const page of [b, c]) {
    const error = page.locator('haptik-chat [part~="user"] [part~="error"]');
    await error.waitFor();
    assert.match((await error.textContent()) ?? '', /may already have it/, 'it may have reached the bot');
    assert.equal(await page.locator('haptik-chat [part~="status"]', { hasText: 'Sending…' }).count(), 0);
  }
  // Another tab sends it again, once, and both remaining tabs show the answer.
  await b.locator('haptik-chat [part~="retry"]').click();
  await bothShow([b, c], GREETING_END, ['hi', 'Hi! I am the haptik-chat demo bot.', GREETING_END]);
  assert.deepEqual(posts, ['hi', 'hi'], "the closed tab's attempt, then the retry");
  await context.close();
});
