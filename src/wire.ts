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

/**
 * An agent event's id on the proxy's event stream (`<epoch>-<seq>`), which the widget keeps and sends back
 * as `Last-Event-ID`: the proxy accepts no other, and the widget keeps no other.
 */
export const EVENT_ID = /^([0-9a-z]{1,32})-(\d{1,15})$/;

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
  /** 400 on the events path: `Last-Event-ID` is not an id this proxy sent. */
  | 'invalid_last_event_id'
  /** 401 on the webhook path: `X-Hub-Signature` is missing or wrong; nothing was stored. */
  | 'invalid_signature'
  // 404, 405, 413, 415.
  | 'not_found'
  | 'method_not_allowed'
  | 'body_too_large'
  | 'unsupported_media_type'
  /** 429, with Retry-After. */
  | 'rate_limited'
  /** 429 on the events path: this user (or address) already holds as many streams as allowed. */
  | 'too_many_streams'
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
  | 'upstream_timeout'
  /** 503: the event store (Redis, a Durable Object) did not answer; a webhook delivery is retried. */
  | 'store_unavailable';

/** The one error shape the proxy sends. */
export interface ProxyErrorBody {
  error: { code: ProxyErrorCode; message: string };
}

// Human agents. Haptik sends agent (and bot) messages only to the business's outbound webhook; the
// proxy receives them at `{path}/webhook` and the widget reads its user's share at `{path}/events`.

/** Haptik's outbound webhook, under the chat path: `POST {path}/webhook`, signed with `X-Hub-Signature`. */
export const WEBHOOK_SUBPATH = '/webhook';

/**
 * The user's event stream, under the chat path: `POST {path}/events` with the same headers as a send
 * (`content-type: application/json`, `X-Haptik-Chat: 1`, `X-Haptik-Auth` for a signed-in user) and a
 * {@link HaptikEventsRequestBody}. Refusals are the usual JSON errors, sent before any stream starts;
 * 404 `not_found` means this proxy has no webhook configured (no agent events, stop asking). A good
 * answer is 200 `text/event-stream`: comment lines (`:`) as heartbeats, then events, each with an `id`.
 */
export const EVENTS_SUBPATH = '/events';

/** Resumes a stream after the event whose `id` it names; without it, every event still stored comes. */
export const LAST_EVENT_ID_HEADER = 'last-event-id';

/**
 * An event `id`: `<epoch>-<seq>`, where `seq` rises by one per event of this user and `epoch` names the
 * queue that numbered them. Opaque to the widget: keep the last one seen and send it back. If the queue
 * was lost (a restart of the in-memory store, or 24 h without activity), its epoch is new and the whole
 * stored queue is sent again; messages keep their Haptik ids, so the widget de-duplicates by those.
 */
export type EventId = string;

/** Whose events: named exactly as a send names them, and checked by the same rules and identity token. */
export interface HaptikEventsRequestBody {
  user: { auth_id: string };
  business_id: number;
}

/**
 * The stream's `event:` names.
 * - `message`: an agent's or the bot's message. Bot replies the sync answer already carried come too,
 *   with the same Haptik message ids: de-duplicate by `message[].id`.
 * - `chat_pinned`: an agent took the conversation (`agent` is who); the item is Haptik's SYSTEM line.
 * - `conversation_complete`: the conversation was marked complete (Haptik's `chat_complete` or
 *   `webhook_conversation_complete`); any agent is gone. Its `message` may be empty.
 * - `stream_end`: the proxy is about to close the stream ({@link StreamEndData}); reconnect with
 *   `Last-Event-ID` if events are still wanted. A stream that stops without it was cut by the network.
 */
export type AgentEventName = 'message' | 'chat_pinned' | 'conversation_complete';
export type StreamEventName = AgentEventName | 'stream_end';

/** Who sent an event: the fields of a sync reply's `agent`. */
export interface WireAgent {
  id?: number;
  name: string;
  profile_image: string;
  /** False for a human agent. */
  is_automated: boolean;
}

/** One message: Haptik's id (null when Haptik sent none) and its HSL body, as in a sync reply. */
export interface WireMessageItem {
  id: number | null;
  body: unknown;
}

/**
 * The `data` of `message`, `chat_pinned` and `conversation_complete`: shaped as a sync reply with one
 * item (or none), so the widget's reply parser reads it. Rebuilt from the webhook's documented display
 * fields only: no user details, no agent e-mail.
 */
export interface AgentEventData {
  version: string;
  /** Haptik's ISO timestamp for the delivery. */
  timestamp: string;
  agent?: WireAgent;
  message: WireMessageItem[];
}

/** The `data` of `stream_end`: why the proxy closes the stream. */
export interface StreamEndData {
  /**
   * `idle`: nothing happened for a while; `max_duration`: streams are renewed now and then;
   * `shutdown`: this server is stopping (reconnect at once).
   */
  reason: 'idle' | 'max_duration' | 'shutdown';
}
