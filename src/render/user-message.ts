/**
 * A message the user sent: their bubble and one line saying when, and where it is (waiting, sending,
 * sent, failed). A hidden message (a start message) has no bubble, and shows only if it failed.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { UserEntry } from '../conversation.js';
import type { ChatStrings } from '../strings.js';

function statusText(entry: UserEntry, strings: ChatStrings): string {
  switch (entry.status) {
    case 'queued':
      return strings.queued;
    case 'sending':
      return strings.sending;
    case 'sent':
      return strings.sent;
    case 'failed':
      if (entry.offline) return strings.offline;
      return `${strings.failed}: ${entry.code === 'missing_business_id' ? strings.missingBusinessId : (entry.error ?? '')}`;
  }
}

export function renderUserMessage(
  entry: UserEntry,
  strings: ChatStrings,
  retry: (id: string) => void,
  time?: TemplateResult,
): TemplateResult | typeof nothing {
  const failed = entry.status === 'failed';
  if (entry.hidden && !failed) return nothing;
  // The status is always one text node whose words change, so a live log does not re-announce it.
  return html`<div part="message user" class="message user" data-status=${entry.status}>
    ${entry.hidden ? nothing : html`<div part="bubble" class="bubble" dir="auto">${entry.text}</div>`}
    <div class="status" part=${failed ? 'error' : 'status'}>
      ${failed ? nothing : time}<span class="status-text">${statusText(entry, strings)}</span>
      ${
        failed
          ? html`<button part="retry" type="button" @click=${() => retry(entry.id)}>${strings.retry}</button>`
          : nothing
      }
    </div>
  </div>`;
}
