/**
 * Paces a reply of several messages the way people read: the first shows at once, each next one after
 * `pace` milliseconds (the typing dots show meanwhile). Messages that arrive together (one reply) are
 * held; a new message from the user, `pace` 0 or a wish for reduced motion shows the rest at once.
 */
import type { Entry } from './conversation.js';

export class Pacer {
  /** Ids still held back, in order. */
  #held: string[] = [];
  #burst = false;
  #timer?: ReturnType<typeof setTimeout>;
  readonly #changed: () => void;

  constructor(changed: () => void) {
    this.#changed = changed;
  }

  /** Whether messages are still to come. */
  get holding(): boolean {
    return this.#held.length > 0;
  }

  /**
   * A bot message arrived: held back unless it is the first of its reply (the others arrive in the same
   * task) or `pace` is 0.
   */
  arrive(id: string, pace: number): void {
    const first = !this.#burst;
    if (first) {
      this.#burst = true;
      queueMicrotask(() => (this.#burst = false));
    }
    if (pace <= 0 || matchMedia('(prefers-reduced-motion: reduce)').matches) this.flush();
    else if (!first || this.#held.length) {
      this.#held.push(id);
      this.#timer ??= setTimeout(() => this.#next(pace), pace);
    }
  }

  #next(pace: number): void {
    this.#held.shift();
    this.#timer = this.#held.length ? setTimeout(() => this.#next(pace), pace) : undefined;
    this.#changed();
  }

  /** Shows everything held back. */
  flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (!this.#held.length) return;
    this.#held = [];
    this.#changed();
  }

  /** The entries to show now. */
  shown(entries: readonly Entry[]): readonly Entry[] {
    if (!this.#held.length) return entries;
    const held = new Set(this.#held);
    return entries.filter((entry) => !held.has(entry.id));
  }
}
