/**
 * Rate limits per client address and per user id. In memory a token bucket per key; on Cloudflare
 * Workers the platform's rate-limiting binding, which counts per location, not in one isolate.
 */

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Takes one token for `key`. */
export interface RateLimiter {
  take(key: string): RateDecision | Promise<RateDecision>;
}

interface MemoryRateLimiterOptions {
  /** Bucket size, refilled evenly over a minute. */
  perMinute: number;
  /** Buckets kept at most; full buckets are dropped first, then the oldest. Default 100,000. */
  maxKeys?: number;
  /** Milliseconds; injectable for tests. */
  now?: () => number;
}

/** A limiter that answers at once, and says how many keys it holds. */
export interface MemoryRateLimiter extends RateLimiter {
  take(key: string): RateDecision;
  size(): number;
}

interface Bucket {
  tokens: number;
  updated: number;
}

/** A token bucket per key, in this process's memory, with a bounded number of keys. */
export function createMemoryRateLimiter(options: MemoryRateLimiterOptions): MemoryRateLimiter {
  const { perMinute, maxKeys = 100_000, now = () => Date.now() } = options;
  const perMs = perMinute / 60_000;
  const buckets = new Map<string, Bucket>();

  const refill = (bucket: Bucket, time: number): void => {
    bucket.tokens = Math.min(perMinute, bucket.tokens + (time - bucket.updated) * perMs);
    bucket.updated = time;
  };

  /** A full bucket says nothing a missing one does not; drop those, then the least recently used. */
  const prune = (time: number): void => {
    for (const [key, bucket] of buckets) {
      refill(bucket, time);
      if (bucket.tokens >= perMinute) buckets.delete(key);
    }
    for (const key of buckets.keys()) {
      if (buckets.size <= maxKeys * 0.9) break;
      buckets.delete(key);
    }
  };

  return {
    take(key) {
      const time = now();
      let bucket = buckets.get(key);
      if (bucket) {
        refill(bucket, time);
        // Least recently used goes first when the map is full: a bucket in use, above all an empty
        // one that is holding a client back, is never the one evicted.
        buckets.delete(key);
        buckets.set(key, bucket);
      } else {
        if (buckets.size >= maxKeys) prune(time);
        bucket = { tokens: perMinute, updated: time };
        buckets.set(key, bucket);
      }
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { allowed: true };
      }
      return {
        allowed: false,
        retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000)),
      };
    },
    size: () => buckets.size,
  };
}

/** The shape of Cloudflare's rate-limiting binding (`[[ratelimits]]` in the wrangler config). */
export interface RateLimitBinding {
  limit(options: { key: string }): Promise<{ success: boolean }>;
}

export const isRateLimitBinding = (value: unknown): value is RateLimitBinding =>
  typeof value === 'object' && value !== null && typeof (value as RateLimitBinding).limit === 'function';

/** Uses a Workers rate-limiting binding. It does not say when a key frees up, so the answer is its period. */
export function bindingRateLimiter(binding: RateLimitBinding, periodSeconds = 60): RateLimiter {
  return {
    async take(key) {
      const { success } = await binding.limit({ key });
      return success ? { allowed: true } : { allowed: false, retryAfterSeconds: periodSeconds };
    },
  };
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function ipv4(text: string): string | undefined {
  const octets = IPV4.exec(text)?.slice(1).map(Number);
  return octets && octets.every((octet) => octet <= 255) ? octets.join('.') : undefined;
}

/** The eight 16-bit groups of an IPv6 address, read by the URL parser (which also checks it). */
function ipv6Groups(text: string): number[] | undefined {
  let host: string;
  try {
    host = new URL(`http://[${text}]/`).hostname.slice(1, -1);
  } catch {
    return undefined;
  }
  const [head = '', tail = ''] = host.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const zeros = host.includes('::') ? 8 - left.length - right.length : 0;
  return [...left, ...Array<string>(zeros).fill('0'), ...right].map((group) => parseInt(group, 16));
}

/** Two 16-bit groups as a dotted IPv4 address. */
const dotted = (high: number, low: number): string => [high >> 8, high & 255, low >> 8, low & 255].join('.');

/**
 * The IPv4 address an IPv6 address carries, when it is one of the forms that carry one: IPv4-mapped
 * `::ffff:a.b.c.d`, IPv4-compatible `::a.b.c.d` (but not `::` or `::1`), NAT64 `64:ff9b::/96`,
 * Teredo `2001:0::/32` (the client's address, inverted, in the last 32 bits) and 6to4 `2002::/16`
 * (bits 16–48). Such a client holds one IPv4 address, not a /64, and must not share a bucket with
 * every other client of its form.
 */
function embeddedIpv4(groups: readonly number[]): string | undefined {
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = groups;
  const zeroTo4 = g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0;
  if (zeroTo4 && g5 === 0xffff) return dotted(g6, g7);
  if (zeroTo4 && g5 === 0 && (g6 !== 0 || g7 > 1)) return dotted(g6, g7);
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) return dotted(g6, g7);
  if (g0 === 0x2001 && g1 === 0) return dotted(g6 ^ 0xffff, g7 ^ 0xffff);
  if (g0 === 0x2002) return dotted(g1, g2);
  return undefined;
}

/**
 * The bucket key for a client address, or undefined when it is not one. IPv6 clients usually hold a
 * whole /64, so they are counted by it; IPv6 forms that embed an IPv4 address count as that address.
 * Ports and zone ids are dropped and every spelling of an address gives one key, so a forwarded header
 * cannot split one client into many buckets, nor merge many into one.
 */
export function addressKey(address: string): string | undefined {
  const text = address.trim().toLowerCase();
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(text);
  const plain = (bracketed ? bracketed[1]! : text).split('%')[0]!;
  const v4 = ipv4(plain.replace(/:\d{1,5}$/, ''));
  if (v4) return v4;
  const groups = ipv6Groups(plain);
  if (!groups) return undefined;
  return (
    embeddedIpv4(groups) ??
    `${groups
      .slice(0, 4)
      .map((group) => group.toString(16))
      .join(':')}::/64`
  );
}

/**
 * The one bucket shared by every client address that does not parse. A raw-text key would let anyone
 * who can write the address (a forwarded header) take a fresh bucket per request; one shared bucket
 * keeps them limited, and a misconfigured mount shows itself in 429s instead of silently limiting no one.
 */
const UNPARSED_ADDRESS_KEY = 'unparsed';
const MAX_ADDRESS_CHARS = 100;

/**
 * The address bucket for a request: its address's key, the shared bucket when the address does not
 * parse (an empty string included), or undefined when the server knows no address at all.
 */
export function addressBucket(address: string | null | undefined): string | undefined {
  if (address === undefined || address === null) return undefined;
  // No spelling of an address is this long; the parser need not read one that is.
  const key = address.length <= MAX_ADDRESS_CHARS ? addressKey(address) : undefined;
  return `address:${key ?? UNPARSED_ADDRESS_KEY}`;
}
