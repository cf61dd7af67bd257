/**
 * The widget as a person sees it on the demo page: closed launcher, open panel, dark mode, RTL and a
 * phone. Each state is checked for layout facts and saved as a screenshot under test/e2e/screenshots/.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { demoSession, SHOTS } from './server.js';

const session = demoSession();

async function chatted(page: Page, options: { goto?: boolean } = {}): Promise<void> {
  if (options.goto !== false) await page.goto(session.server.url);
  await page.locator('haptik-chat [part~="launcher"]').click();
  const input = page.locator('haptik-chat [part~="input"]');
  await input.fill('hi');
  await input.press('Enter');
  await page.locator('haptik-chat [part~="quick-reply"]').first().waitFor();
}

const box = async (page: Page, part: string) => {
  const rect = await page.locator(`haptik-chat [part~="${part}"]`).first().boundingBox();
  assert.ok(rect, `${part} is visible`);
  return rect;
};

test('closed, the widget is one launcher button in the bottom-right corner', async () => {
  const page = await session.browser.newPage({ viewport: { width: 1000, height: 700 } });
  await page.goto(session.server.url);
  const launcher = await box(page, 'launcher');
  assert.ok(launcher.x > 900 && launcher.y > 600, 'bottom-right');
  assert.equal(await page.locator('haptik-chat [part~="panel"]:visible').count(), 0);
  await page.screenshot({ path: new URL('launcher-closed.png', SHOTS).pathname });
  await page.close();
});

for (const scheme of ['light', 'dark'] as const) {
  test(`open in ${scheme} mode, the panel sits above the launcher, inside the window`, async () => {
    const page = await session.browser.newPage({
      viewport: { width: 1000, height: 760 },
      colorScheme: scheme,
    });
    await chatted(page);
    const panel = await box(page, 'panel');
    const launcher = await box(page, 'launcher');
    assert.ok(panel.y >= 0 && panel.x >= 0 && panel.x + panel.width <= 1000);
    assert.ok(panel.y + panel.height <= launcher.y, 'above the launcher');
    await page.screenshot({ path: new URL(`panel-${scheme}.png`, SHOTS).pathname });
    await page.close();
  });
}

test('on a right-to-left page the launcher moves to the bottom-left and the user speaks from the left', async () => {
  const page = await session.browser.newPage({ viewport: { width: 1000, height: 760 } });
  await page.goto(session.server.url);
  await page.evaluate(() => document.documentElement.setAttribute('dir', 'rtl'));
  await chatted(page, { goto: false });
  const launcher = await box(page, 'launcher');
  const panel = await box(page, 'panel');
  const user = await box(page, 'user');
  assert.ok(launcher.x < 100, 'launcher on the left');
  assert.ok(user.x - panel.x < 40, 'user bubble on the left');
  await page.screenshot({ path: new URL('panel-rtl.png', SHOTS).pathname });
  await page.close();
});

test('on a 375 px phone the open panel fills the screen and the composer is in view', async () => {
  const page = await session.browser.newPage({
    viewport: { width: 375, height: 667 },
    isMobile: true,
    hasTouch: true,
  });
  await chatted(page);
  const panel = await box(page, 'panel');
  assert.deepEqual([panel.x, panel.y, panel.width, panel.height].map(Math.round), [0, 0, 375, 667]);
  const composer = await box(page, 'composer');
  assert.ok(composer.y + composer.height <= 667, 'composer visible');
  await page.screenshot({ path: new URL('phone.png', SHOTS).pathname });
  await page.close();
});

test("a page's own text styles do not reach the widget: the open panel looks the same", async () => {
  const hostile =
    'body { font: italic 22px/2.5 serif; text-align: center; letter-spacing: 3px; word-spacing: 8px;' +
    ' text-transform: uppercase; white-space: pre-wrap; color: #c00; cursor: crosshair }';
  const shots: Buffer[] = [];
  for (const name of ['plain', 'hostile'] as const) {
    // The demo page's CSP allows no inline styles; the test page adds one anyway.
    const page = await session.browser.newPage({ viewport: { width: 1000, height: 760 }, bypassCSP: true });
    // Messages show the time they were sent: both pages live at one fixed moment, or a minute could turn between them.
    await page.clock.setFixedTime(new Date('2026-06-01T12:00:00'));
    await page.goto(session.server.url);
    if (name === 'hostile') await page.addStyleTag({ content: hostile });
    await chatted(page, { goto: false });
    shots.push(
      await page.locator('haptik-chat [part~="panel"]').screenshot({
        animations: 'disabled',
        path: new URL(`host-styles-${name}.png`, SHOTS).pathname,
      }),
    );
    await page.close();
  }
  assert.ok(shots[0]!.equals(shots[1]!), 'the panel is pixel for pixel the same on both pages');
});
