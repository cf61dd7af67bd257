/** Turns environment variables into a validated proxy configuration, or says exactly what is wrong. */

export interface ProxyConfig {
  /** The bot's Synchronous Webhooks URL, issued by Haptik's dashboard. */
  apiUrl: string;
  /** The bearer token; never leaves the proxy except towards `apiUrl`. */
  token: string;
  clientId: string;
  /** The business (channel) ids the widget may talk to. */
  businessIds: readonly number[];
  /** Origins other than the proxy's own that may call it (exact match). */
  allowedOrigins: readonly string[];
  upstreamTimeoutMs: number;
}

export type Env = Readonly<Record<string, string | undefined>>;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export const DEFAULT_UPSTREAM_TIMEOUT_MS = 15_000;

const REQUIRED = ['HAPTIK_API_URL', 'HAPTIK_TOKEN', 'HAPTIK_CLIENT_ID', 'HAPTIK_BUSINESS_IDS'] as const;

/** A header value may not carry line breaks or other control characters. */
const HEADER_SAFE = /^[\x20-\x7e]+$/;

function parseUrl(name: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`${name} is not a URL: expected e.g. https://…/webhooks/…`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigError(`${name} must be an http(s) URL.`);
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

function parseOrigins(value: string | undefined): string[] {
  if (!value?.trim()) return [];
  return value.split(',').map((part) => {
    const origin = part.trim();
    let parsed: URL;
    try {
      parsed = new URL(origin);
    } catch {
      throw new ConfigError(
        `ALLOWED_ORIGINS has "${origin}", which is not an origin like https://example.com.`,
      );
    }
    if (parsed.origin !== origin) {
      throw new ConfigError(`ALLOWED_ORIGINS has "${origin}": write just the origin, e.g. ${parsed.origin}.`);
    }
    return origin;
  });
}

function parsePositiveInt(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value.trim() === '') return fallback;
  if (!/^\d+$/.test(value.trim())) throw new ConfigError(`${name} must be a whole number, got "${value}".`);
  return Number(value.trim());
}

/** True when none of the upstream variables is set: the Node entry then serves the demo bot. */
export const wantsDemo = (env: Env): boolean => REQUIRED.every((name) => !env[name]);

/** Reads and checks the configuration. Throws a ConfigError naming the variable at fault. */
export function configFromEnv(env: Env): ProxyConfig {
  const missing = REQUIRED.filter((name) => !env[name]?.trim());
  if (missing.length) throw new ConfigError(`Missing environment variable(s): ${missing.join(', ')}.`);
  const token = (env['HAPTIK_TOKEN'] ?? '').trim();
  const clientId = (env['HAPTIK_CLIENT_ID'] ?? '').trim();
  if (!HEADER_SAFE.test(token)) throw new ConfigError('HAPTIK_TOKEN has characters a header cannot carry.');
  if (!HEADER_SAFE.test(clientId))
    throw new ConfigError('HAPTIK_CLIENT_ID has characters a header cannot carry.');
  const upstreamTimeoutMs = parsePositiveInt(
    'UPSTREAM_TIMEOUT_MS',
    env['UPSTREAM_TIMEOUT_MS'],
    DEFAULT_UPSTREAM_TIMEOUT_MS,
  );
  if (upstreamTimeoutMs === 0) throw new ConfigError('UPSTREAM_TIMEOUT_MS must be above 0.');
  return {
    apiUrl: parseUrl('HAPTIK_API_URL', (env['HAPTIK_API_URL'] ?? '').trim()),
    token,
    clientId,
    businessIds: parseBusinessIds(env['HAPTIK_BUSINESS_IDS'] ?? ''),
    allowedOrigins: parseOrigins(env['ALLOWED_ORIGINS']),
    upstreamTimeoutMs,
  };
}
