/**
 * HSL (Haptik Smart Language) — the shapes a bot reply can take, and a tolerant parser that turns
 * whatever JSON arrives into a typed view model. The parser never throws: the API is beta, so unknown
 * types and fields degrade to showing the message's text.
 */

import { plainText } from './format.js';
import { phoneUrl, safeUrl } from './url-policy.js';
import { isRecord } from './wire.js';

/** Who answered: shown beside the bot's messages. */
export interface Agent {
  name: string;
  /** Only an https: image URL, already checked (a same-origin one is refused again where it is drawn). */
  avatar?: string;
  /** A bot answered (`is_automated`), not a person. */
  automated?: boolean;
  /** The page's own picture for its bot (`bot-avatar`), which may be on the page's origin. */
  own?: boolean;
}

/** A quick reply chip: tapping it shows `display` as the user's bubble and sends `send`. */
export interface QuickReply {
  label: string;
  display: string;
  send: string;
  isDefault: boolean;
}

/** What a button or card action does when used. URLs are already checked by the URL policy. */
export type Action =
  | { kind: 'send'; display: string; send: string }
  /** An http(s) or mailto: URL, opened in a new tab (mailto: by the mail app). */
  | { kind: 'link'; url: string }
  /** An https: page shown in the in-widget web view; `height`: the share of the panel it takes (0–1]. */
  | { kind: 'webview'; url: string; height?: number }
  /** A tel: URL. */
  | { kind: 'call'; url: string }
  /** Nothing safe to do (e.g. a link to a forbidden URL): shown, but not usable. */
  | { kind: 'disabled' };

export interface Actionable {
  /** Plain text: metadata and markup removed. */
  label: string;
  action: Action;
  isDefault: boolean;
}

export interface Card {
  /** Text fields keep their markup (render/text.ts shows it). */
  title: string;
  subtitle: string;
  description: string;
  meta: string;
  image?: string;
  /** Plain text describing the image. */
  alt: string;
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
  /** How many of its quick replies, buttons or cards are past {@link MAX_ITEMS}, so not shown. */
  omitted?: number;
}

export type HslMessage =
  | (Base & { kind: 'text'; quickReplies: QuickReply[]; defaultReply?: QuickReply })
  | (Base & { kind: 'buttons'; buttons: Actionable[] })
  | (Base & { kind: 'carousel'; cards: Card[]; width: CarouselWidth; aspectRatio: number })
  | (Base & { kind: 'image'; src: string; alt: string; caption: string; aspectRatio: number })
  | (Base & { kind: 'system'; event: string })
  | (Base & { kind: 'silent' })
  | (Base & { kind: 'native-action'; action: NativeAction })
  /** FORM, TAB_LIST, RECEIPT and anything unknown: shown as text. */
  | (Base & { kind: 'fallback'; type: string });

export interface ParsedReply {
  agent?: Agent;
  messages: HslMessage[];
  /** What arrived, as it arrived: kept so a stored transcript is parsed again on load, never trusted. */
  sources?: { bodies: unknown[]; agent?: unknown };
  /** When Haptik sent the reply (ms since 1970), from its ISO `timestamp`. */
  timestamp?: number;
}

type Json = Record<string, unknown>;

/**
 * More than this many chips, buttons or cards is not a conversation; the rest is dropped, and counted so
 * the reader is told. Bots send a handful; forty quick replies happen.
 */
export const MAX_ITEMS = 100;
/** More messages than this in one reply are not shown (a hostile reply could hold millions). */
export const MAX_MESSAGES_PER_REPLY = 100;
/** Any one bot string is cut here before any pattern sees it: enough for a long answer. */
export const MAX_TEXT_CHARS = 10_000;
/** A string holding JSON (a double-encoded `data`) is parsed only below this size. */
const MAX_JSON_CHARS = 64 * 1024;
/** A number written with more characters than this is not a ratio anyone means. */
const MAX_NUMBER_CHARS = 32;
const DEFAULT_ASPECT_RATIO = 1.67;
const WIDTHS: readonly CarouselWidth[] = ['THIN', 'MEDIUM', 'FAT', 'BIG'];

/** Objects pass; a string holding a JSON object (some bots double-encode `data`) is parsed. */
function asObject(value: unknown): Json {
  if (isRecord(value)) return value;
  if (typeof value === 'string' && value.length <= MAX_JSON_CHARS && value.trimStart().startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(value);
      return isRecord(parsed) ? parsed : {};
    } catch {
      return {};
    }
  }
  return {};
}

const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value.slice(0, MAX_ITEMS) : []);

/** Strings pass (cut at {@link MAX_TEXT_CHARS}); finite numbers become strings; anything else is empty. */
const asText = (value: unknown): string =>
  typeof value === 'string'
    ? value.length > MAX_TEXT_CHARS
      ? `${value.slice(0, MAX_TEXT_CHARS)}…`
      : value
    : typeof value === 'number' && Number.isFinite(value)
      ? String(value)
      : '';

