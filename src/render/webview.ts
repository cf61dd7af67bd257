/**
 * The in-widget web view for SELF_SERVE_WEB actions: a sandboxed frame under a bar with a back button (an
 * arrow, never a second ✕ under the header's), the site's domain (where the page really is, whatever the
 * button said) and an "open in a new tab" link. Framing that the page's own CSP refuses is detected
 * and answered with the same link; a refusal by the framed site (X-Frame-Options, frame-ancestors)
 * cannot be seen from outside a cross-origin frame, which is why that link is always there.
 */
import { html, nothing, type TemplateResult } from 'lit/html.js';
import { keyed } from 'lit/directives/keyed.js';
import { safeUrl } from '../url-policy.js';
import type { ChatStrings } from '../strings.js';
import { cssProperty } from './css-property.js';
import { icon } from './icons.js';
import { restoreFocus } from './opener.js';
import { webViewStyles } from './webview.styles.js';

export { webViewStyles };

export interface WebViewState {
  url: string;
  title: string;
  /** The host page's CSP refused to frame it (see {@link refusesFrame}). */
  blocked?: boolean;
  /** The share of the panel it covers, (0–1]; without it, most of the space below the header. */
  height?: number | undefined;
}

/**
 * What a Haptik web view posts to its parent to close itself, `message` (when given) being sent as the
 * user: `http://haptik-webview//perform-action?action=close&message=…`. Undefined for anything else.
 */
export function closeRequest(data: unknown): { message: string } | undefined {
  if (typeof data !== 'string' || data.length > 8192) return undefined;
  let url: URL;
  try {
    url = new URL(data);
  } catch {
    return undefined;
  }
  if (url.hostname !== 'haptik-webview' || url.pathname.replace(/^\/+/, '') !== 'perform-action')
    return undefined;
  if (url.searchParams.get('action') !== 'close') return undefined;
  return { message: (url.searchParams.get('message') ?? '').trim() };
}

const TITLE_ID = 'haptik-chat-webview-title';

/**
 * Scripts and forms run and popups may leave the sandbox, but the page never keeps an origin of its own:
 * `allow-scripts` with `allow-same-origin` would let a page that redirects to the host's origin (the
 * sandbox is chosen from the first URL only) script the host page. A web view that needs its own cookies
 * or storage opens in a new tab instead (the bar's link).
 */
const SANDBOX = 'allow-scripts allow-forms allow-popups allow-popups-to-escape-sandbox';

/**
 * Whether a CSP violation is the host page refusing to frame the web view's page (frame-src): then the
 * web view shows its fallback. (The panel listens to the document and sets `blocked`.)
 */
export function refusesFrame(event: SecurityPolicyViolationEvent, view: WebViewState): boolean {
  try {
    return (
      /^(frame|child|default)-src/.test(event.effectiveDirective) &&
      new URL(event.blockedURI).origin === new URL(view.url).origin
    );
  } catch {
    return false;
  }
}

export function renderWebView(view: WebViewState, strings: ChatStrings, close: () => void): TemplateResult {
  const url = safeUrl(view.url, 'webview');
  const tab = safeUrl(view.url, 'link');
  const domain = tab ? new URL(tab).hostname : view.title;
  const onClose = (event: Event) => {
    const root = (event.currentTarget as Node).getRootNode();
    close();
    restoreFocus(root);
  };
  const onKeydown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    // Escape closes the web view, not the whole chat.
    event.stopPropagation();
    onClose(event);
  };
  const newTab = tab
    ? html`<a class="webview-external" href=${tab} target="_blank" rel="noopener noreferrer"
        >${strings.openInNewTab}${icon('external')}</a
      >`
    : nothing;
  // Keyed by URL: another page gets a fresh frame, fallback state and focus.
  return html`${keyed(
    view.url,
    html`<section
      part="webview"
      class="webview"
      role="dialog"
      aria-labelledby=${TITLE_ID}
      ?data-blocked=${!url || view.blocked}
      ?data-height=${view.height !== undefined}
      ${cssProperty('--_webview-height', String(Math.max(view.height ?? 1, 0.25)))}
      @keydown=${onKeydown}
    >
      <div class="webview-bar">
        <button class="webview-close" type="button" aria-label=${strings.closeWebView} @click=${onClose}>
          ${icon('previous')}
        </button>
        <h3 id=${TITLE_ID} class="webview-title">${domain}</h3>
        ${newTab}
      </div>
      ${
        url
          ? html`<iframe
              src=${url}
              title=${view.title}
              sandbox=${SANDBOX}
              referrerpolicy="strict-origin-when-cross-origin"
            ></iframe>`
          : nothing
      }
      <p class="webview-blocked">${strings.webViewBlocked}</p>
    </section>`,
  )}`;
}
