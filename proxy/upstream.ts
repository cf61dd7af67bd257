/**
 * The exchange with Haptik: credentials added here and only here, one deadline for all of it, every
 * failure mapped to a status of our own, and a good reply rebuilt from its documented fields.
 */
import { BodyTooLargeError, parseJson, readLimited } from './body.js';
import type { ProxyConfig } from './config.js';
import { ProxyError, jsonTextResponse } from './responses.js';
import { createTokenEchoCheck, type TokenEchoCheck } from './token-echo.js';
import type { HaptikBody } from './validate.js';
import { isRecord, type ProxyErrorCode } from '../src/wire.js';

export const MAX_REPLY_BYTES = 1024 * 1024;
/** Enough of an upstream error body to read `error_message`; the rest is never looked at. */
const MAX_ERROR_BYTES = 4 * 1024;
const DEFAULT_RETRY_AFTER_SECONDS = 30;

/** What the proxy hands its upstream client: a POST (a PUT to update a user) with a string body and a deadline. */
export interface UpstreamInit {
  method: 'POST' | 'PUT';
  /** A redirect is an answer, never followed: the body and credentials go to the configured URL only. */
  redirect: 'manual';
  headers: Record<string, string>;
  body: string;
  signal: AbortSignal;
}

/**
 * How the proxy reaches Haptik. The global `fetch` fits; tests, the demo bot and the faster Node
 * client (`createNodeFetch`) are injected in its place.
 */
export type UpstreamFetch = (url: string, init: UpstreamInit) => Promise<Response>;

/** What happened upstream, for the response and for the log. */
export interface UpstreamResult {
  response: Response;
  /** The error code of the response, when it is an error. */
  code?: ProxyErrorCode;
  /** The status of Haptik's last answer, if one came. */
  status?: number;
  calls: number;
}

/** The upstream request: the bot's credentials, JSON, and nothing of the client's headers. */
export function buildUpstreamRequest(
  config: Pick<ProxyConfig, 'token' | 'clientId'>,
  payload: unknown,
  signal: AbortSignal,
  method: UpstreamInit['method'] = 'POST',
): UpstreamInit {
  return {
    method,
    redirect: 'manual',
    headers: {
      authorization: `Bearer ${config.token}`,
      'client-id': config.clientId,
      'content-type': 'application/json',
      accept: 'application/json',
    },
    body: JSON.stringify(payload),
    signal,
  };
}

