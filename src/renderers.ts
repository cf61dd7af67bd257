/**
 * Custom renderers: the site draws a kind of bot message its own way. A renderer gets the message as it
 * arrived (untrusted: bind its fields as text, or return a string, which is sanitized) and a few helpers,
 * and returns a Lit template, an HTML string, or `null` for the widget's own rendering.
 */
import type { TemplateResult } from 'lit';
import type { Agent, HslMessage } from './hsl.js';
import type { ChatStrings } from './strings.js';
import type { UrlUse } from './url-policy.js';

/** One bot message, as a renderer sees it. Every field but `parsed` is the bot's, unchecked. */
export interface RendererMessage {
  /** The HSL type, trimmed and upper-cased: `TEXT`, `FORM`, `CAROUSEL`, or any other a bot sends. */
  type: string;
  /** The message's text, markup and `{…}` metadata included. */
  text: string;
  /** The message's `data` as it arrived (a JSON string holding an object is parsed); `{}` otherwise. */
  data: Record<string, unknown>;
  /** The id Haptik gave the message, when it gave one. */
  id?: string | undefined;
  /** Who answered, when the reply named an agent. */
  agent?: Agent | undefined;
  /** The widget's own reading of the message (what it would draw). */
  parsed: HslMessage;
}

/** What a renderer may do: the same things the widget's own messages do, through the same policies. */
export interface RendererHelpers {
  /** The UI text in force (the widget's language, with the page's `strings` over it). */
  readonly strings: ChatStrings;
  /** Sends a message as the user: `text` in their bubble, `body` (default `text`) to the bot. */
  send(text: string, body?: string): void;
  /** Opens a link in a new tab if the URL policy allows it (http, https); says whether it did. */
  openLink(url: string): boolean;
  /**
   * A URL as the URL policy allows it for a use (`link`, `action`, `image`, `webview`), or `undefined`:
   * bind only what this returns to an `href` or `src`. `image` follows the `same-origin-images` setting.
   */
  safeUrl(url: unknown, use: Exclude<UrlUse, 'own-image'>): string | undefined;
}

/**
 * Draws one kind of message. A template is the site's own code and is used as it is; a string is HTML,
 * sanitized by the widget's DOMPurify policy (every URL through the URL policy) before it is shown;
 * `null` (or `undefined`) leaves the message to the widget.
 */
export type HslRenderer = (
  message: RendererMessage,
  helpers: RendererHelpers,
) => TemplateResult | string | null | undefined;

/** Renderers by HSL type (`FORM`, `CAROUSEL`, …, or a type of the bot's own). */
export type HslRenderers = Readonly<Partial<Record<string, HslRenderer>>>;
