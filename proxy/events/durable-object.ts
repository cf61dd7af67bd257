/**
 * Cloudflare Workers: one Durable Object per conversation holds its events and its open streams. The
 * rules are queue.ts's; every change is written to the object's storage before it answers, and its
 * alarm closes the reorder window and later clears a conversation that has gone quiet. The Worker
 * checks signatures and callers, then hands deliveries and streams to the conversation's object.
 */
import { agentsFromEnv, type AgentsConfig, type Env } from '../config.js';
import type { AgentBackend } from '../agents.js';
import { ProxyError, errorResponse } from '../responses.js';
import { createStreamHub, type EventFeed, type OpenStream, type StreamHub } from '../stream.js';
import { LAST_EVENT_ID_HEADER, type ProxyErrorBody } from '../../src/wire.js';
import { ConversationQueue, type LoggedEvent, type PendingEvent, type QueueMeta } from './queue.js';
import {
  DEFAULT_EVENT_BOUNDS,
  READ_LIMIT,
  formatEventId,
  parseEventId,
  type AppendResult,
  type IncomingEvent,
} from './store.js';

/** The parts of Cloudflare's Durable Object API used here (workers-types is not a dependency). */
export interface DurableObjectStorage {
  list<T = unknown>(options?: { prefix?: string }): Promise<Map<string, T>>;
  put(entries: Record<string, unknown>): Promise<void>;
  delete(keys: string[]): Promise<number>;
  deleteAll(): Promise<void>;
  setAlarm(scheduledTime: number): Promise<void>;
}

export interface DurableObjectState {
  storage: DurableObjectStorage;
  blockConcurrencyWhile<T>(callback: () => Promise<T>): Promise<T>;
}

export interface DurableObjectStub {
  fetch(input: string, init?: RequestInit): Promise<Response>;
}

export interface DurableObjectNamespace {
  idFromName(name: string): unknown;
  get(id: unknown): DurableObjectStub;
}

export const isDurableObjectNamespace = (value: unknown): value is DurableObjectNamespace =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as DurableObjectNamespace).idFromName === 'function' &&
  typeof (value as DurableObjectNamespace).get === 'function';

/** The binding's name in wrangler.toml. */
export const CONVERSATIONS_BINDING = 'HAPTIK_CONVERSATIONS';

/** Storage takes at most 128 keys per call. */
const BATCH = 128;
const seqKey = (seq: number): string => `e:${String(seq).padStart(15, '0')}`;

function stringsOf(env: Readonly<Record<string, unknown>>): Env {
  const strings: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (typeof value === 'string') strings[name] = value;
  return strings;
}

/** The Durable Object class; export it from the Worker's entry under the name wrangler.toml gives. */
export class HaptikConversation {
  private queue!: ConversationQueue;
  private readonly settings: AgentsConfig | undefined;
  private readonly hub: StreamHub;
  private readonly watchers = new Set<() => void>();
  private readonly feed: EventFeed;

  constructor(
    private readonly state: DurableObjectState,
    env: Readonly<Record<string, unknown>>,
  ) {
    // The Worker refuses to run with a broken configuration, so this parse does not fail in practice.
    this.settings = agentsFromEnv(stringsOf(env));
    this.hub = createStreamHub(this.settings?.streams);
    this.feed = {
      read: async (_conversation, after, limit = READ_LIMIT) => {
        const cursor = after === null ? null : (parseEventId(after) ?? null);
        const { epoch } = this.queue;
        return this.queue.read(cursor, Date.now(), limit).map((event) => ({
          id: formatEventId(epoch, event.seq),
          name: event.name,
          data: event.data,
        }));
      },
      watch: async (_conversation, wake) => {
        this.watchers.add(wake);
        return () => this.watchers.delete(wake);
      },
    };
    void state.blockConcurrencyWhile(async () => {
      this.queue = await this.load();
    });
  }

  async fetch(request: Request): Promise<Response> {
    if (!this.settings)
      return errorResponse(500, 'misconfigured', 'The chat service is not set up correctly.');
    const { pathname } = new URL(request.url);
    try {
      if (pathname === '/deliver' && request.method === 'POST') {
        const result = await this.deliver((await request.json()) as IncomingEvent);
        return Response.json({ result });
      }
      if (pathname === '/events') {
        return await this.hub.open(this.feed, {
          conversation: 'this',
          after: request.headers.get(LAST_EVENT_ID_HEADER),
        });
      }
      return errorResponse(404, 'not_found', 'Nothing here.');
    } catch (problem) {
      return problem instanceof ProxyError
        ? problem.toResponse()
        : errorResponse(500, 'internal_error', 'Something went wrong.');
    }
  }

  /** Commits what is due; clears a conversation that has kept nothing for `maxAgeMs`. */
  async alarm(): Promise<void> {
    const now = Date.now();
    const committed = this.queue.commit(now);
    if (this.queue.dueAt === undefined && this.queue.isEmpty(now) && this.watchers.size === 0) {
      await this.state.storage.deleteAll();
      this.queue = new ConversationQueue(this.settings?.events ?? DEFAULT_EVENT_BOUNDS, {
        trackChanges: true,
      });
      return;
    }
    await this.persist();
    this.wake(committed);
    await this.scheduleAlarm(now);
  }

