import { elementStyles } from './haptik-chat.styles.js';
import type { HaptikMessageEvent } from './events.js';
import { HaptikCloseEvent, HaptikLoadErrorEvent, HaptikOpenEvent } from './launcher-events.js';
import { LANGUAGES, RTL_LANGUAGES, launcherStrings, type ChatStrings, type Language } from './strings.js';
import type { PersistMode } from './persistence.js';
import type { ChatPanel } from './chat-panel.js';
import type { PanelHost } from './panel-host.js';
import type { ChatPrompt, PromptController, PromptHost } from './prompt.js';
import type { HslRenderers } from './renderers.js';
import { make, set, setText } from './dom.js';
import { launcherIcon } from './icon.js';
import { ReactiveHost, type Declaration } from './reactive-host.js';

export type ChatMode = 'launcher' | 'inline';

type PanelModule = typeof import('./chat-panel.js');

/** Runs `task` when the browser is idle (by `timeout` ms at the latest), else in half a second (Safari). */
const whenIdle = (task: () => void, timeout?: number): unknown =>
  'requestIdleCallback' in window ? requestIdleCallback(task, { timeout }) : setTimeout(task, 500);

/** Each built-in language but English (which comes with the panel) is a chunk of its own. */
const TRANSLATIONS: Record<Exclude<Language, 'en'>, () => Promise<{ default: ChatStrings }>> = {
  hi: () => import('./locales/hi.js'),
  ar: () => import('./locales/ar.js'),
  es: () => import('./locales/es.js'),
  fr: () => import('./locales/fr.js'),
  de: () => import('./locales/de.js'),
  pt: () => import('./locales/pt.js'),
  id: () => import('./locales/id.js'),
};
export type LauncherPosition = 'bottom-right' | 'bottom-left';

