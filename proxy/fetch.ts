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
export { ANONYMOUS_ID, mintIdentityToken, verifyIdentityToken, type MintOptions } from './identity.js';
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
export { agentsFromEnv, redisUrlFromEnv, type AgentsConfig } from './config.js';
export { createWebhookRoute, localAgentBackend, type AgentBackend, type WebhookOptions } from './agents.js';
export { createMemoryEventStore, type MemoryEventStoreOptions } from './events/memory.js';
export {
  DEFAULT_EVENT_BOUNDS,
  type AppendResult,
  type EventBounds,
  type EventStore,
  type IncomingEvent,
  type StoredEvent,
} from './events/store.js';
export {
  HaptikConversation,
  durableObjectBackend,
  type DurableObjectNamespace,
} from './events/durable-object.js';
export { DEFAULT_STREAM_LIMITS, createStreamHub, type StreamHub, type StreamLimits } from './stream.js';
export { createWebhookSigner, parseDelivery, type WebhookSigner } from './webhook.js';
