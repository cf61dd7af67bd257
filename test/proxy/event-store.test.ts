/**
 * The event store's rules, the same for the in-memory store and the Redis one (a real redis-server):
 * redeliveries stored once, deliveries put in Haptik's order within the reorder window, numbering
 * that resumes, bounds by count and age, and watchers woken across connections.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { createMemoryEventStore } from '../../proxy/events/memory.js';
import { createRedisEventStore } from '../../proxy/events/redis.js';
import type { EventBounds, EventStore, IncomingEvent } from '../../proxy/events/store.js';
import { connectRedis, type RedisConnection } from '../../proxy/redis.js';
import { LAST_ORDER } from '../../proxy/webhook.js';
import { startRedis, type RedisServer } from './redis-server.js';

type MakeStore = (bounds: EventBounds) => EventStore;

const message = (id: number): IncomingEvent => ({
  name: 'message',
  key: `m:${id}`,
  order: id,
  data: JSON.stringify({ id }),
});
const complete = (key: string): IncomingEvent => ({
  name: 'conversation_complete',
  key,
  order: LAST_ORDER,
  data: '{}',
});
const conversation = () => `343:anon-${randomUUID()}`;
const ids = (events: { data: string }[]) =>
  events.map((event) => (JSON.parse(event.data) as { id?: number }).id);

/** Resolves on the next wake. */
function nextWake(store: EventStore, key: string): Promise<void> {
  return new Promise((resolve) => {
    void store.watch(key, function wake() {
      resolve();
    });
  });
}

function describeStore(name: string, make: () => MakeStore): void {
  describe(`the event store (${name})`, () => {
    const stores: EventStore[] = [];
    const open = (bounds: Partial<EventBounds> = {}) => {
      const store = make()({ maxEvents: 500, maxAgeMs: 60_000, reorderMs: 0, ...bounds });
      stores.push(store);
      return store;
    };
    after(async () => {
      for (const store of stores) await store.close();
    });

    test('stores a redelivery once', async () => {
      const store = open();
      const key = conversation();
      assert.equal(await store.append(key, message(7)), 'stored');
      assert.equal(await store.append(key, message(7)), 'duplicate');
      assert.deepEqual(ids(await store.read(key, null)), [7]);
    });

    test('numbers events from 1 and resumes after the id it is given', async () => {
      const store = open();
      const key = conversation();
      for (const id of [1, 2, 3]) await store.append(key, message(id));
      const all = await store.read(key, null);
      assert.match(all[0]!.id, /^[0-9a-z]+-1$/);
      assert.deepEqual(
        all.map((event) => Number(event.id.split('-')[1])),
        [1, 2, 3],
      );
      assert.deepEqual(ids(await store.read(key, all[0]!.id)), [2, 3]);
      assert.deepEqual(ids(await store.read(key, all[2]!.id)), []);
      assert.deepEqual(ids(await store.read(key, all[0]!.id, 1)), [2]);
    });

    test('sends everything again for an id from another epoch (a store that was lost)', async () => {
      const store = open();
      const key = conversation();
      await store.append(key, message(1));
      await store.append(key, message(2));
      assert.deepEqual(ids(await store.read(key, 'zzzzzz-1')), [1, 2]);
    });

    test('keeps conversations apart', async () => {
      const store = open();
      const [a, b] = [conversation(), conversation()];
      await store.append(a, message(1));
      await store.append(b, message(2));
      assert.deepEqual(ids(await store.read(a, null)), [1]);
      assert.deepEqual(ids(await store.read(b, null)), [2]);
    });

    test('commits deliveries that arrive within the reorder window in message-id order', async () => {
      const store = open({ reorderMs: 300 });
      const key = conversation();
      const woken = nextWake(store, key);
      for (const id of [5, 3, 9, 1, 7]) await store.append(key, message(id));
      assert.deepEqual(ids(await store.read(key, null)), [], 'nothing is readable while the window is open');
      await woken;
      assert.deepEqual(ids(await store.read(key, null)), [1, 3, 5, 7, 9]);
    });

    test('treats two completions in a row as one, and one after a message as its own', async () => {
      const store = open();
      const key = conversation();
      await store.append(key, message(1));
      await store.append(key, complete('m:2'));
      await store.append(key, complete('s:abc'));
      await store.append(key, message(3));
      await store.append(key, complete('s:def'));
      const names = (await store.read(key, null)).map((event) => event.name);
      assert.deepEqual(names, ['message', 'conversation_complete', 'message', 'conversation_complete']);
    });

    test('keeps at most maxEvents per conversation, dropping the oldest', async () => {
      const store = open({ maxEvents: 3 });
      const key = conversation();
      for (const id of [1, 2, 3, 4, 5]) await store.append(key, message(id));
      assert.deepEqual(ids(await store.read(key, null)), [3, 4, 5]);
    });

    test('forgets events older than maxAge', async () => {
      const store = open({ maxAgeMs: 200 });
      const key = conversation();
      await store.append(key, message(1));
      await sleep(300);
      await store.append(key, message(2));
      assert.deepEqual(ids(await store.read(key, null)), [2]);
    });

    test('wakes a watcher when events are committed, and not after it stops watching', async () => {
      const store = open();
      const key = conversation();
      let wakes = 0;
      const stop = await store.watch(key, () => (wakes += 1));
      await store.append(key, message(1));
      for (let tries = 0; wakes === 0 && tries < 100; tries += 1) await sleep(10);
      assert.equal(wakes, 1);
      stop();
      await store.append(key, message(2));
      await sleep(50);
      assert.equal(wakes, 1);
    });
  });
}

