/**
 * The Node adapter: runs any Fetch API handler behind `node:http`. The proxy modules that import
 * `node:` are this one, node-fetch.ts (the upstream client) and serve.ts; everything they adapt
 * stays web-standard.
 */
import {
  createServer,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type Server,
  type ServerResponse,
} from 'node:http';
import { once } from 'node:events';
import { holdBody } from './body.js';
import { DEFAULT_HEADERS_TIMEOUT_MS, DEFAULT_MAX_CONNECTIONS, DEFAULT_REQUEST_TIMEOUT_MS } from './config.js';
import type { RequestContext } from './handler.js';
import { errorResponse, knownBodyText } from './responses.js';
import { MAX_REQUEST_BYTES } from './validate.js';

export type FetchHandler = (request: Request, context?: RequestContext) => Promise<Response> | Response;

/**
 * Bodies with a declared length up to the proxy's own limit are read with Node's streams before the
 * handler runs; anything larger is streamed, so the handler refuses it at once with 413.
 */
const BUFFERED_BODY_LIMIT = MAX_REQUEST_BYTES;

function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.once('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.once('error', reject);
    // After 'end' this is a no-op; before it, the client went away mid-body.
    req.once('close', () => reject(new Error('the client closed the connection mid-body')));
  });
}

/**
 * A Node request body as a web stream, read only as fast as it is consumed. Cancelling it stops
 * reading and leaves the rest unread, and events after that are ignored (Node 20's
 * `Readable.toWeb` throws "Controller is already closed" there, which would take the process
 * down); the response then closes the connection.
 */
function bodyStream(req: IncomingMessage): ReadableStream<Uint8Array> {
  let stop = (): void => undefined;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        let finished = false;
        const onData = (chunk: Buffer) => {
          if (finished) return;
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          if ((controller.desiredSize ?? 0) <= 0) req.pause();
        };
        const onEnd = () => {
          if (finished) return;
          stop();
          controller.close();
        };
        const onError = (error: Error) => {
          if (finished) return;
          stop();
          controller.error(error);
        };
        const onClose = () => onError(new Error('the client closed the connection mid-body'));
        stop = () => {
          finished = true;
          req.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
          req.pause();
        };
        req.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
        req.pause();
      },
      pull() {
        req.resume();
      },
      cancel() {
        stop();
      },
    },
    { highWaterMark: 4 },
  );
}

/**
 * Builds a web Request from a Node request. The scheme is https when the socket is TLS or a front
 * proxy says so in X-Forwarded-Proto (only the scheme: a browser cannot set that header cross-site
 * without a preflight, which the proxy refuses); Express's `originalUrl` keeps a mounted path whole.
 */
export async function toWebRequest(req: IncomingMessage): Promise<Request> {
  const path = (req as { originalUrl?: string }).originalUrl ?? req.url ?? '/';
  if (!path.startsWith('/')) throw new URIError('request target must be a path');
  const forwarded = req.headers['x-forwarded-proto'];
  const tls = 'encrypted' in req.socket && req.socket.encrypted === true;
  const scheme =
    tls || (typeof forwarded === 'string' && /^https\s*(,|$)/i.test(forwarded)) ? 'https' : 'http';
  const url = `${scheme}://${req.headers.host ?? 'localhost'}${path}`;
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name.startsWith(':')) continue;
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else headers.set(name, value);
  }
  const method = req.method ?? 'GET';
  if (method === 'GET' || method === 'HEAD') return new Request(url, { method, headers });
  const declared = Number(req.headers['content-length'] ?? Number.NaN);
  if (declared <= BUFFERED_BODY_LIMIT) {
    const bytes = await readAll(req);
    const request = new Request(url, { method, headers, body: bytes as Uint8Array<ArrayBuffer> });
    holdBody(request, bytes);
    return request;
  }
  return new Request(url, {
    method,
    headers,
    body: bodyStream(req),
    // Node's fetch needs this to accept a streamed request body.
    duplex: 'half',
  } as RequestInit);
}

