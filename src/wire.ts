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

/**
 * Rating a conversation: `POST {path}/feedback` (under the chat path) with the same headers as a send
 * and a {@link HaptikFeedbackBody}; the proxy forwards it to Haptik's Log Feedback API. A good answer is
 * 201 `{"success":true}`; 404 `not_found` means this proxy forwards no ratings (no HAPTIK_FEEDBACK_URL).
 */
export const FEEDBACK_SUBPATH = '/feedback';

/** The longest comment a rating may carry, in UTF-16 code units (the form's `maxlength` too). */
export const MAX_FEEDBACK_CHARS = 1000;

/** Exactly the body Haptik's Log Feedback API (`log_feedback_from_user`) documents. */
export interface HaptikFeedbackBody {
  auth_id: string;
  business_id: number;
  /** Whether the user's query was resolved. */
  query_resolved: boolean;
  /** How satisfied the user was, 1 to 5. */
  query_rating: number;
  /** An optional comment. */
  feedback?: string;
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
  /** A rating whose `query_resolved`, `query_rating` or `feedback` is not as documented. */
  | 'invalid_feedback'
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
  // 409 on the feedback path: Haptik refused the rating for a reason the user can act on.
  /** This user rated within the last hour; Haptik takes one rating an hour. */
  | 'duplicate_feedback'
  /** Haptik has no active conversation of this user to rate. */
  | 'no_active_conversation'
  /** Haptik does not know this user (they never chatted). */
  | 'unknown_user'
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
