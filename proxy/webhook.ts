/**
 * Haptik's outbound webhook: the signature check and the payload, as Haptik documents them
 * (docs/webhooks/protocols.md and webhook-payload.md in hellohaptik/docs_haptik). Web Crypto only, so
 * it runs unchanged on Node and Workers.
 */
import {
  AUTH_ID,
  type AgentEventData,
  type AgentEventName,
  type WireAgent,
  type WireMessageItem,
} from '../src/wire.js';

/** Haptik's header: `sha1=` and the hex HMAC-SHA1 of the raw body, keyed with the shared secret. */
export const SIGNATURE_HEADER = 'x-hub-signature';
/** A delivery is one message; anything larger is not one (Haptik's own image limit is 10 MB, sent as a URL). */
export const MAX_WEBHOOK_BYTES = 256 * 1024;

const SIGNATURE = /^sha1=([0-9a-f]{40})$/i;

/** Signs and checks webhook bodies with one secret. */
export interface WebhookSigner {
  /** The hex HMAC-SHA1 of `body`. */
  sign(body: Uint8Array): Promise<string>;
  /** The signature's hex when `header` is a correct `sha1=<hex>` for `body`; undefined otherwise. */
  verify(body: Uint8Array, header: string | null): Promise<string | undefined>;
}

const hex = (bytes: Uint8Array): string =>
  Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');

/**
 * Compares two equal-length byte strings in time that depends only on their length. Web Crypto's
 * `verify` would do, but its timing is not part of the standard; this loop's is plain to see.
 */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let index = 0; index < a.length; index += 1) difference |= a[index]! ^ b[index]!;
  return difference === 0;
}

function fromHex(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length / 2);
  for (let index = 0; index < bytes.length; index += 1) {
    bytes[index] = parseInt(text.slice(index * 2, index * 2 + 2), 16);
  }
  return bytes;
}

/** Makes the signer for `secret`; the key is imported once. */
export function createWebhookSigner(secret: string): WebhookSigner {
  const key = crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(secret),
    { name: 'HMAC', hash: 'SHA-1' },
    false,
    ['sign'],
  );
  const mac = async (body: Uint8Array): Promise<Uint8Array> =>
    new Uint8Array(await crypto.subtle.sign('HMAC', await key, body as Uint8Array<ArrayBuffer>));
  return {
    async sign(body) {
      return hex(await mac(body));
    },
    async verify(body, header) {
      const claimed = header === null ? undefined : SIGNATURE.exec(header.trim())?.[1];
      // The MAC is computed even when the header is malformed, so a refusal takes the same time.
      const expected = await mac(body);
      if (claimed === undefined) return undefined;
      return sameBytes(fromHex(claimed), expected) ? claimed.toLowerCase() : undefined;
    },
  };
}

/** What the store keeps for one accepted delivery. */
export interface IncomingEvent {
  name: AgentEventName;
  /** Equal for a delivery and its redeliveries: `m:<message id>`, else `s:<signature>`. */
  key: string;
  /** Where it goes among its conversation's events: Haptik's message id; without one, last. */
  order: number;
  /** The wire `data` ({@link AgentEventData}) as JSON text. */
  data: string;
}

/** Events without a message id sort after every event that has one. */
export const LAST_ORDER = Number.MAX_SAFE_INTEGER;

/** A conversation: one user of one business, as `<business_id>:<auth_id>`. */
export const conversationKey = (businessId: number, authId: string): string => `${businessId}:${authId}`;

export type ParsedDelivery =
  | { kind: 'event'; haptikEvent: string; businessId: number; authId: string; event: IncomingEvent }
  | { kind: 'ignored'; haptikEvent?: string; businessId?: number; reason: string };

