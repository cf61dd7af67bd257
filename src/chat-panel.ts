/**
 * The chat panel, loaded on demand: wires a Conversation to the proxy (client.ts) and to storage, turns
 * what the user does into conversation calls and what happens into the element's events, and lays out the
 * templates of render/. Scrolling is the ScrollFollower's job; each message is drawn by its own template.
 */
import { html, nothing, render, type RootPart, type TemplateResult } from 'lit/html.js';
import type { ReactiveController } from 'lit';
import { guard } from 'lit/directives/guard.js';
import { repeat } from 'lit/directives/repeat.js';
import { BLOCK, panelStyles } from './chat-panel.styles.js';
import type { AgentStream, AgentStreamOptions } from './agent-stream.js';
import { sendMessage, type ChatTarget } from './client.js';
import { Conversation, type BotEntry, type Entry, type Rating } from './conversation.js';
import {
  HaptikErrorEvent,
  HaptikFeedbackEvent,
  HaptikMessageEvent,
  HaptikNativeActionEvent,
  HaptikSendEvent,
} from './events.js';
import { parseReply, type Agent, type QuickReply } from './hsl.js';
import type { PanelHost } from './panel-host.js';
import type { Extras, ExtrasHost } from './panel-extras.js';
import {
  createChatStore,
  hasStoredConversation,
  writeDue,
  type ChatStore,
  type StoreOptions,
} from './persistence.js';
import { renderComposer } from './render/composer.js';
import { renderHeader } from './render/header.js';
import type { RenderContext } from './render/context.js';
import { COMPLETION_EVENTS, renderBotMessage } from './render/message.js';
import { messageStyles } from './render/message.styles.js';
import { renderQuickReplies } from './render/quick-replies.js';
import { TimeLine } from './render/time.js';
import { failureText, renderUserMessage } from './render/user-message.js';
import { restoreFocus } from './render/opener.js';
import type { WebViewState } from './render/webview.js';
import { english } from './english.js';
import { onPanelFocusin, onPanelKeydown, rove } from './panel-keys.js';
import { Pacer } from './pacer.js';
import { ScrollFollower, blocksOf } from './scroll-follower.js';
import { isRecord } from './wire.js';

type CustomRendering = typeof import('./render/custom.js');
type WebViewRendering = typeof import('./render/webview.js');
type CarouselRendering = typeof import('./render/carousel.js');

/** The HSL type of a bot message as it arrived, trimmed and upper-cased (`''` when it had none). */
function typeOf(entry: BotEntry): string {
  const body = entry.source.body;
  const type = isRecord(body) ? body['type'] : undefined;
  return typeof type === 'string' ? type.trim().toUpperCase() : '';
}

/**
 * Blocks drawn while the reader follows the end (500 messages, more than a reload keeps): a longer
 * transcript draws its earlier blocks when the reader scrolls up to them or asks for them, {@link EARLIER}
 * at a time.
 */
const WINDOW = 10;
const EARLIER = 4;
/** How close to the top (px) the reader must scroll for earlier messages to be drawn. */
const NEAR_TOP = 200;

/** Whether a human agent holds the conversation: the last pinned or completed line says so. */
function agentHolds(entries: readonly Entry[]): boolean {
  for (let i = entries.length - 1; i >= 0; i -= 1) {
    const entry = entries[i]!;
    if (entry.role !== 'bot' || entry.message.kind !== 'system') continue;
    if (entry.message.event === 'chat_pinned') return true;
    if (COMPLETION_EVENTS.has(entry.message.event)) return false;
  }
  return false;
}

/**
 * Whether a bot message starts a run (its sender's name and picture go above it): after the user, after
 * an event line, or when someone else answers (the bot hands over to a human agent).
 */
function startsRun(entry: Entry, previous: Entry | undefined): boolean {
  if (entry.role !== 'bot' || previous?.role !== 'bot') return true;
  return previous.message.kind === 'system' || previous.agent?.name !== entry.agent?.name;
}

/** The agent of the most recent bot message that named one; none once a conversation was completed. */
function latestAgent(entries: readonly Entry[]): Agent | undefined {
  for (let i = entries.length - 1; i >= 0; i -= 1) {
    const entry = entries[i];
    if (entry?.role !== 'bot') continue;
    if (entry.message.kind === 'system' && COMPLETION_EVENTS.has(entry.message.event)) return undefined;
    if (entry.agent) return entry.agent;
  }
  return undefined;
}

/**
 * Hosts whose kept conversation {@link ChatPanel.pickUpKept} looks for, with the check that looks; a host
 * whose panel is made maps to nothing (no check, and none added later).
 */
const picking = new WeakMap<PanelHost, ReactiveController | undefined>();

/** Where the host's conversation is kept: nothing is stored until it knows which business it talks to. */
const storeOptions = ({ endpoint, businessId, authId, persist }: PanelHost): StoreOptions => ({
  mode: businessId === undefined ? 'none' : persist,
  endpoint,
  businessId: businessId ?? 0,
  userId: authId || undefined,
});

/** Which conversation the host shows: a new one whenever its endpoint, business, user or storage changes. */
const conversationKey = ({ endpoint, businessId, authId, persist }: PanelHost): string =>
  JSON.stringify([endpoint, businessId, authId, persist]);

