/**
 * The framework demo pages, built by `npm run build` (vite.demo.config.ts) and served by `npm start` under
 * its strict CSP: React 19 with the element itself, React with `haptik-chat/react` (tested with React 19;
 * React 18 cannot be installed beside it here), and Vue 3.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { collectProblems, exerciseFrameworkPage } from './pages.js';
import { demoSession, SHOTS } from './server.js';

const session = demoSession();

const PAGES = [
  { name: 'React 19 with <haptik-chat> itself', path: 'react.html', shot: 'react.png' },
  { name: 'React with haptik-chat/react', path: 'react/wrapper.html', shot: 'react-wrapper.png' },
  { name: 'Vue 3 with isCustomElement and v-on', path: 'vue.html', shot: 'vue.png' },
];

for (const { name, path, shot } of PAGES) {
  test(`${name}: mount, chat, the page's handler fires, unmount leaves nothing listening`, async () => {
    const page = await session.browser.newPage({ viewport: { width: 900, height: 860 } });
    const problems = collectProblems(page);
    await page.goto(new URL(path, session.server.url).href);
    await exerciseFrameworkPage(page, {
      afterReply: () => page.screenshot({ path: new URL(shot, SHOTS).pathname }).then(() => undefined),
    });
    assert.deepEqual(problems, [], 'no console errors or CSP/Trusted Types violations');
    await page.close();
  });
}
