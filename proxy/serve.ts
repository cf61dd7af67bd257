/**
 * `npm start`: serves the demo pages, the built widget and the proxy on one origin. Without
 * HAPTIK_API_URL the proxy talks to the built-in demo bot, in this process, with a generated token;
 * with it, to Haptik through the keep-alive Node client. A bad environment stops the process here.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ConfigError,
  configFromEnv,
  listenFromEnv,
  policyFromEnv,
  wantsDemo,
  type Env,
  type ProxyConfig,
} from './config.js';
import { createDemoBot } from './demo-bot.js';
import { createHaptikProxy } from './handler.js';
import type { RequestLogger } from './log.js';
import { createNodeFetch } from './node-fetch.js';
import { serve, type FetchHandler } from './node.js';
import type { UpstreamFetch } from './upstream.js';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const DEMO_BUSINESS_ID = 343;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
};

/**
 * The demo pages are served the way a careful site would serve them: a strict CSP, Trusted Types on,
 * and no framing by any site (`frame-ancestors`, and X-Frame-Options for browsers without CSP 2).
 */
const PAGE_HEADERS = {
  'content-security-policy':
    "default-src 'self'; img-src 'self' https:; frame-src https:; object-src 'none'; base-uri 'none'; " +
    "frame-ancestors 'none'; require-trusted-types-for 'script'; trusted-types lit-html dompurify haptik-chat vue",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/** Maps a URL path to a file under `demo/` or `dist/`, refusing anything that escapes them. */
function staticPath(pathname: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  const [base, rest] = decoded.startsWith('/dist/')
    ? [join(ROOT, 'dist'), decoded.slice('/dist/'.length)]
    : [join(ROOT, 'demo'), decoded.slice(1) || 'index.html'];
  const file = resolve(base, rest.endsWith('/') ? `${rest}index.html` : rest);
  return file.startsWith(base + sep) ? file : undefined;
}

function createStaticHandler(businessId: number): FetchHandler {
  return async function serveStatic(request: Request): Promise<Response> {
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return new Response('Method not allowed', { status: 405 });
    const file = staticPath(new URL(request.url).pathname);
    const type = file ? TYPES[extname(file)] : undefined;
    if (!file || !type) return new Response('Not found', { status: 404 });
    let content: Buffer | string;
    try {
      content = await readFile(file);
    } catch {
      return new Response('Not found', { status: 404 });
    }
    if (type.startsWith('text/html')) {
      content = content
        .toString()
        .replaceAll(`business-id="${DEMO_BUSINESS_ID}"`, `business-id="${businessId}"`);
      return new Response(content, { headers: { 'content-type': type, ...PAGE_HEADERS } });
    }
    return new Response(new Uint8Array(content), {
      headers: { 'content-type': type, 'x-content-type-options': 'nosniff' },
    });
  };
}

/**
 * The request log on standard output, one JSON line per request, written once per event-loop turn
 * instead of once per request: under load that is one write for many lines.
 */
export function createStdoutLogger(): RequestLogger & { flush(): void } {
  let pending = '';
  const flush = () => {
    if (!pending) return;
    process.stdout.write(pending);
    pending = '';
  };
  const log: RequestLogger = (entry) => {
    if (!pending) setImmediate(flush);
    pending += `${JSON.stringify(entry)}\n`;
  };
  return Object.assign(log, { flush });
}

/** How the proxy decides who is chatting, in one line for the start-up message. */
export function identityMode(config: Pick<ProxyConfig, 'identitySecret' | 'trustClaimedIds'>): string {
  if (config.identitySecret !== undefined) {
    return 'signed-in users by token (HAPTIK_IDENTITY_SECRET), everyone else by anonymous id';
  }
  if (config.trustClaimedIds) {
    return 'any claimed user id is trusted (HAPTIK_TRUST_CLAIMED_IDS=1): anyone can chat as anyone';
  }
  return 'anonymous ids only (set HAPTIK_IDENTITY_SECRET for signed-in users)';
}

export interface App {
  handler: FetchHandler;
  demo: boolean;
  businessId: number;
  /** The identity mode, as {@link identityMode} words it. */
  identity: string;
  /** Writes any pending log lines and drops pooled upstream connections. */
  close(): void;
}

/** The whole app: the proxy at /api/haptik and /healthz, static files elsewhere. */
export function createApp(env: Env): App {
  const demo = wantsDemo(env);
  let config: ProxyConfig;
  let upstream: UpstreamFetch;
  const log = createStdoutLogger();
  let dropConnections = (): void => undefined;
  if (demo) {
    const token = randomBytes(24).toString('base64url');
    config = {
      apiUrl: 'http://demo-bot.internal/webhook',
      token,
      clientId: 'demo-client',
      businessIds: [DEMO_BUSINESS_ID],
      ...policyFromEnv(env),
      // The demo bot has no user API: there is nobody to register users with.
      userUrl: undefined,
    };
    const bot = createDemoBot({ token, clientId: config.clientId, businessIds: config.businessIds });
    upstream = (url, init) => bot(new Request(url, init));
  } else {
    config = configFromEnv(env);
    const nodeFetch = createNodeFetch();
    upstream = nodeFetch;
    dropConnections = () => nodeFetch.close();
  }
  const proxy = createHaptikProxy(config, { fetch: upstream, log });
  const businessId = config.businessIds[0] ?? DEMO_BUSINESS_ID;
  const files = createStaticHandler(businessId);
  const handler: FetchHandler = (request, context) => {
    const { pathname } = new URL(request.url);
    return pathname === '/healthz' || pathname.startsWith('/api/') ? proxy(request, context) : files(request);
  };
  const close = () => {
    log.flush();
    dropConnections();
  };
  return { handler, demo, businessId, identity: identityMode(config), close };
}

async function main(): Promise<void> {
  let app: App;
  let listen: ReturnType<typeof listenFromEnv>;
  try {
    listen = listenFromEnv(process.env);
    app = createApp(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`haptik-chat: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  const { port, host, maxConnections } = listen;
  const server = await serve(app.handler, port, host, { maxConnections });
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  console.log(
    `haptik-chat: open http://${host === '0.0.0.0' ? 'localhost' : host}:${actualPort}/ ` +
      (app.demo ? '(talking to the built-in demo bot)' : `(proxying to Haptik, business ${app.businessId})`),
  );
  console.log(`haptik-chat: identity: ${app.identity}`);
  const stop = () =>
    server.close(() => {
      app.close();
      process.exit(0);
    });
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  process.once('exit', () => app.close());
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
