/**
 * `haptik-chat/proxy`: the Fetch handler factory, its configuration, the identity-token helper and
 * the Node adapter and upstream client. Runtimes without `node:http` can import `./fetch.js`, the same minus the adapter.
 */
export * from './fetch.js';
export {
  serve,
  toNodeListener,
  toWebRequest,
  writeWebResponse,
  type FetchHandler,
  type NodeListenerOptions,
} from './node.js';
export { createNodeFetch, type NodeFetch, type NodeFetchOptions } from './node-fetch.js';
export { connectRedis, type RedisCommands, type RedisConnection, type RedisSubscriber } from './redis.js';
export { createRedisEventStore, type RedisEventStoreOptions } from './events/redis.js';
export { createRedisRateLimiter, type RedisRateLimiterOptions } from './redis-rate-limit.js';
