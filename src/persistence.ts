/**
 * Keeps a conversation between page loads: the anonymous id and the transcript, per endpoint,
 * business id and user, in a versioned record with an expiry and a cap. Bot messages are stored as
 * they arrived and parsed again on load, so nothing stored is trusted. Storage that is missing, full
 * or corrupt falls back to memory; no storage error ever reaches the page.
 *
 * With `local` storage the tabs of a site share the conversation: every write is posted to the others
 * on a BroadcastChannel (or, where there is none, seen through `storage` events), and {@link
 * ChatStore.watch} hands what another tab wrote to the conversation to merge.
 *
 * One exchange changes the transcript several times in one task (the message is queued, then sent, then
 * answered): the record is written once, at the end of that task (a microtask), not after each change,
 * and whatever reads storage meanwhile (a store made, watching, a kept conversation looked for) first
 * has what is due written. Other tabs and a reload cannot tell the difference; the record is up to 200
 * entries of JSON, and writing it after every change nearly doubled what an exchange cost.
 */
import type { Entry, Rating, UserEntry, UserStatus } from './conversation.js';
import { parseAgent, parseMessage } from './hsl.js';
import { EVENT_ID } from './wire.js';

export type PersistMode = 'local' | 'session' | 'none';

const VERSION = 2;
export const DEFAULT_MAX_AGE_MS = 30 * 24 * 60 * 60 * 1000;
export const DEFAULT_MAX_ENTRIES = 200;
/**
 * A bot message larger than this (as JSON) is not kept: it is shown once, and a reload does not parse it
 * again. What is restored is parsed on every page load, so this bounds what a hostile reply can cost.
 */
export const MAX_STORED_MESSAGE_CHARS = 32 * 1024;

/** A bot message as stored: its body and agent as they arrived, Haptik's message id (`mid`), time, rating. */
type StoredEntry =
  | UserEntry
  | {
      role: 'bot';
      id: string;
      body: unknown;
      agent?: unknown;
      mid?: string | undefined;
      at?: number;
      rating?: Rating;
    };

/**
 * The stored record. Version 2 grew optional fields (`cid`; `at`, `hidden` and `rating` on entries):
 * records written before them load as they are, and earlier code reading a newer record ignores them.
 */
interface Saved {
  v: typeof VERSION;
  savedAt: number;
  authId?: string;
  /** Which conversation: a new one after each clear(), so tabs tell a new conversation from an update. */
  cid?: string;
  /**
   * When that conversation began (its clear()): of two, the later one stands, whichever tab wrote last
   * (none: the first conversation, older than any other).
   */
  since?: number;
  /** The last agent event seen on the proxy's event stream, to resume after it. */
  eventId?: string;
  entries: StoredEntry[];
}

/** What another tab changed: its whole transcript, or a new conversation (`reset`) that replaces ours. */
export type TabListener = (entries: Entry[], reset: boolean) => void;

/** Where a conversation is kept between page loads. */
export interface ChatStore {
  /** The anonymous id for this endpoint and business, made once and kept. */
  anonymousId(): string;
  /** The last agent event seen, and keeping a newer one. */
  eventId(): string | undefined;
  setEventId(id: string): void;
  load(): Entry[];
  save(entries: readonly Entry[]): void;
  /** A new conversation: the transcript goes, and so does the anonymous id, so the bot starts afresh. */
  clear(): void;
  /** Removes the record from storage altogether (the page turned persistence off). */
  forget(): void;
  /**
   * Listens for other tabs' writes to this conversation (`local` storage only) until the returned
   * function is called; what another tab wrote meanwhile is handed over at once. `asked` is called when
   * another tab starts watching: if this one is sending messages, it saves, so that tab sees where they are.
   */
  watch(listener: TabListener, asked?: () => void): () => void;
}

