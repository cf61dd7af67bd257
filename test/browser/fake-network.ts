/**
 * A fetch to inject into the element: it records every request and answers from a script, so tests
 * control replies, failures and timing without a server and without patching globals.
 */
export interface Recorded {
  url: string;
  headers: Headers;
  body: unknown;
  signal: AbortSignal | undefined;
}

type Answer = ((signal?: AbortSignal) => Response | Promise<Response>) | Response;

export class FakeNetwork {
  /** Sends, in order. */
  readonly requests: Recorded[] = [];
  /** Requests for the agents' event stream (`{endpoint}/events`), kept apart from sends. */
  readonly streams: Recorded[] = [];
  readonly #answers: Answer[] = [];
  /** How event-stream requests are answered: by default 404, as a proxy without agents answers. */
  streamAnswer: (signal?: AbortSignal) => Response | Promise<Response> = () =>
    new Response('{"error":{"code":"not_found","message":"Nothing here."}}', {
      status: 404,
      headers: { 'content-type': 'application/json' },
    });

  /** Queues the next answer: a JSON reply, a Response, or a function that makes one. */
  answer(answer: Answer | object): this {
    this.#answers.push(
      answer instanceof Response || typeof answer === 'function'
        ? (answer as Answer)
        : () => new Response(JSON.stringify(answer), { headers: { 'content-type': 'application/json' } }),
    );
    return this;
  }

  /** Queues an answer that waits until `release()` is called, or fails when the request is aborted. */
  hold(answer: object): { release(): void } {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    this.#answers.push(async (signal?: AbortSignal) => {
      await new Promise<void>((resolve, reject) => {
        void released.then(resolve);
        signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
      });
      return new Response(JSON.stringify(answer), { headers: { 'content-type': 'application/json' } });
    });
    return { release };
  }

  readonly fetch = (async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const headers = new Headers(init?.headers);
    const recorded = {
      url: String(input),
      headers,
      body: JSON.parse(String(init?.body)),
      signal: init?.signal ?? undefined,
    };
    if (new URL(recorded.url, location.href).pathname.endsWith('/events')) {
      this.streams.push(recorded);
      return this.streamAnswer(init?.signal ?? undefined);
    }
    this.requests.push(recorded);
    const next = this.#answers.shift();
    if (!next) throw new TypeError('Failed to fetch');
    return typeof next === 'function' ? next(init?.signal ?? undefined) : next;
  }) as typeof fetch;
}