/** Haptik's event names and the stream's: the deprecated `chat_complete` and its successor are one. */
const EVENTS: Readonly<Record<string, AgentEventName>> = {
  message: 'message',
  chat_pinned: 'chat_pinned',
  chat_complete: 'conversation_complete',
  webhook_conversation_complete: 'conversation_complete',
};

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Own data properties only, so nothing can come from a prototype. */
const field = (record: Json, name: string): unknown =>
  Object.prototype.hasOwnProperty.call(record, name) ? record[name] : undefined;

/** Haptik's numeric ids, also when they come as digit strings. */
function idOf(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  if (typeof value === 'string' && /^\d{1,15}$/.test(value)) return Number(value);
  return undefined;
}

/** The documented display fields of `agent`; its e-mail and anything else stay here. */
function agentOf(value: unknown): WireAgent | undefined {
  if (!isRecord(value)) return undefined;
  const name = field(value, 'name');
  const image = field(value, 'profile_image');
  const agent: WireAgent = {
    name: typeof name === 'string' ? name : '',
    profile_image: typeof image === 'string' ? image : '',
    is_automated: field(value, 'is_automated') !== false,
  };
  const id = idOf(field(value, 'id'));
  return id === undefined ? agent : { id, ...agent };
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads a delivery whose signature was checked. Haptik adds fields and event names without notice and
 * asks that unknown ones be ignored with 200, so nothing here throws: what cannot be used is `ignored`,
 * with the reason. `signature` keys a delivery that has no message id (`webhook_conversation_complete`).
 */
export function parseDelivery(
  body: Uint8Array,
  signature: string,
  allowedBusinessIds: readonly number[],
): ParsedDelivery {
  let payload: unknown;
  try {
    payload = JSON.parse(decoder.decode(body));
  } catch {
    return { kind: 'ignored', reason: 'not JSON' };
  }
  if (!isRecord(payload)) return { kind: 'ignored', reason: 'not a JSON object' };
  const haptikEvent = field(payload, 'event_name');
  if (typeof haptikEvent !== 'string') return { kind: 'ignored', reason: 'no event_name' };
  const name = Object.prototype.hasOwnProperty.call(EVENTS, haptikEvent) ? EVENTS[haptikEvent] : undefined;
  if (!name) return { kind: 'ignored', haptikEvent, reason: 'unknown event' };

  const businessId = idOf(field(payload, 'business_id'));
  if (businessId === undefined) return { kind: 'ignored', haptikEvent, reason: 'no business_id' };
  if (!allowedBusinessIds.includes(businessId)) {
    return { kind: 'ignored', haptikEvent, businessId, reason: 'business not allowed' };
  }
  const user = field(payload, 'user');
  const authId = isRecord(user) ? field(user, 'auth_id') : undefined;
  if (typeof authId !== 'string' || !AUTH_ID.test(authId)) {
    return { kind: 'ignored', haptikEvent, businessId, reason: 'user.auth_id is not a widget user id' };
  }

  const message = field(payload, 'message');
  const messageId = isRecord(message) ? idOf(field(message, 'id')) : undefined;
  const items: WireMessageItem[] = isRecord(message)
    ? [{ id: messageId ?? null, body: field(message, 'body') ?? null }]
    : [];
  if (name !== 'conversation_complete' && items.length === 0) {
    return { kind: 'ignored', haptikEvent, businessId, reason: 'no message' };
  }
  const version = field(payload, 'version');
  const timestamp = field(payload, 'timestamp');
  const data: AgentEventData = {
    version: typeof version === 'string' ? version : '1.0',
    timestamp: typeof timestamp === 'string' ? timestamp : new Date().toISOString(),
    message: items,
  };
  const agent = agentOf(field(payload, 'agent'));
  if (agent) data.agent = agent;
  return {
    kind: 'event',
    haptikEvent,
    businessId,
    authId,
    event: {
      name,
      key: messageId === undefined ? `s:${signature}` : `m:${messageId}`,
      order: messageId ?? LAST_ORDER,
      data: JSON.stringify(data),
    },
  };
}
