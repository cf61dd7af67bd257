/**
 * `npm run bench:page`: what adding a chat widget costs the page that hosts it, in headless Chromium with
 * the CPU throttled 4x. Compares an empty page, our script tag (dist/haptik-chat.js, launcher mode),
 * deep-chat 2.4.2 and Bot Framework Web Chat 4.18.1 (from their own bundles; bench/package.json, which
 * `npm run bench:page` installs when missing).
 *
 * Per page, the median of RUNS fresh visits (the pages taking turns), each with an empty cache, files served
 * gzip-compressed:
 * - bytes: transferred (gzip, headers included) before the widget is visible, and in all by the end;
 * - scripting: main-thread JavaScript time (compile, evaluate, callbacks, microtasks, GC) from the trace
 *   until the widget is visible, and from its script's first evaluation until it is visible;
 * - JS heap: used heap after load, once the page is idle (ours has loaded its panel's code by then; a new
 *   visitor's panel is made when first wanted), after GC.
 * "Visible" is the first animation frame in which the widget's launcher (ours) or message input (the
 * others; neither has a launcher) has a size; the empty page's is its own text's.
 * The floor: a bare element, a dozen lines in a module file that define a custom element drawing one round
 * button in its shadow root with one constructed style sheet: the least any widget that puts a launcher
 * on a page through a script tag does. What it adds to the empty page is what no launcher can go below on
 * this machine.
 * Then: where the launcher's time goes (its scripts' request waterfall, compile, evaluate, microtasks,
 * style, layout, paint), beside the floor's and deep-chat's, and what it adds to the empty page against
 * issue 13's goals (+50 ms wall, +15 ms script, +0.3 MiB heap at 4x), each also as a ratio to what the
 * floor adds and to what deep-chat adds.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../test/e2e/browser.js';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const RUNS = Number(process.env['RUNS'] ?? 5);
const CPU_THROTTLING = 4;
/** After the widget is visible: time for idle work (our panel's code loads when the browser is idle). */
const SETTLE_MS = 3000;

interface Contender {
  name: string;
  /** What goes in <head>, after the visibility probe. */
  head: string;
  body: string;
  /** A JS expression for the element whose size means "the widget is visible". */
  target?: string;
  /** URL fragments of the widget's own scripts, for "from its first evaluation". */
  scripts: string[];
}

// Bot Framework Web Chat needs a Direct Line connection; this one is online and silent.
const WEB_CHAT_START = `
const quiet = (first) => ({ subscribe(observer) {
  const o = typeof observer === 'function' ? { next: observer } : observer;
  if (first !== undefined) o.next?.(first);
  return { unsubscribe() {}, closed: false };
} });
window.WebChat.renderWebChat(
  { directLine: { activity$: quiet(), connectionStatus$: quiet(2), postActivity: () => quiet('id'), end() {} } },
  document.getElementById('webchat'),
);`;

/** The floor (see above): a launcher button and nothing else, as a module file (served as `/floor.js`). */
const FLOOR = `
customElements.define('bare-launcher', class extends HTMLElement {
  connectedCallback() {
    const root = this.attachShadow({ mode: 'open' });
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(':host { position: fixed; inset-block-end: 20px; inset-inline-end: 20px }' +
      'button { inline-size: 56px; block-size: 56px; border: none; border-radius: 50%; background: #0b57d0; color: #fff }');
    root.adoptedStyleSheets = [sheet];
    const button = document.createElement('button');
    button.setAttribute('aria-label', 'Open chat');
    button.textContent = '?';
    root.append(button);
  }
});`;