describeStore('memory', () => (bounds) => createMemoryEventStore({ bounds }));

describe('Redis', () => {
  let server: RedisServer;
  const connections: RedisConnection[] = [];
  before(async () => {
    server = await startRedis();
  });
  after(async () => {
    for (const connection of connections) await connection.close();
    await server.stop();
  });
  const connected = async () => {
    const connection = await connectRedis(server.url);
    connections.push(connection);
    return connection;
  };

  describeStore('redis', () => {
    // Each store gets its own connections, made on first use.
    return (bounds) => {
      const ready = connected();
      const lazy = (pick: (c: RedisConnection) => EventStore) => {
        const store = ready.then(pick);
        return {
          append: async (...args) => (await store).append(...args),
          read: async (...args) => (await store).read(...args),
          watch: async (...args) => (await store).watch(...args),
          close: async () => (await store).close(),
        } satisfies EventStore;
      };
      return lazy((c) => createRedisEventStore({ ...c, bounds }));
    };
  });

  test('a delivery taken by one instance wakes and reaches a watcher on another', async () => {
    const bounds = { maxEvents: 500, maxAgeMs: 60_000, reorderMs: 200 };
    const a = createRedisEventStore({ ...(await connected()), bounds });
    const b = createRedisEventStore({ ...(await connected()), bounds });
    const key = conversation();
    const woken = nextWake(b, key);
    await sleep(20);
    await a.append(key, message(2));
    await a.append(key, message(1));
    await woken;
    assert.deepEqual(ids(await b.read(key, null)), [1, 2]);
    await a.close();
    await b.close();
  });

  test('deliveries whose instance died before committing them are committed by the next read', async () => {
    const bounds = { maxEvents: 500, maxAgeMs: 60_000, reorderMs: 100 };
    const dying = createRedisEventStore({ ...(await connected()), bounds });
    const key = conversation();
    await dying.append(key, message(1));
    await dying.close(); // its commit timer never fires
    await sleep(150);
    const other = createRedisEventStore({ ...(await connected()), bounds });
    assert.deepEqual(ids(await other.read(key, null)), [1]);
    await other.close();
  });
});
