/**
 * The rate limits in Redis (with REDIS_URL): the same token bucket per key as the in-memory limiter,
 * kept in one hash per key and updated by one atomic script on Redis's clock, so N instances enforce
 * one limit, not N of them. A Redis that does not answer refuses the request (503), never waves it on.
 */
import type { RedisCommands } from './redis.js';
import { scriptRunner } from './redis.js';
import type { RateLimiter } from './rate-limit.js';
import { ProxyError } from './responses.js';

/** KEYS[1] = the bucket; ARGV = per minute. Returns {1} or {0, retry-after seconds}. */
const TAKE = `
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local size = tonumber(ARGV[1])
local perMs = size / 60000
local bucket = redis.call('HMGET', KEYS[1], 'tokens', 'updated')
local tokens = tonumber(bucket[1]) or size
local updated = tonumber(bucket[2]) or now
tokens = math.min(size, tokens + math.max(0, now - updated) * perMs)
local allowed = tokens >= 1
if allowed then tokens = tokens - 1 end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'updated', now)
-- A bucket left alone for a minute is full again, which is what a missing one means.
redis.call('PEXPIRE', KEYS[1], 60000)
if allowed then return {1} end
return {0, math.max(1, math.ceil((1 - tokens) / perMs / 1000))}
`;

export interface RedisRateLimiterOptions {
  commands: RedisCommands;
  /** Bucket size, refilled evenly over a minute. */
  perMinute: number;
  /** Prefix for the bucket keys (default `hc:rate:`). */
  prefix?: string;
}

export function createRedisRateLimiter(options: RedisRateLimiterOptions): RateLimiter {
  const run = scriptRunner(options.commands);
  const prefix = options.prefix ?? 'hc:rate:';
  return {
    async take(key) {
      let reply: unknown;
      try {
        reply = await run(TAKE, [`${prefix}${key}`], [options.perMinute]);
      } catch {
        throw new ProxyError(503, 'store_unavailable', 'The chat service is busy; try again shortly.');
      }
      const [allowed, retryAfter] = reply as [number, number?];
      return allowed === 1 ? { allowed: true } : { allowed: false, retryAfterSeconds: Number(retryAfter) };
    },
  };
}