export interface StoreOptions {
  mode: PersistMode;
  endpoint: string;
  businessId: number;
  /** The signed-in user's id; each user has their own transcript. Anonymous users share the device's. */
  userId?: string;
  maxAgeMs?: number;
  maxEntries?: number;
  now?: () => number;
}

export const storageKey = (endpoint: string, businessId: number, userId?: string): string =>
  `haptik-chat:${endpoint}:${businessId}${userId ? `:user:${userId}` : ''}`;

function pickStorage(mode: PersistMode): Storage | undefined {
  if (mode === 'none' || typeof window === 'undefined') return undefined;
  try {
    const storage = mode === 'session' ? window.sessionStorage : window.localStorage;
    const probe = '__haptik-chat-probe__';
    storage.setItem(probe, probe);
    storage.removeItem(probe);
    return storage;
  } catch {
    return undefined;
  }
}

/**
 * The stores' writes due at the end of this task: done at once before any store reads storage, and by
 * the panel as the page goes away (a page removed by another's script may run no more microtasks).
 */
const due = new Set<() => void>();
export const writeDue = (): void => due.forEach((write) => write());

/**
 * Whether storage holds a conversation for these options: a record this version reads, not expired, with
 * a message in it (storage that cannot be read holds none). Only reads: no probe is written, so a full
 * storage still shows what it holds and other tabs see no write.
 */
export function hasStoredConversation(options: StoreOptions): boolean {
  if (options.mode === 'none') return false;
  writeDue();
  try {
    const storage = options.mode === 'session' ? sessionStorage : localStorage;
    const raw = storage.getItem(storageKey(options.endpoint, options.businessId, options.userId));
    const now = (options.now ?? Date.now)();
    const saved = parseSaved(raw, now, options.maxAgeMs ?? DEFAULT_MAX_AGE_MS);
    // The first entry that restores is enough (`some` stops there).
    return !!saved?.entries.some((entry) => restore(entry) !== undefined);
  } catch {
    return false;
  }
}

const STATUSES: readonly UserStatus[] = ['queued', 'sending', 'sent', 'failed'];

/** The size of a value as JSON, or Infinity when it cannot be written (a cycle, a BigInt). */
function jsonSize(value: unknown): number {
  try {
    return JSON.stringify(value ?? null).length;
  } catch {
    return Infinity;
  }
}

/** Whether a bot message is small enough to keep; worked out once per entry. */
const keepable = new WeakMap<Entry, boolean>();
function fitsStorage(entry: Entry): boolean {
  if (entry.role === 'user') return true;
  let fits = keepable.get(entry);
  if (fits === undefined) {
    fits = jsonSize(entry.source) <= MAX_STORED_MESSAGE_CHARS;
    keepable.set(entry, fits);
  }
  return fits;
}

/** A stored entry as it can be shown, or undefined when it is not one (or too large, or unreadable). */
function restore(value: unknown, known?: Map<string, Entry>): Entry | undefined {
  try {
    return restoreEntry(value, known);
  } catch {
    return undefined;
  }
}

/** A stored moment, if a `Date` can hold it (the times under messages are written from it). */
const time = (value: unknown) =>
  typeof value === 'number' && !Number.isNaN(new Date(value).getTime()) ? { at: value } : {};

