/**
 * The in-memory event store: the default for `npm start` and any single server. Events live as long as
 * the process; watchers are called directly. A timer per conversation closes its reorder window.
 */
import { ConversationQueue } from './queue.js';
import {
  DEFAULT_EVENT_BOUNDS,
  READ_LIMIT,
  formatEventId,
  parseEventId,
  type EventBounds,
  type EventStore,
  type StoredEvent,
} from './store.js';

export interface MemoryEventStoreOptions {
  bounds?: EventBounds;
  /** Milliseconds; injectable for tests. */
  now?: () => number;
}

interface Conversation {
  queue: ConversationQueue;
  watchers: Set<() => void>;
  timer?: ReturnType<typeof setTimeout> | undefined;
}

/** How often conversations with nothing left to keep are dropped. */
const SWEEP_MS = 60_000;

/** Timers that must not keep a process alive by themselves (Node); elsewhere a no-op. */
const unref = (timer: unknown): void => (timer as { unref?: () => void }).unref?.();

export function createMemoryEventStore(options: MemoryEventStoreOptions = {}): EventStore {
  const bounds = options.bounds ?? DEFAULT_EVENT_BOUNDS;
  const now = options.now ?? (() => Date.now());
  const conversations = new Map<string, Conversation>();

  const conversationOf = (key: string): Conversation => {
    let conversation = conversations.get(key);
    if (!conversation) {
      conversation = { queue: new ConversationQueue(bounds), watchers: new Set() };
      conversations.set(key, conversation);
    }
    return conversation;
  };

  const wake = (conversation: Conversation): void => {
    for (const watcher of conversation.watchers) watcher();
  };

  const commitWhenDue = (conversation: Conversation): void => {
    clearTimeout(conversation.timer);
    conversation.timer = undefined;
    const due = conversation.queue.dueAt;
    if (due === undefined) return;
    conversation.timer = setTimeout(
      () => {
        conversation.timer = undefined;
        if (conversation.queue.commit(now()).length) wake(conversation);
        commitWhenDue(conversation);
      },
      Math.max(0, due - now()),
    );
  };

  const sweep = setInterval(() => {
    const time = now();
    for (const [key, conversation] of conversations) {
      if (conversation.watchers.size === 0 && conversation.queue.isEmpty(time)) conversations.delete(key);
    }
  }, SWEEP_MS);
  unref(sweep);

  return {
    async append(key, event) {
      const conversation = conversationOf(key);
      const { result, committed } = conversation.queue.append(event, now());
      if (committed.length) wake(conversation);
      commitWhenDue(conversation);
      return result;
    },

    async read(key, after, limit = READ_LIMIT) {
      const conversation = conversations.get(key);
      if (!conversation) return [];
      const cursor = after === null ? null : (parseEventId(after) ?? null);
      const { epoch } = conversation.queue;
      return conversation.queue.read(cursor, now(), limit).map((event): StoredEvent => ({
        id: formatEventId(epoch, event.seq),
        name: event.name,
        data: event.data,
      }));
    },

    async watch(key, watcher) {
      const conversation = conversationOf(key);
      conversation.watchers.add(watcher);
      return () => conversation.watchers.delete(watcher);
    },

    async close() {
      clearInterval(sweep);
      for (const conversation of conversations.values()) clearTimeout(conversation.timer);
    },
  };
}
