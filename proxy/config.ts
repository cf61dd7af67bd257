/** Turns environment variables into a validated proxy configuration, or says exactly what is wrong. */
import { DEFAULT_EVENT_BOUNDS, type EventBounds } from './events/store.js';
import { DEFAULT_STREAM_LIMITS, type StreamLimits } from './stream.js';

export interface ProxyConfig {
  /** The bot's Synchronous Webhooks URL, issued by Haptik's dashboard. */
  apiUrl: string;
  /** The bearer token; never leaves the proxy except towards `apiUrl` and `userUrl`. */
  token: string;
  clientId: string;
  /** The business (channel) ids the widget may talk to. */
  businessIds: readonly number[];
  /** Origins other than the proxy's own that may call it (exact match). */
  allowedOrigins: readonly string[];
  /**
   * The proxy's own origin, when the request's Host must not decide it: a proxy on localhost or an
   * intranet is otherwise reachable through DNS rebinding (a page whose Host and Origin agree).
   */
  publicOrigin?: string | undefined;
  /** One deadline for the whole exchange with Haptik, registration and retry included. */
  upstreamTimeoutMs: number;
  /** When set, a non-anonymous user id must arrive as an HS256 token signed with this secret. */
  identitySecret?: string | undefined;
  /**
   * Without a secret, forward any user id the body claims (HAPTIK_TRUST_CLAIMED_IDS=1). Off by default:
   * then only anonymous ids (`anon-<uuid>`) pass. Contradicts `identitySecret`, so never set with it.
   */
  trustClaimedIds?: boolean | undefined;
  /** Haptik's user API; when set, a user Haptik calls "not registered" is registered once and retried once. */
  userUrl?: string | undefined;
  /** Token-bucket size per client address and per user id; 0 switches rate limiting off. Default 30. */
  rateLimitPerMinute?: number | undefined;
  /** Put message text in the request log (off unless LOG_MESSAGES=1). */
  logMessages?: boolean | undefined;
  /** Human agents: Haptik's outbound webhook and the widget's event stream (with HAPTIK_WEBHOOK_SECRET). */
  agents?: AgentsConfig | undefined;
}

/** The settings that do not depend on which upstream is used: the demo bot shares them. */
export type PolicyConfig = Pick<
  ProxyConfig,
  | 'allowedOrigins'
  | 'publicOrigin'
  | 'upstreamTimeoutMs'
  | 'identitySecret'
  | 'trustClaimedIds'
  | 'userUrl'
  | 'rateLimitPerMinute'
  | 'logMessages'
  | 'agents'
>;

export type Env = Readonly<Record<string, string | undefined>>;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const DEFAULT_UPSTREAM_TIMEOUT_MS = 15_000;
export const DEFAULT_RATE_LIMIT_PER_MINUTE = 30;
/** The Node server's limits on slow clients (`npm start`, `serve()`); see node.ts. */
export const DEFAULT_HEADERS_TIMEOUT_MS = 10_000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_CONNECTIONS = 1000;
/** HS256 needs a key at least as long as its output to be as strong as it claims. */
export const MIN_IDENTITY_SECRET_LENGTH = 32;

const REQUIRED = ['HAPTIK_API_URL', 'HAPTIK_TOKEN', 'HAPTIK_CLIENT_ID', 'HAPTIK_BUSINESS_IDS'] as const;

/** A header value may not carry line breaks or other control characters. */
const HEADER_SAFE = /^[\x20-\x7e]+$/;
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

const read = (env: Env, name: string): string | undefined => {
  const value = env[name]?.trim();
  return value ? value : undefined;
};

/** The token travels in this URL's requests, so it must be https unless it stays on this machine. */
function parseUpstreamUrl(name: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`${name} is not a URL: expected e.g. https://…/webhooks/…`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname))) {
    throw new ConfigError(`${name} must be an https URL (http is accepted only for localhost).`);
  }
  if (url.username || url.password) {
    throw new ConfigError(`${name} must not carry a user name or password.`);
  }
  return url.href;
}

function parseBusinessIds(value: string): number[] {
  const ids = value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  if (ids.length === 0)
    throw new ConfigError('HAPTIK_BUSINESS_IDS is empty: list the business ids, comma-separated.');
  return ids.map((id) => {
    if (!/^\d{1,15}$/.test(id))
      throw new ConfigError(`HAPTIK_BUSINESS_IDS has "${id}", which is not a business id (digits only).`);
    return Number(id);
  });
}

function parseOrigin(name: string, origin: string): string {
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    throw new ConfigError(`${name} has "${origin}", which is not an origin like https://example.com.`);
  }
  if (parsed.origin !== origin) {
    throw new ConfigError(`${name} has "${origin}": write just the origin, e.g. ${parsed.origin}.`);
  }
  return origin;
}

