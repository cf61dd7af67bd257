/**
 * The conversation, without a DOM: the transcript, the send queue (one request in flight, so replies stay
 * in order), failures kept with their text for retry, and persistence through a {@link TranscriptStore}.
 * Entries never change in place: every change replaces the entry (and the list), so a view can key on
 * identity. The element renders `entries` and forwards user intent; tests drive this class directly.
 * Other tabs' copies of the same conversation come in through {@link Conversation.merge}: entries merge
 * by id, and only the tab a message was written in ever sends it.
 */
import { ChatError, mayHaveArrived, type ChatErrorCode } from './chat-error.js';
import type { Agent, HslMessage, ParsedReply, QuickReply } from './hsl.js';

export type UserStatus = 'queued' | 'sending' | 'sent' | 'failed';

export interface UserEntry {
  readonly role: 'user';
  readonly id: string;
  /** What the user's bubble shows. */
  readonly text: string;
  /** What goes to the bot (a quick reply's `gogo_message` may differ from its text). */
  readonly body: string;
  readonly status: UserStatus;
  /** Why the last attempt failed, for the error line. */
  readonly error?: string;
  /** The proxy's (or the widget's) code for that failure, when there was one. */
  readonly code?: ChatErrorCode;
  /** The browser was offline, so the message certainly did not leave: it goes again once online. */
  readonly offline?: boolean;
  /** When it was sent (ms since 1970); absent on entries stored by earlier versions. */
  readonly at?: number;
  /** Sent without a bubble: a start message, or `launch(text, { hidden: true })`. */
  readonly hidden?: boolean;
  /** The failed message may have reached the bot all the same (no answer in time, a lost connection). */
  readonly maybeDelivered?: boolean;
}

/** A thumbs up or down on one bot message. */
export type Rating = 'up' | 'down';

export interface BotEntry {
  readonly role: 'bot';
  readonly id: string;
  readonly message: HslMessage;
  readonly agent?: Agent;
  /**
   * The body and agent as they arrived, and Haptik's message id: what is stored, so a restore parses them
   * again (and still knows which messages it has, when an agent's stream sends them again).
   */
  readonly source: { readonly body: unknown; readonly agent?: unknown; readonly id?: string | undefined };
  /** When it was sent: the reply's `timestamp`, else when it arrived. Absent on older stored entries. */
  readonly at?: number;
  readonly rating?: Rating;
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
  /** Something in `entries`, `pending` or `quickReplies` changed. */
  onChange?(): void;
  /** A bot message arrived (once per message, in order). */
  onMessage?(entry: BotEntry): void;
  /** A send failed; the entry keeps its text and can be retried. */
  onError?(error: ChatError, entry: UserEntry): void;
}

let counter = 0;
/**
 * This page's part of every id it makes: the tabs of a site share one transcript, and two tabs sending in
 * the same millisecond must not make the same id (each would then keep only its own message).
 */
const PAGE = Math.random().toString(36).slice(2, 8);
const newId = (prefix: string): string =>
  `${prefix}-${Date.now().toString(36)}-${PAGE}${(counter++).toString(36)}`;

/** A user entry with a new status, and nothing left over from the previous attempt. */
const withStatus = (
  { id, text, body, at, hidden }: UserEntry,
  status: UserStatus,
  extra: Partial<UserEntry> = {},
): UserEntry => ({
  role: 'user',
  id,
  text,
  body,
  status,
  ...(at === undefined ? {} : { at }),
  ...(hidden ? { hidden } : {}),
  ...extra,
});

/** Whether two versions of an entry say the same (the same object, or equal own fields). */
function same(a: Entry, b: Entry): boolean {
  if (a === b) return true;
  const keys = Object.keys(a) as (keyof Entry)[];
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}

/**
 * What a restored entry may be: shown, never sent again without the user. A message that was waiting or
 * on its way when the page went away comes back failed, with a retry; so does one written offline in an
 * earlier page (only a message written offline in this page's lifetime goes out by itself).
 */
