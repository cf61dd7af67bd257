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
  /** Ids of the entries shown so far, to tell what is new. */
  #shown = new Set<string>();
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
    this.#newBelow = false;
    this.#toEnd = true;
  }

  /** Call before each render with the entries about to be shown. */
  track(entries: readonly Entry[]): void {
    if (entries.length === this.#shown.size && entries.every((entry) => this.#shown.has(entry.id))) return;
    const arrived = entries.filter((entry) => !this.#shown.has(entry.id));
    this.#shown = new Set(entries.map((entry) => entry.id));
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