  private async deliver(event: IncomingEvent): Promise<AppendResult> {
    const now = Date.now();
    const { result, committed } = this.queue.append(event, now);
    if (result === 'duplicate') return result;
    await this.persist();
    this.wake(committed);
    await this.scheduleAlarm(now);
    return result;
  }

  private wake(committed: LoggedEvent[]): void {
    if (committed.length) for (const watcher of this.watchers) watcher();
  }

  /** The reorder window's end while deliveries wait; otherwise when everything kept has aged out. */
  private scheduleAlarm(now: number): Promise<void> {
    const maxAgeMs = (this.settings?.events ?? DEFAULT_EVENT_BOUNDS).maxAgeMs;
    return this.state.storage.setAlarm(this.queue.dueAt ?? now + maxAgeMs);
  }

  private async load(): Promise<ConversationQueue> {
    const bounds = this.settings?.events ?? DEFAULT_EVENT_BOUNDS;
    const stored = await this.state.storage.list();
    const meta = stored.get('meta') as QueueMeta | undefined;
    if (!meta) return new ConversationQueue(bounds, { trackChanges: true });
    const events: LoggedEvent[] = [];
    const pending: PendingEvent[] = [];
    const seen: [string, number][] = [];
    for (const [key, value] of stored) {
      if (key.startsWith('e:')) events.push(value as LoggedEvent);
      else if (key.startsWith('p:')) pending.push(value as PendingEvent);
      else if (key.startsWith('k:')) seen.push([key.slice(2), value as number]);
    }
    return new ConversationQueue(bounds, { snapshot: { meta, events, pending, seen }, trackChanges: true });
  }

  /** Writes what the last operation changed, before the object answers. */
  private async persist(): Promise<void> {
    const changes = this.queue.takeChanges();
    const puts = new Map<string, unknown>([['meta', { ...this.queue.state }]]);
    const deletes = new Set<string>();
    // Seen keys are forgotten before new ones are added, so a put wins; events and waiting
    // deliveries are added before they are committed or trimmed, so a delete wins.
    for (const key of changes.deleteSeen) deletes.add(`k:${key}`);
    for (const [key, at] of changes.putSeen) {
      deletes.delete(`k:${key}`);
      puts.set(`k:${key}`, at);
    }
    for (const event of changes.putEvents) puts.set(seqKey(event.seq), event);
    for (const event of changes.putPending) puts.set(`p:${event.key}`, event);
    for (const seq of changes.deleteEvents) deletes.add(seqKey(seq));
    for (const key of changes.deletePending) deletes.add(`p:${key}`);
    for (const key of deletes) puts.delete(key);

    const entries = [...puts];
    for (let start = 0; start < entries.length; start += BATCH) {
      await this.state.storage.put(Object.fromEntries(entries.slice(start, start + BATCH)));
    }
    const keys = [...deletes];
    for (let start = 0; start < keys.length; start += BATCH) {
      await this.state.storage.delete(keys.slice(start, start + BATCH));
    }
  }
}

/** The Worker's side: each conversation's deliveries and streams go to its own object. */
export function durableObjectBackend(namespace: DurableObjectNamespace): AgentBackend {
  const stubOf = (conversation: string) => namespace.get(namespace.idFromName(conversation));
  return {
    async deliver(conversation, event) {
      const response = await stubOf(conversation).fetch('https://conversation/deliver', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(event),
      });
      if (!response.ok) throw new Error(`the conversation object answered ${response.status}`);
      return ((await response.json()) as { result: AppendResult }).result;
    },
    async stream(request: OpenStream) {
      const headers: Record<string, string> = {};
      if (request.after !== null) headers[LAST_EVENT_ID_HEADER] = request.after;
      let response: Response;
      try {
        response = await stubOf(request.conversation).fetch('https://conversation/events', { headers });
      } catch {
        throw new ProxyError(
          503,
          'store_unavailable',
          'Agent messages are unavailable right now; try again.',
        );
      }
      if (!response.ok) {
        // The object's refusal (429 too_many_streams), in the one error shape, raised here again.
        const payload = (await response.json().catch(() => undefined)) as ProxyErrorBody | undefined;
        const retryAfter = response.headers.get('retry-after');
        throw new ProxyError(
          response.status,
          payload?.error?.code ?? 'store_unavailable',
          payload?.error?.message ?? 'Agent messages are unavailable right now; try again.',
          retryAfter ? { 'retry-after': retryAfter } : undefined,
        );
      }
      // A response from another object is immutable: a copy takes the caller's headers (CORS).
      return new Response(response.body, response);
    },
    async close() {
      // The objects hold their own streams; a Worker has nothing to release.
    },
  };
}
