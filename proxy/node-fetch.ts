/**
 * The proxy's upstream client on Node: keep-alive `node:http(s)` agents, the reply read with Node's
 * streams and handed to the proxy as a web Response. The server side (the adapter) is node.ts.
 */
import { Agent as HttpAgent, request as httpRequest, type RequestOptions } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { urlToHttpOptions } from 'node:url';
import { holdBody } from './body.js';
import { MAX_REPLY_BYTES, type UpstreamFetch, type UpstreamInit } from './upstream.js';

/**
 * A pooled connection unused this long is closed: below the 60 s idle timeout common in load balancers,
 * and sooner when the server announces a shorter one.
 */
const IDLE_MS = 30_000;

/** Statuses whose Response may not have a body. */
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

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
  // `timeout` closes a pooled connection after IDLE_MS. Setting it also makes Node's agent honour the
  // server's `Keep-Alive: timeout=N` (it closes the connection a second before the server would);
  // without it a request could go out on a connection the server was closing at that moment, and fail.
  // A failed request is never sent again: Haptik may have received it, and a message must not go twice.
  const agentOptions = { keepAlive: true, maxSockets, scheduling: 'lifo' as const, timeout: IDLE_MS };
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
