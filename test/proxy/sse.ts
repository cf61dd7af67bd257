/**
 * A plain `fetch` reader for the event stream, the way the widget reads it: the body's bytes, split
 * into events at blank lines, `id`/`event`/`data` fields, comment lines counted as heartbeats.
 */

export interface SseEvent {
  id?: string;
  event: string;
  data: string;
}

export interface SseReader {
  /** The next event; rejects if none comes within `timeoutMs` or the stream ends first. */
  next(timeoutMs?: number): Promise<SseEvent>;
  /** Reads events until `count` have come. */
  take(count: number, timeoutMs?: number): Promise<SseEvent[]>;
  /** Comment lines seen so far (the opening line and heartbeats). */
  readonly comments: number;
  /** True once the server ended the stream. */
  readonly ended: boolean;
  /** Resolves when the server ends the stream, with the events still unread. */
  end(timeoutMs?: number): Promise<SseEvent[]>;
  /** Stops reading (the client goes away). */
  cancel(): Promise<void>;
}

export function readSse(response: Response): SseReader {
  if (!response.body) throw new Error('no body');
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  const queue: SseEvent[] = [];
  const waiting: (() => void)[] = [];
  let buffer = '';
  let comments = 0;
  let ended = false;
  let failure: unknown;

  const notify = () => {
    for (const wake of waiting.splice(0)) wake();
  };

  const parse = (block: string) => {
    const event: SseEvent = { event: 'message', data: '' };
    const data: string[] = [];
    let fields = 0;
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) {
        comments += 1;
        continue;
      }
      const colon = line.indexOf(':');
      const name = colon === -1 ? line : line.slice(0, colon);
      const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
      fields += 1;
      if (name === 'id') event.id = value;
      else if (name === 'event') event.event = value;
      else if (name === 'data') data.push(value);
    }
    if (fields === 0) return;
    event.data = data.join('\n');
    queue.push(event);
  };

  void (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let index: number;
        while ((index = buffer.indexOf('\n\n')) !== -1) {
          parse(buffer.slice(0, index));
          buffer = buffer.slice(index + 2);
        }
        notify();
      }
    } catch (error) {
      failure = error;
    }
    ended = true;
    notify();
  })();

  const until = (ready: () => boolean, timeoutMs: number, what: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (ready()) {
          clearTimeout(timer);
          resolve();
        } else if (ended) {
          clearTimeout(timer);
          reject(new Error(`the stream ended before ${what}${failure ? `: ${String(failure)}` : ''}`));
        } else waiting.push(check);
      };
      const timer = setTimeout(() => reject(new Error(`no ${what} within ${timeoutMs} ms`)), timeoutMs);
      check();
    });

  return {
    async next(timeoutMs = 5000) {
      await until(() => queue.length > 0, timeoutMs, 'event');
      return queue.shift()!;
    },
    async take(count, timeoutMs = 5000) {
      await until(() => queue.length >= count, timeoutMs, `${count} events (had ${queue.length})`);
      return queue.splice(0, count);
    },
    get comments() {
      return comments;
    },
    get ended() {
      return ended;
    },
    async end(timeoutMs = 5000) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`the stream did not end within ${timeoutMs} ms`)),
          timeoutMs,
        );
        const check = () => {
          if (ended) {
            clearTimeout(timer);
            resolve();
          } else waiting.push(check);
        };
        check();
      });
      return queue.splice(0);
    },
    async cancel() {
      await reader.cancel().catch(() => undefined);
    },
  };
}
