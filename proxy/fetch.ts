/**
 * The runtime-neutral part of `haptik-chat/proxy`: everything but the Node adapter, with no `node:`
 * import, for Workers, Deno, Bun and edge runtimes.
 */
export {
  createHaptikProxy,
  type HaptikProxyHandler,
  type ProxyOptions,
  type RequestContext,
} from './handler.js';
export {
  ConfigError,
  configFromEnv,
  policyFromEnv,
  type Env,
  type PolicyConfig,
  type ProxyConfig,
} from './config.js';
export {
  ANONYMOUS_ID,
  mintIdentityToken,
  verifyIdentity,
  verifyIdentityToken,
  type MintOptions,
  type VerifiedIdentity,
} from './identity.js';
export { ProfileError, type CustomDataValue, type UserProfile } from './profile.js';
export {
  addressKey,
  bindingRateLimiter,
  createMemoryRateLimiter,
  type MemoryRateLimiter,
  type RateDecision,
  type RateLimitBinding,
  type RateLimiter,
} from './rate-limit.js';
export type { RequestLog, RequestLogger } from './log.js';
export type { UpstreamFetch, UpstreamInit } from './upstream.js';
export type { HaptikBody } from './validate.js';
