/**
 * The chat panel, loaded on demand: wires a Conversation to the proxy and to storage, renders the
 * header, transcript, quick replies and composer, and turns what the user does into conversation calls.
 */
import { adoptStyles, html, nothing, type LitElement, type ReactiveController } from 'lit';
import { guard } from 'lit/directives/guard.js';
import { repeat } from 'lit/directives/repeat.js';
import { ChatError, postMessage } from './client.js';
import { Conversation, type BotEntry, type Entry, type UserEntry } from './conversation.js';
import { HaptikErrorEvent, HaptikMessageEvent, HaptikNativeActionEvent, HaptikSendEvent } from './events.js';
import type { HaptikChat } from './haptik-chat.js';
import type { Agent, QuickReply } from './hsl.js';
import { createChatStore, type ChatStore } from './persistence.js';
import { panelStyles } from './chat-panel.styles.js';
import { renderBotMessage } from './render/message.js';
import { messageStyles } from './render/message.styles.js';
import { renderWebView, type WebViewState } from './render/webview.js';

/** How close to the end (px) the reader must be for new messages to scroll into view by themselves. */
const NEAR_BOTTOM = 64;

const isNearBottom = (log: HTMLElement | null): boolean =>
  !log || log.scrollHeight - log.scrollTop - log.clientHeight <= NEAR_BOTTOM;

/** The agent of the most recent bot message that named one. */
function latestAgent(entries: readonly Entry[]): Agent | undefined {
  for (let i = entries.length - 1; i >= 0; i -= 1) {
    const entry = entries[i];
    if (entry?.role === 'bot' && entry.agent) return entry.agent;
  }
  return undefined;
}

export class ChatPanel implements ReactiveController {
  readonly #host: HaptikChat;
  #conversation!: Conversation;
  #store!: ChatStore;
  #key = '';
  #webView?: WebViewState;
  /** Id of the last entry the transcript showed, to tell when something new arrives. */
  #lastShown?: string;
  #wasOpen = false;
  #scrollToEnd = true;
  #scrollFrame?: number;
  #newBelow = false;
  #unread = 0;

  constructor(host: HaptikChat) {
    this.#host = host;
    const elementStyles = (host.constructor as typeof LitElement).elementStyles;
    if (host.shadowRoot) adoptStyles(host.shadowRoot, [...elementStyles, panelStyles, messageStyles]);
    this.#connect();
    host.addController(this);
  }

  /** Bot messages that arrived while the launcher panel was closed. */
  get unread(): number {
    return this.#unread;
  }

  hostConnected(): void {
    window.addEventListener('online', this.#onOnline);
    window.visualViewport?.addEventListener('resize', this.#onViewportResize);
    this.#onViewportResize();
  }

  hostDisconnected(): void {
    window.removeEventListener('online', this.#onOnline);
    window.visualViewport?.removeEventListener('resize', this.#onViewportResize);
    this.#conversation.dispose();
  }

  hostUpdate(): void {
    this.#connect();
    const { open, mode } = this.#host;
    const visible = mode === 'inline' || open;
    if (visible && !this.#wasOpen) {
      this.#scrollToEnd = true;
      this.#unread = 0;
    }
    this.#wasOpen = visible;
    const last = this.#conversation.entries.at(-1);
    if (last?.id === this.#lastShown) return;
    this.#lastShown = last?.id;
    // Follow new messages only when the reader is already at the end (or just sent one);
    // otherwise leave their place alone and offer a way down.
    if (last?.role === 'user' || isNearBottom(this.#log)) this.#scrollToEnd = true;
    else this.#newBelow = true;
  }

  hostUpdated(): void {
    if (!this.#scrollToEnd || this.#scrollFrame !== undefined) return;
    // Scroll once per frame, just before it paints: several updates in a row cost one layout, not one each.
    this.#scrollFrame = requestAnimationFrame(() => {
      this.#scrollFrame = undefined;
      const log = this.#log;
      if (!log || log.offsetParent === null) return;
      this.#scrollToEnd = false;
      log.scrollTop = log.scrollHeight;
    });
  }

  get #log(): HTMLElement | null {
    return this.#host.renderRoot.querySelector<HTMLElement>('[part~="log"]');
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
        onMessage: (entry) => this.#arrived(entry),
        onError: (error, entry) => this.#host.dispatchEvent(new HaptikErrorEvent(error, entry.text)),
      },
      this.#store,
    );
    this.#scrollToEnd = true;
  }

  #post(body: string, signal: AbortSignal) {
    const { endpoint, businessId, authId, authToken, fetch, timeout } = this.#host;
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
      timeoutMs: timeout,
      body: {
        user: { auth_id: authId || this.#store.anonymousId() },
        message_body: body,
        message_type: 0,
        business_id: businessId,
      },
    });
  }

  #arrived(entry: BotEntry): void {
    const { message } = entry;
    if (this.#host.mode === 'launcher' && !this.#host.open && message.kind !== 'silent') {
      this.#unread += 1;
      this.#host.requestUpdate();
    }
    this.#host.dispatchEvent(new HaptikMessageEvent(message));
    if (message.kind === 'native-action')
      this.#host.dispatchEvent(new HaptikNativeActionEvent(message.action));
  }

