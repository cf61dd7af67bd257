/** Buttons and card actions. Every URL passes the URL policy again here, at the point of use. */
import { html, nothing, type TemplateResult } from 'lit/html.js';
import type { Actionable } from '../hsl.js';
import { safeUrl } from '../url-policy.js';
import { icon } from './icons.js';
import type { RenderContext } from './context.js';
import { rememberOpener } from './opener.js';

/** A plain click opens the web view; a middle or modified click is left to the browser (a new tab). */
function openWebView(
  event: MouseEvent,
  url: string,
  title: string,
  context: RenderContext,
  height?: number,
): void {
  if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  rememberOpener(event.currentTarget as HTMLElement);
  context.openWebView(url, title, height);
}

const disabled = (label: string, classes: string) =>
  html`<button part="button" class=${classes} type="button" disabled>${label}</button>`;

function renderActionable(item: Actionable, context: RenderContext): TemplateResult {
  const { action, label } = item;
  const classes = item.isDefault ? 'action default' : 'action';
  const newTab = html`<span class="vh"> ${context.strings.opensInNewTab}</span>`;
  switch (action.kind) {
    case 'send':
      return html`<button
        part="button"
        class=${classes}
        type="button"
        @click=${() => context.send(action.display, action.send)}
      >
        ${label}
      </button>`;
    case 'link': {
      const url = safeUrl(action.url, 'action');
      if (!url) return disabled(label, classes);
      const web = /^https?:/.test(url);
      return html`<a
        part="button"
        class=${classes}
        href=${url}
        target=${web ? '_blank' : nothing}
        rel="noopener noreferrer"
        >${label}${web ? newTab : nothing}${icon('external')}</a
      >`;
    }
    case 'webview': {
      const url = safeUrl(action.url, 'webview');
      if (!url) return disabled(label, classes);
      return html`<a
        part="button"
        class=${classes}
        href=${url}
        target="_blank"
        rel="noopener noreferrer"
        @click=${(event: MouseEvent) => openWebView(event, url, label, context, action.height)}
        >${label}${icon('window')}</a
      >`;
    }
    case 'call': {
      const url = safeUrl(action.url, 'action');
      if (!url?.startsWith('tel:')) return disabled(label, classes);
      return html`<a part="button" class=${classes} href=${url}>${icon('phone')}${label}</a>`;
    }
    default:
      return disabled(label, classes);
  }
}

/** A column of actionables (BUTTON items, or a card's actions). */
export const renderActions = (items: readonly Actionable[], context: RenderContext, className = 'actions') =>
  items.length
    ? html`<div class=${className}>${items.map((item) => renderActionable(item, context))}</div>`
    : nothing;
