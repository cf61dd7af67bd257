/**
 * `npm run screenshots`: the README's theme images, taken from the theme gallery (demo/themes.html) as
 * `npm start` serves it, talking to the built-in demo bot. Writes docs/themes/<theme>.png for every theme
 * in the gallery, and docs/themes/gallery.png with all of them. Run after `npm run build`.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createApp } from '../proxy/serve.js';
import { serve } from '../proxy/node.js';
import { launchChromium } from '../test/e2e/browser.js';

const OUT = fileURLToPath(new URL('../docs/themes/', import.meta.url));
/** The demo bot's answer to "hi", which the gallery's script sends in every chat, ends with this. */
const GREETING_END = 'What would you like to see?';

const server = await serve(createApp({}).handler, 0, '127.0.0.1');
const address = server.address();
if (!address || typeof address === 'string') throw new Error('the demo server has no port');
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1240, height: 900 }, colorScheme: 'light' });
  await page.goto(`http://127.0.0.1:${address.port}/themes.html`);
  const themes = page.locator('.gallery figure');
  const count = await themes.count();
  for (let i = 0; i < count; i += 1) {
    await themes
      .nth(i)
      .locator('haptik-chat [part~="message"][part~="bot"]', { hasText: GREETING_END })
      .waitFor();
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
} finally {
  await browser.close();
  server.closeAllConnections();
  server.close();
}