/** Writes a web Response to a Node response, honouring backpressure; stops if the client leaves. */
export async function writeWebResponse(response: Response, res: ServerResponse): Promise<void> {
  const headers: OutgoingHttpHeaders = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length) headers['set-cookie'] = cookies;
  // A body the handler refused unread is not drained: the connection closes after this answer.
  if (!res.req.complete) headers['connection'] = 'close';
  const text = knownBodyText(response);
  if (text !== undefined) {
    headers['content-length'] = Buffer.byteLength(text);
    res.writeHead(response.status, headers);
    res.end(text);
    return;
  }
  res.writeHead(response.status, headers);
  if (!response.body) {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  // A client that leaves is noticed at once, not at the next chunk: a quiet event stream may have
  // none for a while, and holds its place (and its store subscription) until it is cancelled.
  const leave = () => void reader.cancel().catch(() => undefined);
  res.once('close', leave);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (res.destroyed) {
        await reader.cancel();
        return;
      }
      if (!res.write(value)) await once(res, 'drain');
    }
    res.end();
  } finally {
    res.off('close', leave);
    reader.releaseLock();
  }
}

export interface NodeListenerOptions {
  /** The client's address; default Express's `req.ip` when mounted there, else the socket's peer. */
  clientAddress?: (req: IncomingMessage) => string | undefined;
}

const peerAddress = (req: IncomingMessage): string | undefined =>
  (req as { ip?: string }).ip ?? req.socket.remoteAddress;

/**
 * Answers a request the handler could not: the adapter's own errors come from responses.ts like every
 * other, and close the connection, since after a failure the request may not have been read to its end.
 */
function fail(res: ServerResponse, response: Response): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  response.headers.set('connection', 'close');
  void writeWebResponse(response, res);
}

/** Turns a Fetch handler into a `node:http` request listener (also usable as Express middleware). */
export function toNodeListener(handler: FetchHandler, options: NodeListenerOptions = {}) {
  const clientAddress = options.clientAddress ?? peerAddress;
  return function nodeListener(req: IncomingMessage, res: ServerResponse): void {
    toWebRequest(req).then(
      (request) =>
        Promise.resolve()
          .then(() => handler(request, { clientAddress: clientAddress(req) }))
          .then((response) => writeWebResponse(response, res))
          .catch(() => fail(res, errorResponse(500, 'internal_error', 'Something went wrong.'))),
      () => fail(res, errorResponse(400, 'bad_request', 'The request could not be read.')),
    );
  };
}

export interface ServeOptions extends NodeListenerOptions {
  /** Receiving a request's headers may take this long (default 10 s); then 408 and the connection closes. */
  headersTimeoutMs?: number;
  /**
   * Receiving a whole request, body included, may take this long (default 30 s). It bounds only what
   * the client sends: a response that streams (Server-Sent Events) is not cut by it.
   */
  requestTimeoutMs?: number;
  /** Open connections at most (default 1,000); one more is dropped at once, unanswered. */
  maxConnections?: number;
}

/**
 * Node checks the headers and request timeouts only on this interval (30 s by default, so a slow
 * client was cut off up to 30 s late); checking every second keeps them to within a second.
 */
const TIMEOUT_CHECK_INTERVAL_MS = 1000;

/** Serves a Fetch handler on `port` (0 picks a free one); resolves once listening. */
export function serve(
  handler: FetchHandler,
  port: number,
  host = '127.0.0.1',
  options: ServeOptions = {},
): Promise<Server> {
  const {
    headersTimeoutMs = DEFAULT_HEADERS_TIMEOUT_MS,
    requestTimeoutMs = DEFAULT_REQUEST_TIMEOUT_MS,
    maxConnections = DEFAULT_MAX_CONNECTIONS,
    ...listenerOptions
  } = options;
  // Slow or stalled clients are cut off instead of holding sockets open.
  const server = createServer(
    {
      headersTimeout: headersTimeoutMs,
      requestTimeout: requestTimeoutMs,
      connectionsCheckingInterval: TIMEOUT_CHECK_INTERVAL_MS,
      keepAliveTimeout: 5_000,
    },
    toNodeListener(handler, listenerOptions),
  );
  server.maxConnections = maxConnections;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