/**
 * A chat with a Haptik bot, through the proxy at `endpoint`.
 *
 * In `launcher` mode only the launcher button is loaded up front, and it is drawn without Lit (a few DOM
 * calls; reactive-host.ts does what Lit's ReactiveElement would). The panel's code, with Lit, loads when the
 * browser is idle; the panel is made when it is wanted (the launcher hovered, focused or opened, `send()`),
 * or at idle when a conversation was kept from an earlier visit. The panel and a proactive prompt draw
 * themselves with Lit into the element's shadow root.
 *
 * @attr lang - The widget's language: English, Hindi (`hi`), Arabic (`ar`, right to left), Spanish (`es`),
 *   French (`fr`), German (`de`), Portuguese (`pt`) or Indonesian (`id`); else the nearest `lang` above it.
 *
 * @fires haptik-send - Before a message goes out (cancelable). `text`, `messageBody`.
 * @fires haptik-message - For every bot message that arrives. `message`.
 * @fires haptik-error - When a send fails. `error`, `text`.
 * @fires haptik-open - When the panel opens.
 * @fires haptik-close - When the panel closes.
 * @fires haptik-native-action - For a NATIVE_ACTION message. `action`.
 * @fires haptik-feedback - When the user rates a bot message (with `feedback`). `messageId`, `value` (`up` | `down`).
 * @fires haptik-load-error - When the panel's code could not be loaded (a chunk gone after a deploy, the
 *   network); opening the panel again tries again. `error`.
 *
 * @csspart launcher - The floating button that opens the panel.
 * @csspart badge - The unread count on the launcher.
 * @csspart prompt - A proactive prompt beside the closed launcher (`prompts`).
 * @csspart panel - The chat panel.
 * @csspart header - The panel's header.
 * @csspart log - The scrolling transcript.
 * @csspart earlier - "Show earlier messages", atop a transcript longer than the 500 messages drawn.
 * @csspart message - One message; also `bot` or `user`.
 * @csspart bubble - The bubble of a message.
 * @csspart quick-replies - The row of quick replies.
 * @csspart quick-reply - One quick reply.
 * @csspart typing - The typing indicator.
 * @csspart status - The line under a user message saying whether it is queued, sending or sent.
 * @csspart error - The line under a message that failed.
 * @csspart retry - The retry button of a failed message.
 * @csspart agent - The agent's name and avatar over the first of a run of bot messages.
 * @csspart avatar - The agent's picture (or initial) in that label.
 * @csspart button - A button of a BUTTON message or of a card.
 * @csspart carousel - The scrolling row of cards (a focusable region).
 * @csspart card - One card of a carousel.
 * @csspart image - An image: an image message, and each card's image.
 * @csspart card-image - A card's image (also `image`).
 * @csspart system - A SYSTEM event line.
 * @csspart webview - The in-widget web view.
 * @csspart time - When a message was sent: a `<time>` under the last message of a run.
 * @csspart day - The line naming the day ("Today", "Yesterday", a date) where the day changes.
 * @csspart rate - A thumbs up or down button under a bot message (with `feedback`).
 * @csspart menu-button - The header's menu button.
 * @csspart menu - The header's menu: new conversation, rate the conversation, download the transcript.
 * @csspart rating - The form that rates the conversation (with `feedback`).
 * @csspart composer - The form at the bottom.
 * @csspart input - The text input.
 * @csspart send - The send button.
 *
 * @cssprop [--haptik-chat-accent=#0b57d0] - Launcher, user bubbles, send button.
 * @cssprop [--haptik-chat-on-accent=#fff] - Text on the accent colour.
 * @cssprop [--haptik-chat-background=#fff] - Panel background.
 * @cssprop [--haptik-chat-color=#1f1f1f] - Text colour.
 * @cssprop [--haptik-chat-bot-bubble=#eef1f5] - Bot bubble background.
 * @cssprop [--haptik-chat-muted=#5e5e5e] - Secondary text: message states, system lines.
 * @cssprop [--haptik-chat-border=#d5d9df] - Borders of the panel, composer and cards.
 * @cssprop [--haptik-chat-error=#b3261e] - The line under a message that failed.
 * @cssprop [--haptik-chat-focus-ring=#0b57d0] - The focus outline.
 * @cssprop [--haptik-chat-badge=#b3261e] - The unread badge on the launcher.
 * @cssprop [--haptik-chat-on-badge=#fff] - Text on the unread badge.
 * @cssprop [--haptik-chat-header=the accent; #2b2c2f in dark mode] - The panel's header.
 * @cssprop [--haptik-chat-on-header=the text on the accent; #e3e3e3 in dark mode] - Text, icons and focus rings on the header.
 * @cssprop [--haptik-chat-link-color=the accent] - Links in bot messages and the web view bar.
 * @cssprop [--haptik-chat-card-background=the background] - Carousel cards.
 * @cssprop [--haptik-chat-button-radius=12px] - Corner radius of message buttons.
 * @cssprop [--haptik-chat-font=system-ui, sans-serif] - Font family.
 * @cssprop [--haptik-chat-font-size=15px] - Base font size (the input never goes below 16px, so phones do not zoom).
 * @cssprop [--haptik-chat-radius=16px] - Corner radius of the panel and bubbles.
 * @cssprop [--haptik-chat-width=380px] - Launcher panel width.
 * @cssprop [--haptik-chat-height=600px] - Launcher panel height.
 * @cssprop [--haptik-chat-z-index=2147483000] - Stacking order of the launcher and panel.
 */
