/**
 * The chat panel, loaded on demand: wires a Conversation to the proxy and to storage, renders the
 * header, transcript, quick replies and composer, and turns what the user does into conversation calls.
 */
import { adoptStyles, html, nothing, type LitElement, type ReactiveController } from 'lit';
import { guard } from 'lit/directives/guard.js';
import { keyed } from 'lit/directives/keyed.js';
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
  /** Ids of the entries the transcript has shown, to tell what is new. */
  #shown = new Set<string>();
  /** What a screen reader should hear now that the log does not say by itself (a failed send). */
  #announcement = '';
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
    this.#conversation.resume();
    if (navigator.onLine) this.#conversation.resendOffline();
  }

  hostDisconnected(): void {
    window.removeEventListener('online', this.#onOnline);
    window.visualViewport?.removeEventListener('resize', this.#onViewportResize);
    // Moving the element (re-parenting, a portal) disconnects and reconnects it in one go: only
    // an element that stays removed gives up what is in flight.
    queueMicrotask(() => {
      if (!this.#host.isConnected) this.#conversation.dispose();
    });
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
    const { entries } = this.#conversation;
    if (entries.length === this.#shown.size && entries.every((entry) => this.#shown.has(entry.id))) return;
    const arrived = entries.filter((entry) => !this.#shown.has(entry.id));
    this.#shown = new Set(entries.map((entry) => entry.id));
    if (!arrived.length) return;
    // Follow new messages only when the reader is already at the end (or just sent one);
    // otherwise leave their place alone and offer a way down.
    if (arrived.some((entry) => entry.role === 'user') || isNearBottom(this.#log)) this.#scrollToEnd = true;
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

  /** (Re)creates the conversation when the endpoint, business, user or storage mode changes. */
  #connect(): void {
    const { endpoint, businessId, authId, persist } = this.#host;
    const key = `${endpoint}\n${businessId}\n${authId}\n${persist}`;
    if (key === this.#key) return;
    this.#conversation?.dispose();
    if (persist === 'none') this.#store?.forget();
    this.#key = key;
    this.#shown = new Set();
    this.#store = createChatStore({
      // Nothing is stored until the widget knows which business it talks to.
      mode: businessId === undefined ? 'none' : persist,
      endpoint,
      businessId: businessId ?? 0,
      userId: authId || undefined,
    });
    this.#conversation = new Conversation(
      (body, signal) => this.#post(body, signal),
      {
        onChange: () => this.#host.requestUpdate(),
        onMessage: (entry) => this.#arrived(entry),
        onError: (error, entry) => {
          this.#announcement = `${this.#host.text.failed}: ${entry.text}`;
          this.#host.dispatchEvent(new HaptikErrorEvent(error, entry.text));
        },
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
    const drawn = message.kind !== 'silent' && message.kind !== 'native-action';
    if (this.#host.mode === 'launcher' && !this.#host.open && drawn) {
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
    this.focusInput();
  };

  /** The control the user used goes away (a quick reply) or changes (retry): keep focus in the chat. */
  #useQuickReply(reply: QuickReply): void {
    this.submit(reply.display, reply.send);
    this.focusInput();
  }

  #retry(id: string): void {
    this.#conversation.retry(id);
    this.focusInput();
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
      <div part="bubble" class="bubble" dir="auto">${entry.text}</div>
      <div class="status" part=${entry.status === 'failed' ? 'error' : 'status'}>
        <span class="status-text">${status}</span>
        ${
          entry.status === 'failed'
            ? html`<button part="retry" type="button" @click=${() => this.#retry(entry.id)}>
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
      ${keyed(
        this.#key,
        // A new conversation (another business, user or endpoint) gets a new log: a live region
        // that starts with its history in it, which a screen reader does not read out.
        html`<div
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
              const user = entry.role === 'user' ? entry : undefined;
              const offers = index === entries.length - 1 && quickReplies.length > 0;
              const shown = [entry, user?.status, user?.error, user?.offline, previous?.role, text, offers];
              return guard(shown, () => this.#renderEntry(entry, previous, offers));
            },
          )}
        </div>`,
      )}
      <div class="sr-only" role="status">${this.#announcement}</div>
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
