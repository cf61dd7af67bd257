/**
 * The event stream's own rules, on the in-memory store: what it sends and in what framing, where it
 * resumes, heartbeats, the ends it gives idle, old, slow and shut-down streams, and its caps.
 */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, test } from 'node:test';
import { createMemoryEventStore } from '../../proxy/events/memory.js';
import type { EventStore, IncomingEvent } from '../../proxy/events/store.js';
import { ProxyError } from '../../proxy/responses.js';
import { DEFAULT_STREAM_LIMITS, createStreamHub, type StreamLimits } from '../../proxy/stream.js';
import { readSse } from './sse.js';

const CONVERSATION = '343:anon-1';
const message = (id: number): IncomingEvent => ({
  name: 'message',
  key: `m:${id}`,
  order: id,
  data: JSON.stringify({ message: [{ id }] }),
});
const idOf = (data: string) => (JSON.parse(data) as { message: { id: number }[] }).message[0]!.id;

function setup(limits: Partial<StreamLimits> = {}) {
  const store = createMemoryEventStore({ bounds: { maxEvents: 500, maxAgeMs: 60_000, reorderMs: 0 } });
  const hub = createStreamHub({ ...DEFAULT_STREAM_LIMITS, ...limits });
  const open = (after: string | null = null, address?: string, conversation = CONVERSATION) =>
    hub.open(store, { conversation, after, address });
  return { store, hub, open };
}

async function refusal(promise: Promise<unknown>): Promise<ProxyError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ProxyError);
    return error;
  }
  throw new Error('expected a refusal');
}

describe('the event stream', () => {
  test('answers text/event-stream, never cached, and sends stored events then live ones with ids', async () => {
    const { store, hub, open } = setup();
    await store.append(CONVERSATION, message(1));
    const response = await open();
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/event-stream; charset=utf-8');
    assert.match(response.headers.get('cache-control') ?? '', /no-store/);
    const sse = readSse(response);
    const first = await sse.next();
    assert.equal(first.event, 'message');
    assert.match(first.id ?? '', /^[0-9a-z]+-1$/);
    assert.equal(idOf(first.data), 1);
    await store.append(CONVERSATION, message(2));
    const second = await sse.next();
    assert.match(second.id ?? '', /-2$/);
    assert.equal(idOf(second.data), 2);
    assert.ok(sse.comments >= 1, 'an opening comment passes the headers on at once');
    hub.close();
    await store.close();
  });

  test('resumes after the last event id it is given, with nothing repeated', async () => {
    const { store, hub, open } = setup();
    for (const id of [1, 2, 3]) await store.append(CONVERSATION, message(id));
    const first = readSse(await open());
    const events = await first.take(3);
    await first.cancel();
    const resumed = readSse(await open(events[1]!.id!));
    assert.equal(idOf((await resumed.next()).data), 3);
    await store.append(CONVERSATION, message(4));
    assert.equal(idOf((await resumed.next()).data), 4);
    hub.close();
    await store.close();
  });

  test('sends a comment line as heartbeat while nothing happens', async () => {
    const { store, hub, open } = setup({ heartbeatMs: 30 });
    const sse = readSse(await open());
    while (sse.comments < 4) await sleep(20);
    assert.equal(sse.ended, false);
    hub.close();
    await store.close();
  });

  test('ends an idle stream, and an old one, with stream_end saying why', async () => {
    const idle = setup({ heartbeatMs: 20, idleMs: 60 });
    const quiet = readSse(await idle.open());
    assert.deepEqual(
      (await quiet.end()).map((event) => [event.event, event.data]),
      [['stream_end', '{"reason":"idle"}']],
    );
    const old = setup({ heartbeatMs: 20, idleMs: 60_000, maxDurationMs: 60 });
    const busy = readSse(await old.open());
    const ends = await busy.end();
    assert.deepEqual(ends.at(-1), { event: 'stream_end', data: '{"reason":"max_duration"}' });
    await idle.store.close();
    await old.store.close();
  });

  test('ends every stream with stream_end shutdown when the hub closes', async () => {
    const { store, hub, open } = setup();
    const readers = [readSse(await open()), readSse(await open())];
    hub.close();
    for (const reader of readers) {
      assert.deepEqual(await reader.end(), [{ event: 'stream_end', data: '{"reason":"shutdown"}' }]);
    }
    assert.equal(hub.size, 0);
    await store.close();
  });

  test('reads the store only as fast as the client reads: a backlog of 250 comes whole, in order, in batches', async () => {
    const { store, hub, open } = setup();
    for (let id = 1; id <= 250; id += 1) await store.append(CONVERSATION, message(id));
    const sse = readSse(await open());
    const events = await sse.take(250);
    assert.deepEqual(
      events.map((event) => idOf(event.data)),
      Array.from({ length: 250 }, (_, index) => index + 1),
    );
    await store.append(CONVERSATION, message(251));
    assert.equal(idOf((await sse.next()).data), 251);
    hub.close();
    await store.close();
  });

  test('caps streams per conversation and per address, and a closed stream frees its place', async () => {
    const { store, hub, open } = setup({ maxPerConversation: 2, maxPerAddress: 3 });
    const first = readSse(await open(null, '198.51.100.1'));
    await open(null, '198.51.100.1');
    const full = await refusal(open(null, '198.51.100.2'));
    assert.equal(full.status, 429);
    assert.equal(full.code, 'too_many_streams');
    await open(null, '198.51.100.1', '343:anon-2');
    const busy = await refusal(open(null, '198.51.100.1', '343:anon-3'));
    assert.equal(busy.code, 'too_many_streams');
    await first.cancel();
    while (hub.size > 2) await sleep(5);
    assert.equal((await open(null, '198.51.100.2')).status, 200);
    hub.close();
    await store.close();
  });

  test('stays open through a store that fails for a moment, and delivers once it answers again', async () => {
    const { store, hub } = setup();
    let failing = false;
    const flaky: EventStore = {
      ...store,
      read: (...args) => (failing ? Promise.reject(new Error('restarting')) : store.read(...args)),
    };
    const sse = readSse(await hub.open(flaky, { conversation: CONVERSATION, after: null }));
    failing = true;
    await store.append(CONVERSATION, message(1));
    await sleep(300);
    failing = false;
    assert.equal(idOf((await sse.next()).data), 1);
    assert.equal(sse.ended, false);
    hub.close();
    await store.close();
  });

  test('refuses with 503 store_unavailable, before any stream starts, when the store fails', async () => {
    const broken: EventStore = {
      append: () => Promise.reject(new Error('down')),
      read: () => Promise.reject(new Error('down')),
      watch: async () => () => undefined,
      close: async () => undefined,
    };
    const hub = createStreamHub();
    const error = await refusal(hub.open(broken, { conversation: CONVERSATION, after: null }));
    assert.equal(error.status, 503);
    assert.equal(error.code, 'store_unavailable');
    assert.equal(hub.size, 0);
  });
});