export class HaptikChat extends ReactiveHost implements PanelHost, PromptHost {
  // Each property's documentation is on its field below. The manifest's analyzer reads this table as
  // Lit's; reactive-host.ts makes the accessors from it.
  static override properties: Record<string, Declaration> = {
    endpoint: {},
    businessId: { attribute: 'business-id', type: Number },
    authId: { attribute: 'auth-id' },
    authToken: { attribute: 'auth-token' },
    heading: {},
    placeholder: {},
    mode: { reflect: true },
    open: { type: Boolean, reflect: true },
    persist: {},
    timeout: { type: Number },
    position: { reflect: true },
    sameOriginImages: { attribute: 'same-origin-images', type: Boolean },
    startMessage: { attribute: 'start-message' },
    feedback: { type: Boolean },
    botName: { attribute: 'bot-name' },
    botAvatar: { attribute: 'bot-avatar' },
    pace: { type: Number },
    streamIdle: { attribute: 'stream-idle', type: Number },
    fetch: { attribute: false },
    strings: { attribute: false },
    renderers: { attribute: false },
    prompts: { attribute: false },
  };

  static {
    // @lit/react tells properties from attributes by the prototype's accessors, also in a server render.
    this.finalize();
  }

  #panel?: ChatPanel;
  /** The panel's module, once loaded at idle: the panel is then made at once when wanted. */
  #module?: PanelModule;
  /** Bot messages that arrived while the launcher panel was closed. */
  #unread = 0;
  #loading?: Promise<ChatPanel>;
  #focusWasInside = false;
  #prompt?: PromptController;
  #promptLoading = false;

  /** The proxy's URL, on the page's own origin. */
  endpoint = '/api/haptik';

  /** The Haptik business (channel) id to talk to. */
  businessId?: number;

  /** The user's id; when absent an anonymous id is made once and kept. */
  authId?: string;

  /** A signed identity token from your backend, proving `auth-id` (see the proxy's identity check). */
  authToken?: string;

  /** The title of the panel (default: "Chat" in the widget's language). */
  heading?: string;

  /** The composer's placeholder text (default: "Type a message…" in the widget's language). */
  placeholder?: string;

  /** `launcher`: a floating button that opens a panel; `inline`: fills its container. */
  mode: ChatMode = 'launcher';

  /** Whether the launcher panel is open. */
  open = false;

  /** Where the conversation is kept between page loads: `local`, `session` or `none`. */
  persist: PersistMode = 'local';

  /**
   * How long to wait for a reply, in milliseconds, before the send fails with a retry. Keep it above the
   * proxy's `UPSTREAM_TIMEOUT_MS` (15 s by default), so the proxy reports a slow bot first. The default
   * is wire.ts's `REPLY_TIMEOUT_MS` (written out: importing it would move wire.ts into the launcher).
   */
  timeout = 20_000;

  /** Which corner the launcher sits in. */
  position: LauncherPosition = 'bottom-right';

  /**
   * Allow bot images from the page's own origin (and root-relative paths). Off by default: such an image
   * is fetched with the visitor's cookies, so a bot could make the browser call the site's own URLs.
   */
  sameOriginImages = false;

  /** Sent to the bot, without a bubble, when a new conversation is first shown: the bot's reply greets. */
  startMessage?: string;

  /** Offer ratings: thumbs on bot messages (`haptik-feedback`) and a form that rates the conversation. */
  feedback = false;
  /** The bot's name over its messages (Haptik's engine calls itself "gogo"); the heading when unset. */
  botName?: string;

  /** The bot's picture (an https: URL) beside its name. */
  botAvatar?: string;

  /**
   * Milliseconds between the bubbles of a reply of several messages, so they can be read as they come;
   * `0` shows them all at once, as does a reader's wish for reduced motion.
   */
  pace = 700;

  /**
   * How long, in milliseconds, the widget keeps listening for human agents' messages after the last
   * activity (a send, an agent's message). Nothing is lost while it is not listening: messages wait at
   * the proxy and arrive when the widget next listens.
   */
  streamIdle = 5 * 60_000;

  /** The fetch used to reach the proxy: replace it to add headers or to test without a server. */
  fetch?: typeof fetch;

  /** UI text, merged over the built-in text of the widget's language (`lang`). */
  strings: Partial<ChatStrings> = {};

