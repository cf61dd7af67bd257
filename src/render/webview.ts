/** The in-widget web view for SELF_SERVE_WEB actions. */
import { html, type TemplateResult } from 'lit';
import type { ChatStrings } from '../strings.js';

export interface WebViewState {
  url: string;
  title: string;
}

export function renderWebView(view: WebViewState, _strings: ChatStrings, close: () => void): TemplateResult {
  return html`<div part="webview" class="webview" role="dialog" aria-label=${view.title}>
    <button type="button" @click=${close}>×</button>
    <iframe
      src=${view.url}
      title=${view.title}
      sandbox="allow-scripts allow-forms"
      referrerpolicy="no-referrer"
    ></iframe>
  </div>`;
}
