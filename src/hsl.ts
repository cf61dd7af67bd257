/**
 * HSL (Haptik Smart Language) — the shapes a bot reply can take, and a tolerant parser that turns
 * whatever JSON arrives into a typed view model. The parser never throws: the API is beta, so unknown
 * types and fields degrade to showing the message's text.
 */

/** Who answered: shown beside the bot's messages. */
export interface Agent {
  name: string;
  /** Only an https: URL, already checked. */
  avatar?: string;
}

/** A quick reply chip: tapping it shows `display` as the user's bubble and sends `send`. */
export interface QuickReply {
  label: string;
  display: string;
  send: string;
  isDefault: boolean;
}

/** What a button or card action does when used. */
export type Action =
  | { kind: 'send'; display: string; send: string }
  | { kind: 'link'; url: string }
  | { kind: 'webview'; url: string }
  | { kind: 'call'; url: string }
  | { kind: 'disabled' };

export interface Actionable {
  label: string;
  action: Action;
  isDefault: boolean;
}

export interface Card {
  title: string;
  subtitle: string;
  description: string;
  meta: string;
  image?: string;
  actionables: Actionable[];
}

export type CarouselWidth = 'THIN' | 'MEDIUM' | 'FAT' | 'BIG';

/** A native action the host page is asked to perform. */
export interface NativeAction {
  text: string;
  data: Record<string, unknown>;
}

interface Base {
  /** The id the API gave the message, when it gave one. */
  id?: string;
  /** The message's text, markup included (format.ts renders it). */
  text: string;
}

export type HslMessage =
  | (Base & { kind: 'text'; quickReplies: QuickReply[]; defaultReply?: QuickReply })
  | (Base & { kind: 'buttons'; buttons: Actionable[] })
  | (Base & { kind: 'carousel'; cards: Card[]; width: CarouselWidth; aspectRatio: number })
  | (Base & { kind: 'image'; src: string; alt: string; aspectRatio: number })
  | (Base & { kind: 'system'; event: string })
  | (Base & { kind: 'silent' })
  | (Base & { kind: 'native-action'; action: NativeAction })
  /** FORM, TAB_LIST, RECEIPT and anything unknown: shown as text. */
  | (Base & { kind: 'fallback'; type: string });

export interface ParsedReply {
  agent?: Agent;
  messages: HslMessage[];
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const asObject = (value: unknown): Json => (isObject(value) ? value : {});

const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** Strings pass; finite numbers become strings; anything else is empty. */
export const asText = (value: unknown): string =>
  typeof value === 'string'
    ? value
    : typeof value === 'number' && Number.isFinite(value)
      ? String(value)
      : '';

/** 1, "1", true and "true" are true; everything else is false. */
export const asFlag = (value: unknown): boolean =>
  value === 1 || value === true || value === '1' || value === 'true';

function parseQuickReply(raw: unknown): QuickReply | undefined {
  const reply = asObject(raw);
  const payload = asObject(reply['payload']);
  const label = asText(reply['actionable_text']);
  const display = asText(payload['message']) || label;
  const send = asText(payload['gogo_message']) || display;
  if (!label && !display) return undefined;
  return { label: label || display, display, send, isDefault: asFlag(reply['is_default']) };
}

/** Turns one HSL `body` into a view model. Unknown shapes become a text fallback, never an exception. */
export function parseMessage(raw: unknown, id?: string): HslMessage {
  const body = asObject(raw);
  const text = asText(body['text']);
  const type = asText(body['type']).toUpperCase();
  const data = asObject(body['data']);
  const base = id === undefined ? { text } : { id, text };
  switch (type) {
    case 'TEXT': {
      const quickReplies = asArray(data['quick_replies'])
        .map(parseQuickReply)
        .filter((reply): reply is QuickReply => reply !== undefined);
      const defaultReply = quickReplies.find((reply) => reply.isDefault);
      return defaultReply
        ? { ...base, kind: 'text', quickReplies, defaultReply }
        : { ...base, kind: 'text', quickReplies };
    }
    case 'SILENT':
      return { ...base, kind: 'silent' };
    default:
      return { ...base, kind: 'fallback', type: type || 'UNKNOWN' };
  }
}

function parseAgent(raw: unknown): Agent | undefined {
  const agent = asObject(raw);
  const name = asText(agent['name']).trim();
  if (!name) return undefined;
  const image = asText(agent['profile_image']);
  return /^https:\/\/[^\s]+$/i.test(image) ? { name, avatar: image } : { name };
}

/** Parses a whole reply of the Synchronous Webhooks API. Anything that is not a reply yields no messages. */
export function parseReply(raw: unknown): ParsedReply {
  const reply = asObject(raw);
  const messages = asArray(reply['message']).map((item) => {
    const entry = asObject(item);
    const id = asText(entry['id']);
    return parseMessage(entry['body'], id || undefined);
  });
  const agent = parseAgent(reply['agent']);
  return agent ? { agent, messages } : { messages };
}