const CONTENDERS: Contender[] = [
  // Its "visible" is its own text's first frame: the baseline every widget's wall time is added to.
  { name: 'empty page', head: '', body: '<p>Hello.</p>', target: `document.querySelector('p')`, scripts: [] },
  {
    name: 'haptik-chat',
    head: '<script type="module" src="/dist/haptik-chat.js"></script>',
    body: '<p>Hello.</p><haptik-chat business-id="343"></haptik-chat>',
    target: `document.querySelector('haptik-chat')?.shadowRoot?.querySelector('[part~="launcher"]')`,
    scripts: ['/dist/'],
  },
  {
    name: 'the floor: a bare element',
    head: '<script type="module" src="/floor.js"></script>',
    body: '<p>Hello.</p><bare-launcher></bare-launcher>',
    target: `document.querySelector('bare-launcher')?.shadowRoot?.querySelector('button')`,
    scripts: ['/floor.js'],
  },
  {
    name: 'deep-chat 2.4.2',
    head: '<script type="module" src="/bench/node_modules/deep-chat/dist/deepChat.bundle.js"></script>',
    body: '<p>Hello.</p><deep-chat></deep-chat>',
    target: `document.querySelector('deep-chat')?.shadowRoot?.querySelector('#text-input')`,
    scripts: ['/deep-chat/'],
  },
  {
    name: 'Web Chat 4.18.1',
    head: '<script src="/bench/node_modules/botframework-webchat/dist/webchat.js"></script>',
    body: `<p>Hello.</p><div id="webchat" style="height: 480px"></div><script src="/web-chat-start.js"></script>`,
    target: `document.querySelector('#webchat .webchat__send-box-text-box__input')`,
    scripts: ['/botframework-webchat/', '/web-chat-start.js'],
  },
];

/** Marks `widget-visible` (a User Timing mark, so it is in the trace) in the first frame the target has a size. */
const probe = (target: string) => `<script>
(() => {
  const check = () => {
    const el = ${target};
    if (el && el.getBoundingClientRect().width > 0) performance.mark('widget-visible');
    else requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
})();
</script>`;

