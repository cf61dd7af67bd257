/**
 * The conversation, without a DOM: the transcript, the send queue (one request in flight, so replies stay
 * in order), failures kept with their text for retry, and persistence through a {@link TranscriptStore}.
 * The element renders `entries` and forwards user intent; tests drive this class directly.
 */
import { ChatError } from './client.js';
import type { Agent, HslMessage, ParsedReply, QuickReply } from './hsl.js';

export type UserStatus = 'queued' | 'sending' | 'sent' | 'failed';

export interface UserEntry {
  readonly role: 'user';
  readonly id: string;
  /** What the user's bubble shows. */
  readonly text: string;
  /** What goes to the bot (a quick reply's `gogo_message` may differ from its text). */
  readonly body: string;
  status: UserStatus;
  /** Why the last attempt failed, for the error line. */
  error?: string;
  /** The browser was offline, so the message certainly did not leave: it goes again once online. */
  offline?: boolean;
}

export interface BotEntry {
  readonly role: 'bot';
  readonly id: string;
  readonly message: HslMessage;
  readonly agent?: Agent;
  /** The body and agent as they arrived; what is stored, so a restore parses them again. */
  readonly source: { readonly body: unknown; readonly agent?: unknown };
}

export type Entry = UserEntry | BotEntry;

/** Sends one message body and resolves with the reply; rejects with a ChatError. */
export type SendFunction = (body: string, signal: AbortSignal) => Promise<ParsedReply>;

/** Where a transcript is kept between page loads. */
export interface TranscriptStore {
  load(): Entry[];
  save(entries: readonly Entry[]): void;
  clear(): void;
}

export interface ConversationCallbacks {
  /** Something in `entries` or `pending` changed. */
  onChange?(): void;
  /** A bot message arrived (once per message, in order). */
  onMessage?(entry: BotEntry): void;
  /** A send failed; the entry keeps its text and can be retried. */
  onError?(error: Error, entry: UserEntry): void;
}

let counter = 0;
const newId = (prefix: string): string => `${prefix}-${Date.now().toString(36)}-${(counter++).toString(36)}`;

export class Conversation {
  #entries: Entry[];
  #inFlight?: { entry: UserEntry; controller: AbortController };
  #quickRepliesDismissed = false;
  readonly #send: SendFunction;
  readonly #store: TranscriptStore | undefined;
  readonly #callbacks: ConversationCallbacks;

