import assert from 'node:assert/strict';
import { test } from 'node:test';
import { demoSession } from './server.js';

const session = demoSession();

test('a message typed while offline waits, then goes out by itself once the browser is back online', async () => {
  const context = await session.browser.newContext();
  const page = await context.newPage();
  const posts: string[] = [];
  page.on('request', (request) => {
    if (request.url().endsWith('/api/haptik')) posts.push(request.postData() ?? '');
  });
  await page.goto(session.server.url);
  await page.locator('haptik-chat [part~="launcher"]').click();
  const input = page.locator('haptik-chat [part~="input"]');
  await input.waitFor();

  await context.setOffline(true);
  await input.fill('hi');
  await input.press('Enter');
  await page.locator('haptik-chat [part~="error"]', { hasText: 'offline' }).waitFor();
  assert.equal(posts.length, 0, 'nothing left while offline');

  await context.setOffline(false);
  await page.locator('haptik-chat [part~="bot"]', { hasText: 'What would you like to see?' }).waitFor();
  assert.equal(posts.length, 1, 'sent exactly once after coming back online');
  assert.equal(await page.locator('haptik-chat [part~="error"]').count(), 0);
  await context.close();
});

test('a send that failed after leaving the browser is never resent without the user asking', async () => {
  const context = await session.browser.newContext();
  const page = await context.newPage();
  let posts = 0;
  await page.route('**/api/haptik', async (route) => {
    posts += 1;
    if (posts === 1)
      await route.fulfill({
        status: 502,
        contentType: 'application/json',
        body: '{"error":{"code":"upstream_unreachable","message":"The bot could not be reached."}}',
      });
    else await route.continue();
  });
  await page.goto(session.server.url);
  await page.locator('haptik-chat [part~="launcher"]').click();
  const input = page.locator('haptik-chat [part~="input"]');
  await input.fill('hi');
  await input.press('Enter');
  await page.locator('haptik-chat [part~="retry"]').waitFor();
  await context.setOffline(true);
  await context.setOffline(false);
  await page.waitForTimeout(300);
  assert.equal(posts, 1, 'not resent by itself');

  await page.locator('haptik-chat [part~="retry"]').click();
  await page.locator('haptik-chat [part~="bot"]', { hasText: 'What would you like to see?' }).waitFor();
  assert.equal(posts, 2);
  await context.close();
});
