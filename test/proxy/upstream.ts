/** A loopback HTTP server that records what reaches it and answers as told: the fake Haptik. */
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { UpstreamFetch, UpstreamInit } from '../../proxy/upstream.js';

export interface Arrival {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export type Responder = (arrival: Arrival, res: ServerResponse) => void;

export interface RecordingUpstream {
  /** The message API (what HAPTIK_API_URL points at). */
  url: string;
  /** The user API (what HAPTIK_USER_URL points at). */
  userUrl: string;
  arrivals: Arrival[];
  respond(responder: Responder): void;
  close(): Promise<void>;
}

/**
 * The fake Haptik in process, as the handler's `fetch` option: it answers from a list, one answer per
 * call, then with `otherwise`, and records each call.
 */
export function scriptedFetch(
  otherwise: () => Response,
  ...answers: (() => Response | Promise<Response>)[]
): { fetch: UpstreamFetch; calls: { url: string; init: UpstreamInit }[] } {
  const calls: { url: string; init: UpstreamInit }[] = [];
  const fetch: UpstreamFetch = async (url, init) => {
    calls.push({ url, init });
    return (answers[calls.length - 1] ?? otherwise)();
  };
  return { fetch, calls };
}

export const MESSAGE_PATH = '/v1/sync/webhook/';
export const USER_PATH = '/v1.0/user/';

export const sendJson = (res: ServerResponse, status: number, payload: unknown): void => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(payload));
};

/** A Haptik-shaped reply whose text says who asked what, so crossed replies show. */
export const echoReply = (arrival: Arrival) => {
  const body = JSON.parse(arrival.body) as { user: { auth_id: string }; message_body: string };
  return {
    version: '1.0',
    timestamp: '2018-10-04T12:41:27.980Z',
    agent: { id: 4415, name: 'gogo', profile_image: 'https://example.com/gogo.jpg', is_automated: true },
    message: [
      {
        id: 1,
        body: {
          text: `${body.user.auth_id}:${body.message_body}`,
          type: 'TEXT',
          data: { quick_replies: [] },
        },
      },
    ],
  };
};

export async function startUpstream(responder: Responder): Promise<RecordingUpstream> {
  const arrivals: Arrival[] = [];
  let current = responder;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const arrival = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      };
      arrivals.push(arrival);
      current(arrival, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${MESSAGE_PATH}`,
    userUrl: `http://127.0.0.1:${port}${USER_PATH}`,
    arrivals,
    respond: (next) => (current = next),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
