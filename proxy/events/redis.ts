/**
 * The Redis event store (REDIS_URL), for several proxy instances: a delivery taken by one reaches a
 * stream served by another, and nothing lives only in an instance. The rules are those of queue.ts,
 * written in Lua so each step is one atomic script; Redis's clock decides every time.
 *
 * Per conversation `c` (all keys share the hash tag `{c}`):
 * - `hc:{c}:log`   a Stream of committed events with ids `<seq>-0`, fields `n` (name), `d` (data), `t` (ms);
 * - `hc:{c}:meta`  a hash: `epoch`, `seq`, `last`, and `first`/`due` while deliveries wait;
 * - `hc:{c}:pend`  waiting deliveries, a sorted set of keys by Haptik order; `hc:{c}:pdata` their events;
 * - `hc:{c}:seen`  redelivery keys by first arrival, a sorted set;
 * - `hc:{c}:ch`    the pub/sub channel: `c` when events were committed, `p<ms>` when deliveries wait that long.
 * Every key expires `maxAgeMs` after the conversation's last write.
 */
import type { RedisCommands, RedisSubscriber, ScriptRunner } from '../redis.js';
import { scriptRunner } from '../redis.js';
import {
  DEFAULT_EVENT_BOUNDS,
  READ_LIMIT,
  REORDER_CAP_FACTOR,
  formatEventId,
  newEpoch,
  parseEventId,
  seenCap,
  type EventBounds,
  type EventStore,
  type StoredEvent,
} from './store.js';
import type { AgentEventName } from '../../src/wire.js';

/** Shared by both scripts: KEYS = meta, log, pend, pdata, seen; the bounds come as named locals. */
const COMMON = `
local meta, log, pend, pdata, seen = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)

local function keep(maxAge)
  for _, key in ipairs(KEYS) do redis.call('PEXPIRE', key, maxAge) end
end

local function trim(maxEvents, maxAge)
  redis.call('XTRIM', log, 'MAXLEN', maxEvents)
  local oldest = now - maxAge
  while true do
    local head = redis.call('XRANGE', log, '-', '+', 'COUNT', 50)
    if #head == 0 then return end
    for _, entry in ipairs(head) do
      local fields, at = entry[2], nil
      for i = 1, #fields, 2 do if fields[i] == 't' then at = tonumber(fields[i + 1]) end end
      if at and at > oldest then return end
      redis.call('XDEL', log, entry[1])
    end
  end
end

-- Commits every waiting delivery in order; two completions in a row are one. Returns how many.
local function commit(maxEvents, maxAge)
  local keys = redis.call('ZRANGE', pend, 0, -1)
  local seq = tonumber(redis.call('HGET', meta, 'seq')) or 0
  local last = redis.call('HGET', meta, 'last')
  local count = 0
  for _, key in ipairs(keys) do
    local entry = redis.call('HGET', pdata, key)
    if entry then
      local cut = string.find(entry, '\\n', 1, true)
      local name, data = string.sub(entry, 1, cut - 1), string.sub(entry, cut + 1)
      if not (name == 'conversation_complete' and last == 'conversation_complete') then
        seq = seq + 1
        redis.call('XADD', log, seq .. '-0', 'n', name, 'd', data, 't', now)
        last = name
        count = count + 1
      end
    end
  end
  redis.call('DEL', pend, pdata)
  redis.call('HDEL', meta, 'first', 'due')
  redis.call('HSET', meta, 'seq', seq)
  if last then redis.call('HSET', meta, 'last', last) end
  trim(maxEvents, maxAge)
  return count
end
`;

/**
 * ARGV: key, order, name, data, reorderMs, capFactor, maxEvents, maxAgeMs, seenCap, epoch, channel.
 * Returns {'duplicate'} or {'stored', committed, waitMs}.
 */
const APPEND = `${COMMON}
local key, order, name, data = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local reorder, factor = tonumber(ARGV[5]), tonumber(ARGV[6])
local maxEvents, maxAge, cap = tonumber(ARGV[7]), tonumber(ARGV[8]), tonumber(ARGV[9])
redis.call('ZREMRANGEBYSCORE', seen, '-inf', now - maxAge)
if redis.call('ZSCORE', seen, key) then return {'duplicate'} end
redis.call('ZADD', seen, now, key)
local extra = redis.call('ZCARD', seen) - cap
if extra > 0 then redis.call('ZREMRANGEBYRANK', seen, 0, extra - 1) end
if redis.call('HSETNX', meta, 'epoch', ARGV[10]) == 1 then redis.call('HSET', meta, 'seq', 0) end
redis.call('ZADD', pend, order, key)
redis.call('HSET', pdata, key, name .. '\\n' .. data)
local first = tonumber(redis.call('HGET', meta, 'first')) or now
local due = math.min(first + reorder * factor, now + reorder)
redis.call('HSET', meta, 'first', first, 'due', due)
local committed = 0
if reorder == 0 or redis.call('ZCARD', pend) >= maxEvents then
  committed = commit(maxEvents, maxAge)
  if committed > 0 then redis.call('PUBLISH', ARGV[11], 'c') end
else
  redis.call('PUBLISH', ARGV[11], 'p' .. (due - now))
end
keep(maxAge)
return {'stored', committed, due - now}
`;

/**
 * Commits waiting deliveries that are due (whoever took them may be gone), then reads.
 * ARGV: epoch or '', seq, limit, maxEvents, maxAgeMs, channel. Returns {epoch, seq, name, data, ...}.
 */
