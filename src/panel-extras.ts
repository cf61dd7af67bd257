/**
 * What the panel loads only when first wanted: the header's menu (a menu button pattern), the
 * new-conversation question, the transcript download and the form that rates the conversation
 * (sent through the proxy to Haptik's Log Feedback API). Their UI text defaults live here too.
 */
import { html, nothing, type TemplateResult } from 'lit/html.js';
import { css } from './css.js';
import { ref } from 'lit/directives/ref.js';
import { ChatError } from './chat-error.js';
import { sendFeedback, type ChatTarget } from './client.js';
import type { Entry } from './conversation.js';
import { plainText } from './format.js';
import type { Agent } from './hsl.js';
import type { PanelHost } from './panel-host.js';
import { MENU_ID } from './render/header.js';
import { englishExtras } from './english-extras.js';
import type { ChatStrings } from './strings.js';
import { MAX_FEEDBACK_CHARS } from './wire.js';

export interface ExtrasHost {
  /** The element: its settings, UI text and updates. */
  host(): PanelHost;
  entries(): readonly Entry[];
  target(): ChatTarget;
  /** Clears the conversation (the start message goes again) and moves focus to the input. */
  newConversation(): void;
  focusInput(): void;
  /** Says `text` through the panel's status region. */
  announce(text: string): void;
  /** The name a bot message is shown under. */
  speaker(agent: Agent | undefined): string | undefined;
}

const defaults = englishExtras;

type Text = ChatStrings;

/** The conversation as plain text, a line per message: `[time] Who: what was said`. */
export function transcript(
  entries: readonly Entry[],
  text: Text,
  heading: string,
  /** Who to name for a bot message: as the panel shows it (the bot's own name for Haptik's "gogo"). */
  speaker: (agent: Agent | undefined) => string | undefined = (agent) => agent?.name,
): string {
  const when = new Intl.DateTimeFormat(document.documentElement.lang || undefined, {
    dateStyle: 'short',
    timeStyle: 'short',
  });
  const lines = [heading, ''];
  for (const entry of entries) {
    let who: string;
    let said: string[];
    if (entry.role === 'user') {
      if (entry.hidden) continue;
      [who, said] = [text.you, [entry.text]];
    } else {
      const { message } = entry;
      if (message.kind === 'silent' || message.kind === 'native-action') continue;
      who = speaker(entry.agent) ?? heading;
      said = [plainText(message.text)];
      if (message.kind === 'buttons') said.push(...message.buttons.map((button) => `[${button.label}]`));
      if (message.kind === 'carousel')
        said.push(...message.cards.map((card) => `[${plainText(card.title)}]`));
      if (message.kind === 'image') said.push(`[${message.alt}]`);
    }
    const time = entry.at === undefined ? '' : `[${when.format(entry.at)}] `;
    lines.push(`${time}${who}: ${said.filter(Boolean).join('\n  ')}`);
  }
  return `${lines.join('\n')}\n`;
}

