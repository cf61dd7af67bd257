/**
 * The event stream a widget reads: Server-Sent Events over a web-standard Response. A hub holds every
 * stream one process (or one Durable Object) serves: it caps them per conversation and per client
 * address, writes the heartbeats, ends idle and old streams, and ends them all on shutdown.
 */
import type { EventId, StreamEndData } from '../src/wire.js';
import type { EventStore, StoredEvent } from './events/store.js';
import { ProxyError } from './responses.js';

/** What a stream reads from: a store's read and watch. */
export type EventFeed = Pick<EventStore, 'read' | 'watch'>;

export interface StreamLimits {
  /** A comment line this often keeps intermediaries from closing a quiet stream (default 20 s). */
  heartbeatMs: number;
  /** A stream with no event for this long is ended (default 10 min); the widget reconnects when it wants. */
  idleMs: number;
  /** A stream is ended this long after it opened (default 30 min), so none outlives its identity token. */
  maxDurationMs: number;
  /** Open streams per conversation (default 5: a few tabs). */
  maxPerConversation: number;
  /** Open streams per client address (default 20), in this process. */
  maxPerAddress: number;
}

export const DEFAULT_STREAM_LIMITS: StreamLimits = {
  heartbeatMs: 20_000,
  idleMs: 10 * 60_000,
  maxDurationMs: 30 * 60_000,
  maxPerConversation: 5,
  maxPerAddress: 20,
};

export interface OpenStream {
  conversation: string;
  /** Where to start: the last event id the client saw, or null for everything stored. */
  after: EventId | null;
  /** The client's address key, for the per-address cap; none is known on some platforms. */
  address?: string | undefined;
}

export interface StreamHub {
  /**
   * Opens a stream: refuses with a ProxyError (429 `too_many_streams`, 503 `store_unavailable`) before
   * anything is sent, else answers 200 with the stored events after `after`, then live ones.
   */
  open(feed: EventFeed, request: OpenStream): Promise<Response>;
  /** Streams open now. */
  readonly size: number;
  /** Ends every stream with `stream_end` (`shutdown`) and stops the heartbeat. */
  close(): void;
}

export const SSE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/event-stream; charset=utf-8',
  // no-transform: a compressing intermediary would hold events back to fill its buffer.
  'cache-control': 'no-store, no-transform',
  'x-content-type-options': 'nosniff',
  // nginx buffers responses unless told not to.
  'x-accel-buffering': 'no',
};

const encoder = new TextEncoder();
const HEARTBEAT = encoder.encode(':\n\n');
/** The first bytes, so every intermediary passes the headers and the stream on at once. */
const OPENING = encoder.encode(': haptik-chat events\n\n');

/** One event in SSE framing. `data` is JSON text, which never holds a raw line break. */
export const frameText = (event: StoredEvent): string =>
  `id: ${event.id}\nevent: ${event.name}\ndata: ${event.data}\n\n`;

const endFrame = (reason: StreamEndData['reason']): Uint8Array =>
  encoder.encode(`event: stream_end\ndata: ${JSON.stringify({ reason } satisfies StreamEndData)}\n\n`);

interface Live {
  openedAt: number;
  lastEventAt: number;
  heartbeat(): void;
  end(reason: StreamEndData['reason']): void;
}

/** Counts per key, dropping keys that reach zero. */
class Counter {
  private readonly counts = new Map<string, number>();
  get(key: string): number {
    return this.counts.get(key) ?? 0;
  }
  add(key: string, by: number): void {
    const count = this.get(key) + by;
    if (count > 0) this.counts.set(key, count);
    else this.counts.delete(key);
  }
}

/** Failed store reads in a row (about 16 s of backing off) before a stream gives up. */
const MAX_READ_FAILURES = 6;

const tooMany = (message: string) =>
  new ProxyError(429, 'too_many_streams', message, { 'retry-after': '30' });