function parseOrigins(value: string | undefined): string[] {
  if (!value) return [];
  return value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((origin) => parseOrigin('ALLOWED_ORIGINS', origin));
}

function parseWholeNumber(name: string, value: string | undefined, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  if (!/^\d{1,9}$/.test(value)) throw new ConfigError(`${name} must be a whole number, got "${value}".`);
  const number = Number(value);
  if (number > max) throw new ConfigError(`${name} must be at most ${max}, got ${number}.`);
  return number;
}

function parseFlag(name: string, value: string | undefined): boolean {
  if (value === undefined || value === '0') return false;
  if (value === '1') return true;
  throw new ConfigError(`${name} must be 1 or 0, got "${value}".`);
}

function parseIdentitySecret(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (value.length < MIN_IDENTITY_SECRET_LENGTH) {
    throw new ConfigError(
      `HAPTIK_IDENTITY_SECRET must be at least ${MIN_IDENTITY_SECRET_LENGTH} characters (use e.g. 32 random bytes, base64).`,
    );
  }
  return value;
}

/** True when none of the upstream variables is set: the Node entry then serves the demo bot. */
export const wantsDemo = (env: Env): boolean => REQUIRED.every((name) => !read(env, name));

/** Reads the settings every proxy has, demo or not. Throws a ConfigError naming the variable at fault. */
export function policyFromEnv(env: Env): PolicyConfig {
  const upstreamTimeoutMs = parseWholeNumber(
    'UPSTREAM_TIMEOUT_MS',
    read(env, 'UPSTREAM_TIMEOUT_MS'),
    DEFAULT_UPSTREAM_TIMEOUT_MS,
    600_000,
  );
  if (upstreamTimeoutMs === 0) throw new ConfigError('UPSTREAM_TIMEOUT_MS must be above 0.');
  const identitySecret = parseIdentitySecret(read(env, 'HAPTIK_IDENTITY_SECRET'));
  const trustClaimedIds = parseFlag('HAPTIK_TRUST_CLAIMED_IDS', read(env, 'HAPTIK_TRUST_CLAIMED_IDS'));
  if (trustClaimedIds && identitySecret !== undefined) {
    throw new ConfigError(
      'HAPTIK_TRUST_CLAIMED_IDS=1 and HAPTIK_IDENTITY_SECRET contradict each other: with a secret, signed-in ids ' +
        'must come as tokens. Unset HAPTIK_TRUST_CLAIMED_IDS.',
    );
  }
  const userUrl = read(env, 'HAPTIK_USER_URL');
  const publicOrigin = read(env, 'PUBLIC_ORIGIN');
  return {
    allowedOrigins: parseOrigins(read(env, 'ALLOWED_ORIGINS')),
    publicOrigin: publicOrigin === undefined ? undefined : parseOrigin('PUBLIC_ORIGIN', publicOrigin),
    upstreamTimeoutMs,
    identitySecret,
    trustClaimedIds,
    userUrl: userUrl === undefined ? undefined : parseUpstreamUrl('HAPTIK_USER_URL', userUrl),
    rateLimitPerMinute: parseWholeNumber(
      'RATE_LIMIT_PER_MINUTE',
      read(env, 'RATE_LIMIT_PER_MINUTE'),
      DEFAULT_RATE_LIMIT_PER_MINUTE,
      1_000_000,
    ),
    logMessages: parseFlag('LOG_MESSAGES', read(env, 'LOG_MESSAGES')),
    agents: agentsFromEnv(env),
  };
}

/** Reads and checks the whole configuration. Throws a ConfigError naming the variable at fault. */
export function configFromEnv(env: Env): ProxyConfig {
  const missing = REQUIRED.filter((name) => !read(env, name));
  if (missing.length) throw new ConfigError(`Missing environment variable(s): ${missing.join(', ')}.`);
  const token = read(env, 'HAPTIK_TOKEN') ?? '';
  const clientId = read(env, 'HAPTIK_CLIENT_ID') ?? '';
  if (!HEADER_SAFE.test(token)) throw new ConfigError('HAPTIK_TOKEN has characters a header cannot carry.');
  if (!HEADER_SAFE.test(clientId))
    throw new ConfigError('HAPTIK_CLIENT_ID has characters a header cannot carry.');
  return {
    apiUrl: parseUpstreamUrl('HAPTIK_API_URL', read(env, 'HAPTIK_API_URL') ?? ''),
    token,
    clientId,
    businessIds: parseBusinessIds(read(env, 'HAPTIK_BUSINESS_IDS') ?? ''),
    ...policyFromEnv(env),
  };
}

/**
 * Where and how the Node entry listens: PORT (default 8787), HOST (default 127.0.0.1) and
 * MAX_CONNECTIONS, the open connections it keeps at most (default 1,000).
 */
