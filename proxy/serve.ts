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
  agentsFromEnv,
  configFromEnv,
  listenFromEnv,
  policyFromEnv,
  redisUrlFromEnv,
  wantsDemo,
  type Env,
  type ProxyConfig,
} from './config.js';
import { createDemoBot } from './demo-bot.js';
import { createHaptikProxy, type HaptikProxyHandler } from './handler.js';
import type { RequestLogger } from './log.js';
import { createNodeFetch } from './node-fetch.js';
import { serve, type FetchHandler } from './node.js';
import type { UpstreamFetch } from './upstream.js';
import { localAgentBackend } from './agents.js';
import { createDemoAgent } from './demo-agent.js';
import { createMemoryEventStore } from './events/memory.js';
import { createRedisEventStore } from './events/redis.js';
import { connectRedis, type RedisConnection } from './redis.js';
import { createRedisRateLimiter } from './redis-rate-limit.js';
import { CHAT_PATH, WEBHOOK_SUBPATH } from '../src/wire.js';

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
  /** Where agent events live: `memory`, `redis`, or `off` without a webhook secret. */
  agents: 'memory' | 'redis' | 'off';
  /** Ends open event streams (`stream_end`: `shutdown`), so a closing server is not held open by them. */
  endStreams(): void;
  /** Ends streams, closes Redis, writes any pending log lines and drops pooled upstream connections. */
  close(): Promise<void>;
}

/** What the app runs on besides the environment: a Redis connection when REDIS_URL is set. */
export interface AppServices {
  redis?: RedisConnection | undefined;
}

/** Connects what the environment asks for (Redis), then makes the app. */
export async function startApp(env: Env): Promise<App> {
  const redisUrl = redisUrlFromEnv(env);
  const redis = redisUrl ? await connectRedis(redisUrl) : undefined;
  try {
    return createApp(env, { redis });
  } catch (error) {
    await redis?.close();
    throw error;
  }
}

/** The whole app: the proxy at /api/haptik and /healthz, static files elsewhere. */
export function createApp(env: Env, services: AppServices = {}): App {
  const { redis } = services;
  if (redisUrlFromEnv(env) && !redis) throw new ConfigError('REDIS_URL is set: start the app with startApp.');
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
    // The demo plays a human agent through the real webhook, signed with a secret of its own.
    config.agents ??= agentsFromEnv({ ...env, HAPTIK_WEBHOOK_SECRET: randomBytes(32).toString('hex') });
    const agent = createDemoAgent({
      secret: config.agents!.webhookSecret,
      webhookUrl: `http://demo-bot.internal${CHAT_PATH}${WEBHOOK_SUBPATH}`,
      post: (request) => proxy(request),
    });
    const bot = createDemoBot({ token, clientId: config.clientId, businessIds: config.businessIds, agent });
    upstream = (url, init) => bot(new Request(url, init));
  } else {
    config = configFromEnv(env);
    const nodeFetch = createNodeFetch();
    upstream = nodeFetch;
    dropConnections = () => nodeFetch.close();
  }
  const settings = config.agents;
  const store = !settings
    ? undefined
    : redis
      ? createRedisEventStore({ ...redis, bounds: settings.events })
      : createMemoryEventStore({ bounds: settings.events });
  const agents = store && settings ? localAgentBackend(store, settings.streams) : undefined;
  const perMinute = config.rateLimitPerMinute;
  const proxy: HaptikProxyHandler = createHaptikProxy(config, {
    fetch: upstream,
    log,
    ...(agents ? { agents } : {}),
    // With Redis, every instance counts in one place.
    ...(redis && perMinute ? { rateLimiter: createRedisRateLimiter({ ...redis, perMinute }) } : {}),
  });
  const businessId = config.businessIds[0] ?? DEMO_BUSINESS_ID;
  const files = createStaticHandler(businessId);
  const handler: FetchHandler = (request, context) => {
    const { pathname } = new URL(request.url);
    return pathname === '/healthz' || pathname.startsWith('/api/') ? proxy(request, context) : files(request);
  };
  const close = async () => {
    await agents?.close();
    await redis?.close();
    log.flush();
    dropConnections();
  };
  return {
    handler,
    demo,
    businessId,
    identity: identityMode(config),
    agents: !agents ? 'off' : redis ? 'redis' : 'memory',
    endStreams: () => void agents?.close(),
    close,
  };
}

async function main(): Promise<void> {
  let app: App;
  let listen: ReturnType<typeof listenFromEnv>;
  try {
    listen = listenFromEnv(process.env);
    app = await startApp(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`haptik-chat: ${error.message}`);
      process.exit(1);
    }
    if (redisUrlFromEnv(process.env)) {
      console.error(`haptik-chat: REDIS_URL could not be reached: ${(error as Error).message}`);
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
      (app.demo ? '(talking to the built-in demo bot)' : `(proxying to Haptik, business ${app.businessId})`) +
      (app.agents === 'off' ? '' : `; agent events in ${app.agents}`),
  );
  console.log(`haptik-chat: identity: ${app.identity}`);
  const stop = () => {
    // Streams first: each gets stream_end and ends, so the server can close its connections.
    app.endStreams();
    server.close(() => void app.close().finally(() => process.exit(0)));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  process.once('exit', () => void app.close());
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