export function createStreamHub(limits: StreamLimits = DEFAULT_STREAM_LIMITS): StreamHub {
  const streams = new Set<Live>();
  const perConversation = new Counter();
  const perAddress = new Counter();
  let ticker: ReturnType<typeof setInterval> | undefined;

  const tick = (): void => {
    const time = Date.now();
    for (const stream of streams) {
      if (time - stream.openedAt >= limits.maxDurationMs) stream.end('max_duration');
      else if (time - stream.lastEventAt >= limits.idleMs) stream.end('idle');
      else stream.heartbeat();
    }
  };

  const register = (stream: Live): void => {
    streams.add(stream);
    if (!ticker) {
      ticker = setInterval(tick, limits.heartbeatMs);
      (ticker as { unref?: () => void }).unref?.();
    }
  };

  const unregister = (stream: Live): void => {
    streams.delete(stream);
    if (streams.size === 0 && ticker) {
      clearInterval(ticker);
      ticker = undefined;
    }
  };

  async function open(feed: EventFeed, request: OpenStream): Promise<Response> {
    const { conversation, address } = request;
    if (perConversation.get(conversation) >= limits.maxPerConversation) {
      throw tooMany('This chat already has as many event streams open as allowed.');
    }
    if (address !== undefined && perAddress.get(address) >= limits.maxPerAddress) {
      throw tooMany('This address already has as many event streams open as allowed.');
    }
    // Counted before the first await, so simultaneous opens cannot all pass the check.
    perConversation.add(conversation, 1);
    if (address !== undefined) perAddress.add(address, 1);
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      perConversation.add(conversation, -1);
      if (address !== undefined) perAddress.add(address, -1);
    };

    // Set on every wake; a reader that found nothing waits for the next one unless it came meanwhile.
    let woken = false;
    let waiter: (() => void) | undefined;
    const wake = (): void => {
      woken = true;
      waiter?.();
    };
    let unwatch: () => void = () => undefined;
    let cursor = request.after;
    let backlog: StoredEvent[];
    try {
      // Watch first, then read: an event committed in between is read, or wakes the stream.
      unwatch = await feed.watch(conversation, wake);
      backlog = await feed.read(conversation, cursor);
    } catch (problem) {
      unwatch();
      release();
      if (problem instanceof ProxyError) throw problem;
      throw new ProxyError(503, 'store_unavailable', 'Agent messages are unavailable right now; try again.');
    }

    let closed = false;
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    /** Waits for a wake, the end of the stream, or `ms`. */
    const pause = (ms?: number): Promise<void> =>
      new Promise<void>((resolve) => {
        const timer = ms === undefined ? undefined : setTimeout(() => waiter?.(), ms);
        waiter = () => {
          clearTimeout(timer);
          waiter = undefined;
          resolve();
        };
      });
    const finish = (): void => {
      closed = true;
      waiter?.();
      unwatch();
      release();
      unregister(live);
    };
    /** One chunk per batch: the frames of every event read, and the cursor moved past them. */
    const send = (events: StoredEvent[]): void => {
      let text = '';
      for (const event of events) text += frameText(event);
      controller.enqueue(encoder.encode(text));
      cursor = events.at(-1)!.id;
      live.lastEventAt = Date.now();
    };
    const live: Live = {
      openedAt: Date.now(),
      lastEventAt: Date.now(),
      heartbeat: () => {
        if (!closed) controller.enqueue(HEARTBEAT);
      },
      end(reason) {
        if (closed) return;
        controller.enqueue(endFrame(reason));
        controller.close();
        finish();
      },
    };

    const body = new ReadableStream<Uint8Array>({
      start(streamController) {
        controller = streamController;
        controller.enqueue(OPENING);
        if (backlog.length) send(backlog);
      },
      /**
       * Called when the client has taken what was sent: reads the store for more, or waits for a
       * wake. Events wait in the store, not here, so a slow client costs nothing but its cursor.
       */
      async pull() {
        let failures = 0;
        while (!closed) {
          woken = false;
          let events: StoredEvent[];
          try {
            events = await feed.read(conversation, cursor);
            failures = 0;
          } catch {
            // A store that fails (Redis restarting) is tried again, sooner if it wakes the stream;
            // one that stays down ends the stream without `stream_end`, so the client reconnects.
            failures += 1;
            if (failures > MAX_READ_FAILURES) {
              if (!closed) {
                controller.close();
                finish();
              }
              return;
            }
            await pause(Math.min(200 * 2 ** failures, 5000));
            continue;
          }
          if (closed) return;
          if (events.length) {
            send(events);
            return;
          }
          if (!woken) await pause();
        }
      },
      cancel() {
        if (!closed) finish();
      },
    });
    register(live);
    return new Response(body, { status: 200, headers: SSE_HEADERS });
  }

  return {
    open,
    get size() {
      return streams.size;
    },
    close() {
      for (const stream of streams) stream.end('shutdown');
      if (ticker) clearInterval(ticker);
      ticker = undefined;
    },
  };
}