export function listenFromEnv(env: Env): { port: number; host: string; maxConnections: number } {
  const port = parseWholeNumber('PORT', read(env, 'PORT'), 8787, 65_535);
  const host = read(env, 'HOST') ?? '127.0.0.1';
  if (!/^[A-Za-z0-9.:[\]-]+$/.test(host)) throw new ConfigError(`HOST is not a host name or address.`);
  const maxConnections = parseWholeNumber(
    'MAX_CONNECTIONS',
    read(env, 'MAX_CONNECTIONS'),
    DEFAULT_MAX_CONNECTIONS,
    1_000_000,
  );
  if (maxConnections === 0) throw new ConfigError('MAX_CONNECTIONS must be above 0.');
  return { port, host, maxConnections };
}

// Human agents: Haptik's outbound webhook and the widget's event stream.

/** What the agent path needs: the webhook secret, and the bounds of stored events and open streams. */
export interface AgentsConfig {
  /** The Secret Key entered beside the webhook URL in Haptik's dashboard. */
  webhookSecret: string;
  events: EventBounds;
  streams: StreamLimits;
}

export const MIN_WEBHOOK_SECRET_LENGTH = 32;

const seconds = (name: string, env: Env, fallbackMs: number, min: number, max: number): number => {
  const value = parseWholeNumber(name, read(env, name), fallbackMs / 1000, max);
  if (value < min) throw new ConfigError(`${name} must be at least ${min}, got ${value}.`);
  return value * 1000;
};

const atLeastOne = (name: string, env: Env, fallback: number, max: number): number => {
  const value = parseWholeNumber(name, read(env, name), fallback, max);
  if (value < 1) throw new ConfigError(`${name} must be at least 1.`);
  return value;
};

/**
 * Reads the agent settings; undefined when HAPTIK_WEBHOOK_SECRET is not set (no webhook, no streams).
 * Throws a ConfigError naming the variable at fault.
 */
export function agentsFromEnv(env: Env): AgentsConfig | undefined {
  const webhookSecret = read(env, 'HAPTIK_WEBHOOK_SECRET');
  if (webhookSecret === undefined) return undefined;
  if (webhookSecret.length < MIN_WEBHOOK_SECRET_LENGTH) {
    throw new ConfigError(
      `HAPTIK_WEBHOOK_SECRET must be at least ${MIN_WEBHOOK_SECRET_LENGTH} characters (e.g. openssl rand -hex 32), and the same in Haptik's dashboard.`,
    );
  }
  const events: EventBounds = {
    maxEvents: atLeastOne('EVENTS_MAX_PER_USER', env, DEFAULT_EVENT_BOUNDS.maxEvents, 100_000),
    maxAgeMs: seconds('EVENTS_MAX_AGE_SECONDS', env, DEFAULT_EVENT_BOUNDS.maxAgeMs, 1, 30 * 24 * 3600),
    reorderMs: parseWholeNumber(
      'WEBHOOK_REORDER_MS',
      read(env, 'WEBHOOK_REORDER_MS'),
      DEFAULT_EVENT_BOUNDS.reorderMs,
      10_000,
    ),
  };
  const streams: StreamLimits = {
    ...DEFAULT_STREAM_LIMITS,
    heartbeatMs: seconds('EVENTS_HEARTBEAT_SECONDS', env, DEFAULT_STREAM_LIMITS.heartbeatMs, 1, 300),
    idleMs: seconds('EVENTS_IDLE_SECONDS', env, DEFAULT_STREAM_LIMITS.idleMs, 1, 24 * 3600),
    maxDurationMs: seconds(
      'EVENTS_MAX_STREAM_SECONDS',
      env,
      DEFAULT_STREAM_LIMITS.maxDurationMs,
      1,
      24 * 3600,
    ),
    maxPerConversation: atLeastOne(
      'EVENTS_MAX_STREAMS_PER_USER',
      env,
      DEFAULT_STREAM_LIMITS.maxPerConversation,
      1000,
    ),
    maxPerAddress: atLeastOne(
      'EVENTS_MAX_STREAMS_PER_ADDRESS',
      env,
      DEFAULT_STREAM_LIMITS.maxPerAddress,
      100_000,
    ),
  };
  return { webhookSecret, events, streams };
}

/** REDIS_URL, checked: a redis:// or rediss:// URL; undefined when not set. */
export function redisUrlFromEnv(env: Env): string | undefined {
  const value = read(env, 'REDIS_URL');
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError('REDIS_URL is not a URL: expected e.g. redis://127.0.0.1:6379 or rediss://…');
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new ConfigError('REDIS_URL must start with redis:// or rediss://.');
  }
  return value;
}
