/**
 * The edge proxy: a Fetch API handler that checks a widget's request, adds the bot's credentials,
 * pins the business id, forwards to Haptik and sends back only the documented reply fields.
 * Web-standard Request/Response only, so it runs unchanged on Node and at the edge.
 */
import type { ProxyConfig } from './config.js';

/** How the proxy reaches Haptik: global fetch by default; tests and the demo inject their own. */
export type UpstreamFetch = (request: Request) => Promise<Response>;

export interface ProxyOptions {
  fetch?: UpstreamFetch;
  /** The path the widget posts to. */
  path?: string;
}

export const MAX_REQUEST_BYTES = 16 * 1024;
export const MAX_REPLY_BYTES = 1024 * 1024;
const MAX_MESSAGE_CHARS = 4096;
const AUTH_ID = /^[A-Za-z0-9._:@+-]{1,128}$/;

/** The body Haptik documents, and nothing else. */
export interface HaptikBody {
  user: { auth_id: string };
  message_body: string;
  message_type: 0;
  business_id: number;
}

const SECURITY_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
} as const;

export function jsonResponse(
  status: number,
  payload: unknown,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify(payload), { status, headers: { ...SECURITY_HEADERS, ...headers } });
}

/** The one error shape the browser ever sees. */
export function errorResponse(
  status: number,
  code: string,
  message: string,
  headers?: Record<string, string>,
): Response {
  return jsonResponse(status, { error: { code, message } }, headers);
}

class RequestProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Reads at most `limit` bytes of a body, counting while it streams; throws when there are more. */
export async function readLimited(
  body: ReadableStream<Uint8Array> | null,
  limit: number,
): Promise<Uint8Array> {
  if (!body) return new Uint8Array();
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw new RangeError(`body larger than ${limit} bytes`);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Checks a parsed request body against the documented shape and returns a fresh copy of just those fields. */
export function validateBody(value: unknown, allowedBusinessIds: readonly number[]): HaptikBody {
  if (!isRecord(value)) throw new RequestProblem(400, 'invalid_body', 'The body must be a JSON object.');
  const user = value['user'];
  const authId = isRecord(user) ? user['auth_id'] : undefined;
  if (typeof authId !== 'string' || !AUTH_ID.test(authId)) {
    throw new RequestProblem(400, 'invalid_auth_id', 'user.auth_id must be 1–128 letters, digits or ._:@+-');
  }
  const message = value['message_body'];
  if (typeof message !== 'string' || message.trim() === '') {
    throw new RequestProblem(400, 'invalid_message_body', 'message_body must be a non-empty string.');
  }
  if (message.length > MAX_MESSAGE_CHARS) {
    throw new RequestProblem(
      400,
      'invalid_message_body',
      `message_body must be at most ${MAX_MESSAGE_CHARS} characters.`,
    );
  }
  if (value['message_type'] !== 0) {
    throw new RequestProblem(400, 'invalid_message_type', 'message_type must be 0.');
  }
  const businessId = value['business_id'];
  if (typeof businessId !== 'number' || !Number.isSafeInteger(businessId)) {
    throw new RequestProblem(400, 'invalid_business_id', 'business_id must be a number.');
  }
  if (!allowedBusinessIds.includes(businessId)) {
    throw new RequestProblem(403, 'business_not_allowed', 'This business id is not served here.');
  }
  return { user: { auth_id: authId }, message_body: message, message_type: 0, business_id: businessId };
}

/** Rebuilds a reply from its documented fields, so nothing else an upstream says can reach the browser. */
export function rebuildReply(value: unknown): Record<string, unknown> | undefined {
  if (!isRecord(value) || !Array.isArray(value['message'])) return undefined;
  const reply: Record<string, unknown> = {
    message: value['message'].filter(isRecord).map((item) => ({ id: item['id'], body: item['body'] })),
  };
  if (typeof value['version'] === 'string') reply['version'] = value['version'];
  if (typeof value['timestamp'] === 'string') reply['timestamp'] = value['timestamp'];
  const agent = value['agent'];
  if (isRecord(agent)) {
    reply['agent'] = {
      id: agent['id'],
      name: agent['name'],
      profile_image: agent['profile_image'],
      is_automated: agent['is_automated'],
    };
  }
  return reply;
}

/** The upstream request: credentials added here and only here; nothing of the client's headers goes along. */
export function buildUpstreamRequest(config: ProxyConfig, body: HaptikBody, signal: AbortSignal): Request {
  return new Request(config.apiUrl, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${config.token}`,
      'client-id': config.clientId,
      'content-type': 'application/json',
      accept: 'application/json',
    },
    body: JSON.stringify(body),
    signal,
  });
}

/** Browser requests must come from our own origin or a listed one, and carry the widget's header. */
function checkOrigin(request: Request, config: ProxyConfig): void {
  const ownOrigin = new URL(request.url).origin;
  const origin = request.headers.get('origin');
  const listed = origin !== null && config.allowedOrigins.includes(origin);
  if (origin !== null && origin !== ownOrigin && !listed) {
    throw new RequestProblem(403, 'origin_not_allowed', 'This origin may not use the chat proxy.');
  }
  const site = request.headers.get('sec-fetch-site');
  if (site !== null && site !== 'same-origin' && site !== 'none' && !listed) {
    throw new RequestProblem(403, 'origin_not_allowed', 'Cross-site requests are not allowed.');
  }
  if (request.headers.get('x-haptik-chat') !== '1') {
    throw new RequestProblem(403, 'missing_widget_header', 'Requests must carry X-Haptik-Chat: 1.');
  }
}

async function readRequest(request: Request): Promise<unknown> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new RequestProblem(415, 'unsupported_media_type', 'Send the body as application/json.');
  }
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > MAX_REQUEST_BYTES)
    throw new RequestProblem(413, 'body_too_large', 'The request body is too large.');
  let bytes: Uint8Array;
  try {
    bytes = await readLimited(request.body, MAX_REQUEST_BYTES);
  } catch {
    throw new RequestProblem(413, 'body_too_large', 'The request body is too large.');
  }
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new RequestProblem(400, 'invalid_json', 'The body is not valid JSON.');
  }
}

async function forward(config: ProxyConfig, body: HaptikBody, doFetch: UpstreamFetch): Promise<Response> {
  const signal = AbortSignal.timeout(config.upstreamTimeoutMs);
  let upstream: Response;
  try {
    upstream = await doFetch(buildUpstreamRequest(config, body, signal));
  } catch {
    return signal.aborted
      ? errorResponse(504, 'upstream_timeout', 'The bot took too long to answer.')
      : errorResponse(502, 'upstream_unreachable', 'The bot could not be reached.');
  }
  if (!upstream.ok) {
    await upstream.body?.cancel().catch(() => undefined);
    if (upstream.status === 401 || upstream.status === 403) {
      return errorResponse(502, 'upstream_auth', 'The chat service is not set up correctly.');
    }
    if (upstream.status === 429) {
      const retryAfter = upstream.headers.get('retry-after');
      const seconds = retryAfter && /^\d{1,6}$/.test(retryAfter) ? retryAfter : '30';
      return errorResponse(429, 'rate_limited', 'Too many messages; try again shortly.', {
        'retry-after': seconds,
      });
    }
    return errorResponse(502, 'upstream_error', 'The bot could not answer.');
  }
  let reply: Record<string, unknown> | undefined;
  try {
    const bytes = await readLimited(upstream.body, MAX_REPLY_BYTES);
    reply = rebuildReply(JSON.parse(new TextDecoder().decode(bytes)));
  } catch {
    return signal.aborted
      ? errorResponse(504, 'upstream_timeout', 'The bot took too long to answer.')
      : errorResponse(502, 'upstream_invalid', 'The bot sent a reply that could not be read.');
  }
  if (!reply) return errorResponse(502, 'upstream_invalid', 'The bot sent a reply that could not be read.');
  return jsonResponse(200, reply);
}

/** Makes the proxy's request handler for one validated configuration. */
export function createHaptikProxy(config: ProxyConfig, options: ProxyOptions = {}) {
  const doFetch: UpstreamFetch = options.fetch ?? ((request) => fetch(request));
  const path = options.path ?? '/api/haptik';

  return async function handleHaptikRequest(request: Request): Promise<Response> {
    const { pathname } = new URL(request.url);
    if (pathname === '/healthz') {
      return request.method === 'GET' || request.method === 'HEAD'
        ? jsonResponse(200, { status: 'ok' })
        : errorResponse(405, 'method_not_allowed', 'Use GET.', { allow: 'GET, HEAD' });
    }
    if (pathname !== path) return errorResponse(404, 'not_found', 'Nothing here.');
    if (request.method !== 'POST') {
      return errorResponse(405, 'method_not_allowed', 'Use POST.', { allow: 'POST' });
    }
    try {
      checkOrigin(request, config);
      const body = validateBody(await readRequest(request), config.businessIds);
      return await forward(config, body, doFetch);
    } catch (problem) {
      if (problem instanceof RequestProblem)
        return errorResponse(problem.status, problem.code, problem.message);
      return errorResponse(500, 'internal_error', 'Something went wrong.');
    }
  };
}

export type HaptikProxyHandler = ReturnType<typeof createHaptikProxy>;
