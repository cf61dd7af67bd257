/**
 * What bot-supplied content may reach the DOM: the one DOMPurify policy, and the URL policy it relies on
 * (url-policy.ts). Two sets of elements go through it, with the same hook on every URL:
 * - {@link HTML_POLICY}, the only HTML the widget itself ever makes from bot text (format.ts +
 *   render/text.ts build exactly these elements as Lit templates, so no HTML string exists at runtime;
 *   tests hold the rendered DOM to this policy);
 * - {@link RENDERER_HTML_POLICY}, what a custom renderer's HTML string may hold (render/custom.ts loads
 *   this module only when a renderer returns a string).
 * Under Trusted Types it parses through one named policy, `haptik-chat`. A host page that shows bot text
 * elsewhere can use both policies.
 */
import DOMPurify, { type Config } from 'dompurify';
import { safeUrl, type ImageUse } from './url-policy.js';

export { phoneUrl, safeUrl, type UrlUse } from './url-policy.js';

const words = (list: string): string[] => list.split(' ');

/**
 * The elements and attributes message text may become; links only as `safeUrl(…, 'action')` allows:
 * http(s), mailto: and tel: (format.ts links web and e-mail addresses and phone numbers).
 */
export const HTML_POLICY: Readonly<Config> = {
  ALLOWED_TAGS: ['strong', 'em', 's', 'u', 'a'],
  ALLOWED_ATTR: ['href', 'target', 'rel'],
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  ALLOWED_URI_REGEXP: /^(?:https?|mailto|tel):/i,
};

/**
 * Attributes of a renderer's HTML whose values are text, never URLs. Not `class` or `id`: the HTML sits in
 * the widget's shadow root, where the widget's own classes would dress it as a user's bubble or a panel
 * over the transcript, and its ids would take over the widget's ARIA references.
 */
const RENDERER_TEXT_ATTRIBUTES = [
  ...words('alt width height title for name value type placeholder required disabled readonly'),
  ...words('checked selected multiple min max step minlength maxlength pattern autocomplete inputmode'),
  ...words('rows cols size colspan rowspan scope dir lang role data-send'),
];

/**
 * What a custom renderer's HTML may hold: text, lists, tables, images and forms. No scripts, styles,
 * frames, SVG, event handlers, `style`, `class`, `id` or form targets (`action`, `formaction`): a form is sent to the chat
 * by the widget, never submitted anywhere. Links as `safeUrl(…, 'link')` allows, images as `image` (or
 * `own-image` with `same-origin-images`); any other URL attribute is removed.
 */
export const RENDERER_HTML_POLICY: Readonly<Config> = {
  ALLOWED_TAGS: [
    ...(HTML_POLICY.ALLOWED_TAGS as string[]),
    ...words('b i br p span div small mark code pre blockquote hr h3 h4 h5 h6 ul ol li dl dt dd'),
    ...words('table caption thead tbody tfoot tr th td img figure figcaption'),
    ...words('form fieldset legend label input select option optgroup textarea button output progress meter'),
  ],
  ALLOWED_ATTR: [...(HTML_POLICY.ALLOWED_ATTR as string[]), 'src', ...RENDERER_TEXT_ATTRIBUTES],
  // Values of these are text, never URLs: DOMPurify holds other attributes' values to ALLOWED_URI_REGEXP.
  ADD_URI_SAFE_ATTR: RENDERER_TEXT_ATTRIBUTES,
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: true,
  // Root-relative paths reach the hook, which allows them only for same-origin images where opted in.
  ALLOWED_URI_REGEXP: /^(?:https?:|\/)/i,
};

let purifier: ReturnType<typeof DOMPurify> | undefined;
/** How the current sanitize call checks images (the hook has no other way to be told). */
let imageUse: ImageUse = 'image';