/** 1, "1", true and "true" are true; everything else is false. */
const asFlag = (value: unknown): boolean =>
  value === 1 || value === true || value === '1' || value === 'true';

/** A decimal without sign or exponent; each part is unambiguous, so matching is linear. */
const DECIMAL = /^(?:\d+(?:\.\d*)?|\.\d+)$/;

/**
 * A number, a numeric string (`"1.67"`) or a ratio (`"16:9"`, `"4/3"`); otherwise `undefined`. Strings
 * longer than a number anyone writes are refused before any pattern runs.
 */
export function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || value.length > MAX_NUMBER_CHARS) return undefined;
  const text = value.trim();
  const colon = text.search(/[:/]/);
  if (colon >= 0) {
    const [width, height] = [text.slice(0, colon).trim(), text.slice(colon + 1).trim()];
    return DECIMAL.test(width) && DECIMAL.test(height) ? Number(width) / Number(height) : undefined;
  }
  const number = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i.test(text) ? Number(text) : NaN;
  return Number.isFinite(number) ? number : undefined;
}

/** Width ÷ height, kept between 1:4 and 4:1 so no card is a sliver. */
function aspectRatio(value: unknown): number {
  const ratio = asNumber(value);
  return ratio !== undefined && ratio > 0 ? Math.min(4, Math.max(0.25, ratio)) : DEFAULT_ASPECT_RATIO;
}

const defined = <T>(value: T | undefined): value is T => value !== undefined;

function parseQuickReply(raw: unknown): QuickReply | undefined {
  const reply = asObject(raw);
  const payload = asObject(reply['payload']);
  const message = asText(payload['message']);
  const label = plainText(asText(reply['actionable_text'])) || plainText(message);
  const display = plainText(message) || label;
  const send = asText(payload['gogo_message']).trim() || message.trim() || display;
  if (!label || !send.trim()) return undefined;
  return { label, display, send, isDefault: asFlag(reply['is_default']) };
}

/** The number a CALL actionable dials: from its payload, its URL, or its text. */
function callUrl(payload: Json, label: string): string | undefined {
  for (const key of ['phone_number', 'phone', 'number', 'mobile', 'url', 'uri']) {
    const value = asText(payload[key]).trim();
    if (!value) continue;
    const url = /^tel:/i.test(value) ? safeUrl(value, 'action') : phoneUrl(value);
    if (url) return url;
  }
  return phoneUrl(label);
}

function actionFor(raw: Json, label: string): Action {
  const uri = asText(raw['uri']).trim().toUpperCase();
  const payload = asObject(raw['payload']);
  const target = asText(payload['url']) || asText(raw['url']);
  switch (uri) {
    case 'LINK': {
      const url = safeUrl(target, 'action');
      if (!url) return { kind: 'disabled' };
      return url.startsWith('tel:') ? { kind: 'call', url } : { kind: 'link', url };
    }
    case 'SELF_SERVE_WEB': {
      const framed = safeUrl(target, 'webview');
      // The bot builder sets a height from 0 to 1 (of the chat window); its field is not documented
      // beyond that, so `height` is read, and anything outside (0, 1] means the usual size.
      const height = asNumber(payload['height']);
      if (framed) {
        return height !== undefined && height > 0 && height <= 1
          ? { kind: 'webview', url: framed, height }
          : { kind: 'webview', url: framed };
      }
      // An http: page cannot be framed on an https: site: it opens in a new tab instead.
      const url = safeUrl(target, 'link');
      return url ? { kind: 'link', url } : { kind: 'disabled' };
    }
    case 'CALL': {
      const url = callUrl(payload, label);
      return url ? { kind: 'call', url } : { kind: 'disabled' };
    }
    default: {
      // TEXT, TEXT_ONLY and anything unknown send a message: the payload's, or the button's text.
      const message = asText(payload['message']);
      const display = plainText(message) || label;
      const send = asText(payload['gogo_message']).trim() || message.trim() || display;
      return { kind: 'send', display, send };
    }
  }
}

function parseActionable(raw: unknown): Actionable | undefined {
  const actionable = asObject(raw);
  const payload = asObject(actionable['payload']);
  const label = plainText(asText(actionable['actionable_text'])) || plainText(asText(payload['message']));
  if (!label) return undefined;
  return { label, action: actionFor(actionable, label), isDefault: asFlag(actionable['is_default']) };
}

const parseActionables = (value: unknown): Actionable[] =>
  asArray(value).map(parseActionable).filter(defined);