/** Rebuilds a reply from its documented fields, so nothing else an upstream says can reach the browser. */
function rebuildReply(value: unknown): Record<string, unknown> | undefined {
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

/** A delta-seconds Retry-After within a day, or our default for anything else. */
function retryAfterOf(upstream: Response): string {
  const value = upstream.headers.get('retry-after')?.trim() ?? '';
  return /^\d{1,5}$/.test(value) && Number(value) <= 86_400
    ? String(Number(value))
    : String(DEFAULT_RETRY_AFTER_SECONDS);
}

export const discard = (response: Response): Promise<unknown> =>
  response.body ? response.body.cancel().catch(() => undefined) : Promise.resolve();

/** What an answer from Haptik says (its first {@link MAX_ERROR_BYTES}): its JSON, or undefined. */
export async function readSmallJson(upstream: Response): Promise<unknown> {
  try {
    return parseJson(await readLimited(upstream, MAX_ERROR_BYTES));
  } catch {
    await discard(upstream);
    return undefined;
  }
}

/** Haptik's answer to a message from a user it does not know: 403 "user is not registered". */
async function saysNotRegistered(upstream: Response): Promise<boolean> {
  if (upstream.status !== 403) return false;
  const payload = await readSmallJson(upstream);
  const message = isRecord(payload) ? payload['error_message'] : undefined;
  return typeof message === 'string' && /not registered/i.test(message);
}

const unreadable = () =>
  new ProxyError(502, 'upstream_invalid', 'The bot sent a reply that could not be read.');

/** What a failed answer from Haptik (or a failed exchange) is told to the client as. */
export function upstreamRefusal(upstream: Response): ProxyError {
  if (upstream.status === 401 || upstream.status === 403) {
    return new ProxyError(502, 'upstream_auth', 'The chat service is not set up correctly.');
  }
  if (upstream.status === 429) {
    return new ProxyError(429, 'rate_limited', 'Too many messages; try again shortly.', {
      'retry-after': retryAfterOf(upstream),
    });
  }
  return new ProxyError(502, 'upstream_error', 'The bot could not answer.');
}

/** An exchange that threw: its own refusal, or the deadline (`signal`) passing, or the connection. */
const exchangeFailure = (problem: unknown, signal: AbortSignal): ProxyError =>
  problem instanceof ProxyError
    ? problem
    : signal.aborted
      ? new ProxyError(504, 'upstream_timeout', 'The bot took too long to answer.')
      : new ProxyError(502, 'upstream_unreachable', 'The bot could not be reached.');

/** Maps any answer from Haptik to what the client may see; a failure is thrown as the refusal to send. */
async function mapReply(upstream: Response, echoesToken: TokenEchoCheck): Promise<Response> {
  if (!upstream.ok) {
    await discard(upstream);
    throw upstreamRefusal(upstream);
  }
  let bytes: Uint8Array;
  try {
    bytes = await readLimited(upstream, MAX_REPLY_BYTES);
  } catch (error) {
    // Too much is the reply's fault; a broken or timed-out read is the connection's (the caller's catch).
    throw error instanceof BodyTooLargeError ? unreadable() : error;
  }
  let text: string;
  try {
    const reply = rebuildReply(parseJson(bytes));
    // An upstream that echoes what it was sent would hand back the token; it is refused, not cleaned.
    if (!reply || echoesToken(reply)) throw unreadable();
    // Throws for a reply nested too deeply to write out again.
    text = JSON.stringify(reply);
  } catch {
    throw unreadable();
  }
  return jsonTextResponse(200, text);
}

/** Sends one message to Haptik and says what to answer. */
type AskHaptik = (body: HaptikBody, deadline?: Deadline) => Promise<UpstreamResult>;

/**
 * Makes the function that sends one message to Haptik and maps the outcome. When Haptik says the
 * user is not registered and a user URL is configured, it registers the user there once and
 * retries once (a failed registration is answered like the failure it was), all within the one
 * deadline of `upstreamTimeoutMs`.
 */
export function createHaptikClient(config: ProxyConfig, doFetch: UpstreamFetch): AskHaptik {
  const echoesToken = createTokenEchoCheck(config.token);

  return (body, deadline) =>
    exchangeWithHaptik(config, doFetch, deadline, async (call) => {
      let upstream = await call(config.apiUrl, body);
      if (config.userUrl && (await saysNotRegistered(upstream))) {
        const registration = await call(config.userUrl, { auth_id: body.user.auth_id });
        await discard(registration);
        upstream = registration.ok ? await call(config.apiUrl, body) : registration;
      }
      return mapReply(upstream, echoesToken);
    });
}

/** A deadline made by {@link startDeadline}: it always fires, unless cleared once the work is done. */
export interface Deadline {
  signal: AbortSignal;
  clear(): void;
}

/**
 * A deadline `ms` from now, to clear once the work it bounds is done. `AbortSignal.timeout()` cannot be
 * cleared: its timer, and the signal with what listens to it, stay in memory until it fires, so a busy
 * proxy would hold every request of the last timeout period (15 s) long after answering it.
 */
export function startDeadline(ms: number): Deadline {
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new DOMException('Haptik did not answer in time.', 'TimeoutError')),
    ms,
  );
  return { signal: controller.signal, clear: () => clearTimeout(timer) };
}

/**
 * Runs `work` bounded by `deadline` (the request's own, which started first and lasts as long), else by a
 * deadline `ms` from now that is cleared once the work is done.
 */
export async function withinDeadline<T>(
  deadline: AbortSignal | undefined,
  ms: number,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  if (deadline) return work(deadline);
  const own = startDeadline(ms);
  try {
    return await work(own.signal);
  } finally {
    own.clear();
  }
}

/**
 * One exchange with Haptik, bounded by `deadline` (the request's own) or else by `upstreamTimeoutMs` from
 * now: `exchange` makes its calls through `call` (each counted, the last status kept) and maps the answer;
 * what it throws (its refusal, the deadline passing, the connection failing) becomes the answer to the client.
 */
export function exchangeWithHaptik(
  config: Pick<ProxyConfig, 'token' | 'clientId' | 'upstreamTimeoutMs'>,
  doFetch: UpstreamFetch,
  /** The request's deadline, of `upstreamTimeoutMs` too (a {@link Deadline}, so never one that cannot fire). */
  deadline: Deadline | undefined,
  exchange: (call: (url: string, payload: unknown) => Promise<Response>) => Promise<Response>,
): Promise<UpstreamResult> {
  return withinDeadline(deadline?.signal, config.upstreamTimeoutMs, async (signal) => {
    let calls = 0;
    let status: number | undefined;
    const call = async (url: string, payload: unknown): Promise<Response> => {
      // A deadline that passed between calls stops here: a client may not look at a signal aborted already.
      signal.throwIfAborted();
      calls += 1;
      const response = await doFetch(url, buildUpstreamRequest(config, payload, signal));
      status = response.status;
      return response;
    };
    try {
      const response = await exchange(call);
      return { response, status, calls };
    } catch (problem) {
      const failure = exchangeFailure(problem, signal);
      return { response: failure.toResponse(), code: failure.code, status, calls };
    }
  });
}
