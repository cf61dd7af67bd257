/**
 * Keeps the transcript where a reader expects it: new messages scroll into view when the reader is at the
 * end (or just sent one, or just opened the panel); otherwise their place is kept and a "new messages"
 * control is offered. A reply taller than the transcript is shown from its first message (with the
 * control for the rest), never from its end. Scrolls at most once a frame, just before it paints. When
 * blocks above what the reader looks at are drawn or dropped (the log's window), it stays in place.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Entry } from './conversation.js';

/** How close to the end (px) the reader must be for new messages to scroll into view by themselves. */
const NEAR_BOTTOM = 64;

/**
 * The log's blocks, in order: those drawn on demand are its own children, the others are in its live part,
 * its last child. Found without searching the log, where a page's renderer may draw its own `.block`.
 */
export const blocksOf = (log: HTMLElement): Element[] =>
  [...log.children, ...(log.lastElementChild?.children ?? [])].filter((e) => e.classList.contains('block'));

/** The messages of the last two blocks, which are where new ones are drawn. */
const latest = (log: HTMLElement): Element[] =>
  blocksOf(log)
    .slice(-2)
    .flatMap((block) => [...block.children]);

const isNearBottom = (log: HTMLElement | null): boolean =>
  !log || log.scrollHeight - log.scrollTop - log.clientHeight <= NEAR_BOTTOM;

export class ScrollFollower implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #log: () => HTMLElement | null;
  /** Ids of the entries shown so far, to tell what is new (only ever added to, until a reset). */
  #shown = new Set<string>();
  /** How many entries the last render showed. */
  #count = 0;
  #toEnd = true;
  #frame?: number;
  #newBelow = false;
  /**
   * The bot's turn being read (everything since the user's last message): the messages drawn before it
   * arrived, then its first message.
   */
  #before?: Set<Element>;
  #replyStart?: Element | undefined;
  /** Puts what the reader looked at back where it was (keepPlace), after the render. */
  #placeKept?: (() => void) | undefined;

  constructor(host: ReactiveControllerHost, log: () => HTMLElement | null) {
    this.#host = host;
    this.#log = log;
    host.addController(this);
  }

  /** Whether messages arrived below what the reader is looking at. */
  get newBelow(): boolean {
    return this.#newBelow;
  }

  /**
   * The reader goes back to earlier messages: what arrives no longer takes them to the end by itself.
   * Refused (false) while this follower is about to take the log to its end, next frame.
   */
  readEarlier(): boolean {
    if (this.#toEnd && this.#frame !== undefined) return false;
    this.#toEnd = false;
    this.#replyStart = this.#before = undefined;
    return true;
  }

  /**
   * Blocks above the log's `nth` block (which stays) are about to be drawn or dropped: after the render it
   * is put back where it is now, and focus that was in the log and leaves with them goes to the log rather
   * than to the page.
   */
  keepPlace(nth: number): void {
    const log = this.#log();
    const stays = log && blocksOf(log)[nth];
    if (!stays) return; // (and so the log is there)
    const top = stays.getBoundingClientRect().top;
    const { activeElement } = log!.getRootNode() as ShadowRoot;
    const focused = log!.contains(activeElement) && activeElement;
    this.#placeKept = () => {
      log!.scrollTop += stays.getBoundingClientRect().top - top;
      if (focused && !focused.isConnected) log!.focus({ preventScroll: true });
    };
  }

  /** Whether the reader is at the end, or new messages are about to take them there. */
  get followingEnd(): boolean {
    return this.#toEnd || isNearBottom(this.#log());
  }

  /** A new transcript (another conversation, or the panel just became visible): start at its end. */
  reset(entries: readonly Entry[] = []): void {
    this.#shown = new Set(entries.map((entry) => entry.id));
    this.#count = entries.length;
    this.#newBelow = false;
    this.#toEnd = true;
    this.#replyStart = this.#before = undefined;
  }

  /**
   * Call before each render with the entries about to be shown. Entries are only ever added (at or near
   * the end) or moved, so the new ones are found by looking back from the end: the cost does not grow
   * with the transcript.
   */
  track(entries: readonly Entry[]): void {
    const added = entries.length - this.#count;
    this.#count = entries.length;
    if (added <= 0) return;
    const arrived: Entry[] = [];
    for (let i = entries.length - 1; i >= 0 && arrived.length < added; i -= 1) {
      const entry = entries[i]!;
      if (!this.#shown.has(entry.id)) arrived.push(entry);
    }
    for (const entry of arrived) this.#shown.add(entry.id);
    if (!arrived.length) return;
    const log = this.#log();
    if (arrived.some((entry) => entry.role === 'user')) {
      this.#replyStart = this.#before = undefined;
      this.#toEnd = true;
    } else if (this.#toEnd || isNearBottom(log)) {
      this.#toEnd = true;
      // The first message of a reply is found after it is drawn: the one not drawn before.
      if (!this.#replyStart && log) this.#before ??= new Set(latest(log));
    } else this.#newBelow = true;
  }

  hostUpdate(): void {
    // A note is for the render that follows it only (not a later one, if that render never happened).
    this.#placeKept = undefined;
  }

  hostUpdated(): void {
    this.#placeKept?.();
    if (!this.#toEnd || this.#frame !== undefined) return;
    this.#frame = requestAnimationFrame(() => {
      this.#frame = undefined;
      const log = this.#log();
      // Not if the reader went up to read meanwhile, nor while the log is hidden (it is, once shown).
      if (!this.#toEnd || !log || log.offsetParent === null) return;
      this.#toEnd = false;
      const before = this.#before;
      if (before) {
        this.#replyStart = latest(log).find((message) => !before.has(message));
        this.#before = undefined;
      }
      // Towards the end, but never past the start of the reply, and never back up.
      const end = log.scrollHeight - log.clientHeight;
      const start = this.#replyStart
        ? this.#replyStart.getBoundingClientRect().top - log.getBoundingClientRect().top + log.scrollTop - 12
        : end;
      log.scrollTop = Math.max(log.scrollTop, Math.min(end, start));
      if (!isNearBottom(log)) {
        this.#newBelow = true;
        this.#host.requestUpdate();
      }
    });
  }

  hostDisconnected(): void {
    if (this.#frame !== undefined) cancelAnimationFrame(this.#frame);
    this.#frame = undefined;
  }

  /** The reader scrolled: once they reach the end, the "new messages" control goes. */
  readonly onScroll = (): void => {
    if (this.#newBelow && isNearBottom(this.#log())) {
      this.#newBelow = false;
      this.#host.requestUpdate();
    }
  };

  /** The reader asked to see the new messages. */
  readonly showNew = (): void => {
    this.#newBelow = false;
    this.#replyStart = undefined;
    this.#toEnd = true;
    this.#host.requestUpdate();
  };
}