function restored(entry: Entry): Entry {
  if (entry.role !== 'user' || entry.status === 'sent') return entry;
  if (entry.status === 'failed' && !entry.offline) return entry;
  const failed = withStatus(entry, 'failed');
  return entry.status === 'sending' ? { ...failed, maybeDelivered: true } : failed;
}

/** Haptik's number for a bot message (its ids count up), in digits without leading zeros, when it has one. */
const haptikNumber = (entry: Entry): string | undefined =>
  entry.role === 'bot' && /^\d+$/.test(entry.message.id ?? '')
    ? entry.message.id!.replace(/^0+\B/, '')
    : undefined;

/** Whether Haptik numbered `a` after `b` (digits of any length). */
const numberedAfter = (a: string, b: string): boolean =>
  a.length > b.length || (a.length === b.length && a > b);

/** How long after leaving a page (or element) that comes back still sends what had not gone out. */
const BACK_WITHIN_MS = 10 * 60_000;

/** How far an attempt got: nothing follows `sent`, and a failure follows sending (a guess, too: see restored). */
const STAGE: Record<UserStatus, number> = { queued: 0, sending: 1, failed: 2, sent: 3 };

/**
 * An attempt's stage, where failing offline comes before failing for good: a page that goes away (leave)
 * turns its messages waiting to be back online into plain failures at the same time, which a stale copy
 * relayed by another tab must not undo.
 */
const stage = (entry: UserEntry): number => STAGE[entry.status] - (entry.offline ? 0.5 : 0);

/** Whether `a` is an earlier state of the user message `b` (an attempt before, or a step back in this one). */
const older = (a: Entry, b: Entry): boolean =>
  a.role === 'user' &&
  b.role === 'user' &&
  ((a.at ?? 0) < (b.at ?? 0) || ((a.at ?? 0) === (b.at ?? 0) && stage(a) < stage(b)));

/** Whether `a` was written before `b`: by time, then id, so that every tab gives the same answer. */
const earlier = (a: Entry, b: Entry): boolean =>
  (a.at ?? 0) < (b.at ?? 0) || ((a.at ?? 0) === (b.at ?? 0) && a.id < b.id);

/**
 * The groups of `entries`: first the bot's messages that answer what came before them (perhaps none),
 * then each user message with the bot's messages after it.
 */
function turns(entries: readonly Entry[]): Entry[][] {
  const list: Entry[][] = [[]];
  for (const entry of entries) {
    if (entry.role === 'user') list.push([entry]);
    else list.at(-1)!.push(entry);
  }
  return list;
}

/** Two lists of groups, each kept in its own order, taken in turn by which group's first entry came first. */
function inTurn(a: Entry[][], b: Entry[][]): Entry[][] {
  const out: Entry[][] = [];
  let [i, j] = [0, 0];
  while (i < a.length && j < b.length) out.push(earlier(a[i]![0]!, b[j]![0]!) ? a[i++]! : b[j++]!);
  return out.concat(a.slice(i), b.slice(j));
}

/**
 * What two tabs each wrote after the same entry, as one order whichever tab works it out: answers to that
 * entry first, then exchanges (a user message and the bot's messages after it), each by when it was written.
 */
function interleave(mine: readonly Entry[], theirs: readonly Entry[]): readonly Entry[] {
  if (!mine.length || !theirs.length) return mine.length ? mine : theirs;
  const [[headA, ...turnsA], [headB, ...turnsB]] = [turns(mine), turns(theirs)];
  const alone = (entry: Entry) => [entry];
  return [...inTurn(headA!.map(alone), headB!.map(alone)), ...inTurn(turnsA, turnsB)].flat();
}

