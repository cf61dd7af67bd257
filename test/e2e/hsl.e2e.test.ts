/**
 * Every HSL type from the demo bot, on the demo page as `npm start` serves it: a strict CSP (no inline
 * script or style, no eval) with Trusted Types enforced. Nothing may be reported, and a person can see
 * each type in the screenshots this saves (test/e2e/screenshots/hsl-*.png).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { collectProblems } from './pages.js';
import { demoSession, SHOTS } from './server.js';

const session = demoSession();

/** The outside world the demo links to (the web view's page), answered locally. */
async function offline(context: BrowserContext): Promise<void> {
  await context.route('https://example.com/', (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: '<!doctype html><title>Example</title><h1>Example Domain</h1><p>A page shown in the web view.</p>',
    }),
  );
}

interface Watched {
  page: Page;
  problems: string[];
  violations: () => Promise<string[]>;
}

async function openDemo(viewport: { width: number; height: number }): Promise<Watched> {
  const context = await session.browser.newContext({ viewport, reducedMotion: 'reduce' });
  await offline(context);
  const page = await context.newPage();
  const problems = collectProblems(page);
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __violations: string[] }).__violations = seen;
    document.addEventListener('securitypolicyviolation', (event) =>
      seen.push(`${event.effectiveDirective} ${event.blockedURI} ${event.sample}`),
    );
  });
  const response = await page.goto(session.server.url);
  assert.match(response?.headers()['content-security-policy'] ?? '', /require-trusted-types-for 'script'/);
  await page.locator('haptik-chat [part~="launcher"]').click();
  return {
    page,
    problems,
    violations: () => page.evaluate(() => (window as unknown as { __violations: string[] }).__violations),
  };
}

const bot = (page: Page, text: string) =>
  page.locator('haptik-chat [part~="message"][part~="bot"]', { hasText: text }).last();

async function say(page: Page, text: string): Promise<void> {
  const input = page.locator('haptik-chat [part~="input"]');
  await input.fill(text);
  await input.press('Enter');
}

/** Waits until the images in view are loaded and decoded, so a screenshot shows them. */
async function settle(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const root = document.querySelector('haptik-chat')?.shadowRoot;
    const inView = [...(root?.querySelectorAll('img') ?? [])].filter((image) => {
      const { top, bottom } = image.getBoundingClientRect();
      return bottom > 0 && top < innerHeight;
    });
    await Promise.all(inView.map((image) => image.decode().catch(() => undefined)));
  });
}

test('under a strict CSP with Trusted Types, every type renders and works, and nothing is reported', async () => {
  const { page, problems, violations } = await openDemo({ width: 1000, height: 760 });
  // In a tab of its own, as the probe is (rightly) reported: the page really enforces Trusted Types.
  const probe = await page.context().newPage();
  await probe.goto(session.server.url);
  const trustedTypesEnforced = await probe.evaluate(() => {
    try {
      document.createElement('div').innerHTML = '<b>plain string</b>';
      return false;
    } catch {
      return true;
    }
  });
  await probe.close();
  assert.equal(trustedTypesEnforced, true, 'a plain-string innerHTML is refused on this page');

  await say(page, 'hi');
  await page.locator('haptik-chat [part~="quick-reply"]', { hasText: 'Everything' }).click();
  await bot(page, 'That was everything').waitFor();

  const chat = page.locator('haptik-chat');
  assert.equal(await chat.locator('.bubble strong', { hasText: 'bold' }).count(), 1, 'markup');
  assert.equal(
    await chat.locator('.bubble a[href="https://www.haptik.ai/"]').count(),
    2,
    'URL and www. links',
  );
  assert.equal(await chat.locator('.bubble a[href="mailto:help@example.com"]').count(), 1, 'e-mail link');
  assert.equal(await chat.locator('.bubble a[href="tel:+15550100199"]').count(), 1, 'phone link');
  assert.equal(await chat.locator('[part~="button"]', { hasText: "Haptik's website" }).count(), 1);
  assert.equal(await chat.locator('[part~="carousel"] [part~="card"]').count(), 3, 'carousel cards');
  assert.equal(await chat.locator('[part="image"]').count(), 1, 'inline image');
  assert.equal(await chat.locator('[part~="system"]').count(), 1, 'system line');
  assert.equal(await chat.locator('.bubble', { hasText: 'this FORM' }).count(), 1, 'fallback text');

  await chat.locator('.scroll.next').click();
  await chat.locator('[part~="button"]', { hasText: 'Open example.com' }).click();
  const frame = chat.locator('[part~="webview"] iframe');
  await frame.waitFor();
  assert.equal(await frame.getAttribute('src'), 'https://example.com/');
  await page.frameLocator('haptik-chat [part~="webview"] iframe').locator('h1').waitFor();
  await chat.locator('.webview-close').click();
  assert.equal(await chat.locator('[part~="webview"]').count(), 0, 'the web view closes');

  await chat.locator('[part~="button"]', { hasText: 'Tell me a fact' }).first().click();
  await page.locator('haptik-chat [part~="quick-reply"]', { hasText: 'Another fact' }).waitFor();

  assert.deepEqual(await violations(), [], 'no CSP or Trusted Types violation');
  assert.deepEqual(problems, [], 'no console error');
  await page.context().close();
});

