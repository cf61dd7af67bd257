/**
 * For the person chatting, on the demo through the real server: thumbs and the rating form (the demo bot
 * plays Haptik's Log Feedback API), the transcript download, and a web view that closes itself.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { collectProblems, GREETING_END } from './pages.js';
import { demoSession, SHOTS } from './server.js';

const session = demoSession();

async function openChat(page: Page, feedback = true): Promise<void> {
  await page.goto(session.server.url);
  if (feedback) await page.locator('haptik-chat').evaluate((el) => el.setAttribute('feedback', ''));
  await page.locator('haptik-chat [part~="launcher"]').click();
  await page.locator('haptik-chat [part~="input"]').waitFor();
}

async function say(page: Page, text: string): Promise<void> {
  const input = page.locator('haptik-chat [part~="input"]');
  await input.fill(text);
  await input.press('Enter');
}

test('thumbs tell the page; a completed chat offers the rating form, which Haptik takes once an hour', async () => {
  const page = await session.browser.newPage({ viewport: { width: 1000, height: 800 } });
  const problems = collectProblems(page);
  await openChat(page);
  await page.evaluate(() => {
    const heard: unknown[] = [];
    (window as unknown as { heard: unknown[] }).heard = heard;
    document.addEventListener('haptik-feedback', (event) => {
      const { messageId, value } = event as Event & { messageId: string; value: string };
      heard.push({ messageId, value });
    });
  });
  await say(page, 'hi');
  await page.locator('haptik-chat [part~="bot"]', { hasText: GREETING_END }).waitFor();
  await page
    .locator('haptik-chat [part~="bot"]', { hasText: GREETING_END })
    .locator('[part~="rate"]')
    .first()
    .click();
  const heard = await page.evaluate(() => (window as unknown as { heard: unknown[] }).heard);
  assert.equal(heard.length, 1);
  assert.equal((heard[0] as { value: string }).value, 'up');
  assert.match((heard[0] as { messageId: string }).messageId, /^\d+$/, "the demo bot's message id");

  await say(page, 'bye');
  const form = page.locator('haptik-chat [part~="rating"]');
  await form.waitFor();
  await form.getByText('Yes', { exact: true }).click();
  await form.locator('.star').nth(3).click();
  await form.locator('textarea').fill('Quick and clear');
  await page.screenshot({ path: new URL('rating-form.png', SHOTS).pathname });
  await form.locator('button[type="submit"]').click();
  await page
    .locator('haptik-chat [role="status"]', { hasText: 'Thank you: your rating was sent.' })
    .waitFor();
  assert.equal(await form.count(), 0);

  await page.locator('haptik-chat [part~="menu-button"]').click();
  await page.locator('haptik-chat [role="menuitem"]', { hasText: 'Rate this conversation' }).click();
  await form.getByText('No', { exact: true }).click();
  await form.locator('.star').nth(0).click();
  await form.locator('button[type="submit"]').click();
  await form.locator('[role="alert"]', { hasText: 'You can rate it again in an hour.' }).waitFor();
  // The browser logs the refused rating (409) itself; nothing else went wrong.
  assert.deepEqual(
    problems.filter((problem) => !/status of 409/.test(problem)),
    [],
  );
  await page.close();
});

test('the transcript downloads as a text file: who said what, and when', async () => {
  const page = await session.browser.newPage();
  await openChat(page, false);
  await say(page, 'hi');
  await page.locator('haptik-chat [part~="bot"]', { hasText: GREETING_END }).waitFor();
  await page.locator('haptik-chat [part~="menu-button"]').click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('haptik-chat [role="menuitem"]', { hasText: 'Download transcript' }).click(),
  ]);
  assert.match(download.suggestedFilename(), /^chat-\d{4}-\d\d-\d\d\.txt$/);
  const text = await readFile((await download.path())!, 'utf8');
  const lines = text.split('\n');
  assert.equal(lines[0], 'Demo bot');
  assert.match(lines[2]!, /^\[.+\] You: hi$/);
  assert.match(lines[3]!, /^\[.+\] Demo bot: Hi! I am the haptik-chat demo bot\.$/);
  assert.match(lines[4]!, /^\[.+\] Demo bot: What would you like to see\?$/);
  await page.close();
});

test('a web view that closes itself sends its message as the user', async () => {
  const page = await session.browser.newPage();
  // The demo's web view page, standing in for a form that saves and closes itself.
  await page.route('https://example.com/**', (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><title>Address form</title><button id="save">Save</button><script>
        document.getElementById('save').onclick = () => window.parent.postMessage(
          'http://haptik-webview//perform-action?action=close&message=Saved%20my%20address', '*');
      </script>`,
    }),
  );
  await openChat(page, false);
  await say(page, 'webview');
  await page.locator('haptik-chat [part~="button"]', { hasText: 'Open example.com' }).click();
  const frame = page.frameLocator('haptik-chat [part~="webview"] iframe');
  await frame.locator('#save').click();
  await page.locator('haptik-chat [part~="bot"]', { hasText: 'You said: Saved my address' }).waitFor();
  assert.equal(await page.locator('haptik-chat [part~="webview"]').count(), 0, 'the web view closed');
  const users = await page.locator('haptik-chat [part~="user"] [part~="bubble"]').allTextContents();
  assert.deepEqual(
    users.map((text) => text.trim()),
    ['webview', 'Saved my address'],
  );
  await page.close();
});
