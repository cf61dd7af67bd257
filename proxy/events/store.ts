/**
 * Where agent events wait for their browser: the interface every store implements (in memory, Redis,
 * a Durable Object), its bounds, and the event ids the stream sends.
 */
import { EVENT_ID, type AgentEventName, type EventId } from '../../src/wire.js';
import type { IncomingEvent } from '../webhook.js';

export type { IncomingEvent };

/** An event as a stream sends it. */
export interface StoredEvent {
  id: EventId;
  name: AgentEventName;
  /** The wire `data`, JSON text. */
  data: string;
}

export type AppendResult = 'stored' | 'duplicate';

/** The limits on what one conversation keeps, and how long deliveries wait to be put in order. */
export interface EventBounds {
  /** Events kept per conversation; the oldest go first (default 500). */
  maxEvents: number;
  /** How long an event is kept, in ms (default 24 h). */
  maxAgeMs: number;
  /**
   * The reorder window, in ms (default 250): a delivery waits until its conversation has had no other
   * for this long (at most {@link REORDER_CAP_FACTOR} times as long), then the waiting ones are
   * committed in Haptik's message-id order. 0 commits each delivery as it comes.
   */
  reorderMs: number;
}

export const DEFAULT_EVENT_BOUNDS: EventBounds = {
  maxEvents: 500,
  maxAgeMs: 24 * 60 * 60 * 1000,
  reorderMs: 250,
};

/** A steady trickle of deliveries cannot hold a conversation's events back longer than this many windows. */
export const REORDER_CAP_FACTOR = 8;

/** Redelivery keys are remembered for `maxAgeMs`, and at most this many per conversation. */
export const seenCap = (bounds: EventBounds): number => Math.max(1000, bounds.maxEvents * 2);

/** At most this many events per read; a stream reads again until it has caught up. */
export const READ_LIMIT = 100;

/**
 * Stores each conversation's events in commit order, numbered from 1 within an epoch, and tells
 * watchers when there are new ones. `conversation` is `<business_id>:<auth_id>`.
 */
export interface EventStore {
  /** Stores a verified delivery; resolves once it is as durable as the store gets. */
  append(conversation: string, event: IncomingEvent): Promise<AppendResult>;
  /** The committed events after `after` (an id from this store, or null for all), oldest first. */
  read(conversation: string, after: EventId | null, limit?: number): Promise<StoredEvent[]>;
  /** Calls `wake` whenever events may have been committed; resolves once watching, with the way to stop. */
  watch(conversation: string, wake: () => void): Promise<() => void>;
  /** Stops timers and connections the store owns. */
  close(): Promise<void>;
}

/** An event id's parts. */
export interface Cursor {
  epoch: string;
  seq: number;
}

export const formatEventId = (epoch: string, seq: number): EventId => `${epoch}-${seq}`;

/** Parses a `Last-Event-ID`; undefined when it is not one this proxy could have sent. */
export function parseEventId(id: string): Cursor | undefined {
  const match = EVENT_ID.exec(id);
  return match ? { epoch: match[1]!, seq: Number(match[2]) } : undefined;
}

/** A fresh epoch: the time in base 36 and a random tail, so two queues never share one. */
export function newEpoch(now = Date.now()): string {
  const random = crypto.getRandomValues(new Uint32Array(1))[0]!;
  return `${now.toString(36)}${random.toString(36).padStart(7, '0')}`;
}
