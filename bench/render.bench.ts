/**
 * `npm run bench:render`: how fast the built widget renders in headless Chromium.
 * - append: one more exchange (the user's message and the bot's reply) on a transcript of 1,000 messages;
 * - restore: a page load that restores 200 persisted messages, from element creation to all of them drawn;
 * - heap: JS heap retained per message, after garbage collection.
 * Goals (issue "dependable conversation"): append under 4 ms, restore under 50 ms.
 */
import { execFileSync } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { launchChromium } from '../test/e2e/browser.js';
import { serve } from '../proxy/node.js';
import { createApp } from '../proxy/serve.js';

const RUNS = 25;

execFileSync('node_modules/.bin/vite', ['build', '--logLevel', 'warn'], { stdio: 'inherit' });
const server = await serve(createApp({}).handler, 0);
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const browser = await launchChromium();
const page = await browser.newPage();
// tsx keeps function names with a `__name` helper that the page does not have.
await page.addInitScript({ content: 'globalThis.__name = (fn) => fn;' });
await page.route(`${origin}/bench.html`, (route) =>
  route.fulfill({
    contentType: 'text/html',
    body: `<!doctype html><html><body style="margin:0"><div id="host" style="height:600px;width:400px"></div>
      <script type="module" src="/dist/haptik-chat.js"></script></body></html>`,
  }),
);
await page.goto(`${origin}/bench.html`);
await page.waitForFunction(() => customElements.get('haptik-chat'));
const cdp = await page.context().newCDPSession(page);

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const heapUsed = async () => {
  await cdp.send('HeapProfiler.collectGarbage');
  return (await cdp.send('Runtime.getHeapUsage')).usedSize;
};

// The page builds replies itself, through the element's injectable fetch: no network in the numbers.
await page.evaluate(() => {
  const w = window as unknown as Record<string, unknown>;
  w['benchReply'] = (count: number, text: string) =>
    new Response(
      JSON.stringify({
        message: Array.from({ length: count }, (_, i) => ({
          id: i,
          body: {
            text: `${text} ${i}: *some* text\nover two lines`,
            type: 'TEXT',
            data: { quick_replies: [] },
          },
        })),
      }),
      { headers: { 'content-type': 'application/json' } },
    );
});

const heapBefore = await heapUsed();
await page.evaluate(async () => {
  const w = window as unknown as { benchReply(count: number, text: string): Response };
  const el = document.createElement('haptik-chat') as HTMLElement & {
    send(text: string): Promise<void>;
    updateComplete: Promise<boolean>;
    fetch: typeof fetch;
  };
  el.setAttribute('mode', 'inline');
  el.setAttribute('persist', 'none');
  el.setAttribute('business-id', '343');
  el.setAttribute('auth-id', 'bench');
  el.fetch = (async () => w.benchReply(999, 'history')) as typeof fetch;
  document.getElementById('host')!.append(el);
  await el.send('fill');
  const root = el.shadowRoot!;
  while (root.querySelectorAll('[part~="message"]').length < 1000)
    await new Promise((r) => setTimeout(r, 10));
  (window as unknown as Record<string, unknown>)['el'] = el;
});
const heapAfter = await heapUsed();

if (process.env['PROFILE']) {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.start');
}
await cdp.send('Performance.enable');
const metrics = async () =>
  Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
const beforeAppend = await metrics();
const appendTimes: number[] = await page.evaluate(async (runs) => {
  const w = window as unknown as {
    benchReply(count: number, text: string): Response;
    el: HTMLElement & {
      send(text: string): Promise<void>;
      updateComplete: Promise<boolean>;
      fetch: typeof fetch;
    };
  };
  const { el } = w;
  const tick = () =>
    new Promise<void>((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve();
      channel.port2.postMessage(0);
    });
  el.fetch = (async () => w.benchReply(1, 'reply')) as typeof fetch;
  const log = el.shadowRoot!.querySelector('[part~="log"]')!;
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const before = log.childElementCount;
    const start = performance.now();
    await el.send(`question ${i}`);
    while (log.childElementCount < before + 2) await tick();
    times.push(performance.now() - start);
    // Let the frame that scrolls and paints happen before the next exchange.
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  }
  return times;
}, RUNS);

const afterAppend = await metrics();
const perExchange = (name: string) => ((afterAppend[name]! - beforeAppend[name]!) * 1000) / RUNS;
if (process.env['PROFILE']) {
  const { profile } = await cdp.send('Profiler.stop');
  const self = new Map<string, number>();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const dt = profile.timeDeltas ?? [];
  (profile.samples ?? []).forEach((id, i) => {
    const n = byId.get(id)!;
    const key = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`;
    self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0) / 1000);
  });
  console.log([...self].sort((a, b) => b[1] - a[1]).slice(0, 25));
}
const restoreTimes: number[] = await page.evaluate(async (runs) => {
  const entries = Array.from({ length: 200 }, (_, i) =>
    i % 2
      ? {
          role: 'bot',
          id: `b${i}`,
          body: { text: `answer ${i}: some *markup*\nand a line`, type: 'TEXT', data: { quick_replies: [] } },
        }
      : { role: 'user', id: `u${i}`, text: `question ${i}`, body: `question ${i}`, status: 'sent' },
  );

  const tick = () =>
    new Promise<void>((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve();
      channel.port2.postMessage(0);
    });
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const endpoint = `/restore-${i}`;
    localStorage.setItem(
      `haptik-chat:${endpoint}:343`,
      JSON.stringify({ v: 2, savedAt: Date.now(), entries }),
    );
    const start = performance.now();
    const el = document.createElement('haptik-chat');
    el.setAttribute('mode', 'inline');
    el.setAttribute('endpoint', endpoint);
    el.setAttribute('business-id', '343');
    document.getElementById('host')!.append(el);
    while ((el.shadowRoot?.querySelectorAll('[part~="message"]').length ?? 0) < 200) await tick();
    times.push(performance.now() - start);
    el.remove();
    localStorage.clear();
  }
  return times;
}, RUNS);

const appendMs = median(appendTimes);
const restoreMs = median(restoreTimes);
const perMessage = (heapAfter - heapBefore) / 1000;
console.log('\nhaptik-chat render benchmark (headless Chromium, built dist/, median of %d)', RUNS);
const mainThread = perExchange('TaskDuration');
console.table([
  {
    measure: 'append: one exchange (user + bot message) on 1,000, wall time until both are in the DOM',
    value: `${appendMs.toFixed(2)} ms`,
  },
  {
    measure: 'append: main-thread time per exchange (script, style, layout, paint)',
    value: `${mainThread.toFixed(2)} ms`,
    'of which script / layout / style': `${perExchange('ScriptDuration').toFixed(2)} / ${perExchange('LayoutDuration').toFixed(2)} / ${perExchange('RecalcStyleDuration').toFixed(2)} ms`,
  },
  {
    measure: 'append: main-thread time per message (goal < 4 ms)',
    value: `${(mainThread / 2).toFixed(2)} ms`,
    'ratio to goal': (mainThread / 2 / 4).toFixed(2),
  },
  {
    measure: 'restore 200 persisted messages, element created to all drawn (goal < 50 ms)',
    value: `${restoreMs.toFixed(1)} ms`,
    'ratio to goal': (restoreMs / 50).toFixed(2),
  },
  { measure: 'JS heap retained per message', value: `${(perMessage / 1024).toFixed(2)} KiB` },
]);
await browser.close();
server.close();
