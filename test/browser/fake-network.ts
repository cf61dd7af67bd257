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
  readonly requests: Recorded[] = [];
  readonly #answers: Answer[] = [];

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
    this.requests.push({
      url: String(input),
      headers,
      body: JSON.parse(String(init?.body)),
      signal: init?.signal ?? undefined,
    });
    const next = this.#answers.shift();
    if (!next) throw new TypeError('Failed to fetch');
    return typeof next === 'function' ? next(init?.signal ?? undefined) : next;
  }) as typeof fetch;
}
