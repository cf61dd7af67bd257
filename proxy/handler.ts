/**
 * The edge proxy: a Fetch API handler that checks a widget's request, adds the bot's credentials,
 * pins the business id, forwards to Haptik and sends back only the documented reply fields.
 * Web-standard Request/Response only, so it runs unchanged on Node, Workers, Deno and Bun.
 */
import { BodyTooLargeError, parseJson, readLimited } from './body.js';
import { DEFAULT_RATE_LIMIT_PER_MINUTE, type ProxyConfig } from './config.js';
import { createIdentityCheck } from './identity.js';
import { logJsonLine, roundMs, type RequestLog, type RequestLogger } from './log.js';
import { IDENTITY_HEADER, checkCaller, corsHeaders, preflight } from './origin.js';
import { addressKey, createMemoryRateLimiter, type RateLimiter } from './rate-limit.js';
import { ProxyError, errorCodeOf, errorResponse, jsonResponse } from './responses.js';
import { createHaptikClient, type UpstreamFetch } from './upstream.js';
import { MAX_REQUEST_BYTES, validateBody, validateEventsBody } from './validate.js';
import { CHAT_PATH, EVENTS_SUBPATH, LAST_EVENT_ID_HEADER, WEBHOOK_SUBPATH } from '../src/wire.js';
import { createWebhookRoute, localAgentBackend, type AgentBackend } from './agents.js';
import { createMemoryEventStore } from './events/memory.js';
import { parseEventId } from './events/store.js';
import { conversationKey } from './webhook.js';

export interface ProxyOptions {
  /** How to reach Haptik (default: the global `fetch`). */
  fetch?: UpstreamFetch;
  /** The path the widget posts to (default `/api/haptik`). */
  path?: string;
  /**
   * Rate limiting: default an in-memory token bucket sized by `config.rateLimitPerMinute`; pass a
   * binding-backed limiter on Workers, or `null` to switch it off here.
   */
  rateLimiter?: RateLimiter | null;
  /** Where the one log line per request goes (default: JSON on standard output). */
  log?: RequestLogger;
  /**
   * Where agent events live, when `config.agents` is set: default this process's memory (one server);
   * the Redis backend for several, a Durable Object per conversation on Workers.
   */
  agents?: AgentBackend;
}

/** What the server knows about a request that the Request itself cannot carry. */
export interface RequestContext {
  /** The client's IP address, as the server saw it (or as a trusted front proxy reported it). */
  clientAddress?: string | null | undefined;
}

/** Turns a thrown refusal (or anything unexpected) into the one error shape. */
const refusal = (problem: unknown): Response =>
  problem instanceof ProxyError
    ? problem.toResponse()
    : errorResponse(500, 'internal_error', 'Something went wrong.');

function limited(retryAfterSeconds: number): ProxyError {
  return new ProxyError(429, 'rate_limited', 'Too many messages; try again shortly.', {
    'retry-after': String(retryAfterSeconds),
  });
}

async function readJson(request: Request): Promise<unknown> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new ProxyError(415, 'unsupported_media_type', 'Send the body as application/json.');
  }
  let bytes: Uint8Array;
  try {
    bytes = await readLimited(request, MAX_REQUEST_BYTES);
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      throw new ProxyError(
        413,
        'body_too_large',
        `The request body must be at most ${MAX_REQUEST_BYTES} bytes.`,
      );
    }
    throw new ProxyError(400, 'invalid_body', 'The request body could not be read.');
  }
  try {
    return parseJson(bytes);
  } catch {
    throw new ProxyError(400, 'invalid_json', 'The body is not valid JSON.');
  }
}

