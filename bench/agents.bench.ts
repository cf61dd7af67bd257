/**
 * `npm run bench:agents`: what human-agent events cost, on loopback.
 * - Latency from a signed webhook POST leaving Haptik's side to the event being read by a stream
 *   client (a plain `fetch` reader, as the widget reads): p50 and p99, in-memory and Redis, one
 *   instance and two (webhook to A, stream on B). The reorder window is set to 0 here, so the rows
 *   show transport; one more row shows the default window (250 ms), which every delivery waits.
 * - The same, all the way to the message in the browser's DOM: the demo page in headless Chromium,
 *   its widget reading its stream, a MutationObserver reporting each agent message as it is drawn.
 * - Idle streams one process holds: heap and RSS per stream at 1,000 and 10,000 streams opened
 *   through the handler in one process (no sockets: the proxy's own cost per stream).
 * - Webhook acknowledgements per second under a burst of 2,000 signed deliveries, 64 at a time.
 *
 * Servers are `npm start` processes (proxy/serve.ts, demo mode); Redis is a real redis-server on a
 * free port. Nothing leaves 127.0.0.1.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { messageDelivery } from '../test/fixtures/webhooks.js';
import { startRedis, type RedisServer } from '../test/proxy/redis-server.js';
import { readSse, type SseReader } from '../test/proxy/sse.js';
import { launchChromium } from '../test/e2e/browser.js';
import type { Browser } from 'playwright-core';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SELF = fileURLToPath(import.meta.url);
const SECRET = 'bench-webhook-secret-0123456789abcdef';
const SAMPLES = 300;
const WARMUP = 30;
const BURST = 2000;
const CONCURRENCY = 64;
const STREAM_COUNTS = [1000, 10_000];

const children: ChildProcess[] = [];
const stopAll = () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
};
process.once('exit', stopAll);

interface Instance {
  origin: string;
  child: ChildProcess;
}

async function startInstance(env: Record<string, string>): Promise<Instance> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'proxy/serve.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env['PATH'] ?? '',
      PORT: '0',
      HAPTIK_WEBHOOK_SECRET: SECRET,
      RATE_LIMIT_PER_MINUTE: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  const origin = await new Promise<string>((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /open (http:\/\/[^/\s]+)\//.exec(output);
      if (match?.[1]) {
        // The request log goes on; read it and let it go.
        child.stdout!.off('data', onData);
        child.stdout!.resume();
        resolve(match[1]);
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited (${code}): ${output}`)));
  });
  return { origin, child };
}

const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

/** Posts a signed delivery with a keep-alive node:http client; resolves with the status. */
function postDelivery(origin: string, payload: unknown): Promise<number> {
  const body = Buffer.from(JSON.stringify(payload));
  const signature = `sha1=${createHmac('sha1', SECRET).update(body).digest('hex')}`;
  return new Promise((resolve, reject) => {
    const req = request(
      `${origin}/api/haptik/webhook`,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': body.length,
          'x-hub-signature': signature,
        },
      },
      (res) => {
        res.resume();
        res.once('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.once('error', reject);
    req.end(body);
  });
}

async function openStream(origin: string, authId: string): Promise<SseReader> {
  const response = await fetch(`${origin}/api/haptik/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-haptik-chat': '1' },
    body: JSON.stringify({ user: { auth_id: authId }, business_id: 343 }),
  });
  if (response.status !== 200) throw new Error(`stream refused: ${response.status} ${await response.text()}`);
  return readSse(response);
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]!;
const ms = (value: number) => value.toFixed(2);

/** Delivery after delivery, one at a time: POST sent → event read on the stream. */
async function latency(
  webhookOrigin: string,
  streamOrigin: string,
): Promise<{ p50: number; p99: number; ack50: number }> {
  const user = `anon-${randomUUID()}`;
  const sse = await openStream(streamOrigin, user);
  const toEvent: number[] = [];
  const toAck: number[] = [];
  for (let index = 0; index < WARMUP + SAMPLES; index += 1) {
    const started = performance.now();
    const acked = postDelivery(webhookOrigin, messageDelivery({ authId: user, messageId: 1 + index })).then(
      () => performance.now() - started,
    );
    await sse.next(10_000);
    const read = performance.now() - started;
    const ack = await acked;
    if (index >= WARMUP) {
      toEvent.push(read);
      toAck.push(ack);
    }
  }
  await sse.cancel();
  toEvent.sort((a, b) => a - b);
  toAck.sort((a, b) => a - b);
  return { p50: quantile(toEvent, 0.5), p99: quantile(toEvent, 0.99), ack50: quantile(toAck, 0.5) };
}

/** 2,000 distinct deliveries to 100 users, 64 in flight: acknowledgements per second. */
async function burst(
  origin: string,
): Promise<{ perSecond: number; p50: number; p99: number; failures: number }> {
  const users = Array.from({ length: 100 }, () => `anon-${randomUUID()}`);
  const latencies: number[] = [];
  let failures = 0;
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < BURST) {
      const index = next++;
      const sent = performance.now();
      const status = await postDelivery(
        origin,
        messageDelivery({ authId: users[index % users.length]!, messageId: 100_000 + index }),
      ).catch(() => 0);
      latencies.push(performance.now() - sent);
      if (status !== 200) failures += 1;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    perSecond: BURST / seconds,
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    failures,
  };
}

const DOM_SAMPLES = 60;

/**
 * Webhook POST sent → the agent's message drawn in the widget on the demo page (Chromium): the widget's
 * own stream, resumes and all. The page is served by `pageOrigin`; deliveries go to `webhookOrigin`.
 */
async function domLatency(
  browser: Browser,
  webhookOrigin: string,
  pageOrigin: string,
): Promise<{ p50: number; p99: number }> {
  const user = `anon-${randomUUID()}`;
  const page = await browser.newPage();
  // tsx keeps function names with a `__name` helper that the page does not have.
  await page.addInitScript({ content: 'globalThis.__name = (fn) => fn;' });
  // The widget keeps its anonymous id in its stored record: give it ours, so deliveries can name it.
  await page.addInitScript(
    ([key, authId]) =>
      localStorage.setItem(key!, JSON.stringify({ v: 2, savedAt: Date.now(), authId, entries: [] })),
    ['haptik-chat:/api/haptik:343', user],
  );
  const waiting = new Map<string, () => void>();
  await page.exposeFunction('benchDrawn', (text: string) => waiting.get(text)?.());
  await page.goto(`${pageOrigin}/`);
  await page.locator('haptik-chat [part~="launcher"]').click();
  await page.locator('haptik-chat [part~="input"]').fill('hi');
  await page.locator('haptik-chat [part~="input"]').press('Enter');
  await page.locator('haptik-chat [part~="quick-reply"]').first().waitFor();
  await page.evaluate(() => {
    const root = document.querySelector('haptik-chat')!.shadowRoot!;
    const report = (node: Node) => {
      if (!(node instanceof HTMLElement)) return;
      const bubbles = node.matches('[part~="bubble"]')
        ? [node]
        : [...node.querySelectorAll('[part~="bubble"]')];
      for (const bubble of bubbles)
        (window as unknown as { benchDrawn(t: string): void }).benchDrawn(bubble.textContent!.trim());
    };
    new MutationObserver((records) => records.forEach((r) => r.addedNodes.forEach(report))).observe(root, {
      childList: true,
      subtree: true,
    });
  });
  const times: number[] = [];
  for (let index = 0; index < 10 + DOM_SAMPLES; index += 1) {
    const text = `agent line ${index} ${randomUUID()}`;
    const drawn = new Promise<void>((resolve) => waiting.set(text, resolve));
    const started = performance.now();
    await postDelivery(
      webhookOrigin,
      messageDelivery({ authId: user, messageId: 500_000 + index, text, agent: 'human' }),
    );
    await drawn;
    if (index >= 10) times.push(performance.now() - started);
    waiting.delete(text);
  }
  await page.close();
  times.sort((a, b) => a - b);
  return { p50: quantile(times, 0.5), p99: quantile(times, 0.99) };
}

// ---- role: a process that opens N streams through the handler and reports its memory ----

async function runStreamHolder(): Promise<void> {
  const { createApp, startApp } = await import('../proxy/serve.js');
  const env = { HAPTIK_WEBHOOK_SECRET: SECRET, RATE_LIMIT_PER_MINUTE: '0' };
  const redisUrl = process.env['BENCH_REDIS_URL'];
  const app = redisUrl ? await startApp({ ...env, REDIS_URL: redisUrl }) : createApp(env);
  const gc = (globalThis as { gc?: () => void }).gc!;
  const measure = () => {
    gc();
    gc();
    const { heapUsed, rss } = process.memoryUsage();
    return { heapUsed, rss };
  };
  const held: ReadableStreamDefaultReader<Uint8Array>[] = [];
  const results: Record<number, { heap: number; rss: number }> = {};
  const base = measure();
  for (const count of STREAM_COUNTS) {
    while (held.length < count) {
      const response = await app.handler(
        new Request('http://127.0.0.1/api/haptik/events', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-haptik-chat': '1' },
          body: JSON.stringify({ user: { auth_id: `anon-${randomUUID()}` }, business_id: 343 }),
        }),
        {},
      );
      if (response.status !== 200) throw new Error(`stream ${held.length} refused: ${response.status}`);
      const reader = response.body!.getReader();
      await reader.read();
      held.push(reader);
    }
    const now = measure();
    results[count] = { heap: (now.heapUsed - base.heapUsed) / count, rss: (now.rss - base.rss) / count };
  }
  process.send!(results);
  await app.close();
  process.exit(0);
}

function holdStreams(redisUrl?: string): Promise<Record<number, { heap: number; rss: number }>> {
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', SELF], {
    cwd: ROOT,
    env: { ...process.env, BENCH_ROLE: 'streams', ...(redisUrl ? { BENCH_REDIS_URL: redisUrl } : {}) },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.once('message', (message) => resolve(message as Record<number, { heap: number; rss: number }>));
    child.once('exit', (code) => code !== 0 && reject(new Error(`stream holder exited ${code}`)));
  });
}

async function main(): Promise<void> {
  console.log(`bench:agents — Node ${process.version}, loopback only\n`);
  const redis: RedisServer = await startRedis();
  try {
    const transport = { WEBHOOK_REORDER_MS: '0' };
    const memory = await startInstance(transport);
    const memoryWindow = await startInstance({});
    const redisA = await startInstance({ ...transport, REDIS_URL: redis.url });
    const redisB = await startInstance({ ...transport, REDIS_URL: redis.url });

    const rows: [string, Awaited<ReturnType<typeof latency>>][] = [];
    rows.push(['memory, one instance', await latency(memory.origin, memory.origin)]);
    rows.push(['Redis, one instance', await latency(redisA.origin, redisA.origin)]);
    rows.push([
      'Redis, two instances (webhook to A, stream on B)',
      await latency(redisA.origin, redisB.origin),
    ]);
    rows.push([
      'memory, one instance, default 250 ms reorder window',
      await latency(memoryWindow.origin, memoryWindow.origin),
    ]);
    console.log(
      `Webhook POST sent → event read by a stream client (${SAMPLES} deliveries, one at a time):\n`,
    );
    console.log('| store | p50 ms | p99 ms | webhook 200 p50 ms |');
    console.log('| --- | ---: | ---: | ---: |');
    for (const [name, row] of rows)
      console.log(`| ${name} | ${ms(row.p50)} | ${ms(row.p99)} | ${ms(row.ack50)} |`);

    const browser = await launchChromium();
    try {
      const drawn: [string, { p50: number; p99: number }][] = [
        ['memory, one instance', await domLatency(browser, memory.origin, memory.origin)],
        ['Redis, one instance', await domLatency(browser, redisA.origin, redisA.origin)],
        [
          'Redis, two instances (webhook to A, page on B)',
          await domLatency(browser, redisA.origin, redisB.origin),
        ],
      ];
      console.log(
        `\nWebhook POST sent → the agent's message in the widget's DOM (demo page, headless Chromium, ${DOM_SAMPLES} messages):\n`,
      );
      console.log('| store | p50 ms | p99 ms |');
      console.log('| --- | ---: | ---: |');
      for (const [name, row] of drawn) console.log(`| ${name} | ${ms(row.p50)} | ${ms(row.p99)} |`);
    } finally {
      await browser.close();
    }

    console.log(
      `\nWebhook acknowledgements under a burst (${BURST} deliveries to 100 users, ${CONCURRENCY} in flight):\n`,
    );
    console.log('| store | acks/s | p50 ms | p99 ms | failures |');
    console.log('| --- | ---: | ---: | ---: | ---: |');
    for (const [name, instance] of [
      ['memory', memoryWindow],
      ['Redis', redisA],
    ] as const) {
      const result = await burst(instance.origin);
      console.log(
        `| ${name} | ${result.perSecond.toFixed(0)} | ${ms(result.p50)} | ${ms(result.p99)} | ${result.failures} |`,
      );
    }
    for (const instance of [memory, memoryWindow, redisA, redisB]) instance.child.kill('SIGTERM');

    console.log('\nIdle streams held by one process (opened through the handler, no sockets; after GC):\n');
    console.log('| store | streams | heap per stream | RSS per stream |');
    console.log('| --- | ---: | ---: | ---: |');
    for (const [name, url] of [
      ['memory', undefined],
      ['Redis', redis.url],
    ] as const) {
      const held = await holdStreams(url);
      for (const count of STREAM_COUNTS) {
        const { heap, rss } = held[count]!;
        console.log(
          `| ${name} | ${count.toLocaleString('en')} | ${(heap / 1024).toFixed(1)} KiB | ${(rss / 1024).toFixed(1)} KiB |`,
        );
      }
    }
  } finally {
    agent.destroy();
    stopAll();
    await redis.stop();
  }
}

if (process.env['BENCH_ROLE'] === 'streams') await runStreamHolder();
else await main();
