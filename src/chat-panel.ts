/**
 * The chat panel, loaded on demand: wires a Conversation to the proxy and to storage, renders the
 * header, transcript, quick replies and composer, and turns what the user does into conversation calls.
 */
import { adoptStyles, html, nothing, type LitElement, type ReactiveController } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { ChatError, postMessage } from './client.js';
import { Conversation, type BotEntry, type Entry, type UserEntry } from './conversation.js';
import { HaptikErrorEvent, HaptikMessageEvent, HaptikNativeActionEvent, HaptikSendEvent } from './events.js';
import type { HaptikChat } from './haptik-chat.js';
import type { QuickReply } from './hsl.js';
import { createChatStore, type ChatStore } from './persistence.js';
import { panelStyles } from './chat-panel.styles.js';
import { renderBotMessage } from './render/message.js';
import { messageStyles } from './render/message.styles.js';
import { renderWebView, type WebViewState } from './render/webview.js';

export class ChatPanel implements ReactiveController {
  readonly #host: HaptikChat;
  #conversation!: Conversation;
  #store!: ChatStore;
  #key = '';
  #lastRendered?: string;
  #webView?: WebViewState;

  constructor(host: HaptikChat) {
    this.#host = host;
    host.addController(this);
    const elementStyles = (host.constructor as typeof LitElement).elementStyles;
    if (host.shadowRoot) adoptStyles(host.shadowRoot, [...elementStyles, panelStyles, messageStyles]);
    this.#connect();
  }

  hostUpdate(): void {
    this.#connect();
  }

  hostUpdated(): void {
    const last = this.#conversation.entries.at(-1)?.id;
    if (last === this.#lastRendered) return;
    this.#lastRendered = last;
    const log = this.#host.renderRoot.querySelector<HTMLElement>('[part~="log"]');
    log?.scrollTo({ top: log.scrollHeight });
  }

  /** (Re)creates the conversation when the endpoint, business or storage mode changes. */
  #connect(): void {
    const { endpoint, businessId, persist } = this.#host;
    const key = `${endpoint}\n${businessId}\n${persist}`;
    if (key === this.#key) return;
    this.#conversation?.dispose();
    this.#key = key;
    this.#store = createChatStore({ mode: persist, endpoint, businessId: businessId ?? 0 });
    this.#conversation = new Conversation(
      (body, signal) => this.#post(body, signal),
      {
        onChange: () => this.#host.requestUpdate(),
        onMessage: (entry) => this.#announce(entry),
        onError: (error, entry) => this.#host.dispatchEvent(new HaptikErrorEvent(error, entry.text)),
      },
      this.#store,
    );
  }

  #post(body: string, signal: AbortSignal) {
    const { endpoint, businessId, authId, authToken, fetch } = this.#host;
    if (businessId === undefined || !Number.isInteger(businessId)) {
      return Promise.reject(
        new ChatError('http', this.#host.text.missingBusinessId, 400, 'missing_business_id'),
      );
    }
    return postMessage({
      endpoint,
      signal,
      authToken,
      fetch,
      body: {
        user: { auth_id: authId || this.#store.anonymousId() },
        message_body: body,
        message_type: 0,
        business_id: businessId,
      },
    });
  }

  #announce(entry: BotEntry): void {
    this.#host.dispatchEvent(new HaptikMessageEvent(entry.message));
    if (entry.message.kind === 'native-action') {
      this.#host.dispatchEvent(new HaptikNativeActionEvent(entry.message.action));
    }
  }

  /** Queues a user message, unless a `haptik-send` listener cancels it. */
  submit(text: string, body: string = text): boolean {
    const trimmed = text.trim();
    if (!trimmed) return false;
    if (!this.#host.dispatchEvent(new HaptikSendEvent(trimmed, body.trim() || trimmed))) return false;
    this.#conversation.submit(trimmed, body.trim() || trimmed);
    return true;
  }

  clear(): void {
    this.#conversation.clear();
  }

  dispose(): void {
    this.#conversation.dispose();
  }

  focusInput(): void {
    this.#host.renderRoot.querySelector<HTMLInputElement>('[part~="input"]')?.focus();
  }

  // Lit calls listeners with the host as `this`, so the panel's listeners are arrow functions.
  readonly #onSubmit = (event: SubmitEvent): void => {
    event.preventDefault();
    const input = (event.currentTarget as HTMLFormElement).elements.namedItem('message') as HTMLInputElement;
    if (this.submit(input.value)) input.value = '';
  };

