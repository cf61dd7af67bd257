/**
 * One conversation's events, as plain data and rules: redeliveries dropped, deliveries held for the
 * reorder window and committed in Haptik's message-id order, numbered, bounded by count and age. The
 * in-memory store keeps one per conversation; the Durable Object keeps one and writes its changes to
 * storage. The Redis store follows the same rules in Lua (redis.ts), and one test suite checks all three.
 */
import type { AgentEventName } from '../../src/wire.js';
import {
  REORDER_CAP_FACTOR,
  newEpoch,
  seenCap,
  type AppendResult,
  type Cursor,
  type EventBounds,
  type IncomingEvent,
} from './store.js';

/** A committed event. `at` is when it was committed (ms). */
export interface LoggedEvent {
  seq: number;
  name: AgentEventName;
  data: string;
  at: number;
}

/** A delivery waiting for the reorder window to close. `at` is when it arrived. */
export interface PendingEvent extends IncomingEvent {
  at: number;
}

/** The queue's own numbers, stored beside its events. */
export interface QueueMeta {
  epoch: string;
  /** The last sequence number given out. */
  seq: number;
  /** The last committed event's name: two completions in a row are one. */
  last?: AgentEventName | undefined;
  /** When the oldest waiting delivery arrived. */
  firstPendingAt?: number | undefined;
  /** When the waiting deliveries are to be committed. */
  dueAt?: number | undefined;
}

/** What one operation changed, for a store that writes it somewhere (the Durable Object). */
export interface QueueChanges {
  putEvents: LoggedEvent[];
  deleteEvents: number[];
  putPending: PendingEvent[];
  deletePending: string[];
  putSeen: [key: string, at: number][];
  deleteSeen: string[];
}

const noChanges = (): QueueChanges => ({
  putEvents: [],
  deleteEvents: [],
  putPending: [],
  deletePending: [],
  putSeen: [],
  deleteSeen: [],
});

/** Haptik's order, and the key for ties (only deliveries without a message id tie). */
const inOrder = (a: PendingEvent, b: PendingEvent): number =>
  a.order - b.order || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

export interface QueueSnapshot {
  meta: QueueMeta;
  events: LoggedEvent[];
  pending: PendingEvent[];
  seen: [key: string, at: number][];
}

export class ConversationQueue {
  private meta: QueueMeta;
  private readonly log: LoggedEvent[];
  private pending: PendingEvent[];
  /** Redelivery keys and when they were first seen, oldest first. */
  private readonly seen: Map<string, number>;
  private changes: QueueChanges | undefined;

  constructor(
    private readonly bounds: EventBounds,
    options: { snapshot?: QueueSnapshot; trackChanges?: boolean } = {},
  ) {
    const { snapshot } = options;
    this.meta = snapshot ? { ...snapshot.meta } : { epoch: newEpoch(), seq: 0 };
    this.log = snapshot ? [...snapshot.events].sort((a, b) => a.seq - b.seq) : [];
    this.pending = snapshot ? [...snapshot.pending].sort(inOrder) : [];
    this.seen = new Map(snapshot ? [...snapshot.seen].sort((a, b) => a[1] - b[1]) : []);
    if (options.trackChanges) this.changes = noChanges();
  }

  get epoch(): string {
    return this.meta.epoch;
  }

  /** When the waiting deliveries are due, if any wait. */
  get dueAt(): number | undefined {
    return this.pending.length ? this.meta.dueAt : undefined;
  }

  /** The numbers to store beside the events. */
  get state(): Readonly<QueueMeta> {
    return this.meta;
  }

  /** What changed since the last call (only with `trackChanges`). */
  takeChanges(): QueueChanges {
    const changes = this.changes ?? noChanges();
    if (this.changes) this.changes = noChanges();
    return changes;
  }

  /** Takes a delivery. Returns what became of it and the events it let commit (none while it waits). */
  append(event: IncomingEvent, now: number): { result: AppendResult; committed: LoggedEvent[] } {
    this.forget(now);
    if (this.seen.has(event.key)) return { result: 'duplicate', committed: [] };
    this.seen.set(event.key, now);
    this.changes?.putSeen.push([event.key, now]);
    const cap = seenCap(this.bounds);
    for (const key of this.seen.keys()) {
      if (this.seen.size <= cap) break;
      this.seen.delete(key);
      this.changes?.deleteSeen.push(key);
    }

    const pending: PendingEvent = { ...event, at: now };
    const index = this.pending.findIndex((other) => inOrder(pending, other) < 0);
    this.pending.splice(index === -1 ? this.pending.length : index, 0, pending);
    this.changes?.putPending.push(pending);
    const { reorderMs, maxEvents } = this.bounds;
    const first = this.meta.firstPendingAt ?? now;
    this.meta.firstPendingAt = first;
    this.meta.dueAt = Math.min(first + reorderMs * REORDER_CAP_FACTOR, now + reorderMs);
    const force = reorderMs === 0 || this.pending.length >= maxEvents;
    return { result: 'stored', committed: this.commit(now, force) };
  }

  /** Commits the waiting deliveries in order once they are due (or at once, forced). */
  commit(now: number, force = false): LoggedEvent[] {
    if (this.pending.length === 0) return [];
    if (!force && now < (this.meta.dueAt ?? 0)) return [];
    const committed: LoggedEvent[] = [];
    for (const event of this.pending) {
      this.changes?.deletePending.push(event.key);
      if (event.name === 'conversation_complete' && this.meta.last === 'conversation_complete') continue;
      this.meta.seq += 1;
      this.meta.last = event.name;
      committed.push({ seq: this.meta.seq, name: event.name, data: event.data, at: now });
    }
    this.pending = [];
    this.meta.firstPendingAt = undefined;
    this.meta.dueAt = undefined;
    this.log.push(...committed);
    this.changes?.putEvents.push(...committed);
    this.trim(now);
    return committed;
  }

  /** The committed events after `after` (all of them when it names another epoch), oldest first. */
  read(after: Cursor | null, now: number, limit: number): LoggedEvent[] {
    const from = after && after.epoch === this.meta.epoch ? after.seq : 0;
    const first = this.log[0]?.seq ?? 1;
    const start = Math.max(0, from - first + 1);
    const oldest = now - this.bounds.maxAgeMs;
    return this.log.slice(start, start + limit).filter((event) => event.at > oldest);
  }

  /** True when nothing is kept any more: no events, none waiting, no redelivery to recognise. */
  isEmpty(now: number): boolean {
    this.forget(now);
    this.trim(now);
    return this.log.length === 0 && this.pending.length === 0 && this.seen.size === 0;
  }

  private trim(now: number): void {
    const oldest = now - this.bounds.maxAgeMs;
    let drop = 0;
    while (
      drop < this.log.length &&
      (this.log.length - drop > this.bounds.maxEvents || this.log[drop]!.at <= oldest)
    ) {
      drop += 1;
    }
    if (drop === 0) return;
    const dropped = this.log.splice(0, drop);
    this.changes?.deleteEvents.push(...dropped.map((event) => event.seq));
  }

  /** Drops redelivery keys older than the age bound. */
  private forget(now: number): void {
    const oldest = now - this.bounds.maxAgeMs;
    for (const [key, at] of this.seen) {
      if (at > oldest) break;
      this.seen.delete(key);
      this.changes?.deleteSeen.push(key);
    }
  }
}
