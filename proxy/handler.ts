/**
 * The edge proxy: a Fetch API handler that checks a widget's request, adds the bot's credentials,
 * pins the business id, forwards to Haptik and sends back only the documented reply fields.
 * Web-standard Request/Response only, so it runs unchanged on Node, Workers, Deno and Bun.
 */
import { BodyTooLargeError, parseJson, readLimited } from './body.js';
import { DEFAULT_RATE_LIMIT_PER_MINUTE, type ProxyConfig } from './config.js';
import { createIdentityCheck, type Identity } from './identity.js';
import { createProfileSync } from './profile.js';
import { logJsonLine, roundMs, type RequestLog, type RequestLogger } from './log.js';
import { checkCaller, corsHeaders, preflight } from './origin.js';
import { addressBucket, createMemoryRateLimiter, type RateLimiter } from './rate-limit.js';
import { ProxyError, errorResponse, jsonResponse } from './responses.js';
import { createFeedbackClient, validateFeedbackBody, type SendFeedback } from './feedback.js';
import { createHaptikClient, startDeadline, type UpstreamFetch, type UpstreamResult } from './upstream.js';
import { MAX_REQUEST_BYTES, validateBody, validateEventsBody } from './validate.js';
import {
  CHAT_PATH,
  EVENTS_SUBPATH,
  FEEDBACK_SUBPATH,
  IDENTITY_HEADER,
  LAST_EVENT_ID_HEADER,
  WEBHOOK_SUBPATH,
  type HaptikEventsRequestBody,
} from '../src/wire.js';
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

/** A thrown refusal as it is, anything unexpected as a 500 that says nothing about it. */
const asRefusal = (problem: unknown): ProxyError =>
  problem instanceof ProxyError ? problem : new ProxyError(500, 'internal_error', 'Something went wrong.');

/** Answers a refusal, and records its code in the log entry where the answer is made. */
function refuse(problem: unknown, entry: RequestLog): Response {
  const refusal = asRefusal(problem);
  entry.code = refusal.code;
  return refusal.toResponse();
}

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
  const checkIdentity = createIdentityCheck(config);
  const askHaptik = createHaptikClient(config, doFetch);
  const syncUser = createProfileSync(config, doFetch);
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
  const sendFeedback = config.feedbackUrl
    ? createFeedbackClient(config.feedbackUrl, config, doFetch)
    : undefined;

  async function take(limiter: RateLimiter, key: string): Promise<void> {
    const decision = await limiter.take(key);
    if (!decision.allowed) throw limited(decision.retryAfterSeconds);
  }

  /**
   * What a send and an event stream share: the CORS preflight, POST only, the caller's origin and
   * widget header, the address limit, the body, the identity (the verified id replaces the claimed
   * one) and the user's limit. `serve` answers with the checked body; every refusal is a JSON error
   * carrying the caller's CORS headers. Fills in `entry` as it learns things, for the log line.
   */
  async function fromWidget<Body extends HaptikEventsRequestBody>(
    request: Request,
    ownOrigin: string,
    context: RequestContext,
    entry: RequestLog,
    validate: (value: unknown, businessIds: readonly number[]) => Body,
    serve: (body: Body, address: string | undefined, identity: Identity) => Promise<Response>,
  ): Promise<Response> {
    if (request.method === 'OPTIONS' && request.headers.has('origin')) {
      return preflight(request, ownOrigin, config.allowedOrigins);
    }
    if (request.method !== 'POST') {
      throw new ProxyError(405, 'method_not_allowed', 'Use POST.', { allow: 'POST' });
    }
    const cors = checkCaller(request, ownOrigin, config.allowedOrigins);
    try {
      const address = addressBucket(context.clientAddress);
      if (rateLimiter && address) await take(rateLimiter, address);
      const body = validate(await readJson(request), config.businessIds);
      entry.business_id = body.business_id;
      const identity = await checkIdentity(body.user.auth_id, request.headers.get(IDENTITY_HEADER));
      body.user.auth_id = identity.authId;
      entry.identity = identity.kind;
      if (rateLimiter) await take(rateLimiter, `id:${body.user.auth_id}`);
      return withHeaders(await serve(body, address, identity), corsHeaders(cors));
    } catch (problem) {
      return withHeaders(refuse(problem, entry), corsHeaders(cors));
    }
  }

  /** What Haptik answered, noted for the log line. */
  const answered = (entry: RequestLog, upstream: UpstreamResult): Response => {
    entry.upstream_status = upstream.status;
    entry.upstream_calls = upstream.calls;
    entry.code = upstream.code;
    return upstream.response;
  };

  /** The chat exchange proper: the checked message to Haptik, its reply back. */
  const chat = (request: Request, ownOrigin: string, context: RequestContext, entry: RequestLog) =>
    fromWidget(
      request,
      ownOrigin,
      context,
      entry,
      (value, businessIds) => {
        const body = validateBody(value, businessIds);
        if (config.logMessages) entry.message = body.message_body;
        return body;
      },
      async (body, _address, identity) => {
        // A signed-in user's profile reaches Haptik's user API before their first message (profile.ts).
        // One deadline for all this message waits on upstream: the widget's timeout is set above it.
        const deadline = startDeadline(config.upstreamTimeoutMs);
        try {
          if (syncUser && identity.profile && identity.tokenKey) {
            const { authId, profile, tokenKey } = identity;
            entry.user_sync = await syncUser(authId, profile, tokenKey, deadline.signal);
          }
          return answered(entry, await askHaptik(body, deadline));
        } finally {
          deadline.clear();
        }
      },
    );

  /** A rating of the conversation (feedback.ts): checked like a message, forwarded to Haptik's Log Feedback API. */
  const feedback = (
    request: Request,
    ownOrigin: string,
    context: RequestContext,
    entry: RequestLog,
    send: SendFeedback,
  ) =>
    fromWidget(
      request,
      ownOrigin,
      context,
      entry,
      // The rating names its user at the top (`auth_id`); the shared checks read `user.auth_id`.
      (value, businessIds) => {
        const rating = validateFeedbackBody(value, businessIds);
        return { user: { auth_id: rating.auth_id }, business_id: rating.business_id, rating };
      },
      async (body) => answered(entry, await send({ ...body.rating, auth_id: body.user.auth_id })),
    );

  /** The widget's agent event stream (agents.ts, stream.ts), from Last-Event-ID on. */
  const events = (
    request: Request,
    ownOrigin: string,
    context: RequestContext,
    entry: RequestLog,
    backend: AgentBackend,
  ) =>
    fromWidget(request, ownOrigin, context, entry, validateEventsBody, async (body, address) => {
      const after = request.headers.get(LAST_EVENT_ID_HEADER);
      if (after !== null && !parseEventId(after)) {
        throw new ProxyError(
          400,
          'invalid_last_event_id',
          'Last-Event-ID is not an event id from this proxy.',
        );
      }
      return backend.stream({
        conversation: conversationKey(body.business_id, body.user.auth_id),
        after,
        address,
      });
    });

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
            : sendFeedback && pathname === path + FEEDBACK_SUBPATH
              ? 'feedback'
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
      user_sync: undefined,
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
            : route === 'feedback'
              ? await feedback(request, ownOrigin, context, entry, sendFeedback!)
              : await chat(request, ownOrigin, context, entry);
    } catch (problem) {
      response = refuse(problem, entry);
    }
    response.headers.set('x-request-id', requestId);
    entry.status = response.status;
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