/** Every URL attribute passes the URL policy for what it is used for, or is removed. */
function checkUrls(node: Element): void {
  const link = node.nodeName === 'A';
  for (const name of ['href', 'src']) {
    const value = node.getAttribute(name);
    if (value === null) continue;
    const allowed =
      name === 'href' && link
        ? safeUrl(value, 'action')
        : name === 'src' && node.nodeName === 'IMG'
          ? safeUrl(value, imageUse)
          : undefined;
    if (allowed) node.setAttribute(name, allowed);
    else node.removeAttribute(name);
  }
  if (node.nodeName === 'IMG') node.setAttribute('referrerpolicy', 'no-referrer');
  if (!link) return;
  const href = node.getAttribute('href');
  if (href) {
    // A web page opens in a new tab; a mailto: or tel: link opens its app.
    if (href.startsWith('http')) node.setAttribute('target', '_blank');
    else node.removeAttribute('target');
    node.setAttribute('rel', 'noopener noreferrer');
  } else {
    node.removeAttribute('target');
    node.removeAttribute('rel');
  }
}

function getPurifier(): ReturnType<typeof DOMPurify> {
  if (purifier) return purifier;
  // A private instance, so our hook never changes a DOMPurify the host page uses.
  const instance = DOMPurify(window);
  instance.addHook('afterSanitizeAttributes', checkUrls);
  purifier = instance;
  return instance;
}

type ParsePolicy = NonNullable<Config['TRUSTED_TYPES_POLICY']>;
/** The Trusted Types API, where the browser has it (TypeScript's DOM types do not describe it yet). */
interface TrustedTypesApi {
  createPolicy(
    name: string,
    rules: { createHTML(html: string): string; createScriptURL(url: string): string },
  ): ParsePolicy;
}
let parsePolicy: ParsePolicy | null | undefined;

/**
 * The one Trusted Types policy, `haptik-chat`, or `null` where there are none or the page's CSP does not
 * allow it (DOMPurify then tries its own `dompurify` policy). It is never handed out: only DOMPurify
 * calls it, to parse a string into an inert document that it then cleans, and what reaches the page is
 * the cleaned nodes (never a TrustedHTML made from it). It makes no script URLs.
 */
function trustedTypesPolicy(): ParsePolicy | null {
  if (parsePolicy !== undefined) return parsePolicy;
  const api = (window as { trustedTypes?: TrustedTypesApi }).trustedTypes;
  try {
    parsePolicy =
      api?.createPolicy('haptik-chat', {
        createHTML: (html: string) => html,
        createScriptURL: () => {
          throw new TypeError('haptik-chat makes no script URLs.');
        },
      }) ?? null;
  } catch {
    parsePolicy = null;
  }
  return parsePolicy ?? null;
}

function purify(dirty: string, policy: Readonly<Config>, images: ImageUse): DocumentFragment;
function purify(dirty: string, policy: Readonly<Config>): string;
function purify(dirty: string, policy: Readonly<Config>, images?: ImageUse): DocumentFragment | string {
  const instance = getPurifier();
  const tt = trustedTypesPolicy();
  imageUse = images ?? 'image';
  try {
    return images
      ? instance.sanitize(dirty, {
          ...policy,
          RETURN_DOM_FRAGMENT: true,
          ...(tt ? { TRUSTED_TYPES_POLICY: tt } : {}),
        })
      : instance.sanitize(dirty, {
          ...policy,
          RETURN_TRUSTED_TYPE: false,
          ...(tt ? { TRUSTED_TYPES_POLICY: tt } : {}),
        });
  } finally {
    imageUse = 'image';
  }
}

/**
 * The one DOMPurify policy for message text: anything outside {@link HTML_POLICY} is removed, link URLs
 * go through the URL policy, every web link opens in a new tab, and every link has `rel="noopener noreferrer"`.
 * Browser only.
 */
export const sanitizeHtml = (dirty: string): string => purify(dirty, HTML_POLICY);

/**
 * A custom renderer's HTML as nodes to insert: anything outside {@link RENDERER_HTML_POLICY} removed and
 * every URL through the URL policy (`images` says how images are checked). Browser only.
 */
export const sanitizeToFragment = (dirty: string, images: ImageUse = 'image'): DocumentFragment =>
  purify(dirty, RENDERER_HTML_POLICY, images);