function restoreEntry(value: unknown, known?: Map<string, Entry>): Entry | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const entry = value as Record<string, unknown>;
  const { id, role, rating } = entry;
  if (typeof id !== 'string') return undefined;
  if (role === 'bot') {
    // A message this page already parsed (another tab's copy of it) is not parsed again.
    const seen = known?.get(id);
    if (seen?.role === 'bot' && seen.rating === rating && seen.at === entry['at']) return seen;
    const mid = typeof entry['mid'] === 'string' ? entry['mid'] : undefined;
    const source = { body: entry['body'], agent: entry['agent'], id: mid };
    if (jsonSize(source) > MAX_STORED_MESSAGE_CHARS) return undefined;
    const agent = parseAgent(source.agent);
    const message = parseMessage(source.body, mid);
    return {
      role,
      id,
      message,
      ...(agent ? { agent } : {}),
      source,
      ...time(entry['at']),
      ...(rating === 'up' || rating === 'down' ? { rating } : {}),
    };
  }
  const { text, body, status } = entry;
  if (role !== 'user' || typeof text !== 'string' || typeof body !== 'string') return undefined;
  return {
    role,
    id,
    text,
    body,
    status: STATUSES.includes(status as UserStatus) ? (status as UserStatus) : 'failed',
    ...(typeof entry['error'] === 'string' ? { error: entry['error'] } : {}),
    ...(entry['offline'] === true ? { offline: true } : {}),
    ...time(entry['at']),
    ...(entry['hidden'] === true ? { hidden: true } : {}),
    ...(entry['maybeDelivered'] === true ? { maybeDelivered: true } : {}),
  };
}

/** Each bot entry's stored form, made once (entries are replaced, never changed). */
const storedForms = new WeakMap<Entry, StoredEntry>();
function toStored(entry: Entry): StoredEntry {
  if (entry.role === 'user') return entry;
  let stored = storedForms.get(entry);
  if (!stored) {
    stored = {
      role: 'bot',
      id: entry.id,
      body: entry.source.body,
      agent: entry.source.agent,
      mid: entry.source.id,
      ...(entry.at === undefined ? {} : { at: entry.at }),
      ...(entry.rating ? { rating: entry.rating } : {}),
    };
    storedForms.set(entry, stored);
  }
  return stored;
}

/** Each stored entry as JSON, written once: a write joins them rather than walking every entry again. */
const jsonForms = new WeakMap<StoredEntry, string>();

/** The record as JSON (what `JSON.stringify` gives), from its entries' JSON. */
function recordText({ entries, ...rest }: Saved): string {
  // Every slot, holes included (`map` skips them, and `join` would leave `[,,]`, which is not JSON).
  const parts = Array.from(entries, (entry: unknown) => {
    // What another tab's record held is written back as it came, whatever it is (`null` for nothing).
    if (typeof entry !== 'object' || entry === null) return JSON.stringify(entry) ?? 'null';
    let json = jsonForms.get(entry as StoredEntry);
    if (json === undefined) {
      json = JSON.stringify(entry) ?? 'null';
      jsonForms.set(entry as StoredEntry, json);
    }
    return json;
  });
  // `rest` always holds `v` and `savedAt`, so its JSON ends in a value followed by `}`.
  return `${JSON.stringify(rest).slice(0, -1)},"entries":[${parts.join(',')}]}`;
}

/** A record as read (from storage, or posted by another tab), or undefined when it is not one. */
function checkSaved(value: unknown, now: number, maxAgeMs: number): Saved | undefined {
  const saved = (typeof value === 'object' && value !== null ? value : {}) as Partial<Saved>;
  if (saved.v !== VERSION || typeof saved.savedAt !== 'number' || now - saved.savedAt > maxAgeMs) {
    return undefined;
  }
  return {
    v: VERSION,
    savedAt: saved.savedAt,
    ...(typeof saved.authId === 'string' ? { authId: saved.authId } : {}),
    // (An empty one is none: the first conversation's, or two tabs would each find the other's older.)
    ...(typeof saved.cid === 'string' && saved.cid ? { cid: saved.cid } : {}),
    ...(Number.isFinite(saved.since) ? { since: saved.since } : {}),
    // Only an id the proxy could have sent: anything else would make every request for the stream throw.
    ...(typeof saved.eventId === 'string' && EVENT_ID.test(saved.eventId) ? { eventId: saved.eventId } : {}),
    entries: Array.isArray(saved.entries) ? saved.entries : [],
  };
}

function parseSaved(raw: string | null, now: number, maxAgeMs: number): Saved | undefined {
  try {
    return raw ? checkSaved(JSON.parse(raw), now, maxAgeMs) : undefined;
  } catch {
    return undefined;
  }
}

