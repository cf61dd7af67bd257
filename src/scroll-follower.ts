/**
 * Keeps the transcript where a reader expects it: new messages scroll into view when the reader is at the
 * end (or just sent one, or just opened the panel); otherwise their place is kept and a "new messages"
 * control is offered. Scrolls at most once a frame, just before it paints.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Entry } from './conversation.js';

/** How close to the end (px) the reader must be for new messages to scroll into view by themselves. */
const NEAR_BOTTOM = 64;

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

  constructor(host: ReactiveControllerHost, log: () => HTMLElement | null) {
    this.#host = host;
    this.#log = log;
    host.addController(this);
  }

  /** Whether messages arrived below what the reader is looking at. */
  get newBelow(): boolean {
    return this.#newBelow;
  }

  /** A new transcript (another conversation, or the panel just became visible): start at its end. */
  reset(entries: readonly Entry[] = []): void {
    this.#shown = new Set(entries.map((entry) => entry.id));
    this.#count = entries.length;
    this.#newBelow = false;
    this.#toEnd = true;
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
    if (arrived.some((entry) => entry.role === 'user') || isNearBottom(this.#log())) this.#toEnd = true;
    else this.#newBelow = true;
  }

  hostUpdated(): void {
    if (!this.#toEnd || this.#frame !== undefined) return;
    this.#frame = requestAnimationFrame(() => {
      this.#frame = undefined;
      const log = this.#log();
      if (!log || log.offsetParent === null) return;
      this.#toEnd = false;
      log.scrollTop = log.scrollHeight;
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
    this.#toEnd = true;
    this.#host.requestUpdate();
  };
}