function parseCard(raw: unknown): Card | undefined {
  const card = asObject(raw);
  const thumbnail = asObject(card['thumbnail']);
  const title = asText(card['title']);
  const subtitle = asText(card['sub_title'] ?? card['subtitle']);
  const description = asText(card['description']);
  const meta = asText(card['meta']);
  const image = safeUrl(asText(thumbnail['image']) || asText(card['image']), 'own-image');
  const actionables = parseActionables(card['actionables'] ?? card['items']);
  if (!plainText(title + subtitle + description + meta) && !image && !actionables.length) return undefined;
  const alt =
    plainText(asText(thumbnail['alt'] ?? thumbnail['alt_text'])) ||
    plainText(title) ||
    plainText(subtitle) ||
    plainText(description);
  const parsed: Card = { title, subtitle, description, meta, alt, actionables };
  if (image) parsed.image = image;
  return parsed;
}

function parseCarousel(base: Base, data: Json): HslMessage {
  const cards = asArray(data['items']).map(parseCard).filter(defined);
  const ratio = aspectRatio(data['image_aspect_ratio']);
  const [only] = cards;
  if (cards.length === 1 && only?.image && !only.actionables.length) {
    const caption = [only.title, only.subtitle].filter((part) => plainText(part)).join('\n');
    return {
      ...base,
      kind: 'image',
      src: only.image,
      alt: only.alt || plainText(base.text),
      caption,
      aspectRatio: ratio,
    };
  }
  if (!cards.length) return { ...base, kind: 'fallback', type: 'CAROUSEL' };
  const width = asText(data['width']).trim().toUpperCase() as CarouselWidth;
  return {
    ...base,
    kind: 'carousel',
    cards,
    width: WIDTHS.includes(width) ? width : 'MEDIUM',
    aspectRatio: ratio,
  };
}

/** Turns one HSL `body` into a view model. Unknown shapes become a text fallback, never an exception. */
export function parseMessage(raw: unknown, id?: string): HslMessage {
  const body = asObject(raw);
  const text = asText(body['text']);
  const type = asText(body['type']).trim().toUpperCase();
  const data = asObject(body['data']);
  const message = parseBody(type, id === undefined ? { text } : { id, text }, data);
  const list = data[type === 'TEXT' ? 'quick_replies' : 'items'];
  const omitted = Array.isArray(list) && message.kind !== 'fallback' ? list.length - MAX_ITEMS : 0;
  return omitted > 0 ? { ...message, omitted } : message;
}

function parseBody(type: string, base: Base, data: Json): HslMessage {
  const { text } = base;
  switch (type) {
    case 'TEXT': {
      const quickReplies = asArray(data['quick_replies']).map(parseQuickReply).filter(defined);
      const defaultReply = quickReplies.find((reply) => reply.isDefault);
      return defaultReply
        ? { ...base, kind: 'text', quickReplies, defaultReply }
        : { ...base, kind: 'text', quickReplies };
    }
    case 'BUTTON':
    case 'BUTTONS': {
      const buttons = parseActionables(data['items']);
      return buttons.length ? { ...base, kind: 'buttons', buttons } : { ...base, kind: 'fallback', type };
    }
    case 'CAROUSEL':
      return parseCarousel(base, data);
    case 'SYSTEM':
      return { ...base, kind: 'system', event: asText(data['event_name']).trim() };
    case 'SILENT':
      return { ...base, kind: 'silent' };
    case 'NATIVE_ACTION':
      return { ...base, kind: 'native-action', action: { text, data } };
    default:
      return { ...base, kind: 'fallback', type: type || 'UNKNOWN' };
  }
}

/** The agent who answered: a name, and an avatar only when it is a safe https: URL. */
export function parseAgent(raw: unknown): Agent | undefined {
  const agent = asObject(raw);
  const name = plainText(asText(agent['name'])).trim();
  if (!name) return undefined;
  const image = asText(agent['profile_image']);
  const avatar = /^https:/i.test(image.trim()) ? safeUrl(image, 'own-image') : undefined;
  const parsed: Agent = avatar ? { name, avatar } : { name };
  if (asFlag(agent['is_automated'])) parsed.automated = true;
  return parsed;
}

/** Parses a whole reply of the Synchronous Webhooks API. Anything that is not a reply yields no messages. */
export function parseReply(raw: unknown): ParsedReply {
  const reply = isRecord(raw) ? raw : {};
  // Array.from visits holes too (map would keep them): every slot becomes a message.
  const list = Array.isArray(reply['message']) ? reply['message'].slice(0, MAX_MESSAGES_PER_REPLY) : [];
  const items = Array.from(list, (item) => asObject(item));
  const messages = items.map((entry) => parseMessage(entry['body'], asText(entry['id']) || undefined));
  const sources = { bodies: items.map((entry) => entry['body']), agent: reply['agent'] };
  const agent = parseAgent(reply['agent']);
  const parsed: ParsedReply = agent ? { agent, messages, sources } : { messages, sources };
  const stamp = asText(reply['timestamp']).slice(0, 40);
  const timestamp = /^\d{4}-\d\d-\d\dT/.test(stamp) ? Date.parse(stamp) : NaN;
  if (Number.isFinite(timestamp)) parsed.timestamp = timestamp;
  return parsed;
}