  /**
   * The page's own drawing of some kinds of bot message, by HSL type (`FORM`, `CAROUSEL`, …): each returns
   * a Lit template, an HTML string (sanitized, every URL checked) or `null` for the widget's own.
   */
  renderers: HslRenderers = {};

  /**
   * Invitations beside the closed launcher: the first whose `path` matches shows once the page is idle and
   * its `delayMs` has passed. Their code loads at idle, only when this is set.
   */
  prompts: ChatPrompt[] = [];

  #loadFailed = false;

  /** English: the launcher's few strings, then all of them once the panel (which carries them) loads. */
  #english: Partial<ChatStrings> = launcherStrings;
  /** The built-in languages loaded so far, each from its own chunk (locales/). */
  #translations: Partial<Record<Language, ChatStrings>> = {};
  #translating = new Set<Language>();
  /** The language the widget speaks: its `lang`, else the page's, if built in; else English. */
  #language: Language = 'en';
  #text?: ChatStrings;
  #textFrom: unknown[] = [];

  /**
   * The UI text in force: `strings` over the widget's language over English (the same object until one of
   * them changes). Complete once the panel has loaded; before that the launcher's strings are there.
   */
  get text(): ChatStrings {
    const from = [this.#english, this.#translations[this.#language], this.strings];
    if (!this.#text || from.some((part, i) => part !== this.#textFrom[i])) {
      this.#textFrom = from;
      this.#text = Object.assign({}, ...from) as ChatStrings;
    }
    return this.#text;
  }

  // `lang` is the platform's own attribute: observed here, so changing it changes the widget's language.
  static override get observedAttributes(): string[] {
    return [...super.observedAttributes, 'lang'];
  }

  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    super.attributeChangedCallback(name, old, value);
    if (name === 'lang') this.requestUpdate();
  }