  /** Queues a user message, unless a `haptik-send` listener cancels it. */
  submit(text: string, body: string = text): boolean {
    const trimmed = text.trim();
    if (!trimmed) return false;
    const messageBody = body.trim() || trimmed;
    if (!this.#host.dispatchEvent(new HaptikSendEvent(trimmed, messageBody))) return false;
    this.#conversation.submit(trimmed, messageBody);
    return true;
  }

  clear(): void {
    this.#conversation.clear();
    this.#newBelow = false;
    this.#unread = 0;
  }

  focusInput(): void {
    this.#host.renderRoot.querySelector<HTMLInputElement>('[part~="input"]')?.focus();
  }

  // Lit calls listeners with the host as `this`, so the panel's listeners are arrow functions.
  readonly #onOnline = (): void => this.#conversation.resendOffline();

  /** Keeps the full-screen (phone) panel above the on-screen keyboard. */
  readonly #onViewportResize = (): void => {
    const viewport = window.visualViewport;
    if (viewport) this.#host.style.setProperty('--_viewport-height', `${Math.round(viewport.height)}px`);
  };

  readonly #onSubmit = (event: SubmitEvent): void => {
    event.preventDefault();
    const input = (event.currentTarget as HTMLFormElement).elements.namedItem('message') as HTMLInputElement;
    if (this.submit(input.value)) input.value = '';
  };

  readonly #onInput = (event: InputEvent): void => {
    if ((event.currentTarget as HTMLInputElement).value) this.#conversation.dismissQuickReplies();
  };

  readonly #onScroll = (): void => {
    if (this.#newBelow && isNearBottom(this.#log)) {
      this.#newBelow = false;
      this.#host.requestUpdate();
    }
  };

  readonly #showNewMessages = (): void => {
    this.#newBelow = false;
    this.#scrollToEnd = true;
    this.#host.requestUpdate();
  };

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

  #useQuickReply(reply: QuickReply): void {
    this.submit(reply.display, reply.send);
  }

  #renderUser(entry: UserEntry) {
    const text = this.#host.text;
    // The status is always one text node whose words change, so a live log does not re-announce it.
    const status = {
      queued: text.queued,
      sending: text.sending,
      sent: text.sent,
      failed: entry.offline ? text.offline : `${text.failed}: ${entry.error ?? ''}`,
    }[entry.status];
    return html`<div part="message user" class="message user" data-status=${entry.status}>
      <div part="bubble" class="bubble">${entry.text}</div>
      <div class="status" part=${entry.status === 'failed' ? 'error' : 'status'}>
        <span class="status-text">${status}</span>
        ${
          entry.status === 'failed'
            ? html`<button part="retry" type="button" @click=${() => this.#conversation.retry(entry.id)}>
                ${text.retry}
              </button>`
            : nothing
        }
      </div>
    </div>`;
  }

  /** `last`: the entry is the latest and its quick replies are still on offer (its bubble may be tapped). */
  #renderEntry(entry: Entry, previous: Entry | undefined, last: boolean) {
    return entry.role === 'user'
      ? this.#renderUser(entry)
      : renderBotMessage(entry, {
          strings: this.#host.text,
          firstInGroup: previous?.role !== 'bot',
          offersQuickReplies: last,
          send: this.#send,
          openWebView: this.#openWebView,
        });
  }

  #renderHeader(agent: Agent | undefined) {
    const host = this.#host;
    return html`<header part="header" class="header">
      ${agent?.avatar ? html`<img class="avatar" src=${agent.avatar} alt="" width="32" height="32" />` : nothing}
      <div class="titles">
        <h2>${host.heading}</h2>
        ${agent && agent.name !== host.heading ? html`<p class="agent">${agent.name}</p>` : nothing}
      </div>
      ${
        host.mode === 'launcher'
          ? html`<button
              class="close"
              type="button"
              aria-label=${host.text.closeChat}
              @click=${() => host.hide()}
            >
              <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M6 6l12 12M18 6L6 18" /></svg>
            </button>`
          : nothing
      }
    </header>`;
  }

  render() {
    const host = this.#host;
    const text = host.text;
    const conversation = this.#conversation;
    const { entries } = conversation;
    const quickReplies = conversation.quickReplies;
    const agent = latestAgent(entries);
    return html`<section
      part="panel"
      class="panel"
      aria-label=${host.heading}
      ?hidden=${host.mode === 'launcher' && !host.open}
    >
      ${this.#renderHeader(agent)}
      <div
        part="log"
        class="log"
        role="log"
        aria-live="polite"
        aria-relevant="additions"
        aria-label=${text.conversation}
        tabindex="0"
        @scroll=${this.#onScroll}
      >
        ${repeat(
          entries,
          (entry) => entry.id,
          // A drawn message is redrawn only when something it shows changed: appending to a long
          // transcript costs one message, not the whole history.
          (entry, index) => {
            const previous = entries[index - 1];
            const status = entry.role === 'user' ? entry.status : undefined;
            const offers = index === entries.length - 1 && quickReplies.length > 0;
            return guard([entry, status, previous?.role, text, offers], () =>
              this.#renderEntry(entry, previous, offers),
            );
          },
        )}
      </div>
      <div class="below">
        ${
          this.#newBelow
            ? html`<button class="new-messages" type="button" @click=${this.#showNewMessages}>
                ${text.newMessages} ↓
              </button>`
            : nothing
        }
        ${
          conversation.pending
            ? html`<div part="typing" class="typing" role="img" aria-label=${text.typing}>
                <span></span><span></span><span></span>
              </div>`
            : nothing
        }
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
                    html`<button
                      part="quick-reply"
                      class=${reply.isDefault ? 'default' : ''}
                      type="button"
                      @click=${() => this.#useQuickReply(reply)}
                    >
                      ${reply.label}
                    </button>`,
                )}
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
