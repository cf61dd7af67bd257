/**
 * Human agents' messages reach the widget through the proxy's per-user event stream (`{endpoint}/events`,
 * Server-Sent Events read with `fetch`, so it carries the same headers as a send). The stream is open
 * only while it is wanted — after a send or an agent's message, for `idleMs`, and while the page is
 * visible — so idle visitors hold no connection; it reconnects with backoff and resumes after the last
 * event seen (`Last-Event-ID`), so nothing is lost while it is closed. No DOM beyond `document`'s
 * visibility; the panel wires it to the conversation.
 */
import { ChatError } from './chat-error.js';
import { proxyUrl } from './client.js';
import {
  EVENTS_SUBPATH,
  IDENTITY_HEADER,
  LAST_EVENT_ID_HEADER,
  WIDGET_HEADER,
  type AgentEventData,
  type AgentEventName,
  type HaptikEventsRequestBody,
  type ProxyErrorCode,
  type StreamEndData,
} from './wire.js';

/** Whose stream, and how to reach it: what a send needs, less the text. */
export interface StreamTarget {
  endpoint: string;
  businessId: number;
  authId: string;
  authToken?: string | undefined;
  fetch?: typeof fetch | undefined;
}

export interface AgentStreamOptions {
  /** Where to connect now; undefined while there is nowhere (no business id yet). */
  target(): StreamTarget | undefined;
  /** The last event id seen, kept across page loads. */
  lastEventId(): string | undefined;
  saveLastEventId(id: string): void;
  /** An agent event arrived, in order. */
  onEvent(name: AgentEventName, data: AgentEventData): void;
  /** The stream was refused for a reason the page should know (a signed-in user's token expired). */
  onError?(error: ChatError): void;
  /** How long after the last activity the stream stays open (ms). */
  idleMs: number;
  /** For tests: timers and the clock. */
  now?: () => number;
}

const AGENT_EVENTS: ReadonlySet<string> = new Set(['message', 'chat_pinned', 'conversation_complete']);
const MIN_BACKOFF_MS = 1000;
const MAX_BACKOFF_MS = 30_000;

/** One event of a Server-Sent Events stream. */
export interface ServerSentEvent {
  id?: string;
  event: string;
  data: string;
}

/**
 * Splits a text stream into Server-Sent Events (the WHATWG framing: `field: value` lines, a blank line
 * ends an event, lines starting with `:` are comments, `\r\n`, `\n` and `\r` all end a line).
 */
export async function* readServerSentEvents(
  body: ReadableStream<Uint8Array>,
): AsyncGenerator<ServerSentEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let event: { id?: string; event?: string; data: string[] } = { data: [] };
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.search(/\r\n|\n|\r/)) >= 0) {
        // A lone \r at the end of a chunk may be the first half of \r\n: wait for more.
        if (buffer[end] === '\r' && end === buffer.length - 1) break;
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + (buffer.startsWith('\r\n', end) ? 2 : 1));
        if (line === '') {
          if (event.data.length) {
            const dispatched: ServerSentEvent = {
              event: event.event ?? 'message',
              data: event.data.join('\n'),
            };
            if (event.id !== undefined) dispatched.id = event.id;
            yield dispatched;
          }
          event = { data: [] };
          continue;
        }
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const text = colon < 0 ? '' : line.slice(colon + (line[colon + 1] === ' ' ? 2 : 1));
        if (field === 'data') event.data.push(text);
        else if (field === 'event') event.event = text;
        else if (field === 'id' && !text.includes('\0')) event.id = text;
      }
    }
  } finally {
    reader.releaseLock();
  }
}

/** Why a connection ended, and what to do next. */
type Outcome = { kind: 'retry'; afterMs?: number } | { kind: 'stop' };

export class AgentStream {
  readonly #options: AgentStreamOptions;
  readonly #now: () => number;
  #wantedUntil = 0;
  #connection?: AbortController;
  #timer?: ReturnType<typeof setTimeout>;
  #failures = 0;
  #closed = false;

  constructor(options: AgentStreamOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    if (typeof document !== 'undefined') document.addEventListener('visibilitychange', this.#onVisibility);
  }

  /** Whether a connection is open or being opened. */
  get connected(): boolean {
    return this.#connection !== undefined;
  }

  /** Something happened in the conversation: keep the stream open for `idleMs` from now. */
  activity(): void {
    if (this.#closed) return;
    this.#wantedUntil = this.#now() + this.#options.idleMs;
    this.#ensure();
  }

  /** Closes the stream for good (the element left the page, or the conversation changed). */
  close(): void {
    this.#closed = true;
    this.#stop();
    if (typeof document !== 'undefined') document.removeEventListener('visibilitychange', this.#onVisibility);
  }

  get #wanted(): boolean {
    return (
      !this.#closed &&
      this.#now() < this.#wantedUntil &&
      !(typeof document !== 'undefined' && document.hidden)
    );
  }

  readonly #onVisibility = (): void => {
    if (document.hidden) this.#stop();
    else this.#ensure();
  };

  #stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#connection?.abort();
    this.#connection = undefined;
  }

