/**
 * The demo needs no internet: the demo bot's pictures are the project's own (demo/images/), which
 * `npm start` serves on the page's origin. The demo page runs here with every request that leaves that
 * origin refused, and every picture of the bot's "Everything" reply loads.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { demoReplies } from '../../proxy/demo-bot.js';
import { collectProblems } from './pages.js';
import { demoSession, SHOTS } from './server.js';

const session = demoSession();

/** The pictures the demo bot sends for "Everything": one per carousel card that has a thumbnail. */
const EVERYTHING = demoReplies('everything', 0);
const PICTURES = EVERYTHING.flatMap((message) =>
  message.type === 'CAROUSEL'
    ? (message.data['items'] as Array<{ thumbnail?: { image?: string } }>).flatMap(
        (card) => card.thumbnail?.image ?? [],
      )
    : [],
);
const LAST_TEXT = EVERYTHING.at(-1)!.text;

test('the demo bot\'s "Everything" reply shows every picture with every other origin blocked', async () => {
  const context = await session.browser.newContext({ viewport: { width: 1000, height: 800 } });
  const origin = new URL(session.server.url).origin;
  const outside: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (new URL(url).origin === origin) return route.continue();
    outside.push(url);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  const problems = collectProblems(page);
  await page.goto(session.server.url);
  await page.locator('haptik-chat [part~="launcher"]').click();
  const input = page.locator('haptik-chat [part~="input"]');
  await input.fill('Everything');
  await input.press('Enter');
  await page.locator('haptik-chat [part~="message"][part~="bot"]', { hasText: LAST_TEXT }).waitFor();

  assert.ok(PICTURES.length >= 2, 'the reply has pictures to check');
  assert.ok(
    PICTURES.every((url) => url.startsWith('/images/')),
    `the demo bot's pictures are the project's own: ${PICTURES.join(', ')}`,
  );
  const images = page.locator('haptik-chat [part~="image"]');
  assert.equal(await images.count(), PICTURES.length, 'one image on screen per picture sent');
  const loaded: Array<{ src: string; width: number }> = [];
  for (const image of await images.all()) {
    // Card images load lazily: bring each into view, as a person scrolling the carousel would.
    await image.scrollIntoViewIfNeeded();
    loaded.push(
      await image.evaluate(async (img: HTMLImageElement) => {
        if (!img.complete) {
          await new Promise((settled) => {
            img.addEventListener('load', settled, { once: true });
            img.addEventListener('error', settled, { once: true });
          });
        }
        return { src: img.currentSrc, width: img.naturalWidth };
      }),
    );
  }
  assert.deepEqual(
    loaded.map(({ src }) => src),
    PICTURES.map((path) => new URL(path, origin).href),
    'each picture comes from the page’s own origin',
  );
  assert.deepEqual(
    loaded.filter(({ width }) => width === 0).map(({ src }) => src),
    [],
    'every picture loaded (naturalWidth > 0)',
  );
  assert.deepEqual(outside, [], 'the demo asked for nothing outside its own origin');
  assert.deepEqual(problems, []);
  await page.screenshot({ path: new URL('demo-images.png', SHOTS).pathname });
  await context.close();
});