/** Copies headers onto a response made by this module (whose headers are never immutable). */
function withHeaders(response: Response, headers: Record<string, string>): Response {
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

/** Makes the proxy's request handler for one validated configuration. */
export function createHaptikProxy(config: ProxyConfig, options: ProxyOptions = {}) {
  const doFetch: UpstreamFetch = options.fetch ?? ((url, init) => fetch(url, init));
  const path = options.path ?? CHAT_PATH;
  const log = options.log ?? logJsonLine;
  const perMinute = config.rateLimitPerMinute ?? DEFAULT_RATE_LIMIT_PER_MINUTE;
  // RATE_LIMIT_PER_MINUTE=0 switches every limiter off, a platform binding included.
  const rateLimiter =
    perMinute === 0
      ? null
      : options.rateLimiter !== undefined
        ? options.rateLimiter
        : createMemoryRateLimiter({ perMinute });
  const checkIdentity = createIdentityCheck(config.identitySecret);
  const askHaptik = createHaptikClient(config, doFetch);
  const agents =
    config.agents &&
    (options.agents ??
      localAgentBackend(createMemoryEventStore({ bounds: config.agents.events }), config.agents.streams));
  const receiveWebhook =
    config.agents && agents
      ? createWebhookRoute({
          secret: config.agents.webhookSecret,
          businessIds: config.businessIds,
          backend: agents,
        })
      : undefined;

  async function take(limiter: RateLimiter, key: string): Promise<void> {
    const decision = await limiter.take(key);
    if (!decision.allowed) throw limited(decision.retryAfterSeconds);
  }

  /** The chat exchange proper; fills in `entry` as it learns things, for the log line. */
  async function chat(
    request: Request,
    ownOrigin: string,
    context: RequestContext,
    entry: RequestLog,
  ): Promise<Response> {
    if (request.method === 'OPTIONS' && request.headers.has('origin')) {
      return preflight(request, ownOrigin, config.allowedOrigins);
    }
    if (request.method !== 'POST') {
      throw new ProxyError(405, 'method_not_allowed', 'Use POST.', { allow: 'POST' });
    }
    const cors = checkCaller(request, ownOrigin, config.allowedOrigins);
    try {
      const address = context.clientAddress ? addressKey(context.clientAddress) : undefined;
      if (rateLimiter && address) await take(rateLimiter, `address:${address}`);
      const body = validateBody(await readJson(request), config.businessIds);
      entry.business_id = body.business_id;
      if (config.logMessages) entry.message = body.message_body;
      const token = request.headers.get(IDENTITY_HEADER);
      body.user.auth_id = await checkIdentity(body.user.auth_id, token);
      entry.identity = token !== null ? 'verified' : config.identitySecret ? 'anonymous' : 'claimed';
      if (rateLimiter) await take(rateLimiter, `id:${body.user.auth_id}`);
      const upstream = await askHaptik(body);
      entry.upstream_status = upstream.status;
      entry.upstream_calls = upstream.calls;
      return withHeaders(upstream.response, corsHeaders(cors));
    } catch (problem) {
      return withHeaders(refusal(problem), corsHeaders(cors));
    }
  }

  /** The widget's agent event stream: a send's checks, then the stream (agents.ts, stream.ts). */
  async function events(
    request: Request,
    ownOrigin: string,
    context: RequestContext,
    entry: RequestLog,
    backend: AgentBackend,
  ): Promise<Response> {
    if (request.method === 'OPTIONS' && request.headers.has('origin')) {
      return preflight(request, ownOrigin, config.allowedOrigins);
    }
    if (request.method !== 'POST') {
      throw new ProxyError(405, 'method_not_allowed', 'Use POST.', { allow: 'POST' });
    }
    const cors = checkCaller(request, ownOrigin, config.allowedOrigins);
    try {
      const address = context.clientAddress ? addressKey(context.clientAddress) : undefined;
      if (rateLimiter && address) await take(rateLimiter, `address:${address}`);
      const body = validateEventsBody(await readJson(request), config.businessIds);
      entry.business_id = body.business_id;
      const token = request.headers.get(IDENTITY_HEADER);
      const authId = await checkIdentity(body.user.auth_id, token);
      entry.identity = token !== null ? 'verified' : config.identitySecret ? 'anonymous' : 'claimed';
      if (rateLimiter) await take(rateLimiter, `id:${authId}`);
      const after = request.headers.get(LAST_EVENT_ID_HEADER);
      if (after !== null && !parseEventId(after)) {
        throw new ProxyError(
          400,
          'invalid_last_event_id',
          'Last-Event-ID is not an event id from this proxy.',
        );
      }
      return await backend.stream({
        conversation: conversationKey(body.business_id, authId),
        after,
        address,
        headers: corsHeaders(cors),
      });
    } catch (problem) {
      return withHeaders(refusal(problem), corsHeaders(cors));
    }
  }

  return async function handleHaptikRequest(
    request: Request,
    context: RequestContext = {},
  ): Promise<Response> {
    const started = performance.now();
    const { pathname, origin } = new URL(request.url);
    if (pathname === '/healthz') {
      return request.method === 'GET' || request.method === 'HEAD'
        ? jsonResponse(200, { status: 'ok' })
        : errorResponse(405, 'method_not_allowed', 'Use GET.', { allow: 'GET, HEAD' });
    }
    const route =
      pathname === path
        ? 'chat'
        : agents && pathname === path + EVENTS_SUBPATH
          ? 'events'
          : receiveWebhook && pathname === path + WEBHOOK_SUBPATH
            ? 'webhook'
            : undefined;
    if (!route) return errorResponse(404, 'not_found', 'Nothing here.');

    const requestId = crypto.randomUUID();
    // Every field from the start, so each entry has one shape (JSON.stringify leaves out the unset).
    const entry: RequestLog = {
      time: new Date().toISOString(),
      request_id: requestId,
      method: request.method,
      path: pathname,
      status: 0,
      code: undefined,
      latency_ms: 0,
      upstream_status: undefined,
      upstream_calls: undefined,
      business_id: undefined,
      identity: undefined,
      message: undefined,
      event: undefined,
      result: undefined,
    };
    let response: Response;
    try {
      const ownOrigin = config.publicOrigin ?? origin;
      response =
        route === 'webhook'
          ? await receiveWebhook!(request, entry)
          : route === 'events'
            ? await events(request, ownOrigin, context, entry, agents!)
            : await chat(request, ownOrigin, context, entry);
    } catch (problem) {
      response = refusal(problem);
    }
    response.headers.set('x-request-id', requestId);
    entry.status = response.status;
    entry.code = errorCodeOf(response);
    entry.latency_ms = roundMs(performance.now() - started);
    try {
      log(entry);
    } catch {
      // A broken log sink must not break the chat.
    }
    return response;
  };
}

export type HaptikProxyHandler = ReturnType<typeof createHaptikProxy>;
