/**
 * The one URL policy: every URL a bot supplies passes `safeUrl` for the use it is put to before it
 * reaches an `href` or `src`. Kept apart from the DOMPurify policy (sanitize.ts) so the widget's
 * own chunks do not carry DOMPurify.
 */

/**
 * Where a URL is going to be used:
 * - `link`: a link in message text (http, https);
 * - `action`: a button or card action (also tel, mailto);
 * - `image`: an image from another origin (https). An image on the page's own origin would be fetched
 *   with the visitor's cookies (a bot could point it at `/account/delete?confirm=yes`), so it is refused;
 * - `own-image`: an image on https or the page's own origin (root-relative paths too), for sites that opt
 *   in with the `same-origin-images` attribute;
 * - `webview`: a page framed inside the widget (https only: an http frame is blocked on https pages).
 */
export type UrlUse = 'link' | 'action' | 'image' | 'own-image' | 'webview';

/** How bot images are checked where they are drawn: another origin only, or the page's own too (opt-in). */
export type ImageUse = Extract<UrlUse, 'image' | 'own-image'>;

const SCHEMES: Record<UrlUse, readonly string[]> = {
  link: ['https:', 'http:'],
  action: ['https:', 'http:', 'tel:', 'mailto:'],
  image: ['https:'],
  'own-image': ['https:'],
  webview: ['https:'],
};

const MAX_URL_LENGTH = 4096;
/** A URL that names its scheme. Anything else is relative, which only same-origin images may be. */
const HAS_SCHEME = /^[a-z][a-z\d+.-]*:/i;
/** A root-relative path: `/x`, but not `//host` or `/\host`, which browsers read as another host. */
const ROOT_RELATIVE = /^\/(?![/\\])/;

const pageUrl = (): string | undefined => (typeof location === 'undefined' ? undefined : location.href);

/**
 * `tel:` keeps only what a dialler needs: an optional `+`, then 3–20 digits. Spaces, dots, dashes and
 * brackets are dropped; `*` and `#` are refused, since they make MMI codes (call forwarding and the like).
 */
function telUrl(number: string): string | undefined {
  if (number.length > 64) return undefined;
  const compact = number.replace(/[\s().-]/g, '');
  return /^\+?\d{3,20}$/.test(compact) ? `tel:${compact}` : undefined;
}

/**
 * The URL policy. Returns the URL as the browser's parser normalises it (so what reaches an attribute is
 * exactly what was checked), or `undefined` when it may not be used that way. Rejects `javascript:`,
 * `data:`, `vbscript:` and every other scheme not listed for the use, in any case or with whitespace,
 * control characters or entities mixed in; protocol-relative and backslash tricks; and credentials in
 * the URL (`https://bank.com@evil.test`).
 */
export function safeUrl(raw: unknown, use: UrlUse, base: string | undefined = pageUrl()): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const text = raw.trim();
  if (!text || text.length > MAX_URL_LENGTH) return undefined;
  let url: URL;
  try {
    if (HAS_SCHEME.test(text)) url = new URL(text);
    else if (use === 'own-image' && base && ROOT_RELATIVE.test(text)) url = new URL(text, base);
    else return undefined;
  } catch {
    return undefined;
  }
  if (url.username || url.password) return undefined;
  if (url.protocol === 'tel:')
    return SCHEMES[use].includes('tel:') ? telUrl(decoded(url.pathname)) : undefined;
  const sameOrigin = isSameOrigin(url, base);
  if (use === 'image' && sameOrigin) return undefined;
  if (SCHEMES[use].includes(url.protocol)) return url.href;
  return use === 'own-image' && sameOrigin ? url.href : undefined;
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function isSameOrigin(url: URL, base: string | undefined): boolean {
  if (!base || (url.protocol !== 'http:' && url.protocol !== 'https:')) return false;
  try {
    const origin = new URL(base).origin;
    return origin !== 'null' && url.origin === origin;
  } catch {
    return false;
  }
}

/** A `tel:` URL for a phone number as a bot writes it (`+91 22 6171 9600`), or `undefined`. */
export const phoneUrl = (number: string): string | undefined => telUrl(number);