function download(name: string, contents: string): void {
  const url = URL.createObjectURL(new Blob([contents], { type: 'text/plain;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** What the proxy's refusal means to the person rating. */
function ratingError(error: unknown, text: Text): string {
  const code = error instanceof ChatError ? error.code : undefined;
  if (code === 'duplicate_feedback') return text.ratingDuplicate;
  if (code === 'no_active_conversation' || code === 'unknown_user') return text.ratingNoConversation;
  if (code === 'not_found') return text.ratingUnavailable;
  return text.ratingFailed;
}

/** Focuses an element once it is in the document (Lit calls ref callbacks before that). */
const focusOnArrival = (element?: Element) =>
  element instanceof HTMLElement && queueMicrotask(() => element.focus());

type Open = 'menu' | 'confirm' | 'rating' | undefined;

export class Extras {
  readonly #panel: ExtrasHost;
  #open: Open;
  /** Whether the open part takes focus when it arrives (not when the form is merely offered). */
  #focus = false;
  #error = '';
  #sending = false;
  /** ArrowUp opened the menu: focus its last item. */
  #focusLast = false;

  constructor(panel: ExtrasHost) {
    this.#panel = panel;
  }

  get menuOpen(): boolean {
    return this.#open === 'menu';
  }

  get #text(): Text {
    return { ...defaults, ...this.#panel.host().text };
  }

  #show(open: Open, focus = true): void {
    this.#open = open;
    this.#focus = focus;
    this.#error = '';
    this.#panel.host().requestUpdate();
  }

  /** Closes what is open; focus goes back to the menu button (or to `input`). */
  #close(to: 'button' | 'input' | 'none' = 'button'): void {
    this.#show(undefined);
    if (to === 'input') this.#panel.focusInput();
    else if (to === 'button') {
      this.#panel.host().renderRoot.querySelector<HTMLElement>('[part~="menu-button"]')?.focus();
    }
  }

  /** The menu button was used: a key opens the menu (ArrowUp at its last item), a click toggles it. */
  toggleMenu(last: boolean, byKey: boolean): void {
    if (this.menuOpen && !byKey) return this.#close();
    this.#focusLast = last;
    this.#show('menu');
  }

  /** The conversation ended: the rating form is shown, and said, without moving focus. */
  offerRating(): void {
    if (this.#open === 'rating') return;
    this.#show('rating', false);
    this.#panel.announce(this.#text.rateConversation);
  }

  readonly #onMenuKeydown = (event: KeyboardEvent): void => {
    const items = [
      ...(event.currentTarget as HTMLElement).querySelectorAll<HTMLElement>('[role="menuitem"]'),
    ];
    const at = items.indexOf(event.target as HTMLElement);
    const to = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: -1 }[event.key];
    if (to !== undefined) {
      event.preventDefault();
      items.at(to % items.length)?.focus();
    } else if (event.key === 'Escape') {
      // Escape closes the menu, not the whole chat.
      event.stopPropagation();
      this.#close();
    } else if (event.key === 'Tab') this.#close('none');
  };

  /** Focus left the menu (a click elsewhere, Tab): it closes. */
  readonly #onMenuFocusout = (event: FocusEvent): void => {
    const to = event.relatedTarget as Node | null;
    if (this.menuOpen && !(event.currentTarget as Node).contains(to)) {
      if (!(to instanceof HTMLElement && to.matches('[part~="menu-button"]'))) this.#close('none');
    }
  };

  readonly #download = (): void => {
    const host = this.#panel.host();
    const day = new Date().toISOString().slice(0, 10);
    download(
      `chat-${day}.txt`,
      transcript(this.#panel.entries(), this.#text, host.heading || this.#text.heading, this.#panel.speaker),
    );
    this.#close();
  };

  renderMenu(): TemplateResult | typeof nothing {
    if (!this.menuOpen) return nothing;
    const text = this.#text;
    // Focus goes to the first item, or to the last when ArrowUp opened the menu.
    const item = (label: string, action: () => void, focus = false) =>
      html`<button
        type="button"
        role="menuitem"
        tabindex="-1"
        @click=${action}
        ${focus ? ref(focusOnArrival) : nothing}
      >
        ${label}
      </button>`;
    const feedback = this.#panel.host().feedback;
    return html`<div
      part="menu"
      id=${MENU_ID}
      class="menu"
      role="menu"
      aria-label=${this.#panel.host().text.menu}
      @keydown=${this.#onMenuKeydown}
      @focusout=${this.#onMenuFocusout}
    >
      ${item(text.newConversation, () => this.#show('confirm'), !this.#focusLast)}
      ${feedback ? item(text.rateConversation, () => this.#show('rating')) : nothing}
      ${item(text.downloadTranscript, this.#download, this.#focusLast)}
    </div>`;
  }

  readonly #onSheetKeydown = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape') return;
    event.stopPropagation();
    this.#close(this.#focus ? 'button' : 'input');
  };

  readonly #submit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const comment = String(data.get('comment') ?? '').trim();
    this.#sending = true;
    this.#error = '';
    this.#panel.host().requestUpdate();
    try {
      await sendFeedback(this.#panel.target(), {
        query_resolved: data.get('resolved') === 'yes',
        query_rating: Number(data.get('rating')),
        ...(comment ? { feedback: comment } : {}),
      });
      this.#close('input');
      this.#panel.announce(this.#text.ratingSent);
    } catch (error) {
      this.#error = ratingError(error, this.#text);
    } finally {
      this.#sending = false;
      this.#panel.host().requestUpdate();
    }
  };

  #renderRating(text: Text): TemplateResult {
    const choice = (value: string, label: string, first = false) =>
      html`<label class="choice"
        ><input
          type="radio"
          name="resolved"
          value=${value}
          required
          ${first && this.#focus ? ref(focusOnArrival) : nothing}
        />${label}</label
      >`;
    const star = (count: number) =>
      html`<label class="star"
        ><input type="radio" name="rating" value=${count} required /><span class="vh"
          >${text.stars(count)}</span
        ></label
      >`;
    return html`<section
      part="rating"
      class="sheet"
      role="dialog"
      aria-labelledby="haptik-chat-rating"
      @keydown=${this.#onSheetKeydown}
    >
      <h3 id="haptik-chat-rating">${text.rateConversation}</h3>
      <form @submit=${this.#submit}>
        <fieldset>
          <legend>${text.queryResolved}</legend>
          ${choice('yes', text.yes, true)}${choice('no', text.no)}
        </fieldset>
        <fieldset class="stars">
          <legend>${text.satisfaction}</legend>
          ${[1, 2, 3, 4, 5].map(star)}
        </fieldset>
        <label class="comment"
          >${text.comment}<textarea name="comment" rows="2" maxlength=${MAX_FEEDBACK_CHARS}></textarea>
        </label>
        <p class="sheet-error" role="alert">${this.#error}</p>
        <div class="sheet-actions">
          <button type="button" @click=${() => this.#close(this.#focus ? 'button' : 'input')}>
            ${text.cancel}
          </button>
          <button class="primary" type="submit" ?disabled=${this.#sending}>${text.submitRating}</button>
        </div>
      </form>
    </section>`;
  }

  renderSheet(): TemplateResult | typeof nothing {
    if (this.#open !== 'rating' && this.#open !== 'confirm') return nothing;
    const text = this.#text;
    if (this.#open === 'rating') return this.#renderRating(text);
    return html`<section
      class="sheet"
      role="alertdialog"
      aria-labelledby="haptik-chat-confirm"
      @keydown=${this.#onSheetKeydown}
    >
      <p id="haptik-chat-confirm">${text.confirmNewConversation}</p>
      <div class="sheet-actions">
        <button type="button" @click=${() => this.#close()} ${ref(focusOnArrival)}>${text.cancel}</button>
        <button
          class="primary"
          type="button"
          @click=${() => {
            this.#show(undefined);
            this.#panel.newConversation();
          }}
        >
          ${text.startNew}
        </button>
      </div>
    </section>`;
  }
}

/** The extras' styles, adopted when they load. */
export const extrasStyles = css`
  .header {
    position: relative;
  }
  .menu {
    position: absolute;
    inset-block-start: calc(100% - 6px);
    inset-inline-end: 8px;
    z-index: 2;
    display: flex;
    flex-direction: column;
    min-inline-size: 200px;
    padding: 4px 0;
    color: var(--_color);
    background: var(--_background);
    border: 1px solid var(--_border);
    border-radius: 12px;
    box-shadow: 0 8px 24px rgb(0 0 0 / 0.2);
  }
  .menu button {
    padding: 10px 16px;
    font: inherit;
    text-align: start;
    color: inherit;
    background: transparent;
    border: none;
    cursor: pointer;
  }
  .menu button:hover,
  .menu button:focus {
    background: var(--_bot-bubble);
  }
  .menu button:focus-visible {
    outline-offset: -3px;
  }
  .sheet {
    position: absolute;
    inset-inline: 0;
    inset-block-end: 0;
    z-index: 1;
    box-sizing: border-box;
    max-block-size: 100%;
    overflow: auto;
    padding: 16px;
    background: var(--_background);
    border-block-start: 1px solid var(--_border);
    box-shadow: 0 -6px 16px rgb(0 0 0 / 0.12);
  }
  .sheet h3,
  .sheet p {
    margin: 0 0 12px;
  }
  .sheet h3 {
    font-size: 1.05em;
  }
  fieldset {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
    margin: 0 0 14px;
    padding: 0;
    border: none;
  }
  legend {
    margin-block-end: 6px;
    padding: 0;
    font-weight: 600;
  }
  .choice {
    display: inline-flex;
    align-items: center;
    gap: 6px;
    padding: 4px 14px 4px 8px;
    border: 1px solid var(--_border);
    border-radius: 999px;
    cursor: pointer;
  }
  .choice:has(:checked) {
    border-color: var(--_accent);
  }
  .stars {
    gap: 2px;
  }
  .star {
    position: relative;
    font-size: 28px;
    line-height: 1;
    color: var(--_accent);
    cursor: pointer;
  }
  .star input {
    position: absolute;
    inset: 0;
    margin: 0;
    opacity: 0;
    cursor: pointer;
  }
  .star::before {
    content: '☆';
  }
  .star:has(:checked)::before,
  .star:has(~ .star :checked)::before {
    content: '★';
  }
  .star:has(:focus-visible) {
    outline: 3px solid var(--_focus-ring);
    border-radius: 4px;
  }
  .comment {
    display: flex;
    flex-direction: column;
    gap: 6px;
    font-weight: 600;
  }
  textarea {
    font: inherit;
    font-weight: normal;
    padding: 8px;
    color: inherit;
    background: var(--_background);
    border: 1px solid var(--_border);
    border-radius: 8px;
    resize: vertical;
  }
  .sheet-error {
    color: var(--_error);
  }
  .sheet-error:empty {
    display: none;
  }
  .sheet-actions {
    display: flex;
    justify-content: flex-end;
    gap: 8px;
    margin-block-start: 12px;
  }
  .sheet-actions button {
    padding: 8px 16px;
    font: inherit;
    color: var(--_accent);
    background: transparent;
    border: 1px solid var(--_accent);
    border-radius: 999px;
    cursor: pointer;
  }
  .sheet-actions .primary {
    color: var(--_on-accent);
    background: var(--_accent);
  }
  .sheet-actions button:disabled {
    opacity: 0.6;
    cursor: default;
  }
  textarea:focus-visible,
  .choice:has(:focus-visible) {
    outline: 3px solid var(--_focus-ring);
    outline-offset: 2px;
  }
`;
