/**
 * `npm run bench:proxy`: what the proxy costs on loopback. One load tool (autocannon), one run:
 * a fake Haptik called directly, through nginx as a token-injecting reverse proxy (when nginx is
 * installed), through `npm start` (proxy/serve.ts: the Fetch handler on the Node adapter and the
 * Node upstream client), and through the same handler on Node's global fetch. Prints requests/s and
 * p50/p99 at one and at ten connections, the ratios, and the proxy's memory before and after.
 *
 * Every server is its own process; autocannon runs here. Nothing leaves 127.0.0.1.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The part of autocannon's API used here (it ships no types). */
interface LoadRun extends PromiseLike<{ errors: number; timeouts: number; non2xx: number }> {
  on(event: 'response', listener: (client: unknown, status: number, bytes: number, ms: number) => void): void;
}
const autocannon = createRequire(import.meta.url)('autocannon') as (options: {
  url: string;
  method: string;
  body: string;
  headers: Record<string, string>;
  connections: number;
  duration: number;
}) => LoadRun;

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SELF = fileURLToPath(import.meta.url);
const TOKEN = 'bench-token-0123456789abcdef';
/** Long enough for V8 to size its heap for the load, so the memory columns show growth, not warm-up. */
const WARMUP_SECONDS = 4;
const RUN_SECONDS = 6;
const BODY = JSON.stringify({
  user: { auth_id: 'anon-00000000-0000-4000-8000-000000000000' },
  message_body: 'What can you do?',
  message_type: 0,
  business_id: 343,
});
const REPLY = JSON.stringify({
  version: '1.0',
  timestamp: '2018-10-04T12:41:27.980Z',
  agent: { id: 4415, name: 'gogo', profile_image: 'https://example.com/gogo.jpg', is_automated: true },
  message: [
    {
      id: 1982371,
      body: { text: 'Hi! I can answer questions.', type: 'TEXT', data: { quick_replies: [] } },
    },
  ],
});

// ---- roles: this file also runs the fake Haptik and the global-fetch proxy in child processes ----

async function listenOn(server: Server, port = 0): Promise<number> {
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

async function runFakeHaptik(): Promise<void> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const ok = req.headers.authorization === `Bearer ${TOKEN}`;
      res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
      res.end(ok ? REPLY : '{"error_message":"invalid authorization details"}');
    });
  });
  server.keepAliveTimeout = 60_000;
  process.send!(await listenOn(server));
}

async function runGlobalFetchProxy(): Promise<void> {
  const { configFromEnv } = await import('../proxy/config.js');
  const { createHaptikProxy } = await import('../proxy/handler.js');
  const { serve } = await import('../proxy/node.js');
  const { createStdoutLogger } = await import('../proxy/serve.js');
  const proxy = createHaptikProxy(configFromEnv(process.env), { log: createStdoutLogger() });
  const server = await serve(proxy, Number(process.env['PORT']));
  process.send!((server.address() as AddressInfo).port);
}

// ---- the run ----

interface Target {
  name: string;
  url: string;
  pid?: number | undefined;
  /** Called directly, the fake Haptik wants the token the proxies add. */
  headers?: Record<string, string>;
}

interface Measured {
  rps: number;
  p50: number;
  p99: number;
  failures: number;
}

const children: ChildProcess[] = [];
const stopAll = () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
};
process.on('exit', stopAll);

function forkRole(
  role: string,
  env: Record<string, string> = {},
): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', SELF], {
    cwd: ROOT,
    env: { ...process.env, ...env, BENCH_ROLE: role },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.once('message', (port) => resolve({ child, port: port as number }));
    child.once('exit', (code) => reject(new Error(`${role} exited with ${code}`)));
  });
}

async function freePort(): Promise<number> {
  const server = createServer();
  const port = await listenOn(server);
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitUntilUp(url: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not come up`);
}

/** `npm start` itself, configured for the fake Haptik; its request log goes to /dev/null. */
async function startNpmStart(haptikPort: number): Promise<Target> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'proxy/serve.ts'], {
    cwd: ROOT,
    env: { ...proxyEnv(haptikPort), PORT: String(port), PATH: process.env['PATH'] ?? '' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push(child);
  await waitUntilUp(`http://127.0.0.1:${port}/healthz`);
  return {
    name: 'haptik-chat proxy (npm start)',
    url: `http://127.0.0.1:${port}/api/haptik`,
    pid: child.pid,
  };
}

const proxyEnv = (haptikPort: number) => ({
  HAPTIK_API_URL: `http://127.0.0.1:${haptikPort}/v1/sync/webhook/`,
  HAPTIK_TOKEN: TOKEN,
  HAPTIK_CLIENT_ID: 'bench-client',
  HAPTIK_BUSINESS_IDS: '343',
  // On, but high: every request here comes from one address and one id.
  RATE_LIMIT_PER_MINUTE: '1000000',
});

/** nginx as the reference: a reverse proxy that adds the token, with upstream keep-alive. */
async function startNginx(haptikPort: number): Promise<Target | undefined> {
  const binary = ['/usr/sbin/nginx', '/usr/bin/nginx', '/usr/local/sbin/nginx'].find(
    (path) => spawnSync(path, ['-v']).status === 0,
  );
  if (!binary) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'haptik-bench-nginx-'));
  const port = await freePort();
  writeFileSync(
    join(dir, 'nginx.conf'),
    `worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi; uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  upstream haptik { server 127.0.0.1:${haptikPort}; keepalive 64; keepalive_requests 1000000; }
  server {
    listen 127.0.0.1:${port};
    # nginx closes a client connection after 1000 requests by default; Node does not.
    keepalive_requests 1000000;
    location = /api/haptik {
      proxy_pass http://haptik/v1/sync/webhook/;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Authorization "Bearer ${TOKEN}";
      proxy_set_header client-id "bench-client";
      proxy_set_header Cookie "";
    }
    location = /healthz { return 200 "ok"; }
  }
}
`,
  );
  const child = spawn(binary, ['-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: 'ignore' });
  children.push(child);
  child.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  await waitUntilUp(`http://127.0.0.1:${port}/healthz`);
  return {
    name: 'nginx 1 worker (token-injecting)',
    url: `http://127.0.0.1:${port}/api/haptik`,
    pid: child.pid,
  };
}

async function load(target: Target, connections: number, seconds: number): Promise<Measured> {
  const latencies: number[] = [];
  const instance = autocannon({
    url: target.url,
    method: 'POST',
    body: BODY,
    headers: { 'content-type': 'application/json', 'x-haptik-chat': '1', ...target.headers },
    connections,
    duration: seconds,
  });
  // autocannon's own histogram has whole-millisecond buckets; sub-millisecond latencies need the raw values.
  instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
    if (status === 200) latencies.push(ms);
  });
  const result = await instance;
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))] ?? NaN;
  return {
    rps: latencies.length / seconds,
    p50: at(0.5),
    p99: at(0.99),
    failures: result.errors + result.timeouts + result.non2xx,
  };
}