const CHANNEL = 'haptik-chat:';
/**
 * Posted by a tab that starts watching: a tab sending messages of the conversation says where they are
 * (otherwise the new tab, or a reload, would show them failed, with a retry that sends them twice).
 */
const ASK = '?';

/** Whether record `a` holds a later conversation than `b` (one cleared after it), in every tab alike. */
const later = (a: Saved, b: Saved): boolean => {
  const [since, other] = [a.since ?? 0, b.since ?? 0];
  // A strict order, or two tabs could each find the other's older and post their own for ever.
  return since > other || (since === other && (a.cid ?? '') > (b.cid ?? ''));
};

/** Makes the store for one widget. With `mode: 'none'` (or no usable storage) it lives in memory only. */
export function createChatStore(options: StoreOptions): ChatStore {
  const maxAgeMs = options.maxAgeMs ?? DEFAULT_MAX_AGE_MS;
  const maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
  const now = options.now ?? Date.now;
  const key = storageKey(options.endpoint, options.businessId, options.userId);
  let storage = pickStorage(options.mode);
  /** The record as last read or written, so a tab that starts listening parses it again only if it changed. */
  let raw = read();
  let memory: Saved = parseSaved(raw, now(), maxAgeMs) ?? { v: VERSION, savedAt: now(), entries: [] };
  /** The entries last saved or restored: another tab's copy of one is not parsed again. */
  let lastSaved: readonly Entry[] = [];
  /** Where writes are posted for the other tabs, while watching. */
  let channel: BroadcastChannel | undefined;

  function read(): string | null {
    writeDue();
    try {
      return storage?.getItem(key) ?? null;
    } catch {
      return null;
    }
  }

  /** The record changed: memory now, storage and the other tabs once this task's changes are all in. */
  function write(): void {
    memory = { ...memory, savedAt: now(), entries: memory.entries.slice(-maxEntries) };
    if (due.has(flush)) return;
    due.add(flush);
    queueMicrotask(flush);
  }

  function flush(): void {
    if (!due.delete(flush) || (!storage && !channel)) return;
    try {
      // The other tabs get the record as text: a string is copied whole, while the record as an object
      // was cloned entry by entry (with 200 entries, about 3 ms of an exchange's 13 on a slow machine).
      const text = recordText(memory);
      channel?.postMessage(text);
      raw = text;
      storage?.setItem(key, text);
    } catch {
      keepWhatFits();
    }
  }

  /**
   * Storage is full: the newest entries that fit are kept (half as many at each try), so a reload finds
   * this record and never an older one (a conversation cleared since, say). If not even the record without
   * entries can be written (storage revoked), none is left, and this page goes on in memory only.
   */
  function keepWhatFits(): void {
    for (let count = memory.entries.length >> 1; ; count >>= 1) {
      try {
        raw = recordText({ ...memory, entries: memory.entries.slice(memory.entries.length - count) });
        storage?.setItem(key, raw);
        return;
      } catch {
        if (!count) break;
      }
    }
    try {
      storage?.removeItem(key);
    } catch {
      // Nothing more to do.
    }
    storage = undefined;
  }

  function restoreAll(entries: readonly unknown[]): Entry[] {
    const known = new Map(lastSaved.map((entry) => [entry.id, entry]));
    // A record no tab of ours would write (more than it keeps) is read only as far as it would be kept,
    // and an id it repeats only once: the conversation holds each entry once, and changes the one it finds.
    const ids = new Set<string>();
    const restored = entries
      .slice(-maxEntries)
      .map((entry) => restore(entry, known))
      .filter((e): e is Entry => !!e && !ids.has(e.id) && !!ids.add(e.id));
    lastSaved = restored;
    return restored;
  }

  /**
   * Another tab's record: the same conversation to merge, or a new one (cleared there) to take whole. An
   * older one (a tab that wrote before it heard of a clear()) is not taken: ours is posted again instead.
   */
  function receive(saved: Saved | undefined, listener: TabListener): void {
    if (!saved) return;
    const reset = saved.cid !== memory.cid;
    if (reset && !later(saved, memory)) {
      write();
      return;
    }
    memory = reset
      ? saved
      : { ...memory, authId: memory.authId ?? saved.authId, eventId: memory.eventId ?? saved.eventId };
    listener(restoreAll(saved.entries), reset);
  }

  return {
    anonymousId() {
      if (!memory.authId) {
        memory = { ...memory, authId: `anon-${crypto.randomUUID()}` };
        write();
      }
      return memory.authId as string;
    },
    eventId: () => memory.eventId,
    setEventId(id) {
      if (id === memory.eventId || !EVENT_ID.test(id)) return;
      memory = { ...memory, eventId: id };
      write();
    },
    load() {
      const entries = restoreAll(memory.entries);
      // What could not be restored is dropped from storage too, so it is not read again on every load.
      if (entries.length !== memory.entries.length) {
        memory = { ...memory, entries: entries.map(toStored) };
        write();
      }
      return entries;
    },
    save(entries) {
      lastSaved = entries;
      // The newest entries that may be kept, found from the end: the cost does not grow with the transcript.
      const kept: StoredEntry[] = [];
      for (let i = entries.length - 1; i >= 0 && kept.length < maxEntries; i -= 1) {
        if (fitsStorage(entries[i]!)) kept.push(toStored(entries[i]!));
      }
      memory = { ...memory, entries: kept.reverse() };
      write();
    },
    clear() {
      lastSaved = [];
      // The last agent event seen stays: a signed-in user keeps their id, and the proxy's stream must not
      // send the ended conversation's events again (a new anonymous id has none, whatever is asked).
      const { eventId } = memory;
      const at = now();
      memory = {
        v: VERSION,
        savedAt: at,
        cid: crypto.randomUUID(),
        // Later than the conversation it ends, whatever the clock said then (set back since, or forged).
        since: Math.max(at, (memory.since ?? 0) + 1),
        ...(eventId ? { eventId } : {}),
        entries: [],
      };
      write();
    },
    forget() {
      writeDue();
      try {
        storage?.removeItem(key);
      } catch {
        // Nothing more to do.
      }
      storage = undefined;
    },
    watch(listener, asked) {
      // Session storage is each tab's own, and memory is this page's: only `local` is shared.
      if (options.mode !== 'local' || typeof window === 'undefined') return () => undefined;
      // Whatever another tab wrote while this one was not listening.
      const current = read();
      const stored = current === raw ? undefined : parseSaved(current, now(), maxAgeMs);
      if (stored && (stored.savedAt > memory.savedAt || stored.cid !== memory.cid)) receive(stored, listener);
      if (typeof BroadcastChannel === 'function') {
        const own = new BroadcastChannel(CHANNEL + key);
        // As text; the record itself, which builds before any release posted, is read too.
        own.onmessage = ({ data }: MessageEvent<unknown>) => {
          if (data === ASK) asked?.();
          else
            receive(
              typeof data === 'string'
                ? parseSaved(data, now(), maxAgeMs)
                : checkSaved(data, now(), maxAgeMs),
              listener,
            );
        };
        own.postMessage(ASK);
        channel = own;
        return () => {
          // What this task changed still reaches the other tabs (the element may be leaving the page).
          if (due.has(flush)) flush();
          own.close();
          if (channel === own) channel = undefined;
        };
      }
      const onStorage = (event: StorageEvent) => {
        if (event.key === key && event.storageArea === storage) {
          receive(parseSaved(event.newValue, now(), maxAgeMs), listener);
        }
      };
      window.addEventListener('storage', onStorage);
      return () => window.removeEventListener('storage', onStorage);
    },
  };
}
