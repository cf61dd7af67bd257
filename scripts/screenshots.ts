/**
 * `npm run screenshots`: the README's theme images, taken from the theme gallery (demo/themes.html) as
 * `npm start` serves it, talking to the built-in demo bot. Writes docs/themes/<theme>.png for every theme
 * in the gallery, and docs/themes/gallery.png with all of them; then the launcher on the demo page at the
 * sizes that test a layout (a window zoomed to 200% and 400%, a phone held sideways and upright), a long
 * reply, and the dark scheme: docs/themes/<scene>.png. Run after `npm run build`.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createApp } from '../proxy/serve.js';
import { serve } from '../proxy/node.js';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../test/e2e/browser.js';

const OUT = fileURLToPath(new URL('../docs/themes/', import.meta.url));
interface Scene {
  name: string;
  width: number;
  height: number;
  say: string;
  touch?: boolean;
  dark?: boolean;
}

/** The launcher panel on the demo page, each at a size (or with a reply) that tests the layout. */
const SCENES: Scene[] = [
  { name: 'short-screen', width: 640, height: 400, say: 'hi' }, // 1280×800 at 200%
  { name: 'zoom-400', width: 320, height: 200, say: 'hi' }, // 1280×800 at 400%
  { name: 'landscape', width: 740, height: 375, say: 'many choices', touch: true },
  { name: 'phone', width: 375, height: 740, say: 'carousel', touch: true },
  { name: 'long-reply', width: 1280, height: 800, say: 'long answer' },
  { name: 'dark-scheme', width: 1280, height: 800, say: 'buttons', dark: true },
];

/** Opens the launcher on the demo page at the scene's size, says its line, and waits for the answer. */
async function shoot(browser: Browser, origin: string, scene: Scene): Promise<void> {
  const page = await browser.newPage({
    viewport: { width: scene.width, height: scene.height },
    colorScheme: scene.dark ? 'dark' : 'light',
    // Reduced motion: the reply arrives whole (no pacing) and the panel does not fade in.
    reducedMotion: 'reduce',
    ...(scene.touch ? { isMobile: true, hasTouch: true } : {}),
  });
  await page.goto(`${origin}/`);
  const launcher = page.locator('haptik-chat [part~="launcher"]');
  await (scene.touch ? launcher.tap() : launcher.click());
  const input = page.locator('haptik-chat [part~="input"]');
  await input.fill(scene.say);
  await input.press('Enter');
  await page.locator('haptik-chat [part~="quick-reply"], haptik-chat [part~="carousel"]').first().waitFor();
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.mouse.move(0, 0); // no hover state on the launcher
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${OUT}${scene.name}.png`, animations: 'disabled' });
  console.log(`docs/themes/${scene.name}.png`);
  await page.close();
}

const server = await serve(createApp({}).handler, 0, '127.0.0.1');
const address = server.address();
if (!address || typeof address === 'string') throw new Error('the demo server has no port');
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1240, height: 900 }, colorScheme: 'light' });
  await page.goto(`http://127.0.0.1:${address.port}/themes.html`);
  const themes = page.locator('.gallery figure');
  const count = await themes.count();
  // Every chat's answer ends with quick replies.
  for (let i = 0; i < count; i += 1) {
    await themes.nth(i).locator('haptik-chat [part~="quick-reply"]').first().waitFor();
  }
  await page.locator('#rating haptik-chat [part~="rating"]').waitFor({ timeout: 90_000 });
  // Let the last replies finish scrolling into view, and the focus ring settle, before taking pictures.
  await page.evaluate(() => document.fonts.ready);
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.locator('#menu haptik-chat [part~="menu-button"]').click();
  await page.locator('#menu haptik-chat [part~="menu"]').waitFor();
  // The day lines are at the top of the stored conversation.
  await page.locator('#days haptik-chat [part~="log"]').evaluate((log) => log.scrollTo({ top: 0 }));
  await page.waitForTimeout(300);

  mkdirSync(OUT, { recursive: true });
  for (let i = 0; i < count; i += 1) {
    const theme = themes.nth(i);
    const id = await theme.getAttribute('id');
    await theme.screenshot({ path: `${OUT}${id}.png`, animations: 'disabled' });
    console.log(`docs/themes/${id}.png`);
  }
  await page.locator('.gallery').screenshot({ path: `${OUT}gallery.png`, animations: 'disabled' });
  console.log('docs/themes/gallery.png');
  for (const scene of SCENES) await shoot(browser, `http://127.0.0.1:${address.port}`, scene);
} finally {
  await browser.close();
  server.closeAllConnections();
  server.close();
}
