/** Templates for one bot message. Bot text is bound as text; only format.ts may produce HTML. */
import { html, nothing, type TemplateResult } from 'lit';
import type { BotEntry } from '../conversation.js';
import type { ChatStrings } from '../strings.js';

/** What a message template may do in response to the user, and what it knows about its place. */
export interface RenderContext {
  strings: ChatStrings;
  /** True for the first of a run of bot messages: show the agent's name and avatar there. */
  firstInGroup: boolean;
  /** Send a message as the user: `display` in their bubble, `body` to the bot. */
  send(display: string, body: string): void;
  /** Open a URL (already checked) in the in-widget web view. */
  openWebView(url: string, title: string): void;
}

export function renderBotMessage(entry: BotEntry, _context: RenderContext): TemplateResult | typeof nothing {
  const { message } = entry;
  if (message.kind === 'silent' || message.kind === 'native-action') return nothing;
  if (!message.text.trim()) return nothing;
  return html`<div part="message bot" class="message bot">
    <div part="bubble" class="bubble">${message.text}</div>
  </div>`;
}