export class Conversation {
  #entries: readonly Entry[];
  /**
   * The Haptik ids of the bot messages shown, which every reply is checked against: kept up as bot messages
   * are added; made again, once, when first needed after the transcript was replaced (another tab's copy, a
   * new conversation), so a long transcript is not walked per reply. Nothing else takes a bot message out.
   */
  #haptikIds?: Set<string>;
  /** The id of the message on its way, and how to abort it. */
  #inFlight?: { id: string; controller: AbortController };
  #quickRepliesDismissed = false;
  /** Ids of the user messages written in this page: the only ones it sends, and whose state it decides. */
  #own = new Set<string>();
  /**
   * Restored messages whose state this page guessed (failed: it was on its way when a page went away), each
   * with what was stored: the guess is shown here, never saved, so no other tab takes it for the truth.
   */
  readonly #guesses = new WeakMap<Entry, Entry>();
  #guessed = false;
  /** The messages leave() failed that had not gone out yet (waiting their turn, or to be back online). */
  readonly #left = new Set<Entry>();
  #leftAt = 0;
  readonly #send: SendFunction;
  readonly #store: TranscriptStore | undefined;
  readonly #callbacks: ConversationCallbacks;

  constructor(send: SendFunction, callbacks: ConversationCallbacks = {}, store?: TranscriptStore) {
    this.#send = send;
    this.#callbacks = callbacks;
    this.#store = store;
    this.#entries = (store?.load() ?? []).map((entry) => {
      const shown = restored(entry);
      if (shown !== entry) {
        this.#guesses.set(shown, entry);
        this.#guessed = true;
      }
      return shown;
    });
  }

  get entries(): readonly Entry[] {
    return this.#entries;
  }

  /** Notes the Haptik ids of the bot messages put in the transcript (into `ids`: a set made for all of it). */
  #noted(added: readonly Entry[], ids = this.#haptikIds): Set<string> | undefined {
    if (!ids) return undefined;
    for (const entry of added) {
      if (entry.role === 'bot' && entry.message.id !== undefined) ids.add(entry.message.id);
    }
    return ids;
  }

  /** True while a message is on its way: show the typing indicator. */
  get pending(): boolean {
    return this.#inFlight !== undefined;
  }

  /** The id of the message on its way, if one is. */
  get sendingId(): string | undefined {
    return this.#inFlight?.id;
  }

  /**
   * The bot's latest turn: its messages since the user's last message. Their quick replies are on offer
   * (and an `is_default` bubble may be tapped) until one is used or the user types.
   */
  get latestTurn(): readonly BotEntry[] {
    const turn: BotEntry[] = [];
    for (let i = this.#entries.length - 1; i >= 0; i -= 1) {
      const entry = this.#entries[i]!;
      if (entry.role === 'user') break;
      turn.unshift(entry);
    }
    return turn;
  }

  /** Whether the latest turn's quick replies are still on offer (none used, nothing typed or sent). */
  get quickRepliesOffered(): boolean {
    return !this.#quickRepliesDismissed;
  }

  /** The quick replies on offer: those of every message of the bot's latest turn, in order. */
  get quickReplies(): readonly QuickReply[] {
    if (this.#quickRepliesDismissed) return [];
    return this.latestTurn.flatMap((entry) =>
      entry.message.kind === 'text' ? entry.message.quickReplies : [],
    );
  }

  /** Whether this message's quick replies (and its tappable bubble) are still on offer. */
  offersQuickReplies(entry: Entry): boolean {
    return !this.#quickRepliesDismissed && entry.role === 'bot' && this.latestTurn.includes(entry);
  }

  /** The user started typing: quick replies are no longer offered. */
  dismissQuickReplies(): void {
    if (this.#quickRepliesDismissed) return;
    this.#quickRepliesDismissed = true;
    this.#changed(false);
  }

  /** Queues a message; it is sent when the ones before it have been answered. `hidden`: no bubble. */
  submit(text: string, body: string = text, hidden = false): UserEntry {
    const entry: UserEntry = {
      role: 'user',
      id: newId('u'),
      text,
      body,
      status: 'queued',
      at: Date.now(),
      ...(hidden ? { hidden } : {}),
    };
    this.#own.add(entry.id);
    this.#entries = [...this.#entries, entry];
    this.#quickRepliesDismissed = true;
    this.#changed();
    this.#pump();
    return entry;
  }

  /** Sends a failed message again: it moves to the end of the transcript and waits its turn. */
  retry(id: string): void {
    const entry = this.#entries.find((e) => e.id === id);
    if (entry?.role !== 'user' || entry.status !== 'failed') return;
    this.#requeue([entry]);
  }

  /**
   * The browser is back online: sends again, in their order, the messages that failed only because it
   * was offline. Nothing that may have reached the bot is ever resent without the user asking.
   */
  resendOffline(): void {
    // Another tab's offline message is that tab's to resend: only this page's own go from here.
    const waiting = this.#entries.filter(
      (e): e is UserEntry => e.role === 'user' && e.status === 'failed' && !!e.offline && this.#own.has(e.id),
    );
    if (waiting.length) this.#requeue(waiting);
  }

  /** Records a thumbs up or down on a bot message; returns the entry when it changed. */
  rate(id: string, rating: Rating): BotEntry | undefined {
    let rated: BotEntry | undefined;
    this.#entries = this.#entries.map((entry) => {
      if (entry.id !== id || entry.role !== 'bot' || entry.rating === rating) return entry;
      rated = { ...entry, rating };
      return rated;
    });
    if (rated) this.#changed();
    return rated;
  }

  #requeue(entries: readonly UserEntry[]): void {
    const moved = new Set<Entry>(entries);
    const now = Date.now();
    // A later time than the attempt before, even if the clock went back: other tabs tell attempts by it.
    const requeued = entries.map((entry) =>
      withStatus({ ...entry, at: Math.max(now, (entry.at ?? 0) + 1) }, 'queued'),
    );
    for (const entry of entries) this.#own.add(entry.id);
    // Only these entries move: a bot message with the same id (a record no tab of ours wrote) stays.
    this.#entries = [...this.#entries.filter((e) => !moved.has(e)), ...requeued];
    this.#changed();
    this.#pump();
  }

  /** Forgets everything and aborts what is in flight. */
  clear(): void {
    this.replace([]);
    this.#store?.clear();
  }

  /**
   * Another tab started a new conversation: this one shows it instead, and gives up what was in flight
   * here (it belonged to the conversation that ended).
   */
  replace(entries: readonly Entry[]): void {
    this.#inFlight?.controller.abort();
    this.#inFlight = undefined;
    this.#own = new Set();
    this.#left.clear();
    this.#entries = entries;
    this.#haptikIds = undefined;
    this.#quickRepliesDismissed = false;
    this.#callbacks.onChange?.();
  }

  /**
   * Takes in another tab's copy of this conversation (`theirs`, in its order): entries merge by id. Its
   * version of an entry wins, except for this page's own messages, whose state only this page knows,
   * unless the other tab sent one again since (a retry there: a later time), which makes it that tab's;
   * entries it has not seen yet stay, after the entry they followed here. When this page knew something
   * the other did not, the merged transcript is saved (and so reaches the other tabs).
   */
  merge(theirs: readonly Entry[]): void {
    const mine = new Map(this.#entries.map((entry) => [entry.id, entry]));
    let newer = false;
    let merged = theirs.map((entry) => {
      const known = mine.get(entry.id);
      if (!known) return entry;
      if (this.#own.has(entry.id) && (entry.at ?? 0) > (known.at ?? 0) && this.sendingId !== entry.id) {
        this.#own.delete(entry.id);
      }
      if (!this.#own.has(entry.id)) {
        // Another tab's word replaces a guess, even one that says the same (it is no longer a guess);
        // otherwise a copy relayed by a third tab may be older than what the writer told us directly.
        if (this.#guesses.has(known)) return entry;
        return same(known, entry) || older(entry, known) ? known : entry;
      }
      if (!same(known, entry)) newer = true;
      return known;
    });
    // What only this page has goes right after the entry it followed here: runs of such entries, by the
    // entry before each run (none: at the start), put back in one pass however long the transcript is.
    // What only the other tab has there too was written at the same time (two tabs sending at once): the
    // two go together in one order that every tab works out alike (interleave).
    const ids = new Set(theirs.map((entry) => entry.id));
    const runs = new Map<string | undefined, Entry[]>();
    let before: string | undefined;
    for (const entry of this.#entries) {
      if (ids.has(entry.id)) {
        before = entry.id;
        continue;
      }
      newer = true;
      const run = runs.get(before);
      if (run) run.push(entry);
      else runs.set(before, [entry]);
    }
    if (runs.size) {
      const taken = merged;
      merged = [];
      const place = (run: Entry[] = [], from: number): number => {
        let to = from;
        while (to < taken.length && !mine.has(taken[to]!.id)) to += 1;
        for (const entry of interleave(run, taken.slice(from, to))) merged.push(entry);
        return to;
      };
      for (let i = place(runs.get(undefined), 0); i < taken.length;) {
        const entry = taken[i]!;
        merged.push(entry);
        i = place(runs.get(entry.id), i + 1);
      }
    }
    if (merged.length === this.#entries.length && merged.every((entry, i) => entry === this.#entries[i])) {
      return;
    }
    this.#entries = merged;
    this.#haptikIds = undefined;
    if (newer) this.#changed();
    else this.#callbacks.onChange?.();
  }

  /**
   * Another tab asks where this conversation's messages are: if this page is sending some, it saves, and
   * so tells every tab (which would otherwise show them failed, with a retry that sends them twice).
   */
  announce(): void {
    const sending = (e: Entry) => e.role === 'user' && STAGE[e.status] < STAGE.failed && this.#own.has(e.id);
    if (this.#entries.some(sending)) this.#changed();
  }

  /**
   * The page is going away (its tab closed, reloaded or navigated; the element removed; another
   * conversation taking this one's place): nobody else sends its messages. What it was sending or still
   * had to send fails, as a reload shows them (restored): saved, so the other tabs offer a retry instead
   * of showing them on their way until they reload. back() sends again what had not gone out.
   */
  leave(): void {
    this.#inFlight?.controller.abort();
    this.#inFlight = undefined;
    let failed = false;
    const entries = this.#entries.map((entry) => {
      const shown = this.#own.has(entry.id) ? restored(entry) : entry;
      if (shown === entry) return entry;
      failed = true;
      // What was on its way may have reached the bot: only the user sends it again.
      if (!(shown as UserEntry).maybeDelivered) this.#left.add(shown);
      return shown;
    });
    if (!failed) return;
    this.#leftAt = Date.now();
    this.#entries = entries;
    this.#changed();
  }

  /**
   * The page is back (from the back-forward cache; the element put back): what leave() failed before it
   * ever went out goes again, in its order, if it is still where the conversation ends (nothing said since,
   * in any tab, and none of it taken up by another) and it left less than {@link BACK_WITHIN_MS} ago.
   * Otherwise it stays failed, with a retry: sent by itself, it would come out of place.
   */
  back(): void {
    const left = this.#left.size;
    if (!left) return;
    const again = this.#entries.slice(-left).filter((entry): entry is UserEntry => this.#left.has(entry));
    if (again.length === left && Date.now() - this.#leftAt < BACK_WITHIN_MS) this.#requeue(again);
    this.#left.clear();
  }

  /**
   * Replaces the user entry `id` with `change(entry)`, followed by `then`; returns the new entry. The
   * entry is almost always one of the last, so it is looked for from the end, and the transcript is
   * copied once: a long one costs a copy per change, not a pass of callbacks and the garbage of several.
   */
  #update(
    id: string,
    change: (entry: UserEntry) => UserEntry,
    then: readonly Entry[] = [],
  ): UserEntry | undefined {
    let at = this.#entries.length - 1;
    while (at >= 0 && (this.#entries[at]!.id !== id || this.#entries[at]!.role !== 'user')) at -= 1;
    if (at < 0) return undefined;
    const updated = change(this.#entries[at] as UserEntry);
    const entries = this.#entries.slice();
    entries.splice(at, 1, updated, ...then);
    this.#entries = entries;
    this.#noted(then);
    return updated;
  }

  #changed(persist = true): void {
    if (persist) {
      const entries = this.#entries;
      this.#store?.save(this.#guessed ? entries.map((entry) => this.#guesses.get(entry) ?? entry) : entries);
    }
    this.#callbacks.onChange?.();
  }

  #pump(): void {
    if (this.#inFlight) return;
    const next = this.#entries.find(
      (e): e is UserEntry => e.role === 'user' && e.status === 'queued' && this.#own.has(e.id),
    );
    if (!next) return;
    const controller = new AbortController();
    this.#inFlight = { id: next.id, controller };
    this.#update(next.id, (entry) => withStatus(entry, 'sending'));
    this.#changed();
    void this.#deliver(next, controller);
  }

  /**
   * Messages that arrived on their own (a human agent's, through the proxy's event stream): appended in
   * Haptik's order, except those already shown — the stream also carries bot replies the send's answer
   * held, with the same Haptik message ids.
   */
  receive(reply: ParsedReply): readonly BotEntry[] {
    const arrival = Date.now();
    const arrived = this.#botEntries(reply, Math.min(reply.timestamp ?? arrival, arrival));
    if (!arrived.length) return arrived;
    const entries = [...this.#entries];
    for (const entry of arrived) {
      // One delivered late goes before those Haptik numbered after it: never above the user's last message,
      // nor more than a few places back (it still arrives as news).
      const number = haptikNumber(entry);
      let at = entries.length;
      const stop = Math.max(0, at - 20);
      while (number !== undefined && at > stop) {
        const previous = haptikNumber(entries[at - 1]!);
        if (previous === undefined || !numberedAfter(previous, number)) break;
        at -= 1;
      }
      entries.splice(at, 0, entry);
    }
    this.#entries = entries;
    this.#noted(arrived);
    this.#changed();
    for (const botEntry of arrived) this.#callbacks.onMessage?.(botEntry);
    return arrived;
  }

  /**
   * The entries for a reply's messages, sent `at`, leaving out any whose Haptik id is already in the
   * transcript. They are keyed by that id, so another tab's copy of the same message is the same entry.
   */
  #botEntries(reply: ParsedReply, at: number): BotEntry[] {
    const shown = (this.#haptikIds ??= this.#noted(this.#entries, new Set())!);
    // Twice in one reply: the first only.
    const taken = new Set<string>();
    const entries: BotEntry[] = [];
    reply.messages.forEach((message, i) => {
      if (message.id !== undefined) {
        if (shown.has(message.id) || taken.has(message.id)) return;
        taken.add(message.id);
      }
      const source = { body: reply.sources?.bodies[i], agent: reply.sources?.agent, id: message.id };
      const id = message.id === undefined ? newId('b') : `h-${message.id}`;
      entries.push(
        reply.agent
          ? { role: 'bot', id, message, agent: reply.agent, source, at }
          : { role: 'bot', id, message, source, at },
      );
    });
    return entries;
  }

  async #deliver(entry: UserEntry, controller: AbortController): Promise<void> {
    try {
      const reply = await this.#send(entry.body, controller.signal);
      if (controller.signal.aborted) return;
      // Haptik's time for the reply, kept between the question and the arrival: another clock's skew
      // must not put an answer before its question (or in the future).
      const arrival = Date.now();
      const arrived = this.#botEntries(
        reply,
        Math.min(Math.max(reply.timestamp ?? arrival, entry.at ?? 0), arrival),
      );
      // Replies go right after the message they answer, ahead of any message queued meanwhile.
      const sent = this.#update(entry.id, (previous) => withStatus(previous, 'sent'), arrived);
      if (!sent) {
        this.#entries = [...this.#entries, ...arrived];
        this.#noted(arrived);
      }
      this.#quickRepliesDismissed = false;
      this.#inFlight = undefined;
      this.#changed();
      for (const botEntry of arrived) this.#callbacks.onMessage?.(botEntry);
    } catch (cause) {
      if (controller.signal.aborted) return;
      const error =
        cause instanceof ChatError
          ? cause
          : new ChatError('network', cause instanceof Error ? cause.message : String(cause));
      const offline = error.kind === 'offline';
      const failed = this.#update(entry.id, (previous) =>
        withStatus(previous, 'failed', {
          error: error.message,
          ...(error.code ? { code: error.code } : {}),
          ...(offline ? { offline } : {}),
          ...(mayHaveArrived(error) ? { maybeDelivered: true } : {}),
        }),
      );
      this.#inFlight = undefined;
      this.#changed();
      if (failed) this.#callbacks.onError?.(error, failed);
    }
    this.#pump();
  }
}
