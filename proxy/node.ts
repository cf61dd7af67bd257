/**
 * Node adapter: runs any Fetch API handler behind `node:http`. The only proxy module that imports
 * `node:`; everything it adapts stays web-standard.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Readable } from 'node:stream';

export type FetchHandler = (request: Request) => Promise<Response> | Response;

/** The client's address, for rate limiting; set by the adapter, read by handlers that want it. */
export const CLIENT_ADDRESS_HEADER = 'x-haptik-client-address';

/** Builds a web Request from a Node request. */
export function toWebRequest(req: IncomingMessage): Request {
  const host = req.headers.host ?? 'localhost';
  const url = new URL(req.url ?? '/', `http://${host}`);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name === CLIENT_ADDRESS_HEADER) continue;
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else headers.set(name, value);
  }
  if (req.socket.remoteAddress) headers.set(CLIENT_ADDRESS_HEADER, req.socket.remoteAddress);
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  return new Request(url, {
    method: req.method ?? 'GET',
    headers,
    body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : null,
    // Node's fetch needs this to accept a streamed request body.
    duplex: 'half',
  } as RequestInit);
}

/** Writes a web Response to a Node response. */
export async function writeWebResponse(response: Response, res: ServerResponse): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length) headers['set-cookie'] = cookies;
  res.writeHead(response.status, headers);
  if (!response.body) {
    res.end();
    return;
  }
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) res.write(chunk);
  res.end();
}

/** Turns a Fetch handler into a `node:http` request listener (also usable as Express middleware). */
export function toNodeListener(handler: FetchHandler) {
  return function nodeListener(req: IncomingMessage, res: ServerResponse): void {
    Promise.resolve()
      .then(() => handler(toWebRequest(req)))
      .then((response) => writeWebResponse(response, res))
      .catch(() => {
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end('{"error":{"code":"internal_error","message":"Something went wrong."}}');
        } else res.destroy();
      });
  };
}

/** Serves a Fetch handler on `port` (0 picks a free one); resolves once listening. */
export function serve(handler: FetchHandler, port: number, host = '127.0.0.1'): Promise<Server> {
  const server = createServer(toNodeListener(handler));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