  constructor(send: SendFunction, callbacks: ConversationCallbacks = {}, store?: TranscriptStore) {
    this.#send = send;
    this.#callbacks = callbacks;
    this.#store = store;
    // A message that was on its way when the page went away may or may not have reached the bot:
    // it comes back failed, for the user to decide. One still waiting its turn never left: it goes
    // out by itself, like a message written offline.
    this.#entries = (store?.load() ?? []).map((entry) => {
      if (entry.role !== 'user' || entry.status === 'sent' || entry.status === 'failed') return entry;
      return entry.status === 'queued'
        ? { ...entry, status: 'failed' as const, offline: true }
        : { ...entry, status: 'failed' as const };
    });
  }

  get entries(): readonly Entry[] {
    return this.#entries;
  }

  /** True while a message is on its way or waiting its turn: show the typing indicator. */
  get pending(): boolean {
    return this.#inFlight !== undefined;
  }

  /** The quick replies to offer: those of the latest bot message, until one is used or the user types. */
  get quickReplies(): readonly QuickReply[] {
    const last = this.#entries.at(-1);
    if (this.#quickRepliesDismissed || last?.role !== 'bot' || last.message.kind !== 'text') return [];
    return last.message.quickReplies;
  }

  /** The user started typing: quick replies are no longer offered. */
  dismissQuickReplies(): void {
    if (this.#quickRepliesDismissed) return;
    this.#quickRepliesDismissed = true;
    this.#changed(false);
  }

  /** Queues a message; it is sent when the ones before it have been answered. */
  submit(text: string, body: string = text): UserEntry {
    const entry: UserEntry = { role: 'user', id: newId('u'), text, body, status: 'queued' };
    this.#entries = [...this.#entries, entry];
    this.#quickRepliesDismissed = true;
    this.#changed();
    this.#pump();
    return entry;
  }

  /** Sends a failed message again: it moves to the end of the transcript and waits its turn. */
  retry(id: string): void {
    const entry = this.#entries.find((e): e is UserEntry => e.id === id && e.role === 'user');
    if (!entry || entry.status !== 'failed') return;
    this.#requeue([entry]);
  }

  /**
   * The browser is back online: sends again, in their order, the messages that failed only because it
   * was offline. Nothing that may have reached the bot is ever resent without the user asking.
   */
  resendOffline(): void {
    const waiting = this.#entries.filter(
      (e): e is UserEntry => e.role === 'user' && e.status === 'failed' && !!e.offline,
    );
    if (waiting.length) this.#requeue(waiting);
  }

  #requeue(entries: UserEntry[]): void {
    for (const entry of entries) {
      delete entry.error;
      delete entry.offline;
      entry.status = 'queued';
    }
    this.#entries = [...this.#entries.filter((e) => !entries.includes(e as UserEntry)), ...entries];
    this.#changed();
    this.#pump();
  }

  /** Forgets everything and aborts what is in flight. */
  clear(): void {
    this.#inFlight?.controller.abort();
    this.#inFlight = undefined;
    this.#entries = [];
    this.#quickRepliesDismissed = false;
    this.#store?.clear();
    this.#callbacks.onChange?.();
  }

  /**
   * Aborts what is in flight (the element was removed from the page): that message is marked failed,
   * since it may have reached the bot. Messages still waiting their turn stay queued for `resume()`.
   */
  dispose(): void {
    const inFlight = this.#inFlight;
    if (!inFlight) return;
    this.#inFlight = undefined;
    inFlight.controller.abort();
    inFlight.entry.status = 'failed';
    this.#entries = [...this.#entries];
    this.#changed();
  }

  /** Sends what is queued (the element is back on the page). */
  resume(): void {
    this.#pump();
  }

  #changed(persist = true): void {
    if (persist) this.#store?.save(this.#entries);
    this.#callbacks.onChange?.();
  }

  #pump(): void {
    if (this.#inFlight) return;
    const next = this.#entries.find((e): e is UserEntry => e.role === 'user' && e.status === 'queued');
    if (!next) return;
    const controller = new AbortController();
    this.#inFlight = { entry: next, controller };
    next.status = 'sending';
    this.#changed();
    void this.#deliver(next, controller);
  }

  async #deliver(entry: UserEntry, controller: AbortController): Promise<void> {
    try {
      const reply = await this.#send(entry.body, controller.signal);
      if (controller.signal.aborted) return;
      entry.status = 'sent';
      const arrived: BotEntry[] = reply.messages.map((message, i) => {
        const source = { body: reply.sources?.bodies[i], agent: reply.sources?.agent };
        return reply.agent
          ? { role: 'bot', id: newId('b'), message, agent: reply.agent, source }
          : { role: 'bot', id: newId('b'), message, source };
      });
      // Replies go right after the message they answer, ahead of any message queued meanwhile.
      const at = this.#entries.indexOf(entry) + 1;
      this.#entries = [...this.#entries.slice(0, at), ...arrived, ...this.#entries.slice(at)];
      this.#quickRepliesDismissed = false;
      this.#inFlight = undefined;
      this.#changed();
      for (const botEntry of arrived) this.#callbacks.onMessage?.(botEntry);
    } catch (cause) {
      if (controller.signal.aborted) return;
      const error = cause instanceof Error ? cause : new ChatError('network', String(cause));
      entry.status = 'failed';
      entry.error = error.message;
      if (error instanceof ChatError && error.kind === 'offline') entry.offline = true;
      this.#entries = [...this.#entries];
      this.#inFlight = undefined;
      this.#changed();
      this.#callbacks.onError?.(error, entry);
    }
    this.#pump();
  }
}
