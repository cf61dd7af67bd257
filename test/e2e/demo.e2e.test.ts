import assert from 'node:assert/strict';
import { test } from 'node:test';
import { collectProblems } from './pages.js';
import { demoSession, SHOTS } from './server.js';

const session = demoSession();

test('a person chats with the demo bot through the proxy: types, sends, taps a quick reply', async () => {
  const page = await session.browser.newPage({ viewport: { width: 1000, height: 760 } });
  const problems = collectProblems(page);

  await page.goto(session.server.url);
  await page.locator('haptik-chat [part~="launcher"]').click();
  const input = page.locator('haptik-chat [part~="input"]');
  await input.fill('hi');
  await input.press('Enter');

  await page
    .locator('haptik-chat [part~="message"][part~="bot"]', { hasText: 'What would you like to see?' })
    .waitFor();
  assert.equal(
    await page
      .locator('haptik-chat [part~="message"][part~="user"] [part~="bubble"]')
      .first()
      .textContent()
      .then((t) => t?.trim()),
    'hi',
  );

  await page.locator('haptik-chat [part~="quick-reply"]', { hasText: 'Tell me a fact' }).click();
  await page
    .locator('haptik-chat [part~="message"][part~="bot"]', { hasText: 'Another fact' })
    .or(page.locator('haptik-chat [part~="quick-reply"]', { hasText: 'Another fact' }))
    .first()
    .waitFor();
  const userBubbles = await page
    .locator('haptik-chat [part~="message"][part~="user"] [part~="bubble"]')
    .allTextContents();
  assert.deepEqual(
    userBubbles.map((t) => t.trim()),
    ['hi', 'Tell me a fact'],
  );
  assert.equal(
    await page.locator('haptik-chat [part~="quick-reply"]', { hasText: 'Bye' }).count(),
    0,
    'used quick replies are gone',
  );

  await page.screenshot({ path: new URL('demo-conversation.png', SHOTS).pathname });
  assert.deepEqual(problems, [], 'no console errors or CSP/Trusted Types violations');
  await page.close();
});