const READ = `${COMMON}
local maxEvents, maxAge = tonumber(ARGV[4]), tonumber(ARGV[5])
local due = tonumber(redis.call('HGET', meta, 'due'))
if due and now >= due then
  if commit(maxEvents, maxAge) > 0 then redis.call('PUBLISH', ARGV[6], 'c') end
  keep(maxAge)
end
local epoch = redis.call('HGET', meta, 'epoch')
if not epoch then return {} end
local limit = tonumber(ARGV[3])
local result = {epoch}
if limit == 0 then return result end
local start = '-'
if ARGV[1] == epoch then start = '(' .. ARGV[2] .. '-0' end
local oldest = now - maxAge
for _, entry in ipairs(redis.call('XRANGE', log, start, '+', 'COUNT', limit)) do
  local fields, values = entry[2], {}
  for i = 1, #fields, 2 do values[fields[i]] = fields[i + 1] end
  if tonumber(values.t) > oldest then
    table.insert(result, string.match(entry[1], '^(%d+)'))
    table.insert(result, values.n)
    table.insert(result, values.d)
  end
end
return result
`;

export interface RedisEventStoreOptions {
  commands: RedisCommands;
  subscriber: RedisSubscriber;
  bounds?: EventBounds;
}

const keysOf = (conversation: string): string[] =>
  ['meta', 'log', 'pend', 'pdata', 'seen'].map((part) => `hc:{${conversation}}:${part}`);
const channelOf = (conversation: string): string => `hc:{${conversation}}:ch`;

interface Watched {
  watchers: Set<() => void>;
  listener: (message: string) => void;
  /** Resolves once subscribed; the channel is unsubscribed when the last watcher leaves. */
  subscribed: Promise<void>;
}

export function createRedisEventStore(options: RedisEventStoreOptions): EventStore {
  const { commands, subscriber } = options;
  const bounds = options.bounds ?? DEFAULT_EVENT_BOUNDS;
  const run: ScriptRunner = scriptRunner(commands);
  const watched = new Map<string, Watched>();
  /** One timer per conversation with waiting deliveries, to commit them when due. */
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  let closed = false;

  const read = async (conversation: string, after: string | null, limit: number): Promise<unknown[]> => {
    const cursor = after === null ? undefined : parseEventId(after);
    const reply = await run(READ, keysOf(conversation), [
      cursor?.epoch ?? '',
      cursor?.seq ?? 0,
      limit,
      bounds.maxEvents,
      bounds.maxAgeMs,
      channelOf(conversation),
    ]);
    return Array.isArray(reply) ? reply : [];
  };

  /** Commits `conversation`'s waiting deliveries in `waitMs` (and whatever else is due then). */
  const commitLater = (conversation: string, waitMs: number): void => {
    if (closed) return;
    clearTimeout(timers.get(conversation));
    const timer = setTimeout(
      () => {
        timers.delete(conversation);
        // A failure here is not lost work: the next read, by any instance, commits what is due.
        read(conversation, null, 0).catch(() => undefined);
      },
      // Redis's clock decided `waitMs`; a little slack covers the trip there and back.
      Math.max(0, waitMs) + 5,
    );
    timers.set(conversation, timer);
  };

  subscriber.onReconnect(() => {
    // Messages published while the subscriber was away are gone: every stream reads again.
    for (const { watchers } of watched.values()) for (const wake of watchers) wake();
  });

  return {
    async append(conversation, event) {
      const reply = (await run(APPEND, keysOf(conversation), [
        event.key,
        event.order,
        event.name,
        event.data,
        bounds.reorderMs,
        REORDER_CAP_FACTOR,
        bounds.maxEvents,
        bounds.maxAgeMs,
        seenCap(bounds),
        newEpoch(),
        channelOf(conversation),
      ])) as [string, number?, number?];
      if (reply[0] === 'duplicate') return 'duplicate';
      if (bounds.reorderMs > 0) commitLater(conversation, Number(reply[2]));
      return 'stored';
    },

    async read(conversation, after, limit = READ_LIMIT) {
      const reply = await read(conversation, after, limit);
      const epoch = String(reply[0] ?? '');
      const events: StoredEvent[] = [];
      for (let index = 1; index + 2 < reply.length; index += 3) {
        events.push({
          id: formatEventId(epoch, Number(reply[index])),
          name: String(reply[index + 1]) as AgentEventName,
          data: String(reply[index + 2]),
        });
      }
      return events;
    },

    async watch(conversation, wake) {
      let entry = watched.get(conversation);
      if (!entry) {
        const watchers = new Set<() => void>();
        const channel = channelOf(conversation);
        const listener = (message: string): void => {
          if (message.startsWith('p')) commitLater(conversation, Number(message.slice(1)));
          else for (const watcher of watchers) watcher();
        };
        const subscribed = subscriber.subscribe(channel, listener);
        entry = { watchers, listener, subscribed };
        watched.set(conversation, entry);
        subscribed.catch(() => {
          if (watched.get(conversation) === entry) watched.delete(conversation);
        });
      }
      const current = entry;
      current.watchers.add(wake);
      try {
        await current.subscribed;
      } catch (error) {
        current.watchers.delete(wake);
        throw error;
      }
      return () => {
        if (!current.watchers.delete(wake) || current.watchers.size > 0) return;
        watched.delete(conversation);
        void current.subscribed
          .then(() => subscriber.unsubscribe(channelOf(conversation), current.listener))
          .catch(() => undefined);
      };
    },

    async close() {
      closed = true;
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
    },
  };
}
