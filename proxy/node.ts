/**
 * Node entry: runs any Fetch API handler behind `node:http`, and gives the proxy a keep-alive
 * upstream client. The proxy modules that import `node:` are this one and serve.ts; everything
 * they adapt stays web-standard.
 */
import {
  Agent as HttpAgent,
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type RequestOptions,
  type Server,
  type ServerResponse,
} from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { once } from 'node:events';
import { urlToHttpOptions } from 'node:url';
import { holdBody } from './body.js';
import type { RequestContext } from './handler.js';
import { knownBodyText } from './responses.js';
import { MAX_REPLY_BYTES, type UpstreamFetch, type UpstreamInit } from './upstream.js';
import { MAX_REQUEST_BYTES } from './validate.js';

export type FetchHandler = (request: Request, context?: RequestContext) => Promise<Response> | Response;

/**
 * Bodies with a declared length up to the proxy's own limit are read with Node's streams before the
 * handler runs; anything larger is streamed, so the handler refuses it at once with 413.
 */
const BUFFERED_BODY_LIMIT = MAX_REQUEST_BYTES;
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);
const INTERNAL_ERROR = '{"error":{"code":"internal_error","message":"Something went wrong."}}';
const BAD_REQUEST = '{"error":{"code":"bad_request","message":"The request could not be read."}}';

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

function fail(res: ServerResponse, status: number, body: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    connection: 'close',
  });
  res.end(body);
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
          .catch(() => fail(res, 500, INTERNAL_ERROR)),
      () => fail(res, 400, BAD_REQUEST),
    );
  };
}

/** Serves a Fetch handler on `port` (0 picks a free one); resolves once listening. */
export function serve(
  handler: FetchHandler,
  port: number,
  host = '127.0.0.1',
  options: NodeListenerOptions = {},
): Promise<Server> {
  const server = createServer(
    // Slow or stalled clients are cut off instead of holding sockets open.
    { requestTimeout: 30_000, headersTimeout: 10_000, keepAliveTimeout: 5_000 },
    toNodeListener(handler, options),
  );
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

export interface NodeFetchOptions {
  /** Connections kept per upstream host (default 128). */
  maxSockets?: number;
  /** Reading stops past this many bytes, so an oversized reply never fills memory. */
  maxResponseBytes?: number;
}

/** An upstream client for the proxy, with `close()` to drop its pooled connections. */
export type NodeFetch = UpstreamFetch & { close(): void };

/**
 * The proxy's upstream client on Node: `node:http(s)` with keep-alive connections, the reply read
 * with Node's streams (at most `maxResponseBytes`). Node 20's global fetch works too but costs
 * several times more per request; this one keeps the proxy's overhead well under a millisecond.
 */
export function createNodeFetch(options: NodeFetchOptions = {}): NodeFetch {
  const { maxSockets = 128, maxResponseBytes = MAX_REPLY_BYTES + 1 } = options;
  const agentOptions = { keepAlive: true, maxSockets, scheduling: 'lifo' as const };
  const httpAgent = new HttpAgent(agentOptions);
  const httpsAgent = new HttpsAgent(agentOptions);

  // The proxy calls one or two URLs; parsing each once saves time on every request.
  const targets = new Map<string, { tls: boolean; options: RequestOptions }>();
  const targetOf = (url: string) => {
    let target = targets.get(url);
    if (!target) {
      const parsed = new URL(url);
      target = { tls: parsed.protocol === 'https:', options: urlToHttpOptions(parsed) };
      if (targets.size < 16) targets.set(url, target);
    }
    return target;
  };

  function nodeFetch(url: string, init: UpstreamInit): Promise<Response> {
    return new Promise((resolve, reject) => {
      const { signal } = init;
      if (signal.aborted) {
        reject(signal.reason);
        return;
      }
      const { tls, options } = targetOf(url);
      const body = Buffer.from(init.body);
      const req = (tls ? httpsRequest : httpRequest)({
        ...options,
        method: init.method,
        headers: { ...init.headers, 'content-length': body.byteLength },
        agent: tls ? httpsAgent : httpAgent,
      });
      const onAbort = () =>
        req.destroy(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      signal.addEventListener('abort', onAbort, { once: true });
      const settle = () => signal.removeEventListener('abort', onAbort);
      req.once('error', (error) => {
        settle();
        reject(error);
      });
      req.once('response', (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        let done = false;
        const finish = () => {
          if (done) return;
          done = true;
          settle();
          try {
            const bytes = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
            const headers = new Headers();
            for (const [name, value] of Object.entries(res.headers)) {
              if (Array.isArray(value)) for (const item of value) headers.append(name, item);
              else if (value !== undefined) headers.set(name, value);
            }
            const status = res.statusCode ?? 502;
            const nullBody = NULL_BODY_STATUSES.has(status);
            const response = new Response(nullBody ? null : (bytes as Uint8Array<ArrayBuffer>), {
              status,
              headers,
            });
            if (!nullBody) holdBody(response, bytes);
            resolve(response);
          } catch (error) {
            reject(error);
          }
        };
        res.on('data', (chunk: Buffer) => {
          size += chunk.byteLength;
          chunks.push(chunk);
          if (size > maxResponseBytes) {
            res.destroy();
            finish();
          }
        });
        res.once('end', finish);
        const abandon = (error: Error) => {
          if (done) return;
          done = true;
          settle();
          reject(error);
        };
        res.once('error', abandon);
        res.once('close', () => {
          if (!res.complete) abandon(new Error('upstream closed the connection mid-reply'));
        });
      });
      req.end(body);
    });
  }

  return Object.assign(nodeFetch, {
    close() {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  });
}