  readonly #onInput = (event: InputEvent): void => {
    if ((event.currentTarget as HTMLInputElement).value) this.#conversation.dismissQuickReplies();
  };

  #useQuickReply(reply: QuickReply): void {
    this.submit(reply.display, reply.send);
  }

  #renderUser(entry: UserEntry) {
    const text = this.#host.text;
    const status =
      entry.status === 'queued' ? text.queued : entry.status === 'sending' ? text.sending : undefined;
    return html`<div part="message user" class="message user" data-status=${entry.status}>
      <div part="bubble" class="bubble">${entry.text}</div>
      ${status ? html`<div class="status">${status}</div>` : nothing}
      ${
        entry.status === 'failed'
          ? html`<div part="error" class="error">
              <span>${text.failed}: ${entry.error}</span>
              <button part="retry" type="button" @click=${() => this.#conversation.retry(entry.id)}>
                ${text.retry}
              </button>
            </div>`
          : nothing
      }
    </div>`;
  }

  readonly #openWebView = (url: string, title: string): void => {
    this.#webView = { url, title };
    this.#host.requestUpdate();
  };

  readonly #closeWebView = (): void => {
    this.#webView = undefined;
    this.#host.requestUpdate();
  };

  readonly #send = (display: string, body: string): void => {
    this.submit(display, body);
  };

  #renderEntry(entry: Entry, previous: Entry | undefined) {
    return entry.role === 'user'
      ? this.#renderUser(entry)
      : renderBotMessage(entry, {
          strings: this.#host.text,
          firstInGroup: previous?.role !== 'bot',
          send: this.#send,
          openWebView: this.#openWebView,
        });
  }

  render() {
    const host = this.#host;
    const text = host.text;
    const conversation = this.#conversation;
    const quickReplies = conversation.quickReplies;
    const launcher = host.mode === 'launcher';
    return html`<section
      part="panel"
      class="panel"
      aria-label=${host.heading}
      ?hidden=${launcher && !host.open}
    >
      <header part="header" class="header">
        <h2>${host.heading}</h2>
        ${
          launcher
            ? html`<button
                class="close"
                type="button"
                aria-label=${text.closeChat}
                @click=${() => host.hide()}
              >
                <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M6 6l12 12M18 6L6 18" /></svg>
              </button>`
            : nothing
        }
      </header>
      <div part="log" class="log" role="log" aria-label=${text.conversation} tabindex="0">
        ${repeat(
          conversation.entries,
          (entry) => entry.id,
          (entry, index) => this.#renderEntry(entry, conversation.entries[index - 1]),
        )}
        ${
          quickReplies.length
            ? html`<div
                part="quick-replies"
                class="quick-replies"
                role="group"
                aria-label=${text.suggestedReplies}
              >
                ${quickReplies.map(
                  (reply) =>
                    html`<button part="quick-reply" type="button" @click=${() => this.#useQuickReply(reply)}>
                      ${reply.label}
                    </button>`,
                )}
              </div>`
            : nothing
        }
        ${
          conversation.pending
            ? html`<div part="typing" class="typing" role="img" aria-label=${text.typing}>
                <span></span><span></span><span></span>
              </div>`
            : nothing
        }
      </div>
      ${this.#webView ? renderWebView(this.#webView, text, this.#closeWebView) : nothing}
      <form part="composer" class="composer" @submit=${this.#onSubmit}>
        <input
          part="input"
          name="message"
          type="text"
          autocomplete="off"
          enterkeyhint="send"
          maxlength="4096"
          aria-label=${text.inputLabel}
          placeholder=${host.placeholder}
          @input=${this.#onInput}
        />
        <button part="send" type="submit" aria-label=${text.send}>
          <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M4 12l16-8-6 16-2.5-6.5z" /></svg>
        </button>
      </form>
    </section>`;
  }
}