export class ChatPanel implements ReactiveController {
  /** What the panel adds to the element's styles when it loads. */
  static readonly styles = [panelStyles, messageStyles];
  /** The English UI text, which comes with the panel (other languages are chunks of their own). */
  static readonly english = english;

  /**
   * Calls `make` (which makes the panel) as soon as this widget has a conversation kept by an earlier
   * visit or another tab: now, or when the page later sets the endpoint, business, user or storage mode
   * that has one. So a new visitor's launcher makes no hidden panel, yet a kept conversation is picked
   * up before the launcher is touched (an agent may be writing to it; their messages count on it). A
   * conversation another tab starts later is read from storage when this tab's panel is made.
   */
  static pickUpKept(host: PanelHost, make: () => void): void {
    if (picking.has(host)) return; // connected again (the first check still looks), or a panel is made
    let looked = '';
    const check: ReactiveController = {
      hostConnected: () => check.hostUpdate!(),
      hostUpdate() {
        if (!host.isConnected) return;
        const where = conversationKey(host);
        if (where === looked) return;
        looked = where;
        if (!hasStoredConversation(storeOptions(host))) return;
        // Not while the element updates (making the panel asks for an update of its own), and only if
        // it is still on the page then; removed meanwhile, it looks again when it is back.
        queueMicrotask(() => {
          if (!host.isConnected) {
            looked = '';
            return;
          }
          make();
        });
      },
    };
    picking.set(host, check);
    // A connected host is looked at now (hostConnected), one not on the page yet once it is.
    host.addController(check);
  }

  readonly #host: PanelHost;
  readonly #scroll: ScrollFollower;
  #conversation!: Conversation;
  #store!: ChatStore;
  /** The agents' event stream: its code loads with the first activity that wants it. */
  #agents?: { stream?: AgentStream; closed: boolean; options: AgentStreamOptions };
  #key = '';
  #webView?: WebViewState;
  /** render/webview.js, loaded the first time a page is opened in the web view. */
  #webViewModule?: WebViewRendering;
  /** render/carousel.js, loaded with the first carousel to show. */
  #carousel?: CarouselRendering;
  #carouselLoading = false;
  /** The ids of the entries the conversation had when it was picked up (restored): its history. */
  #history = new Set<string>();
  /** Restored history waits (from its first carousel on) for the carousel's code: see #renderLog. */
  #historyHeld = false;
  /** The carousel chunk failed to load: its messages show as text rather than wait. */
  #carouselFailed = false;
  /**
   * Entries last looked through that hold no carousel (those before the first one): the next look starts
   * where the shown entries stop being these, so a conversation that never shows a carousel is not looked
   * through whole on every update. Let go once the carousel's code is here (or failed).
   */
  #noCarousel: readonly Entry[] = [];
  /** What a screen reader should hear now that the log does not say by itself (a failed send). */
  #announcement = '';
  #wasVisible = false;
  /** render/custom.js, loaded once the page sets `renderers`: sites without any never load it. */
  #custom?: CustomRendering;
  #customLoading = false;
  readonly #timeLine = new TimeLine();
  /**
   * Each block as last drawn, with what it was drawn from (per entry: the entry, its offer of quick
   * replies, its day line and time), and what every block depends on.
   */
  #blocks: { from: unknown[]; settled: boolean; view: TemplateResult }[] = [];
  #blocksFrom: unknown[] = [];
  /** Stops listening for other tabs' changes to the conversation. */
  #unwatch?: (() => void) | undefined;
  /** Whether this conversation's start message was considered (sent, or not needed). */
  #started = false;
  /** The menu, the new-conversation question and the rating form, loaded when first wanted. */
  #extras?: Promise<Extras>;
  #extrasReady?: Extras;
  /** The message on its way, and whether it has taken long enough to say the bot is still working. */
  #waitingFor?: string;
  #slowTimer?: ReturnType<typeof setTimeout>;
  #slow = false;
  /** The bot itself, as the page names it (`bot-name`, `bot-avatar`): kept while they do not change. */
  #bot: Agent = { name: '' };
  /**
   * Whether the user's latest action was a tap (touch or pen): then focus never moves to the text box by
   * itself, which would raise the on-screen keyboard. Before any, whether the device's pointer is a finger.
   */
  #tapped?: boolean;
  readonly #pacer = new Pacer(() => this.#host.requestUpdate());
  /** The entries shown: all but those of a reply still being paced. */
  #shown: readonly Entry[] = [];
  /** The first block drawn (see {@link WINDOW}). */
  #first = 0;
  /**
   * The first block of the live region: those above it were drawn because the reader asked, and are not
   * news, so a screen reader must not read them out.
   */
  #live = 0;
  /** The reader asked for earlier messages: the next render draws more blocks above. */
  #earlier = false;
  /** Settled blocks of the transcript whose controls and carousels are set up. */
  #prepared = new WeakSet<Element>();
  /** The same query as the launcher's full-screen styles (haptik-chat.styles.ts). */
  readonly #fullScreen = matchMedia('(max-width: 479px), (max-height: 519px)');