/** Resident memory of a process, from /proc (Linux). */
function rssMiB(pid: number | undefined): number {
  if (!pid) return NaN;
  try {
    const kib = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kib ? Number(kib) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

const ms = (value: number) => value.toFixed(3);

async function main(): Promise<void> {
  console.log(`bench:proxy — Node ${process.version}, ${RUN_SECONDS} s per measurement, loopback only\n`);
  const haptik = await forkRole('haptik');
  const direct: Target = {
    name: 'fake Haptik, direct',
    url: `http://127.0.0.1:${haptik.port}/v1/sync/webhook/`,
    headers: { authorization: `Bearer ${TOKEN}` },
  };
  const nginx = await startNginx(haptik.port);
  const proxy = await startNpmStart(haptik.port);
  const globalFetch = await forkRole('global-fetch-proxy', { ...proxyEnv(haptik.port), PORT: '0' });
  const portable: Target = {
    name: 'same handler on global fetch',
    url: `http://127.0.0.1:${globalFetch.port}/api/haptik`,
    pid: globalFetch.child.pid,
  };
  const targets = [direct, ...(nginx ? [nginx] : []), proxy, portable];
  if (!nginx)
    console.log('nginx is not installed: its row is left out (apt-get install -y nginx to add it)\n');

  const rows: { target: Target; one: Measured; ten: Measured; failures: number; rss: number[] }[] = [];
  for (const target of targets) {
    const idle = rssMiB(target.pid);
    await load(target, 10, WARMUP_SECONDS);
    const warm = rssMiB(target.pid);
    const one = await load(target, 1, RUN_SECONDS);
    const ten = await load(target, 10, RUN_SECONDS);
    const measured = rssMiB(target.pid);
    // One more run at ten connections: memory that is flat does not grow across it.
    const soak = target.pid ? await load(target, 10, RUN_SECONDS) : undefined;
    const failures = one.failures + ten.failures + (soak?.failures ?? 0);
    rows.push({ target, one, ten, failures, rss: [idle, warm, measured, rssMiB(target.pid)] });
    console.log(`measured: ${target.name}`);
  }

  const base = rows[0]!;
  console.log(
    '\n| target | 1 conn req/s | p50 ms | p99 ms | 10 conn req/s | p50 ms | p99 ms | failures | RSS MiB: idle → warm → measured → soaked |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
  for (const { target, one, ten, failures, rss } of rows) {
    const memory = rss.some(Number.isNaN) ? '—' : rss.map((mib) => mib.toFixed(1)).join(' → ');
    console.log(
      `| ${target.name} | ${one.rps.toFixed(0)} | ${ms(one.p50)} | ${ms(one.p99)} | ${ten.rps.toFixed(0)} | ` +
        `${ms(ten.p50)} | ${ms(ten.p99)} | ${failures} | ${memory} |`,
    );
  }
  console.log(
    '\n| target | added p50 ms (1 conn) | added p99 ms (1 conn) | req/s vs direct (10 conn) | req/s vs nginx (10 conn) |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: |');
  const nginxRow = rows.find((row) => row.target === nginx);
  for (const { target, one, ten } of rows.slice(1)) {
    console.log(
      `| ${target.name} | ${ms(one.p50 - base.one.p50)} | ${ms(one.p99 - base.one.p99)} | ` +
        `${(ten.rps / base.ten.rps).toFixed(2)}× | ${nginxRow ? `${(ten.rps / nginxRow.ten.rps).toFixed(2)}×` : '—'} |`,
    );
  }
  const ours = rows.find((row) => row.target === proxy)!;
  const goals: [string, boolean][] = [
    ['added p50 under 0.5 ms at 1 connection', ours.one.p50 - base.one.p50 < 0.5],
    ['added p99 under 5 ms at 1 connection', ours.one.p99 - base.one.p99 < 5],
    ['at least 4,000 req/s at 10 connections', ours.ten.rps >= 4000],
    ['zero errors', ours.failures === 0],
    [
      'memory flat (RSS grew under 5 MiB over the last 6 s at 10 connections)',
      ours.rss[3]! - ours.rss[2]! < 5,
    ],
  ];
  console.log('\nGoals for npm start:');
  for (const [goal, met] of goals) console.log(`  ${met ? 'met    ' : 'NOT MET'}  ${goal}`);
  stopAll();
}

const role = process.env['BENCH_ROLE'];
if (role === 'haptik') await runFakeHaptik();
else if (role === 'global-fetch-proxy') await runGlobalFetchProxy();
else await main();