const SCREENS = [
  { name: 'menu', say: 'hi', wait: 'What would you like to see?' },
  { name: 'markup', say: 'markup', wait: 'Tap this bubble' },
  { name: 'buttons', say: 'buttons', wait: 'Anything else?' },
  { name: 'carousel', say: 'carousel', wait: 'Weekend getaways' },
  { name: 'image', say: 'image', wait: 'Anything else?' },
  { name: 'system', say: 'system', wait: 'The line above' },
  { name: 'webview', say: 'webview', wait: 'A web view shows' },
];

for (const viewport of [
  { label: 'desktop', width: 1000, height: 760 },
  { label: 'mobile', width: 375, height: 760 },
]) {
  test(`screenshots of every type from the demo bot, ${viewport.label} (${viewport.width} px)`, async () => {
    const { page, problems, violations } = await openDemo(viewport);
    for (const screen of SCREENS) {
      await say(page, screen.say);
      await bot(page, screen.wait).waitFor();
      await settle(page);
      await page.screenshot({ path: new URL(`hsl-${screen.name}-${viewport.label}.png`, SHOTS).pathname });
    }
    await page.locator('haptik-chat [part~="button"]', { hasText: 'Open example.com' }).last().click();
    await page.frameLocator('haptik-chat [part~="webview"] iframe').locator('h1').waitFor();
    await page.screenshot({ path: new URL(`hsl-webview-open-${viewport.label}.png`, SHOTS).pathname });
    assert.deepEqual(await violations(), []);
    assert.deepEqual(problems, []);
    await page.context().close();
  });
}

test('code that cannot load (a chunk gone after a deploy) is reported to the page, and the chat carries on', async () => {
  const context = await session.browser.newContext({ viewport: { width: 1000, height: 760 } });
  const gone = new Set(['chat-panel', 'carousel']);
  /** How many times the panel's code was asked for and refused: each attempt may report once. */
  let panelAttempts = 0;
  await context.route(/\/chunks\/[\w-]+\.js$/, (route) => {
    // A chunk is `<name>-<hash>.js`; the hash may hold a `-` too.
    const file = new URL(route.request().url()).pathname.split('/').pop()!;
    const name = [...gone].find((prefix) => file.startsWith(`${prefix}-`));
    if (name === 'chat-panel') panelAttempts += 1;
    return name ? route.abort() : route.continue();
  });
  const page = await context.newPage();
  await page.addInitScript(() => {
    const errors: string[] = [];
    (window as unknown as { __loadErrors: string[] }).__loadErrors = errors;
    document.addEventListener('haptik-load-error', (event) =>
      errors.push((event as Event & { error: Error }).error.message),
    );
  });
  const loadErrors = () =>
    page.evaluate(() => (window as unknown as { __loadErrors: string[] }).__loadErrors);
  await page.goto(session.server.url);
  const launcher = page.locator('haptik-chat [part~="launcher"]');

  // The panel's code: the open frame says it could not load, and the page hears why.
  await launcher.click();
  await page.locator('haptik-chat [part~="panel"]', { hasText: 'could not load' }).waitFor();
  assert.ok((await loadErrors()).length >= 1, 'haptik-load-error for the panel');
  assert.ok(
    (await loadErrors()).length <= panelAttempts,
    `one haptik-load-error per attempt at most: ${(await loadErrors()).length} for ${panelAttempts}`,
  );
  assert.ok(
    (await loadErrors()).every((message) => message.length > 0),
    'each error says something',
  );

  // Back after the deploy settles: opening again loads it.
  gone.delete('chat-panel');
  await launcher.click();
  await launcher.click();
  await say(page, 'hi');
  await bot(page, 'What would you like to see?').waitFor();
  const beforeCards = (await loadErrors()).length;

  // A carousel's code, loaded by the panel: the cards' message shows as text, the page hears of it.
  await say(page, 'carousel');
  await bot(page, 'Weekend getaways').waitFor();
  await page.waitForFunction(
    (count) => (window as unknown as { __loadErrors: string[] }).__loadErrors.length > count,
    beforeCards,
  );
  assert.equal(
    await page.locator('haptik-chat [part~="carousel"]').count(),
    0,
    'no cards without their code',
  );
  await context.close();
});
