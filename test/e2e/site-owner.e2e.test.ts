/**
 * What the site owner adds, on the demo page as a site serves it (strict CSP, Trusted Types enforced):
 * a proactive prompt, the language switcher (Arabic turns the widget right to left) and a custom renderer
 * that returns HTML, drawn through the one `haptik-chat` policy.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { collectProblems } from './pages.js';
import { demoSession, SHOTS } from './server.js';

const session = demoSession();

async function openDemo(): Promise<{ page: Page; problems: string[] }> {
  const page = await session.browser.newPage({ viewport: { width: 1000, height: 760 } });
  const problems = collectProblems(page);
  await page.goto(session.server.url);
  return { page, problems };
}

test('the demo shows a prompt beside the launcher; its quick reply opens the chat and sends it', async () => {
  const { page, problems } = await openDemo();
  const prompt = page.locator('haptik-chat [part~="prompt"]');
  await prompt.waitFor();
  assert.match((await prompt.textContent()) ?? '', /Want to see what this bot can do\?/);
  assert.equal(
    await page.evaluate(() => document.activeElement?.localName),
    'body',
    'the prompt took no focus',
  );
  await page.screenshot({ path: new URL('demo-prompt.png', SHOTS).pathname });
  await prompt.getByRole('button', { name: 'Hi', exact: true }).click();
  await page
    .locator('haptik-chat [part~="message"][part~="bot"]', { hasText: 'What would you like to see?' })
    .waitFor();
  assert.equal(await prompt.count(), 0);
  assert.deepEqual(problems, [], 'no console errors or CSP/Trusted Types violations');
  await page.close();
});

test('the language switcher sets lang: Arabic loads its chunk and turns the widget right to left', async () => {
  const { page, problems } = await openDemo();
  await page.locator('#language').selectOption('ar');
  const launcher = page.locator('haptik-chat [part~="launcher"]');
  await page.waitForFunction(
    () =>
      document
        .querySelector('haptik-chat')
        ?.shadowRoot?.querySelector('[part~="launcher"]')
        ?.getAttribute('aria-label') === 'فتح المحادثة',
  );
  await launcher.click();
  const input = page.locator('haptik-chat [part~="input"]');
  await input.waitFor();
  assert.equal(await input.getAttribute('placeholder'), 'اكتب رسالة…');
  assert.equal(
    await page.locator('haptik-chat [part~="panel"]').evaluate((panel) => getComputedStyle(panel).direction),
    'rtl',
  );
  await input.fill('hi');
  await input.press('Enter');
  await page.locator('haptik-chat [part~="message"][part~="bot"]').first().waitFor();
  await page.screenshot({ path: new URL('demo-arabic.png', SHOTS).pathname });
  assert.deepEqual(problems, []);
  await page.close();
});

test("a renderer's HTML is drawn under the page's Trusted Types, sanitized, and its form sends to the chat", async () => {
  const { page, problems } = await openDemo();
  // A string, as a site's own script would say it (tsx would wrap a function in helpers the page lacks).
  await page.evaluate(`{
    const chat = document.querySelector('haptik-chat');
    chat.renderers = {
      FORM: (message) =>
        '<form><p><strong>' + message.text + '</strong></p><img src=x onerror="alert(1)">' +
        '<label>Pincode <input name="pincode"></label><button>Send</button></form>',
    };
    chat.show();
  }`);
  const input = page.locator('haptik-chat [part~="input"]');
  await input.fill('everything');
  await input.press('Enter');
  const form = page.locator('haptik-chat [data-type="FORM"] form');
  await form.waitFor();
  assert.match((await form.locator('strong').textContent()) ?? '', /FORM/);
  assert.equal(await form.locator('img').getAttribute('onerror'), null);
  await form.locator('input').fill('400001');
  await form.locator('button').click();
  await page
    .locator('haptik-chat [part~="message"][part~="user"] [part~="bubble"]', { hasText: 'pincode: 400001' })
    .waitFor();
  // Parsing the hostile string for DOMPurify, Chrome reports the `onerror` it refused (script-src-attr):
  // blocked, never run. Anything else is a problem.
  const refusedHandler = /^Executing inline event handler violates the following Content Security Policy/;
  assert.deepEqual(
    problems.filter((problem) => !refusedHandler.test(problem)),
    [],
    'no other console errors or CSP/Trusted Types violations',
  );
  await page.close();
});
