/**
 * What bot-supplied content may reach the DOM: the one DOMPurify policy, describing the only HTML the
 * widget ever makes from bot text (format.ts + render/text.ts build exactly these elements as Lit
 * templates, so no HTML string exists at runtime; tests hold the rendered DOM to this policy), and
 * the URL policy it relies on (url-policy.ts). A host page that shows bot text elsewhere can use both.
 */
import DOMPurify, { type Config } from 'dompurify';
import { safeUrl } from './url-policy.js';

export { phoneUrl, safeUrl, type UrlUse } from './url-policy.js';

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

let purifier: ReturnType<typeof DOMPurify> | undefined;

function getPurifier(): ReturnType<typeof DOMPurify> {
  if (purifier) return purifier;
  // A private instance, so our hook never changes a DOMPurify the host page uses.
  const instance = DOMPurify(window);
  instance.addHook('afterSanitizeAttributes', (node) => {
    if (node.nodeName !== 'A') return;
    const href = safeUrl(node.getAttribute('href'), 'action');
    if (href) {
      node.setAttribute('href', href);
      // A web page opens in a new tab; a mailto: or tel: link opens its app.
      if (href.startsWith('http')) node.setAttribute('target', '_blank');
      else node.removeAttribute('target');
      node.setAttribute('rel', 'noopener noreferrer');
    } else {
      node.removeAttribute('href');
      node.removeAttribute('target');
      node.removeAttribute('rel');
    }
  });
  purifier = instance;
  return instance;
}

/**
 * The one DOMPurify policy: anything outside {@link HTML_POLICY} is removed, link URLs go through the URL
 * policy, and every web link opens in a new tab; every link has `rel="noopener noreferrer"`. Browser only.
 */
export function sanitizeHtml(dirty: string): string {
  return getPurifier().sanitize(dirty, { ...HTML_POLICY, RETURN_TRUSTED_TYPE: false });
}