  /** The built-in language for this element's `lang` (or the nearest `lang` above it), else English. */
  #languageAsked(): Language {
    const asked = (this.closest('[lang]')?.getAttribute('lang') ?? '').trim().toLowerCase().split('-')[0];
    return LANGUAGES.find((language) => language === asked) ?? 'en';
  }

  /** Loads a built-in language's chunk once; until it is there (or if it cannot load) English shows. */
  #translate(language: Language): void {
    if (language === 'en' || this.#translations[language] || this.#translating.has(language)) return;
    this.#translating.add(language);
    TRANSLATIONS[language]().then(
      (module) => {
        this.#translations = { ...this.#translations, [language]: module.default };
        this.requestUpdate();
      },
      (error: unknown) => {
        this.#translating.delete(language);
        this.reportLoadError(error);
      },
    );
  }

  constructor() {
    super();
    this.addEventListener('haptik-message', this.#countUnread);
  }

  /** The shadow root, with the launcher's styles; the panel's and others' are added as they load. */
  protected override createRenderRoot(): ShadowRoot {
    const root = this.attachShadow({ mode: 'open' });
    addStyles(root, [elementStyles]);
    return root;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.mode === 'inline' || this.open) this.#warmPanel();
    else whenIdle(() => this.#prefetchPanel(), 4000);
    this.#loadPrompt();
  }

  protected override willUpdate(changed: Map<string, unknown>): void {
    this.#language = this.#languageAsked();
    this.#translate(this.#language);
    if ((changed.has('open') && this.open) || (changed.has('mode') && this.mode === 'inline')) {
      this.#warmPanel();
    }
    // Closing hides the focused control; remember whether focus was ours to give back.
    if (changed.has('open') && !this.open) this.#focusWasInside = this.matches(':focus-within');
    if (changed.has('open') && this.open) this.#unread = 0;
  }

  protected override updated(changed: Map<string, unknown>): void {
    if (changed.has('prompts') || changed.has('mode')) this.#loadPrompt();
    // However `open` changed (show(), the attribute, a framework binding), the same things happen;
    // the value the element starts with is not a change.
    if (!changed.has('open') || changed.get('open') === undefined) return;
    if (this.open) {
      this.dispatchEvent(new HaptikOpenEvent());
      void this.#loadPanel()
        .then(async (panel) => {
          await this.updateComplete;
          if (this.open) panel.focusInput(true);
        })
        // A failed load is reported once, by the attempt itself (#loadPanel).
        .catch(() => undefined);
    } else {
      this.dispatchEvent(new HaptikCloseEvent());
      if (this.#focusWasInside) this.#launcher?.focus();
    }
  }

  /**
   * Adds a lazily loaded chunk's styles to the element's own, after whatever is adopted already (the
   * panel, its web view, carousels and extras, the prompt: in whichever order they load).
   * @internal
   */
  adoptStyles(styles: readonly string[]): void {
    // Before the element is first connected (send() on a new element) its root is made here.
    addStyles(this.renderRoot, styles);
  }

  /**
   * With `prompts` set, in launcher mode, loads the prompt's code once the page has loaded and is idle
   * (never sooner: a prompt must not compete with the page for the visitor's first seconds).
   */
  #loadPrompt(): void {
    if (this.#promptLoading || !this.prompts.length || this.mode !== 'launcher') return;
    this.#promptLoading = true;
    const load = () =>
      void import('./prompt.js').then(
        ({ PromptController }) => {
          this.adoptStyles(PromptController.styles);
          this.#prompt = new PromptController(this, { make, set, setText, icon: launcherIcon });
        },
        (error: unknown) => this.reportLoadError(error),
      );
    if (document.readyState === 'complete') whenIdle(load);
    else addEventListener('load', () => whenIdle(load), { once: true });
  }

  /**
   * Makes the panel once; a failed load (a chunk gone after a deploy) is reported (`haptik-load-error`)
   * and tried again next time. When its code is already there the panel is made at once, so a tap that
   * opens it is seen by it (no keyboard).
   */
  #loadPanel(): Promise<ChatPanel> {
    this.#setLoadFailed(false);
    if (this.#loading) return this.#loading;
    const makePanel = ({ ChatPanel }: PanelModule) => {
      this.adoptStyles(ChatPanel.styles);
      this.#english = { ...launcherStrings, ...ChatPanel.english };
      this.#panel = new ChatPanel(this);
      this.requestUpdate();
      return this.#panel;
    };
    const module = this.#module;
    return (this.#loading = (
      module
        ? new Promise<ChatPanel>((made) => made(makePanel(module)))
        : import('./chat-panel.js').then(makePanel)
    ).catch((error: unknown) => {
      this.#loading = undefined;
      this.#setLoadFailed(true);
      // Once per attempt, however many callers (hover, focus, opening, send()) waited on it.
      this.reportLoadError(error);
      throw error;
    }));
  }

  #setLoadFailed(failed: boolean): void {
    if (this.#loadFailed === failed) return;
    this.#loadFailed = failed;
    this.requestUpdate();
  }

  /**
   * Tells the page that code could not be loaded (`haptik-load-error`): the panel's chunk, or one the panel
   * loads (carousels, the web view…), which reports through here so that its chunk need not import the event.
   * @internal
   */
  reportLoadError(error: unknown): void {
    this.dispatchEvent(new HaptikLoadErrorEvent(error instanceof Error ? error : new Error(String(error))));
  }

  /** A message drawn while the launcher panel is closed counts as unread (silent ones do not). */
  readonly #countUnread = (event: HaptikMessageEvent): void => {
    const { kind } = event.message;
    if (this.mode !== 'launcher' || this.open || kind === 'silent' || kind === 'native-action') return;
    this.#unread += 1;
    this.requestUpdate();
  };

  /** Starts loading the panel ahead of need (a failure is reported by the attempt, #loadPanel). */
  readonly #warmPanel = (): void => {
    this.#loadPanel().catch(() => undefined);
  };

  /**
   * At idle, with the launcher closed, the panel's code loads so that opening is quick; the panel itself
   * is made on hover, focus or opening, so a visitor who never chats pays for no hidden panel. A
   * conversation kept by an earlier visit is picked up at once (ChatPanel.pickUpKept). A failed load is
   * reported here unless a load of the panel is under way (hover, focus, opening), which reports its own.
   */
  #prefetchPanel(): void {
    import('./chat-panel.js').then(
      (module) => {
        this.#module = module;
        module.ChatPanel.pickUpKept(this, () => this.#warmPanel());
      },
      (error: unknown) => {
        if (!this.#loading) this.reportLoadError(error);
      },
    );
  }

  readonly #onKeydown = (event: KeyboardEvent): void => {
    if (event.key === 'Escape' && this.mode === 'launcher' && this.open) {
      event.stopPropagation();
      this.hide();
    }
  };

  /** Sends `text` as the user, as if typed. Resolves once it is queued. */
  async send(text: string): Promise<void> {
    const panel = await this.#loadPanel();
    panel.submit(text);
  }

  /**
   * Opens the chat and sends `text` as the user (Haptik's `launchMessage`); with `hidden`, the bot gets
   * it but no bubble is shown. For buttons on the page ("Ask about my order").
   */
  async launch(text: string, { hidden = false }: { hidden?: boolean } = {}): Promise<void> {
    this.show();
    const panel = await this.#loadPanel();
    panel.launch(text, hidden);
  }

  /** Opens the launcher panel and moves focus to its input. */
  show(): void {
    this.open = true;
  }

  /** Closes the launcher panel; focus inside it goes back to the launcher. */
  hide(): void {
    this.open = false;
  }

  /** Opens the panel when closed, closes it when open. */
  toggle(): void {
    if (this.open) this.hide();
    else this.show();
  }

  /** Forgets the conversation and starts a new one. */
  async clear(): Promise<void> {
    const panel = await this.#loadPanel();
    panel.clear();
  }

  /** The widget's root in the shadow root: the panel's frame, the prompt, the launcher, in that order. */
  #root?: HTMLDivElement;
  /** The panel's frame, from when the panel is first shown (or, inline, at once). */
  #frame?: HTMLElement;
  /** The frame's header and line while the panel's code loads; the panel draws over them once it is made. */
  #placeholder?: { header: HTMLElement; heading: HTMLElement; close: HTMLElement; line: HTMLElement };
  #launcher?: HTMLButtonElement;

  /**
   * Draws the launcher and the panel's frame with DOM calls; the panel (once made) and the prompt draw
   * themselves inside with Lit, the code of which came with theirs.
   */
  protected override update(): void {
    const text = this.text;
    const language = this.#language;
    let root = this.#root;
    if (!root) {
      root = this.#root = this.renderRoot.appendChild(make('div', { class: 'root' }));
      root.onkeydown = this.#onKeydown;
    }
    // Attributes are written only when they change: writing one (`lang` above all) restyles what is below.
    set(root, 'lang', language);
    // The widget speaks its language: a right-to-left one turns it around, others keep the page's direction.
    set(root, 'dir', RTL_LANGUAGES.includes(language) ? 'rtl' : null);

    const panel = this.#panel;
    const inline = this.mode !== 'launcher';
    const heading = this.heading || text.heading || '';
    // The frame shows as soon as the panel opens; while its code loads it says so (or that it failed).
    if (panel || inline || this.open) {
      const frame = (this.#frame ??= root.insertBefore(
        make('section', { part: 'panel', class: 'panel' }),
        root.firstChild,
      ));
      set(frame, 'role', inline ? null : 'dialog');
      set(frame, 'aria-label', heading);
      set(frame, 'aria-modal', panel?.modal ? 'true' : null);
      set(frame, 'aria-busy', panel ? null : 'true');
      set(frame, 'hidden', !inline && !this.open ? '' : null);
      if (panel) {
        if (this.#placeholder) frame.replaceChildren();
        this.#placeholder = undefined;
        panel.draw(frame);
      } else this.#drawPlaceholder(frame, heading, inline);
    } else if (this.#frame) {
      this.#frame.remove();
      this.#frame = this.#placeholder = undefined;
    }

    const launcher = this.mode === 'launcher' ? this.#drawLauncher(root) : undefined;
    if (!launcher) this.#launcher?.remove();
    this.#prompt?.draw(root, launcher ?? null, !!launcher);
  }

  /** The frame's header (its heading, and a close button for a launcher) and the loading line. */
  #drawPlaceholder(frame: HTMLElement, heading: string, inline: boolean): void {
    const text = this.text;
    if (!this.#placeholder) {
      const close = make('button', { class: 'close', type: 'button' });
      close.append(launcherIcon('close'));
      close.onclick = () => this.hide();
      const placeholder = (this.#placeholder = {
        header: make('div', { part: 'header', class: 'header' }),
        heading: make('h2', { class: 'titles' }),
        close,
        line: make('p', { class: 'loading' }),
      });
      frame.replaceChildren(placeholder.header, placeholder.line);
    }
    const { header, heading: title, close, line } = this.#placeholder;
    if (header.childNodes.length !== (inline ? 1 : 2))
      header.replaceChildren(title, ...(inline ? [] : [close]));
    setText(title, heading);
    set(close, 'aria-label', text.closeChat);
    setText(line, this.#loadFailed ? text.loadFailed : text.loading);
  }

  /** The floating button, its icon (chat or close) and its unread badge. */
  #drawLauncher(root: HTMLElement): HTMLButtonElement {
    const text = this.text;
    const unread = this.open ? 0 : this.#unread;
    let launcher = this.#launcher;
    if (!launcher) {
      launcher = this.#launcher = make('button', { part: 'launcher', class: 'launcher', type: 'button' });
      launcher.onclick = () => this.toggle();
      launcher.onpointerenter = launcher.onfocus = this.#warmPanel;
    }
    if (launcher.parentNode !== root) root.append(launcher);
    set(
      launcher,
      'aria-label',
      this.open ? text.closeChat : unread ? `${text.openChat}, ${text.unread(unread)}` : text.openChat,
    );
    set(launcher, 'aria-expanded', String(this.open));
    const icon = this.open ? 'close' : 'chat';
    if (!launcher.firstElementChild?.classList.contains(`icon-${icon}`))
      launcher.replaceChildren(launcherIcon(icon));
    let badge = launcher.children[1];
    if (unread && !badge)
      badge = launcher.appendChild(make('span', { part: 'badge', class: 'badge', 'aria-hidden': 'true' }));
    if (unread) setText(badge!, String(unread));
    else badge?.remove();
    return launcher;
  }
}

/** Each style's sheet, made once for every element on the page. */
const sheets = new Map<string, CSSStyleSheet>();

/**
 * Adds styles to a shadow root: as constructed sheets, shared by every element on the page, which shadow
 * roots adopt in every browser the widget supports (Chrome 73, Firefox 101, Safari 16.4); else (jsdom, where
 * a page's own tests run, or an older browser) as `<style>` elements, as Lit does.
 */
function addStyles(root: ShadowRoot, styles: readonly string[]): void {
  if (!('adoptedStyleSheets' in root) || typeof CSSStyleSheet.prototype.replaceSync !== 'function') {
    for (const text of styles)
      root.append(Object.assign(document.createElement('style'), { textContent: text }));
    return;
  }
  const sheetOf = (text: string) => {
    let sheet = sheets.get(text);
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(text);
      sheets.set(text, sheet);
    }
    return sheet;
  };
  root.adoptedStyleSheets = [...root.adoptedStyleSheets, ...styles.map(sheetOf)];
}
