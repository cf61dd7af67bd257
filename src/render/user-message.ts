/**
 * A message the user sent: their bubble and one short line saying when, and where it is (waiting, sending,
 * sent), or, when it failed, whether it certainly never left ("Not sent. Retry") or may have reached the
 * bot ("No answer… Send again"), so nobody sends a message twice without knowing. A hidden message (a start
 * message) has no bubble, and shows only if it failed.
 */
import { html, nothing, type TemplateResult } from 'lit/html.js';
import type { UserEntry } from '../conversation.js';
import type { ChatStrings } from '../strings.js';

/** What went wrong with a failed message, in words (also what is announced). */
export function failureText(entry: UserEntry, strings: ChatStrings): string {
  if (entry.offline) return strings.offline;
  if (entry.code === 'missing_business_id') return `${strings.failed}: ${strings.missingBusinessId}`;
  return entry.maybeDelivered ? strings.noAnswer : `${strings.failed}.`;
}

function statusText(entry: UserEntry, strings: ChatStrings): string {
  switch (entry.status) {
    case 'queued':
      return strings.queued;
    case 'sending':
      return strings.sending;
    case 'sent':
      return strings.sent;
    case 'failed':
      return failureText(entry, strings);
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
  // The status is always one text node whose words change, so a live log does not re-announce it. The
  // reason a send failed is the line's tooltip: the line itself stays short.
  return html`<div part="message user" class="message user" data-status=${entry.status}>
    ${entry.hidden ? nothing : html`<div part="bubble" class="bubble" dir="auto">${entry.text}</div>`}
    <div class="status" part=${failed ? 'error' : 'status'} title=${(failed && entry.error) || nothing}>
      ${failed ? nothing : time}<span class="status-text">${statusText(entry, strings)}</span>${
        failed
          ? html`<button part="retry" type="button" @click=${() => retry(entry.id)}>
              ${entry.maybeDelivered ? strings.sendAgain : strings.retry}
            </button>`
          : nothing
      }
    </div>
  </div>`;
}