  constructor(host: PanelHost) {
    this.#host = host;
    // However the panel came to be made, the look for a kept conversation is over.
    const check = picking.get(host);
    if (check) host.removeController(check);
    picking.set(host, undefined);
    this.#scroll = new ScrollFollower(host, () =>
      host.renderRoot.querySelector<HTMLElement>('[part~="log"]'),
    );
    this.#connect();
    host.addController(this);
  }

  hostConnected(): void {
    this.#part?.setConnected(true);
    this.#watch();
    if (!this.#agents || this.#agents.closed) this.#openAgentStream();
    window.addEventListener('online', this.#onOnline);
    window.addEventListener('pagehide', this.#onPagehide);
    window.addEventListener('pageshow', this.#onPageshow);
    window.visualViewport?.addEventListener('resize', this.#onViewportResize);
    this.#fullScreen.addEventListener('change', this.#onViewportResize);
    this.#host.addEventListener('keydown', this.#onKeydown as EventListener);
    this.#host.addEventListener('focusin', onPanelFocusin as EventListener);
    this.#host.addEventListener('pointerdown', this.#onPointerdown as EventListener);
    document.addEventListener('securitypolicyviolation', this.#onViolation);
    this.#onViewportResize();
    this.#conversation.back();
    if (navigator.onLine) this.#conversation.resendOffline();
  }

  hostDisconnected(): void {
    this.#part?.setConnected(false);
    window.removeEventListener('online', this.#onOnline);
    window.removeEventListener('pagehide', this.#onPagehide);
    window.removeEventListener('pageshow', this.#onPageshow);
    window.removeEventListener('message', this.#onWebViewMessage);
    window.visualViewport?.removeEventListener('resize', this.#onViewportResize);
    this.#fullScreen.removeEventListener('change', this.#onViewportResize);
    this.#host.removeEventListener('keydown', this.#onKeydown as EventListener);
    this.#host.removeEventListener('focusin', onPanelFocusin as EventListener);
    this.#host.removeEventListener('pointerdown', this.#onPointerdown as EventListener);
    document.removeEventListener('securitypolicyviolation', this.#onViolation);
    // Moving the element (re-parenting, a portal) disconnects and reconnects it in one go: only
    // an element that stays removed gives up what it was sending or still had to send (put back, it sends
    // again what had not gone out), and then stops listening to the other tabs, once they have heard of it
    // (reconnecting listens again).
    queueMicrotask(() => {
      if (this.#host.isConnected) return;
      this.#conversation.leave();
      this.#unwatch?.();
      this.#unwatch = undefined;
      this.#closeAgentStream();
    });
  }

  hostUpdate(): void {
    this.#connect();
    if (!this.#custom && Object.keys(this.#host.renderers).length) this.#loadCustom();
    if (this.#host.pace <= 0) this.#pacer.flush();
    const held = this.#historyHeld;
    let shown = this.#awaitCarousel(this.#pacer.shown(this.#conversation.entries));
    // The restored history is whole, in a new log (#renderLog): that log is drawn with the history alone,
    // none of it news, from its end; what arrived meanwhile is added a frame later, as news (a live region
    // takes what it starts with as its content, not as additions). Focus in the old log goes to the new one.
    if (held && !this.#historyHeld) {
      const news = shown.findIndex((entry) => !this.#history.has(entry.id));
      if (news >= 0) {
        shown = shown.slice(0, news);
        requestAnimationFrame(() => requestAnimationFrame(() => this.#host.requestUpdate()));
      }
      this.#scroll.reset(shown);
      const root = this.#host.renderRoot as ShadowRoot;
      if (root.querySelector('[part~="log"]')?.contains(root.activeElement))
        void this.#host.updateComplete.then(() =>
          root.querySelector<HTMLElement>('[part~="log"]')?.focus({ preventScroll: true }),
        );
    }
    this.#shown = shown;
    if (this.#visible && !this.#wasVisible) {
      this.#scroll.reset(shown);
      // Not while rendering: the send changes what is rendered.
      queueMicrotask(() => this.#startIfNew());
    }
    this.#wasVisible = this.#visible;
    // The window follows the end while the reader does, and reaches back when they ask; what stays in
    // sight keeps its place as blocks above it come or go. While they read earlier messages, it stays.
    const last = Math.max(0, Math.ceil(shown.length / BLOCK) - WINDOW);
    // (The log's blocks are those from #first on: the one that stays is counted from there.)
    if (this.#earlier) {
      this.#scroll.keepPlace(0);
      this.#first = Math.max(0, this.#first - EARLIER);
    } else if (last > this.#first && this.#scroll.followingEnd) {
      this.#scroll.keepPlace(last - this.#first);
      this.#first = this.#live = last;
    } else {
      this.#first = Math.min(this.#first, last);
      // The live part moves back only for a shorter conversation (cleared, another tab's new one), not for
      // a moment's shrinking of what is shown (a reply waiting for the carousel's code): blocks drawn again
      // then go above it, not into it, where a screen reader would read them out as news.
      const whole = Math.ceil(this.#conversation.entries.length / BLOCK) - WINDOW;
      this.#live = Math.min(this.#live, Math.max(0, whole));
    }
    this.#earlier = false;
    this.#scroll.track(shown);
    this.#watchSlowReply();
  }

  /**
   * Messages from the first carousel on wait for the carousel chunk (a moment, once), so each is first
   * drawn at its full height: where the transcript scrolls to is decided on the real layout.
   */
  #awaitCarousel(shown: readonly Entry[]): readonly Entry[] {
    let at = -1;
    if (!this.#carousel && !this.#carouselFailed) {
      const known = this.#noCarousel;
      let from = 0;
      while (from < known.length && shown[from] === known[from]) from += 1;
      for (let i = from; i < shown.length && at < 0; i += 1) {
        const entry = shown[i]!;
        if (entry.role === 'bot' && entry.message.kind === 'carousel') at = i;
      }
      this.#noCarousel = at < 0 ? shown : shown.slice(0, at);
    } else this.#noCarousel = [];
    this.#historyHeld = at >= 0 && this.#history.has(shown[at]!.id);
    if (at < 0) return shown;
    this.#loadCarousel();
    return shown.slice(0, at);
  }

  /** Whether messages of the latest reply are still to be shown. */
  get #holding(): boolean {
    return this.#pacer.holding || this.#shown.length < this.#conversation.entries.length;
  }

  /** A few seconds into a wait (a quarter of the timeout, at most 4 s), the typing line says so. */
  #watchSlowReply(): void {
    const sending = this.#conversation.sendingId;
    if (sending === this.#waitingFor) return;
    this.#waitingFor = sending;
    clearTimeout(this.#slowTimer);
    this.#slow = false;
    if (!sending) return;
    this.#slowTimer = setTimeout(
      () => {
        this.#slow = true;
        this.#announcement = this.#host.text.stillWorking;
        this.#host.requestUpdate();
      },
      Math.min(4000, this.#host.timeout / 4),
    );
  }

  /**
   * After each render, the transcript's new controls leave the tab order and its new carousels are
   * watched: in the blocks still changing, and once in each settled block (so a long transcript is not
   * searched on every update).
   */
  hostUpdated(): void {
    const log = this.#host.renderRoot.querySelector<HTMLElement>('[part~="log"]');
    for (const block of log ? blocksOf(log) : []) {
      if (this.#prepared.has(block)) continue;
      rove(block as HTMLElement);
      this.#carousel?.watchRows(block);
      if (block.hasAttribute('data-settled')) this.#prepared.add(block);
    }
  }

  #loadCustom(): void {
    if (this.#customLoading) return;
    this.#customLoading = true;
    import('./render/custom.js').then(
      (module) => {
        this.#custom = module;
        this.#host.requestUpdate();
      },
      (error: unknown) => {
        // A chunk gone after a deploy: the messages are drawn the built-in way.
        this.#custom = { renderCustom: () => undefined };
        this.#host.reportLoadError(error);
        this.#host.requestUpdate();
      },
    );
  }

  /** (Re)creates the conversation when the endpoint, business, user or storage mode changes. */
  #connect(): void {
    const key = conversationKey(this.#host);
    if (key === this.#key) return;
    this.#conversation?.leave();
    this.#closeAgentStream();
    if (this.#host.persist === 'none') this.#store?.forget();
    this.#key = key;
    this.#started = false;
    this.#store = createChatStore(storeOptions(this.#host));
    this.#conversation = new Conversation(
      (text, signal) => sendMessage(this.#target(), text, signal),
      {
        onChange: () => this.#host.requestUpdate(),
        onMessage: (entry) => this.#arrived(entry),
        onError: (error, entry) => {
          this.#announcement = `${failureText(entry, this.#host.text)} ${entry.text}`;
          this.#host.dispatchEvent(new HaptikErrorEvent(error, entry.text));
        },
      },
      this.#store,
    );
    this.#history = new Set(this.#conversation.entries.map((entry) => entry.id));
    this.#scroll.reset(this.#conversation.entries);
    if (this.#unwatch) this.#watch();
    this.#openAgentStream();
    if (this.#wasVisible) queueMicrotask(() => this.#startIfNew());
  }

  /** Who sends, to where: the element's settings and the user's id. */
  #target(): ChatTarget {
    const host = this.#host;
    return {
      endpoint: host.endpoint,
      businessId: host.businessId,
      authId: host.authId || this.#store.anonymousId(),
      authToken: host.authToken,
      timeoutMs: host.timeout,
      fetch: host.fetch,
    };
  }

  /** Follows other tabs' changes to this conversation, and tells a new tab what this one is sending. */
  #watch(): void {
    this.#unwatch?.();
    const conversation = this.#conversation;
    this.#unwatch = this.#store.watch(
      (entries, reset) => {
        if (!reset) return conversation.merge(entries);
        conversation.replace(entries);
        this.#restartAgentStream();
      },
      () => conversation.announce(),
    );
  }

  /**
   * The proxy's event stream for this conversation: human agents' messages. It opens after a send, or at
   * once when a restored conversation is held by an agent, and closes when idle (agent-stream.ts).
   */
  #openAgentStream(): void {
    const options: AgentStreamOptions = {
      target: () => {
        const target = this.#target();
        const { businessId } = target;
        return businessId !== undefined && Number.isSafeInteger(businessId)
          ? { ...target, businessId }
          : undefined;
      },
      lastEventId: () => this.#store.eventId(),
      saveLastEventId: (id) => this.#store.setEventId(id),
      onEvent: (name, data) => {
        const reply = parseReply(data);
        // A join or an ending without Haptik's own line still gets one (its words are the widget's).
        if (!reply.messages.length && name !== 'message') {
          const event = name === 'chat_pinned' ? 'chat_pinned' : 'conversation_complete';
          this.#conversation.receive(
            parseReply({
              ...data,
              message: [{ body: { text: '', type: 'SYSTEM', data: { event_name: event } } }],
            }),
          );
        } else this.#conversation.receive(reply);
      },
      onError: (error) => this.#host.dispatchEvent(new HaptikErrorEvent(error, '')),
      idleMs: this.#host.streamIdle,
    };
    this.#agents = { closed: false, options };
    if (agentHolds(this.#conversation.entries)) this.#agentActivity();
  }

  /** Something happened that an agent may answer: listen (loading the stream's code the first time). */
  #agentActivity(): void {
    const agents = this.#agents;
    if (!agents || agents.closed) return;
    if (agents.stream) {
      agents.stream.activity();
      return;
    }
    void import('./agent-stream.js').then(
      ({ AgentStream }) => {
        if (agents.closed) return;
        agents.stream ??= new AgentStream(agents.options);
        agents.stream.activity();
      },
      // Without its code there are no agent messages this page; sends still work.
      () => undefined,
    );
  }

  #closeAgentStream(): void {
    if (!this.#agents) return;
    this.#agents.closed = true;
    this.#agents.stream?.close();
  }

  /**
   * A new conversation (cleared here or in another tab) has a new anonymous id: the ended one's stream
   * must not bring its late messages into it. The new one's opens as any does.
   */
  #restartAgentStream(): void {
    this.#closeAgentStream();
    // Off the page, it opens when the element comes back (hostConnected).
    if (this.#host.isConnected) this.#openAgentStream();
  }

  get #visible(): boolean {
    return this.#host.mode === 'inline' || this.#host.open;
  }

  #arrived(entry: BotEntry): void {
    const { message } = entry;
    if (this.#visible && message.kind !== 'silent' && message.kind !== 'native-action') {
      this.#pacer.arrive(entry.id, this.#host.pace);
    }
    this.#host.dispatchEvent(new HaptikMessageEvent(message));
    if (message.kind === 'native-action')
      this.#host.dispatchEvent(new HaptikNativeActionEvent(message.action));
    if (message.kind === 'system' && COMPLETION_EVENTS.has(message.event)) {
      this.conversationComplete();
    }
  }

  /**
   * The conversation was marked complete (Haptik's `chat_complete` or `webhook_conversation_complete`,
   * in a reply or from the agent event stream): with `feedback`, the rating form is offered, without
   * taking focus from where the user is.
   */
  conversationComplete(): void {
    if (this.#host.feedback) void this.#withExtras((extras) => extras.offerRating());
  }

  /** Loads the extras once (a failed load is tried again next time), then does `use` with them. */
  async #withExtras(use: (extras: Extras) => void): Promise<void> {
    this.#extras ??= import('./panel-extras.js').then(({ Extras, extrasStyles }) => {
      this.#host.adoptStyles([extrasStyles]);
      this.#extrasReady = new Extras(this.#extrasHost);
      return this.#extrasReady;
    });
    try {
      use(await this.#extras);
    } catch {
      this.#extras = undefined;
    }
  }

  /** What the extras may see and do. */
  readonly #extrasHost: ExtrasHost = {
    host: () => this.#host,
    speaker: (agent) => this.#shownAgent(agent)?.name,
    entries: () => this.#conversation.entries,
    target: () => this.#target(),
    newConversation: () => {
      this.clear();
      this.focusInput();
    },
    focusInput: () => this.focusInput(),
    announce: (text) => {
      this.#announcement = text;
      this.#host.requestUpdate();
    },
  };

  /** The menu button: a click (Enter, Space) toggles the menu; ArrowDown and ArrowUp open it. */
  readonly #menuButton = (event: MouseEvent | KeyboardEvent): void => {
    const key = event instanceof KeyboardEvent ? event.key : '';
    if (key && key !== 'ArrowDown' && key !== 'ArrowUp') return;
    event.preventDefault();
    void this.#withExtras((extras) => extras.toggleMenu(key === 'ArrowUp', !!key));
  };

  /** Queues a user message, unless a `haptik-send` listener cancels it. `hidden`: without a bubble. */
  submit(text: string, body: string = text, hidden = false): boolean {
    const trimmed = text.trim();
    if (!trimmed) return false;
    const messageBody = body.trim() || trimmed;
    if (!this.#host.dispatchEvent(new HaptikSendEvent(trimmed, messageBody))) return false;
    this.#pacer.flush();
    this.#conversation.submit(trimmed, messageBody, hidden);
    this.#agentActivity();
    return true;
  }

  /** `launch()`: a new conversation gets its start message first, then `text`. */
  launch(text: string, hidden: boolean): void {
    this.#startIfNew();
    this.submit(text, text, hidden);
  }

  /** Sends the start message, once, when the conversation is new (nothing stored, nothing from other tabs). */
  #startIfNew(): void {
    const text = this.#host.startMessage;
    if (this.#started || !text) return;
    this.#started = true;
    if (!this.#conversation.entries.length) this.submit(text, text, true);
  }

  clear(): void {
    this.#pacer.flush();
    this.#conversation.clear();
    this.#restartAgentStream();
    this.#scroll.reset();
    this.#started = false;
    if (this.#host.mode === 'inline' || this.#host.open) this.#startIfNew();
  }

  /** Whether the panel covers the page (a launcher panel on a small screen): then it is modal. */
  get modal(): boolean {
    return this.#host.mode === 'launcher' && this.#fullScreen.matches;
  }

  /**
   * Moves focus into the chat, to the input; after a tap, only to the transcript, and only when the panel
   * just opened or focus was lost (a touch keyboard would cover the answer the person asked for).
   */
  focusInput(opening = false): void {
    const root = this.#host.renderRoot as ShadowRoot;
    const tapped = this.#tapped ?? matchMedia('(pointer: coarse)').matches;
    if (tapped && !opening && root.activeElement) return;
    root
      .querySelector<HTMLElement>(tapped ? '[part~="log"]' : '[part~="input"]')
      ?.focus({ preventScroll: true });
  }

  // Lit calls listeners with the host as `this`, so the panel's listeners are arrow functions.
  readonly #onOnline = (): void => this.#conversation.resendOffline();

  /** The page is going away: what this tab was to send fails here and, written now, in the other tabs. */
  readonly #onPagehide = (): void => {
    this.#conversation.leave();
    writeDue();
  };

  /**
   * Back from the back-forward cache, where the other tabs' messages may not have reached it: what they
   * wrote meanwhile is read again, they are asked again (#watch), and what had not gone out goes (back()).
   */
  readonly #onPageshow = (event: PageTransitionEvent): void => {
    if (!event.persisted) return;
    this.#watch();
    this.#conversation.back();
  };

  readonly #onPointerdown = (event: PointerEvent): void => {
    this.#tapped = /touch|pen/.test(event.pointerType);
  };

  readonly #onKeydown = (event: KeyboardEvent): void => {
    this.#tapped = false;
    const panel = this.#host.renderRoot.querySelector<HTMLElement>('[part~="panel"]');
    if (panel) onPanelKeydown(event, panel, this.modal);
  };

  /** Keeps the full-screen (phone) panel above the on-screen keyboard. */
  readonly #onViewportResize = (): void => {
    const viewport = window.visualViewport;
    if (viewport) this.#host.style.setProperty('--_viewport-height', `${Math.round(viewport.height)}px`);
    this.#host.requestUpdate();
  };

  readonly #composer = {
    submit: (text: string): boolean => this.submit(text),
    input: (value: string): void => {
      if (value) this.#conversation.dismissQuickReplies();
    },
  };

  readonly #openWebView = (url: string, title: string, height?: number): void => {
    this.#webView = { url, title, height };
    window.addEventListener('message', this.#onWebViewMessage);
    const arrived = () =>
      // Once drawn: focus its back button, and keep the latest messages in sight in the log it shortened.
      void this.#host.updateComplete.then(() => {
        const root = this.#host.renderRoot;
        root.querySelector<HTMLElement>('.webview-close')?.focus();
        const log = root.querySelector('[part~="log"]');
        log?.scrollTo({ top: log.scrollHeight });
      });
    if (this.#webViewModule) {
      this.#host.requestUpdate();
      arrived();
      return;
    }
    import('./render/webview.js').then(
      (module) => {
        this.#host.adoptStyles([module.webViewStyles]);
        this.#webViewModule = module;
        this.#host.requestUpdate();
        arrived();
      },
      (error: unknown) => {
        // A chunk gone after a deploy: the page opens in a new tab instead.
        this.#closeWebView();
        window.open(url, '_blank', 'noopener,noreferrer');
        this.#host.reportLoadError(error);
      },
    );
  };

  /** The page's CSP refused to frame the web view's page: it shows its fallback instead. */
  readonly #onViolation = (event: SecurityPolicyViolationEvent): void => {
    const view = this.#webView;
    if (!view || !this.#webViewModule?.refusesFrame(event, view)) return;
    this.#webView = { ...view, blocked: true };
    this.#host.requestUpdate();
  };

  #loadCarousel(): void {
    if (this.#carouselLoading) return;
    this.#carouselLoading = true;
    import('./render/carousel.js').then(
      (module) => {
        this.#host.adoptStyles([module.carouselStyles]);
        this.#carousel = module;
        this.#host.requestUpdate();
      },
      (error: unknown) => {
        // A chunk gone after a deploy: the cards' message shows its text.
        this.#carouselFailed = true;
        this.#host.reportLoadError(error);
        this.#host.requestUpdate();
      },
    );
  }

  readonly #closeWebView = (): void => {
    this.#webView = undefined;
    window.removeEventListener('message', this.#onWebViewMessage);
    this.#host.requestUpdate();
  };

  /** A Haptik web view closes itself by posting to its parent; only the open web view's own window may. */
  readonly #onWebViewMessage = (event: MessageEvent): void => {
    const root = this.#host.renderRoot;
    const frame = root.querySelector<HTMLIFrameElement>('[part~="webview"] iframe');
    const closeRequest = this.#webViewModule?.closeRequest;
    const request =
      frame && closeRequest && event.source === frame.contentWindow ? closeRequest(event.data) : undefined;
    if (!request) return;
    this.#closeWebView();
    if (request.message) this.#send(request.message, request.message);
    else restoreFocus(root);
  };

  /** A button or a quick reply answered for the user: keep focus in the chat (the control may be gone). */
  readonly #send = (display: string, body: string): void => {
    this.submit(display, body);
    this.focusInput();
  };

  readonly #useQuickReply = (reply: QuickReply): void => this.#send(reply.display, reply.send);

  readonly #retry = (id: string): void => {
    this.#conversation.retry(id);
    this.focusInput();
  };

  /** A thumbs up or down: recorded (and shared with other tabs), announced, and told to the page. */
  #rate(entry: BotEntry, rating: Rating): void {
    if (!this.#conversation.rate(entry.id, rating)) return;
    this.#announcement = this.#host.text.thanks;
    this.#host.dispatchEvent(new HaptikFeedbackEvent(entry.message.id ?? entry.id, rating));
  }

  /** The bot as the page names it; the same object until `bot-name`, `bot-avatar` or `heading` change. */
  #botAgent(): Agent {
    const { botName, botAvatar } = this.#host;
    const name = botName || this.#host.heading || this.#host.text.heading;
    if (this.#bot.name !== name || this.#bot.avatar !== botAvatar) {
      this.#bot = botAvatar ? { name, avatar: botAvatar, own: true } : { name };
    }
    return this.#bot;
  }

  /** Haptik's engine signs its automated replies "gogo": they are shown as the bot itself. */
  #shownAgent(agent: Agent | undefined): Agent | undefined {
    return agent?.automated && agent.name.toLowerCase() === 'gogo' ? this.#botAgent() : agent;
  }

  #renderEntry(entry: Entry, firstInGroup: boolean, offers: boolean, time?: TemplateResult) {
    const strings = this.#host.text;
    if (entry.role === 'user') return renderUserMessage(entry, strings, this.#retry, time);
    const context: RenderContext = {
      strings,
      images: this.#host.sameOriginImages ? 'own-image' : 'image',
      firstInGroup,
      agent: this.#shownAgent(entry.agent),
      offersQuickReplies: offers,
      send: this.#send,
      openWebView: this.#openWebView,
      time,
      rate: this.#host.feedback ? (rating) => this.#rate(entry, rating) : undefined,
    };
    // (A carousel is drawn only once its chunk is here or failed: #awaitCarousel.)
    if (this.#carousel) context.carousel = this.#carousel.renderCarousel;
    const { renderers } = this.#host;
    const type = typeOf(entry);
    const renderer = Object.hasOwn(renderers, type) ? renderers[type] : undefined;
    if (!renderer) return renderBotMessage(entry, context);
    // Until the page's renderer can run, its message waits (rather than flash the built-in drawing).
    if (!this.#custom) return nothing;
    return this.#custom.renderCustom(entry, type, renderer, context) ?? renderBotMessage(entry, context);
  }

  /**
   * The transcript, in blocks of {@link BLOCK} messages, from the first one drawn ({@link WINDOW}): the log
   * holds at most a few hundred messages, not thousands, and a settled block (all but the last two) skips
   * rendering while off screen (`content-visibility: auto`, still found by search-in-page and read by screen
   * readers): appending costs the same however long the transcript is. Entries are replaced, never changed,
   * so a block (and a message in it) is redrawn only when one of its entries, its offer of quick replies or
   * the strings changed.
   */
  #renderLog() {
    const conversation = this.#conversation;
    const entries = this.#shown;
    const strings = this.#host.text;
    const { feedback, sameOriginImages: images, renderers } = this.#host;
    const { days, times } = this.#timeLine.marks(entries);
    const custom = this.#custom;
    const carousel = this.#carousel;
    const bot = this.#botAgent();
    const offering = new Set(
      conversation.quickRepliesOffered ? conversation.latestTurn.map((e) => e.id) : [],
    );
    const blocks = Array.from({ length: Math.ceil(entries.length / BLOCK) }, (_, i) => i);
    const shared = [strings, images, feedback, renderers, custom, carousel, bot];
    if (shared.some((value, i) => value !== this.#blocksFrom[i])) {
      this.#blocks = [];
      this.#prepared = new WeakSet();
    }
    this.#blocksFrom = shared;
    this.#blocks.length = Math.min(this.#blocks.length, blocks.length);
    // Whether a block's entries, offers and time marks are those it was drawn from: compared in place,
    // so a long transcript's unchanged blocks cost a few comparisons each and allocate nothing.
    const unchanged = (from: unknown[], start: number, end: number) => {
      if (from.length !== (end - start) * 4 + 1 || from[0] !== entries[start - 1]) return false;
      for (let i = start, k = 1; i < end; i += 1, k += 4) {
        const entry = entries[i]!;
        if (from[k] !== entry || from[k + 1] !== offering.has(entry.id)) return false;
        if (from[k + 2] !== days[i] || from[k + 3] !== times[i]) return false;
      }
      return true;
    };
    const renderBlock = (index: number) => {
      const start = index * BLOCK;
      const end = Math.min(start + BLOCK, entries.length);
      // All but the last two blocks are settled: a block that settles keeps its messages as drawn.
      const settled = index < blocks.length - 2;
      const cached = this.#blocks[index];
      const same = cached && unchanged(cached.from, start, end);
      if (same && cached.settled === settled) return cached.view;
      // A settled block drawn again (a retried message moved out of it) may have new controls: prepare again.
      if (cached?.settled && !same) this.#prepared = new WeakSet();
      const from: unknown[] = same ? cached.from : [entries[start - 1]];
      for (let i = start; !same && i < end; i += 1) {
        from.push(entries[i], offering.has(entries[i]!.id), days[i], times[i]);
      }
      const view = html`<div class="block" ?data-settled=${settled}>
        ${guard([from], () =>
          repeat(
            entries.slice(start, end),
            (entry) => entry.id,
            (entry, i) => {
              const at = start + i;
              const first = startsRun(entry, entries[at - 1]);
              const offers = offering.has(entry.id);
              const [day, time] = [days[at], times[at]];
              return html`${day ? html`<h3 part="day" class="day">${day}</h3>` : nothing}${guard(
                [entry, first, offers, time, ...shared],
                () => this.#renderEntry(entry, first, offers, time),
              )}`;
            },
          ),
        )}
      </div>`;
      this.#blocks[index] = { from, settled, view };
      return view;
    };
    // A new conversation (another business, user or endpoint) gets a new log: a live region that starts
    // with its history in it, which a screen reader does not read out. (A list of one, keyed by the
    // conversation: `keyed` would do the same, at the price of one more module in the panel's code.)
    // The log itself is not live: its live part holds the blocks that follow the end, and earlier blocks
    // drawn on demand go above that part, so they are not read out as if they had just arrived.
    // Restored history that waits for the carousel's code has a log of its own until it is whole, so the
    // rest of the history comes in a new log too, not as additions read out.
    const drawn = (from: number, to?: number) =>
      repeat(blocks.slice(from, to), (index) => index, renderBlock);
    return repeat(
      [this.#historyHeld ? `${this.#key} held` : this.#key],
      (key) => key,
      () =>
        html`<div
          part="log"
          class="log"
          role="log"
          aria-live="off"
          aria-label=${strings.conversation}
          tabindex="0"
          @scroll=${this.#onLogScroll}
        >
          ${
            this.#first
              ? html`<button
                  part="earlier"
                  class="earlier"
                  type="button"
                  tabindex="-1"
                  @click=${this.#showEarlier}
                >
                  ${strings.earlierMessages}
                </button>`
              : nothing
          }${drawn(this.#first, this.#live)}
          <div class="live" aria-live="polite" aria-relevant="additions">${drawn(this.#live)}</div>
        </div>`,
    );
  }

  readonly #onLogScroll = (event: Event): void => {
    this.#scroll.onScroll();
    if (this.#first && (event.currentTarget as HTMLElement).scrollTop < NEAR_TOP) this.#showEarlier();
  };

  /** Draws {@link EARLIER} more blocks above the first one drawn; the reader stays where they are. */
  readonly #showEarlier = (): void => {
    // Not while the log is about to be taken to its end (a scroll on the way there passes the top).
    if (!this.#first || !this.#scroll.readEarlier()) return;
    this.#earlier = true;
    this.#host.requestUpdate();
  };

  /** The typing dots, while a reply is awaited or still being paced out. */
  #renderTyping() {
    if (!this.#conversation.pending && !this.#holding) return nothing;
    return html`<div part="typing" class="typing" role="img" aria-label=${this.#host.text.typing}>
      <span></span><span></span
      ><span></span>${this.#slow ? html`<p>${this.#host.text.stillWorking}</p>` : nothing}
    </div>`;
  }

  /** Where the panel is drawn (the element's frame): Lit's part, told when the element leaves the page. */
  #part?: RootPart;

  /** Draws the panel into the element's frame (the element itself is drawn without Lit). */
  draw(frame: HTMLElement): void {
    this.#part = render(this.render(), frame, { host: this.#host, isConnected: this.#host.isConnected });
  }

  render() {
    const host = this.#host;
    const strings = host.text;
    const conversation = this.#conversation;
    return html`${renderHeader({
        heading: host.heading || strings.heading,
        agent: this.#shownAgent(latestAgent(conversation.entries)),
        strings,
        images: host.sameOriginImages ? 'own-image' : 'image',
        close: host.mode === 'launcher' ? () => host.hide() : undefined,
        menu: {
          open: !!this.#extrasReady?.menuOpen,
          toggle: this.#menuButton,
          popup: this.#extrasReady?.renderMenu() ?? nothing,
        },
      })}
      ${this.#renderLog()}
      <div class="vh" role="status">${this.#announcement}</div>
      <div class="below">
        ${this.#renderTyping()}
        ${
          this.#scroll.newBelow
            ? html`<button class="new-messages" type="button" @click=${this.#scroll.showNew}>
                ${strings.newMessages} ↓
              </button>`
            : nothing
        }
        ${renderQuickReplies(this.#holding ? [] : conversation.quickReplies, strings, this.#useQuickReply)}
      </div>
      ${
        this.#webView && this.#webViewModule
          ? this.#webViewModule.renderWebView(this.#webView, strings, this.#closeWebView)
          : nothing
      }
      ${renderComposer(strings, host.placeholder || strings.placeholder, this.#composer)}
      ${this.#extrasReady?.renderSheet() ?? nothing}`;
  }
}