const page = (contender: Contender): string =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${contender.name}</title>` +
  `${contender.target ? probe(contender.target) : ''}${contender.head}</head><body>${contender.body}</body></html>`;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.css': 'text/css',
};

/** Serves the pages, dist/ and the two contenders' bundles, gzip-compressed like a CDN would. */
function startServer(): Promise<Server> {
  const pages = new Map(CONTENDERS.map((c, i) => [`/${i}.html`, page(c)]));
  pages.set('/web-chat-start.js', WEB_CHAT_START);
  pages.set('/floor.js', FLOOR);
  const allowed = [
    'dist',
    'bench/node_modules/deep-chat/dist',
    'bench/node_modules/botframework-webchat/dist',
  ].map((dir) => join(ROOT, dir) + sep);
  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    let body: string | Buffer | undefined = pages.get(path);
    if (body === undefined) {
      const file = resolve(ROOT, `.${path}`);
      if (allowed.some((dir) => file.startsWith(dir))) body = await readFile(file).catch(() => undefined);
    }
    if (body === undefined) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      'content-type': TYPES[extname(path)] ?? 'application/octet-stream',
      'content-encoding': 'gzip',
      'cache-control': 'no-store',
    });
    res.end(gzipSync(body, { level: 9 }));
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done(server)));
}

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: {
    beginData?: { frame?: string; url?: string };
    data?: { url?: string; frame?: string; requestId?: string; encodedDataLength?: number };
  };
}

const SCRIPTING = new Set([
  'EvaluateScript',
  'v8.compile',
  'v8.compileModule',
  'v8.evaluateModule',
  'v8.produceCache',
  'v8.produceModuleCache',
  'FunctionCall',
  'TimerFire',
  'FireAnimationFrame',
  'FireIdleCallback',
  'EventDispatch',
  'RunMicrotasks',
  'MinorGC',
  'MajorGC',
]);

/** Total length of the union of intervals: nested events (a FunctionCall inside EvaluateScript) count once. */
function unionLength(intervals: Array<[number, number]>): number {
  let total = 0;
  let [start, end] = [-Infinity, -Infinity];
  for (const [a, b] of intervals.sort((x, y) => x[0] - y[0])) {
    if (a > end) {
      if (end > start) total += end - start;
      [start, end] = [a, b];
    } else end = Math.max(end, b);
  }
  if (end > start) total += end - start;
  return total;
}

interface Sample {
  bytesToVisible: number;
  bytesTotal: number;
  scriptingToVisible: number;
  scriptToVisible: number;
  navToVisible: number;
  heap: number;
  /** Where the time to visible went (ms from navigation, or ms spent), for the launcher's breakdown. */
  htmlParsed: number;
  scriptsRequested: number;
  scriptsArrived: number;
  compile: number;
  evaluate: number;
  microtasks: number;
  style: number;
  layout: number;
  paint: number;
}

/** Main-thread events that make up the launcher's time to visible, by what they are. */
const PHASES: Record<string, keyof Sample> = {
  'v8.compileModule': 'compile',
  'v8.compile': 'compile',
  'v8.evaluateModule': 'evaluate',
  EvaluateScript: 'evaluate',
  RunMicrotasks: 'microtasks',
  UpdateLayoutTree: 'style',
  RecalculateStyles: 'style',
  Layout: 'layout',
  Paint: 'paint',
  PrePaint: 'paint',
};

function analyse(events: TraceEvent[], contender: Contender, pageUrl: string, heap: number): Sample {
  // The trace covers the whole browser: keep the page's main thread and the page's frame's requests.
  const parse = events.find((e) => e.name === 'ParseHTML' && e.args?.beginData?.url === pageUrl);
  if (!parse) throw new Error(`no ParseHTML for ${pageUrl} in the trace`);
  const frame = parse.args?.beginData?.frame;
  const main = events.filter((e) => e.pid === parse.pid && e.tid === parse.tid);
  const navigation = main.find((e) => e.name === 'navigationStart')?.ts ?? parse.ts;
  const visible = main.find((e) => e.name === 'widget-visible')?.ts;
  const end = visible ?? Math.max(...main.map((e) => e.ts + (e.dur ?? 0)));

  const scripting = main.filter((e) => e.ph === 'X' && SCRIPTING.has(e.name) && e.dur !== undefined);
  const until = (limit: number): Array<[number, number]> =>
    scripting.filter((e) => e.ts < limit).map((e) => [e.ts, Math.min(e.ts + e.dur!, limit)]);
  // The widget's code starts running when its classic script is evaluated, or (modules: the event names
  // no URL) with the first module evaluation after its first file is compiled, once its imports arrived.
  const ownUrl = (e: TraceEvent): boolean =>
    contender.scripts.some((fragment) => e.args?.data?.url?.includes(fragment) ?? false);
  const compiled = scripting.find((e) => e.name === 'v8.compileModule' && ownUrl(e))?.ts ?? Infinity;
  const started = scripting.find(
    (e) => (e.name === 'EvaluateScript' && ownUrl(e)) || (e.name === 'v8.evaluateModule' && e.ts >= compiled),
  )?.ts;

  const requests = new Set(
    events
      .filter((e) => e.name === 'ResourceSendRequest' && e.args?.data?.frame === frame)
      .map((e) => e.args?.data?.requestId),
  );
  const finished = events.filter((e) => e.name === 'ResourceFinish' && requests.has(e.args?.data?.requestId));
  const bytes = (limit: number): number =>
    finished.filter((e) => e.ts <= limit).reduce((sum, e) => sum + (e.args?.data?.encodedDataLength ?? 0), 0);

  // The widget's own scripts: when the first was asked for, and when the last one it needed arrived.
  const ownRequests = events.filter(
    (e) => e.name === 'ResourceSendRequest' && requests.has(e.args?.data?.requestId) && ownUrl(e),
  );
  const ownIds = new Set(ownRequests.map((e) => e.args?.data?.requestId));
  const ownArrivals = finished.filter((e) => ownIds.has(e.args?.data?.requestId) && e.ts <= end);
  const since = (ts: number | undefined): number => (ts === undefined ? NaN : (ts - navigation) / 1000);
  const phases = Object.fromEntries(Object.values(PHASES).map((key) => [key, 0])) as Record<string, number>;
  for (const e of main) {
    const key = PHASES[e.name];
    if (key && e.ph === 'X' && e.dur !== undefined && e.ts < end)
      phases[key]! += Math.min(e.dur, end - e.ts) / 1000;
  }
  return {
    bytesToVisible: bytes(end),
    bytesTotal: bytes(Infinity),
    scriptingToVisible: unionLength(until(end)) / 1000,
    scriptToVisible: visible !== undefined && started !== undefined ? (visible - started) / 1000 : NaN,
    navToVisible: visible !== undefined ? (visible - navigation) / 1000 : NaN,
    heap,
    htmlParsed: since(parse.ts + (parse.dur ?? 0)),
    scriptsRequested: since(ownRequests[0]?.ts),
    scriptsArrived: since(ownArrivals.length ? Math.max(...ownArrivals.map((e) => e.ts)) : undefined),
    compile: phases['compile']!,
    evaluate: phases['evaluate']!,
    microtasks: phases['microtasks']!,
    style: phases['style']!,
    layout: phases['layout']!,
    paint: phases['paint']!,
  };
}

async function visit(browser: Browser, baseUrl: string, index: number): Promise<Sample> {
  const contender = CONTENDERS[index]!;
  const context = await browser.newContext({ viewport: { width: 1000, height: 700 } });
  const tab = await context.newPage();
  const cdp = await context.newCDPSession(tab);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_THROTTLING });
  const url = `${baseUrl}/${index}.html`;
  await browser.startTracing(tab, {
    categories: [
      'devtools.timeline',
      'disabled-by-default-devtools.timeline',
      'v8.execute',
      'blink.user_timing',
    ],
  });
  await tab.goto(url, { waitUntil: 'load' });
  if (contender.target) {
    await tab.waitForFunction(() => performance.getEntriesByName('widget-visible').length > 0, null, {
      polling: 100,
      timeout: 60_000,
    });
  }
  await tab.waitForTimeout(SETTLE_MS);
  const trace = JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] };
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  await context.close();
  return analyse(trace.traceEvents, contender, url, usedSize);
}

const median = (values: number[]): number => {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const server = await startServer();
const address = server.address();
if (!address || typeof address === 'string') throw new Error('no port');
const baseUrl = `http://127.0.0.1:${address.port}`;
const browser = await launchChromium();
const results: Array<{ name: string; sample: Sample }> = [];
try {
  // Visits take turns (each page once per round), so a stretch of a busy machine falls on every page alike.
  const visits: Sample[][] = CONTENDERS.map(() => []);
  for (let run = 0; run < RUNS; run += 1) {
    for (const index of CONTENDERS.keys()) visits[index]!.push(await visit(browser, baseUrl, index));
    process.stderr.write(`round ${run + 1} of ${RUNS}\n`);
  }
  for (const [index, contender] of CONTENDERS.entries()) {
    const samples = visits[index]!;
    const sample = Object.fromEntries(
      Object.keys(samples[0]!).map((key) => [key, median(samples.map((s) => s[key as keyof Sample]))]),
    ) as unknown as Sample;
    results.push({ name: contender.name, sample });
  }
} finally {
  await browser.close();
  server.closeAllConnections();
  server.close();
}

