/**
 * Keeps a conversation between page loads: the anonymous id and the transcript, per endpoint,
 * business id and user, in a versioned record with an expiry and a cap. Bot messages are stored as
 * they arrived and parsed again on load, so nothing stored is trusted. Storage that is missing, full
 * or corrupt falls back to memory; no storage error ever reaches the page.
 */
import type { Entry, UserEntry, UserStatus } from './conversation.js';
import { parseAgent, parseMessage } from './hsl.js';

export type PersistMode = 'local' | 'session' | 'none';

const VERSION = 2;
export const DEFAULT_MAX_AGE_MS = 30 * 24 * 60 * 60 * 1000;
export const DEFAULT_MAX_ENTRIES = 200;
/**
 * A bot message larger than this (as JSON) is not kept: it is shown once, and a reload does not parse it
 * again. What is restored is parsed on every page load, so this bounds what a hostile reply can cost.
 */
export const MAX_STORED_MESSAGE_CHARS = 32 * 1024;

/** A bot message as stored: its body and agent as they arrived, and Haptik's message id (`mid`). */
type StoredEntry =
  UserEntry | { role: 'bot'; id: string; body: unknown; agent?: unknown; mid?: string | undefined };

interface Saved {
  v: typeof VERSION;
  savedAt: number;
  authId?: string;
  /** The last agent event seen on the proxy's event stream, to resume after it. */
  eventId?: string;
  entries: StoredEntry[];
}

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
function restore(value: unknown): Entry | undefined {
  try {
    return restoreEntry(value);
  } catch {
    return undefined;
  }
}

function restoreEntry(value: unknown): Entry | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const entry = value as Record<string, unknown>;
  const { id, role } = entry;
  if (typeof id !== 'string') return undefined;
  if (role === 'bot') {
    const mid = typeof entry['mid'] === 'string' ? entry['mid'] : undefined;
    const source = { body: entry['body'], agent: entry['agent'], id: mid };
    if (jsonSize(source) > MAX_STORED_MESSAGE_CHARS) return undefined;
    const agent = parseAgent(source.agent);
    const message = parseMessage(source.body, mid);
    return agent ? { role, id, message, agent, source } : { role, id, message, source };
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
    ...(entry['maybeDelivered'] === true ? { maybeDelivered: true } : {}),
  };
}

const toStored = (entry: Entry): StoredEntry =>
  entry.role === 'bot'
    ? { role: 'bot', id: entry.id, body: entry.source.body, agent: entry.source.agent, mid: entry.source.id }
    : entry;

function parseSaved(raw: string | null, now: number, maxAgeMs: number): Saved | undefined {
  if (!raw) return undefined;
  try {
    const saved = JSON.parse(raw) as Partial<Saved>;
    if (saved.v !== VERSION || typeof saved.savedAt !== 'number' || now - saved.savedAt > maxAgeMs) {
      return undefined;
    }
    const entries = Array.isArray(saved.entries) ? saved.entries : [];
    return {
      v: VERSION,
      savedAt: saved.savedAt,
      entries,
      ...(typeof saved.authId === 'string' ? { authId: saved.authId } : {}),
      ...(typeof saved.eventId === 'string' && saved.eventId.length <= 64 ? { eventId: saved.eventId } : {}),
    };
  } catch {
    return undefined;
  }
}

/** Makes the store for one widget. With `mode: 'none'` (or no usable storage) it lives in memory only. */
export function createChatStore(options: StoreOptions): ChatStore {
  const maxAgeMs = options.maxAgeMs ?? DEFAULT_MAX_AGE_MS;
  const maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
  const now = options.now ?? Date.now;
  const key = storageKey(options.endpoint, options.businessId, options.userId);
  let storage = pickStorage(options.mode);
  let memory: Saved = parseSaved(read(), now(), maxAgeMs) ?? { v: VERSION, savedAt: now(), entries: [] };

  function read(): string | null {
    try {
      return storage?.getItem(key) ?? null;
    } catch {
      return null;
    }
  }

  function write(): void {
    memory = { ...memory, savedAt: now(), entries: memory.entries.slice(-maxEntries) };
    if (!storage) return;
    try {
      storage.setItem(key, JSON.stringify(memory));
    } catch {
      // Full or revoked: keep going in memory for the rest of this page's life.
      storage = undefined;
    }
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
      if (id === memory.eventId || id.length > 64) return;
      memory = { ...memory, eventId: id };
      write();
    },
    load() {
      const entries = memory.entries.map(restore).filter((entry): entry is Entry => entry !== undefined);
      // What could not be restored is dropped from storage too, so it is not read again on every load.
      if (entries.length !== memory.entries.length) {
        memory = { ...memory, entries: entries.map(toStored) };
        write();
      }
      return entries;
    },
    save(entries) {
      // The newest entries that may be kept, found from the end: the cost does not grow with the transcript.
      const kept: StoredEntry[] = [];
      for (let i = entries.length - 1; i >= 0 && kept.length < maxEntries; i -= 1) {
        if (fitsStorage(entries[i]!)) kept.push(toStored(entries[i]!));
      }
      memory = { ...memory, entries: kept.reverse() };
      write();
    },
    clear() {
      memory = { v: VERSION, savedAt: now(), entries: [] };
      write();
    },
    forget() {
      try {
        storage?.removeItem(key);
      } catch {
        // Nothing more to do.
      }
      storage = undefined;
    },
  };
}