  /** Connects unless connected, waiting, or not wanted. */
  #ensure(): void {
    if (this.#connection || this.#timer !== undefined || !this.#wanted) return;
    const controller = new AbortController();
    this.#connection = controller;
    void this.#connect(controller).then((outcome) => {
      if (this.#connection !== controller) return;
      this.#connection = undefined;
      if (outcome.kind === 'stop' || !this.#wanted) return;
      this.#failures += 1;
      const backoff = Math.min(MAX_BACKOFF_MS, MIN_BACKOFF_MS * 2 ** (this.#failures - 1));
      const delay = outcome.afterMs ?? backoff * (0.8 + Math.random() * 0.4);
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        this.#ensure();
      }, delay);
    });
  }

  async #connect(controller: AbortController): Promise<Outcome> {
    const target = this.#options.target();
    if (!target) return { kind: 'stop' };
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'text/event-stream',
      [WIDGET_HEADER]: '1',
    };
    if (target.authToken) headers[IDENTITY_HEADER] = target.authToken;
    const last = this.#options.lastEventId();
    if (last) headers[LAST_EVENT_ID_HEADER] = last;
    const body: HaptikEventsRequestBody = {
      user: { auth_id: target.authId },
      business_id: target.businessId,
    };
    const doFetch = target.fetch ?? globalThis.fetch.bind(globalThis);
    let response: Response;
    try {
      response = await doFetch(proxyUrl(target.endpoint, EVENTS_SUBPATH), {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
        credentials: 'same-origin',
        signal: controller.signal,
      });
    } catch {
      return { kind: 'retry' };
    }
    if (!response.ok || !response.body) return this.#refused(response);
    // Anything but an event stream (an older proxy, a page that answers everything) means no agents here.
    if (!/^text\/event-stream/i.test(response.headers.get('content-type') ?? '')) {
      await response.body.cancel().catch(() => undefined);
      this.#closed = true;
      return { kind: 'stop' };
    }
    try {
      for await (const event of readServerSentEvents(response.body)) {
        this.#failures = 0;
        if (event.id) this.#options.saveLastEventId(event.id);
        if (event.event === 'stream_end') {
          const { reason } = JSON.parse(event.data) as StreamEndData;
          // The proxy renews streams now and then, and ends them on shutdown: come back at once.
          return { kind: 'retry', afterMs: reason === 'shutdown' ? 0 : 100 };
        }
        if (!AGENT_EVENTS.has(event.event)) continue;
        let data: AgentEventData;
        try {
          data = JSON.parse(event.data) as AgentEventData;
        } catch {
          continue;
        }
        this.#wantedUntil = Math.max(this.#wantedUntil, this.#now() + this.#options.idleMs);
        this.#options.onEvent(event.event as AgentEventName, data);
      }
    } catch {
      // Aborted, or cut by the network: the caller decides whether to come back.
    }
    return { kind: 'retry' };
  }

  async #refused(response: Response): Promise<Outcome> {
    // No webhook configured: there are no agent events here; do not ask again this page.
    if (response.status === 404) {
      await response.body?.cancel().catch(() => undefined);
      this.#closed = true;
      return { kind: 'stop' };
    }
    if (response.status === 429) {
      await response.body?.cancel().catch(() => undefined);
      const seconds = Number(response.headers.get('retry-after'));
      return { kind: 'retry', afterMs: Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined };
    }
    if (response.status >= 400 && response.status < 500) {
      const payload = (await response.json().catch(() => undefined)) as
        { error?: { code?: unknown } } | undefined;
      const code =
        typeof payload?.error?.code === 'string' ? (payload.error.code as ProxyErrorCode) : undefined;
      this.#options.onError?.(
        new ChatError('http', 'The chat could not receive agent messages.', response.status, code),
      );
      // Not again until the next activity (with a fresh identity token, say).
      this.#wantedUntil = 0;
      return { kind: 'stop' };
    }
    await response.body?.cancel().catch(() => undefined);
    return { kind: 'retry' };
  }
}
