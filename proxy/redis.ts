/**
 * The proxy's Redis connection (REDIS_URL): one client for commands and one for pub/sub, through
 * node-redis's core (`@redis/client`, an optional peer dependency loaded only when Redis is used).
 * The event store and the rate limiter see only the two small interfaces below.
 */

/** Sends one command; rejects at once while disconnected, so a request never waits on a dead Redis. */
export interface RedisCommands {
  send(args: readonly string[]): Promise<unknown>;
}

export type ChannelListener = (message: string) => void;

/** Pub/sub on its own connection. `onReconnect` fires when it is back after a drop (messages may be lost). */
export interface RedisSubscriber {
  subscribe(channel: string, listener: ChannelListener): Promise<void>;
  unsubscribe(channel: string, listener: ChannelListener): Promise<void>;
  onReconnect(callback: () => void): void;
}

export interface RedisConnection {
  commands: RedisCommands;
  subscriber: RedisSubscriber;
  close(): Promise<void>;
}

export interface ConnectOptions {
  /** Where connection errors are reported (default: one JSON line on standard error). */
  onError?: (error: Error) => void;
}

const logError = (error: Error): void => {
  console.error(JSON.stringify({ level: 'error', msg: 'redis', detail: error.message }));
};

/** Connects to `url` (redis:// or rediss://); rejects when Redis cannot be reached at start. */
export async function connectRedis(url: string, options: ConnectOptions = {}): Promise<RedisConnection> {
  const { createClient } = await import('@redis/client');
  const onError = options.onError ?? logError;
  // At start a Redis that cannot be reached is a configuration error, said after a few tries; once
  // connected, a dropped connection is retried for as long as it takes, up to 2 s apart, while
  // commands fail fast (and requests get 503) meanwhile.
  const reconnect = (ready: () => boolean) => (retries: number, cause: Error) =>
    ready() ? Math.min(50 * 2 ** retries, 2000) : retries >= 3 ? cause : 200;
  let commandsReady = false;
  let pubsubReady = false;
  const client = createClient({
    url,
    disableOfflineQueue: true,
    socket: { connectTimeout: 5000, reconnectStrategy: reconnect(() => commandsReady) },
  });
  const pubsub = client.duplicate({
    socket: { connectTimeout: 5000, reconnectStrategy: reconnect(() => pubsubReady) },
  });
  client.on('ready', () => (commandsReady = true));
  pubsub.on('ready', () => (pubsubReady = true));
  // An 'error' event with no listener would end the process; a dropped connection is reported instead.
  client.on('error', onError);
  pubsub.on('error', onError);
  try {
    await Promise.all([client.connect(), pubsub.connect()]);
  } catch (error) {
    client.destroy();
    pubsub.destroy();
    throw error;
  }

  const reconnectCallbacks: (() => void)[] = [];
  let dropped = false;
  pubsub.on('end', () => (dropped = true));
  pubsub.on('reconnecting', () => (dropped = true));
  pubsub.on('ready', () => {
    if (!dropped) return;
    dropped = false;
    for (const callback of reconnectCallbacks) callback();
  });

  return {
    commands: { send: (args) => client.sendCommand([...args]) },
    subscriber: {
      subscribe: (channel, listener) => pubsub.subscribe(channel, listener),
      // node-redis sends UNSUBSCRIBE only when the channel's last listener goes.
      unsubscribe: (channel, listener) => pubsub.unsubscribe(channel, listener),
      onReconnect: (callback) => void reconnectCallbacks.push(callback),
    },
    async close() {
      await Promise.allSettled([client.close(), pubsub.close()]);
    },
  };
}

/**
 * Runs Lua scripts by their SHA (EVALSHA), loading each once and again after Redis forgets it (a
 * restart or SCRIPT FLUSH answers NOSCRIPT).
 */
export function scriptRunner(commands: RedisCommands) {
  const shas = new Map<string, Promise<string>>();
  const load = (script: string): Promise<string> => {
    let sha = shas.get(script);
    if (!sha) {
      sha = commands.send(['SCRIPT', 'LOAD', script]).then(String);
      sha.catch(() => shas.delete(script));
      shas.set(script, sha);
    }
    return sha;
  };
  return async function run(script: string, keys: readonly string[], args: readonly (string | number)[]) {
    const call = async () =>
      commands.send(['EVALSHA', await load(script), String(keys.length), ...keys, ...args.map(String)]);
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      shas.delete(script);
      return call();
    }
  };
}

export type ScriptRunner = ReturnType<typeof scriptRunner>;