const kB = (n: number): string => (Number.isNaN(n) ? '—' : `${(n / 1000).toFixed(1)} kB`);
const ms = (n: number): string => (Number.isNaN(n) ? '—' : `${n.toFixed(1)} ms`);
const MB = (n: number): string => `${(n / 1e6).toFixed(2)} MB`;
const table = (header: string[], rows: string[][]): string => {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
};

console.log(`\nPage impact, ${CPU_THROTTLING}x CPU throttling, median of ${RUNS} visits each\n`);
console.log(
  table(
    [
      'page',
      'gzip bytes to visible',
      'gzip bytes in all',
      'scripting to visible',
      'script start → visible',
      'navigation → visible',
      'JS heap after load',
    ],
    results.map(({ name, sample: s }) => [
      name,
      kB(s.bytesToVisible),
      kB(s.bytesTotal),
      ms(s.scriptingToVisible),
      ms(s.scriptToVisible),
      ms(s.navToVisible),
      MB(s.heap),
    ]),
  ),
);

// Where our launcher's time goes, beside the empty page's, the floor's and deep-chat's (times from
// navigation; phases as main-thread time).
const breakdownOf = (name: string) => results.find((r) => r.name.startsWith(name))?.sample;
const launcher = breakdownOf('haptik-chat')!;
const floor = breakdownOf('the floor')!;
const deepChat = breakdownOf('deep-chat')!;
const emptyPage = breakdownOf('empty page')!;
console.log(
  `\nWhere the time to visible goes (median; "at" = ms after navigation, the rest = main-thread ms)\n`,
);
console.log(
  table(
    ['step', 'empty page', 'haptik-chat', 'the floor', 'deep-chat'],
    (
      [
        ['HTML parsed (at)', 'htmlParsed'],
        ['widget scripts requested (at)', 'scriptsRequested'],
        ['last widget script arrived (at)', 'scriptsArrived'],
        ['compile', 'compile'],
        ['evaluate (top-level code)', 'evaluate'],
        ['microtasks (first render, imports settling)', 'microtasks'],
        ['style', 'style'],
        ['layout', 'layout'],
        ['paint', 'paint'],
        ['visible (at)', 'navToVisible'],
      ] as Array<[string, keyof Sample]>
    ).map(([label, key]) => [
      label,
      ms(emptyPage[key]),
      ms(launcher[key]),
      ms(floor[key]),
      ms(deepChat[key]),
    ]),
  ),
);

