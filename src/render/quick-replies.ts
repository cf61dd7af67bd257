/** The quick replies on offer: chips under the transcript that answer for the user when tapped. */
import { html, nothing, type TemplateResult } from 'lit/html.js';
import type { QuickReply } from '../hsl.js';
import type { ChatStrings } from '../strings.js';

export function renderQuickReplies(
  replies: readonly QuickReply[],
  strings: ChatStrings,
  use: (reply: QuickReply) => void,
): TemplateResult | typeof nothing {
  if (!replies.length) return nothing;
  return html`<div
    part="quick-replies"
    class="quick-replies"
    role="group"
    aria-label=${strings.suggestedReplies}
  >
    ${replies.map(
      (reply) =>
        html`<button
          part="quick-reply"
          class=${reply.isDefault ? 'default' : ''}
          type="button"
          @click=${() => use(reply)}
        >
          ${reply.label}
        </button>`,
    )}
  </div>`;
}
