/**
 * Keeps a conversation between page loads: the anonymous id and the transcript, per endpoint and
 * business id, in a versioned record with an expiry and a cap. Storage that is missing, full or
 * corrupt falls back to memory; no storage error ever reaches the page.
 */
import type { Entry, TranscriptStore } from './conversation.js';

export type PersistMode = 'local' | 'session' | 'none';

const VERSION = 1;
export const DEFAULT_MAX_AGE_MS = 30 * 24 * 60 * 60 * 1000;
export const DEFAULT_MAX_ENTRIES = 200;

interface Saved {
  v: typeof VERSION;
  savedAt: number;
  authId?: string;
  entries: Entry[];
}

export interface ChatStore extends TranscriptStore {
  /** The anonymous id for this endpoint and business, made once and kept. */
  anonymousId(): string;
}

export interface StoreOptions {
  mode: PersistMode;
  endpoint: string;
  businessId: number;
  maxAgeMs?: number;
  maxEntries?: number;
  now?: () => number;
}

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

const isEntry = (value: unknown): value is Entry => {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Partial<Record<string, unknown>>;
  if (typeof entry['id'] !== 'string') return false;
  if (entry['role'] === 'user') return typeof entry['text'] === 'string' && typeof entry['body'] === 'string';
  return entry['role'] === 'bot' && typeof entry['message'] === 'object' && entry['message'] !== null;
};

function parseSaved(raw: string | null, now: number, maxAgeMs: number): Saved | undefined {
  if (!raw) return undefined;
  try {
    const saved = JSON.parse(raw) as Partial<Saved>;
    if (saved.v !== VERSION || typeof saved.savedAt !== 'number' || now - saved.savedAt > maxAgeMs)
      return undefined;
    const entries = Array.isArray(saved.entries) ? saved.entries.filter(isEntry) : [];
    return typeof saved.authId === 'string'
      ? { v: VERSION, savedAt: saved.savedAt, authId: saved.authId, entries }
      : { v: VERSION, savedAt: saved.savedAt, entries };
  } catch {
    return undefined;
  }
}

/** Makes the store for one widget. With `mode: 'none'` (or no usable storage) it lives in memory only. */
export function createChatStore(options: StoreOptions): ChatStore {
  const { mode, endpoint, businessId } = options;
  const maxAgeMs = options.maxAgeMs ?? DEFAULT_MAX_AGE_MS;
  const maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
  const now = options.now ?? Date.now;
  const key = `haptik-chat:${endpoint}:${businessId}`;
  let storage = pickStorage(mode);
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
    load: () => memory.entries,
    save(entries) {
      memory = { ...memory, entries: [...entries] };
      write();
    },
    /** A new conversation: the transcript goes, and so does the anonymous id, so the bot starts afresh. */
    clear() {
      memory = { v: VERSION, savedAt: now(), entries: [] };
      write();
    },
  };
}