// Issue 13's goals for the launcher, over the empty page at 4x: +50 ms wall, +15 ms script, +0.3 MiB heap.
const over = (s: Sample) => ({
  wall: s.navToVisible - emptyPage.navToVisible,
  script: s.scriptingToVisible - emptyPage.scriptingToVisible,
  heap: (s.heap - emptyPage.heap) / 2 ** 20,
});
const ourCost = over(launcher);
const floorCost = over(floor);
const theirCost = over(deepChat);
console.log(
  `\nWhat the launcher adds to the empty page: goals, and ratios to the floor and to deep-chat in this run` +
    `\n(a goal under what the floor adds is one no launcher loaded by a script tag meets on this machine)\n`,
);
console.log(
  table(
    [
      'measure',
      'haptik-chat adds',
      'goal',
      'ratio to goal',
      'the floor adds',
      "the floor's ratio to goal",
      'ratio to the floor',
      'deep-chat adds',
      'ratio to deep-chat',
    ],
    (
      [
        ['wall time to visible', 'wall', 50, ms],
        ['scripting to visible', 'script', 15, ms],
        ['JS heap', 'heap', 0.3, (n: number) => `${n.toFixed(2)} MiB`],
      ] as Array<[string, keyof typeof ourCost, number, (n: number) => string]>
    ).map(([label, key, goal, format]) => [
      label,
      format(ourCost[key]),
      format(goal),
      (ourCost[key] / goal).toFixed(2),
      format(floorCost[key]),
      (floorCost[key] / goal).toFixed(2),
      (ourCost[key] / floorCost[key]).toFixed(2),
      format(theirCost[key]),
      (ourCost[key] / theirCost[key]).toFixed(2),
    ]),
  ),
);

// Ratios to ours, of what each other widget adds to the empty page.
const [empty, ours, , ...others] = results;
const added = (s: Sample, key: keyof Sample): number =>
  s[key] -
  (key.startsWith('bytes') || key === 'heap' || key === 'scriptingToVisible' ? empty!.sample[key] : 0);
const ratio = (other: Sample, key: keyof Sample): string =>
  `${(added(other, key) / added(ours!.sample, key)).toFixed(1)}×`;
console.log(`\nWhat each widget adds to the empty page, as a multiple of what haptik-chat adds\n`);
console.log(
  table(
    ['page', 'bytes to visible', 'bytes in all', 'scripting to visible', 'script start → visible', 'JS heap'],
    others.map(({ name, sample }) => [
      name,
      ratio(sample, 'bytesToVisible'),
      ratio(sample, 'bytesTotal'),
      ratio(sample, 'scriptingToVisible'),
      ratio(sample, 'scriptToVisible'),
      ratio(sample, 'heap'),
    ]),
  ),
);
