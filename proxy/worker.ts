/**
 * Cloudflare Workers entry (see wrangler.toml): the same handler as on Node. Configuration comes from
 * the Worker's variables and secrets; when it is wrong, every request gets 500 `misconfigured` and
 * nothing is forwarded. Rate limits use the `HAPTIK_RATE_LIMITER` binding when it is configured; agent
 * events (HAPTIK_WEBHOOK_SECRET) live in the `HAPTIK_CONVERSATIONS` Durable Objects, one per conversation.
 */
import { ConfigError, configFromEnv, type Env } from './config.js';
import { createHaptikProxy, type HaptikProxyHandler } from './handler.js';
import {
  CONVERSATIONS_BINDING,
  durableObjectBackend,
  isDurableObjectNamespace,
} from './events/durable-object.js';
import { bindingRateLimiter, isRateLimitBinding } from './rate-limit.js';
import { errorResponse } from './responses.js';

/** The Worker's environment: string variables and secrets, and bindings. */
type WorkerEnv = Readonly<Record<string, unknown>>;

/** One handler per environment object; a configuration error is remembered as `null`. */
const handlers = new WeakMap<WorkerEnv, HaptikProxyHandler | null>();

function stringsOf(env: WorkerEnv): Env {
  const strings: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (typeof value === 'string') strings[name] = value;
  return strings;
}

function handlerFor(env: WorkerEnv): HaptikProxyHandler | null {
  let handler = handlers.get(env);
  if (handler !== undefined) return handler;
  try {
    const binding = env['HAPTIK_RATE_LIMITER'];
    const config = configFromEnv(stringsOf(env));
    // Agent events need the conversation objects: each isolate's memory would split a user's events.
    const conversations = env[CONVERSATIONS_BINDING];
    if (config.agents && !isDurableObjectNamespace(conversations)) {
      throw new ConfigError(
        `HAPTIK_WEBHOOK_SECRET is set but the ${CONVERSATIONS_BINDING} Durable Object binding is not.`,
      );
    }
    handler = createHaptikProxy(config, {
      ...(isRateLimitBinding(binding) ? { rateLimiter: bindingRateLimiter(binding) } : {}),
      ...(config.agents && isDurableObjectNamespace(conversations)
        ? { agents: durableObjectBackend(conversations) }
        : {}),
    });
  } catch (error) {
    // The operator reads this in Workers Logs; clients only ever see `misconfigured`.
    const detail =
      error instanceof ConfigError ? error.message : 'unexpected error while reading the configuration';
    console.error(JSON.stringify({ level: 'error', msg: 'haptik-chat is misconfigured', detail }));
    handler = null;
  }
  handlers.set(env, handler);
  return handler;
}

/** The Durable Object class wrangler.toml binds as HAPTIK_CONVERSATIONS. */
export { HaptikConversation } from './events/durable-object.js';

export default {
  async fetch(request: Request, env: WorkerEnv): Promise<Response> {
    const proxy = handlerFor(env);
    if (!proxy) return errorResponse(500, 'misconfigured', 'The chat service is not set up correctly.');
    // Cloudflare sets CF-Connecting-IP itself; a client cannot choose it.
    return proxy(request, { clientAddress: request.headers.get('cf-connecting-ip') });
  },
};
