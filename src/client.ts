/**
 * The HTTP calls the widget makes: build the Haptik request body for a message, POST it to the proxy
 * with the widget's headers, and parse the reply; every failure becomes a {@link ChatError}. A rating
 * goes the same way ({@link sendFeedback}) to the proxy's feedback path.
 */
import { ChatError } from './chat-error.js';
import { parseReply, type ParsedReply } from './hsl.js';
import {
  FEEDBACK_SUBPATH,
  IDENTITY_HEADER,
  REPLY_TIMEOUT_MS,
  WIDGET_HEADER,
  type HaptikFeedbackBody,
  type HaptikRequestBody,
  type ProxyErrorBody,
  type ProxyErrorCode,
} from './wire.js';

interface PostOptions {
  endpoint: string;
  body: HaptikRequestBody | HaptikFeedbackBody;
  /** A signed identity token from the host site's backend, sent as `X-Haptik-Auth`. */
  authToken?: string;
  signal?: AbortSignal;
  /** Give up after this long (default {@link REPLY_TIMEOUT_MS}). */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

function errorFromResponse(status: number, payload: unknown): ChatError {
  const error =
    typeof payload === 'object' && payload !== null
      ? (payload as { error?: Partial<Record<keyof ProxyErrorBody['error'], unknown>> }).error
      : undefined;
  // A code the proxy sent is one of its codes; anything else is none.
  const code = typeof error?.code === 'string' ? (error.code as ProxyErrorCode) : undefined;
  const message = typeof error?.message === 'string' ? error.message : `The chat service answered ${status}.`;
  return new ChatError('http', message, status, code);
}

/** Aborts when either signal does (AbortSignal.any, where the browser has it: Safari from 17.4). */
function anySignal(a: AbortSignal, b: AbortSignal): AbortSignal {
  if (typeof AbortSignal.any === 'function') return AbortSignal.any([a, b]);
  const controller = new AbortController();
  for (const signal of [a, b]) {
    if (signal.aborted) controller.abort(signal.reason);
    else signal.addEventListener('abort', () => controller.abort(signal.reason), { once: true });
  }
  return controller.signal;
}

/** Sends one message and resolves with the parsed reply, or rejects with a {@link ChatError}. */
const postMessage = async (options: PostOptions): Promise<ParsedReply> => parseReply(await postJson(options));

/** POSTs a body to the proxy with the widget's headers; resolves with the reply's JSON or rejects. */
async function postJson(options: PostOptions): Promise<unknown> {
  const { endpoint, body, authToken, signal, timeoutMs = REPLY_TIMEOUT_MS } = options;
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  if (typeof navigator !== 'undefined' && navigator.onLine === false) {
    throw new ChatError('offline', 'You are offline.');
  }
  const timeout = AbortSignal.timeout(timeoutMs);
  const combined = signal ? anySignal(signal, timeout) : timeout;
  const headers: Record<string, string> = { 'content-type': 'application/json', [WIDGET_HEADER]: '1' };
  if (authToken) headers[IDENTITY_HEADER] = authToken;

  let response: Response;
  try {
    response = await doFetch(endpoint, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
      credentials: 'same-origin',
      signal: combined,
    });
  } catch (cause) {
    if (signal?.aborted) throw new ChatError('aborted', 'The send was cancelled.');
    if (timeout.aborted) throw new ChatError('timeout', 'The chat service took too long to answer.');
    // Even if the browser is offline now, the request may have left before: not 'offline', which
    // would send it again by itself.
    throw new ChatError(
      'network',
      cause instanceof Error ? cause.message : 'The chat service could not be reached.',
    );
  }

  let payload: unknown;
  try {
    payload = await response.json();
  } catch {
    if (signal?.aborted) throw new ChatError('aborted', 'The send was cancelled.');
    throw response.ok
      ? new ChatError(
          'invalid-reply',
          'The chat service sent a reply that could not be read.',
          response.status,
        )
      : errorFromResponse(response.status, undefined);
  }
  if (!response.ok) throw errorFromResponse(response.status, payload);
  return payload;
}

/** Who sends, to where: what a message needs besides its text. */
export interface ChatTarget {
  endpoint: string;
  /** The Haptik business (channel); without one nothing is sent. */
  businessId: number | undefined;
  /** The user's id (signed-in, or the anonymous id the widget keeps). */
  authId: string;
  authToken?: string | undefined;
  timeoutMs?: number | undefined;
  fetch?: typeof fetch | undefined;
}

/** A path of the proxy's under the chat endpoint (`/events`, `/feedback`); a query string stays where it was. */
export function proxyUrl(endpoint: string, subpath: string): string {
  const url = new URL(endpoint, location.href);
  url.pathname = url.pathname.replace(/\/?$/, subpath);
  return url.origin === location.origin ? url.pathname + url.search : url.href;
}

/** The business a post is for: without one nothing is sent. */
function businessOf(target: ChatTarget): number {
  const { businessId } = target;
  if (businessId === undefined || !Number.isSafeInteger(businessId)) {
    throw new ChatError('http', 'The business-id attribute is missing.', 400, 'missing_business_id');
  }
  return businessId;
}

/** What a post to the proxy carries from its target: the token, the timeout, the page's fetch. */
function postOptions(target: ChatTarget, endpoint: string, body: PostOptions['body'], signal?: AbortSignal) {
  const options: PostOptions = { endpoint, body };
  if (signal) options.signal = signal;
  if (target.authToken) options.authToken = target.authToken;
  if (target.timeoutMs !== undefined) options.timeoutMs = target.timeoutMs;
  if (target.fetch) options.fetch = target.fetch;
  return options;
}

/** Sends one message as the user: Haptik's documented body, built here and nowhere else. */
export async function sendMessage(
  target: ChatTarget,
  text: string,
  signal: AbortSignal,
): Promise<ParsedReply> {
  const body: HaptikRequestBody = {
    user: { auth_id: target.authId },
    message_body: text,
    message_type: 0,
    business_id: businessOf(target),
  };
  return postMessage(postOptions(target, target.endpoint, body, signal));
}

/** What the person rating says of the conversation. */
export type ConversationRating = Omit<HaptikFeedbackBody, 'auth_id' | 'business_id'>;

/** Sends a rating of the conversation to the proxy's feedback path, as Haptik's Log Feedback API has it. */
export async function sendFeedback(target: ChatTarget, rating: ConversationRating): Promise<void> {
  const body: HaptikFeedbackBody = { auth_id: target.authId, business_id: businessOf(target), ...rating };
  await postJson(postOptions(target, proxyUrl(target.endpoint, FEEDBACK_SUBPATH), body));
}
