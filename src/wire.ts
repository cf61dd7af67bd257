/**
 * The wire contract between the widget and the proxy, written once: the path, the headers, the request
 * body Haptik documents and the error codes the proxy answers with. Both sides import it; it holds only
 * types and a few constants, so the widget's bundle carries no proxy code.
 */

/** Where the widget posts by default, on its own origin. */
export const CHAT_PATH = '/api/haptik';

/** The static header the widget always sends (value `1`); a plain HTML form cannot send it. */
export const WIDGET_HEADER = 'x-haptik-chat';

/** The header that carries a signed identity token from the host site's backend. */
export const IDENTITY_HEADER = 'x-haptik-auth';

/**
 * How long the widget waits for a reply (its `timeout`): longer than the proxy waits for Haptik
 * (`UPSTREAM_TIMEOUT_MS`, 15 s), so a slow bot is reported by the proxy's 504 (`upstream_timeout`),
 * which says the bot may have the message, before the widget gives up by itself.
 */
export const REPLY_TIMEOUT_MS = 20_000;

/** The longest message a user may send, in UTF-16 code units (the composer's `maxlength` too). */
export const MAX_MESSAGE_CHARS = 4096;

/** A user id: letters, digits and `._:@+-`, 1–128 of them (e-mail addresses, UUIDs, database keys). */
export const AUTH_ID = /^[A-Za-z0-9._:@+-]{1,128}$/;

/** A plain JSON object (not null, not an array): the one test both sides use before reading fields. */
export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Exactly the body Haptik's Synchronous Webhooks API documents. */
export interface HaptikRequestBody {
  user: { auth_id: string };
  message_body: string;
  message_type: 0;
  business_id: number;
}

/** Every `error.code` the proxy answers with; a page can react to some (refresh a token, wait). */
export type ProxyErrorCode =
  // 400: the request is not what the contract says.
  | 'bad_request'
  | 'invalid_json'
  | 'invalid_body'
  | 'invalid_auth_id'
  | 'invalid_message_body'
  | 'invalid_message_type'
  | 'invalid_business_id'
  // 403: who is asking is not allowed to.
  | 'origin_not_allowed'
  | 'missing_widget_header'
  | 'business_not_allowed'
  /** A signed-in user's id needs a fresh identity token from the site: set `auth-token` again. */
  | 'identity_required'
  | 'invalid_identity'
  /** The proxy accepts anonymous ids (`anon-<uuid>`) only: it has no way to check a signed-in user's id. */
  | 'anonymous_only'
  // 404, 405, 413, 415.
  | 'not_found'
  | 'method_not_allowed'
  | 'body_too_large'
  | 'unsupported_media_type'
  /** 429, with Retry-After. */
  | 'rate_limited'
  // 5xx: the proxy or Haptik failed.
  | 'internal_error'
  | 'misconfigured'
  | 'upstream_auth'
  | 'upstream_error'
  | 'upstream_invalid'
  | 'upstream_unreachable'
  | 'upstream_timeout';

/** The one error shape the proxy sends. */
export interface ProxyErrorBody {
  error: { code: ProxyErrorCode; message: string };
}
