/** The Node adapter: what it hands the Fetch handler, and how it writes the answer back. */
import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { after, describe, test } from 'node:test';
import type { ProxyConfig } from '../../proxy/config.js';
import { createHaptikProxy } from '../../proxy/handler.js';
import { serve, type FetchHandler } from '../../proxy/node.js';
import { chatBody } from './contract.js';

const servers: Server[] = [];
after(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function listen(handler: FetchHandler): Promise<number> {
  const server = await serve(handler, 0);
  servers.push(server);
  return (server.address() as AddressInfo).port;
}

/** Writes raw bytes and collects everything until the server closes the connection. */
function raw(port: number, bytes: string, { end = true } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
    if (end) socket.end(bytes, 'latin1');
    else socket.write(bytes, 'latin1');
  });
}

const upstreamReply = async () => Response.json({ message: [] });

/** The proxy under test; the upstream is always injected, so the URL is never dialled. */
const CONFIG: ProxyConfig = {
  apiUrl: 'https://haptik.example/sync',
  token: 'node-token-0123456789',
  clientId: 'c',
  businessIds: [343],
  allowedOrigins: [],
  upstreamTimeoutMs: 1000,
  rateLimitPerMinute: 0,
};

describe('the Node adapter', () => {
  test('behind a TLS-terminating proxy, X-Forwarded-Proto: https makes https://host its own origin', async () => {
    const proxy = createHaptikProxy(CONFIG, { fetch: upstreamReply, log: () => undefined });
    const port = await listen(proxy);
    const send = (headers: Record<string, string>) =>
      fetch(`http://127.0.0.1:${port}/api/haptik`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-haptik-chat': '1',
          host: 'chat.shop.example',
          ...headers,
        },
        body: JSON.stringify(chatBody()),
      });
    const tls = { origin: `https://127.0.0.1:${port}`, 'sec-fetch-site': 'same-origin' };
    assert.equal((await send({ ...tls, 'x-forwarded-proto': 'https' })).status, 200);
    assert.equal((await send(tls)).status, 403, 'without the header, https://… is another origin');
    assert.equal((await send({ origin: `http://127.0.0.1:${port}` })).status, 200);
  });

  test('hands the handler the client address from the socket', async () => {
    const port = await listen((_request, context) => Response.json({ address: context?.clientAddress }));
    const response = await fetch(`http://127.0.0.1:${port}/`, { headers: { 'x-forwarded-for': '6.6.6.6' } });
    assert.deepEqual(await response.json(), { address: '127.0.0.1' });
  });

  test(
    'refuses a declared oversized body at once with 413, and closes the connection instead of draining it',
    { timeout: 10_000 },
    async () => {
      let forwarded = 0;
      const proxy = createHaptikProxy(CONFIG, {
        fetch: async () => {
          forwarded += 1;
          return Response.json({ message: [] });
        },
        log: () => undefined,
      });
      const port = await listen(proxy);
      // Just over the limit, 64 KiB and 100 MiB announced, a few bytes sent, and the client waits:
      // the answer must not wait for the rest (nor may the adapter buffer it first).
      for (const declared of [16 * 1024 + 1, 64 * 1024, 100 * 1024 * 1024]) {
        const head =
          `POST /api/haptik HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-Haptik-Chat: 1\r\n` +
          `Content-Length: ${declared}\r\n\r\n{"user":`;
        const answer = await raw(port, head, { end: false });
        assert.match(answer, /^HTTP\/1\.1 413 /, `${declared} bytes announced`);
        assert.match(answer, /connection: close/i);
      }
      assert.equal(forwarded, 0);
    },
  );

  test(
    'reads a chunked body as it streams, and cuts an endless one off with 413',
    { timeout: 10_000 },
    async () => {
      const proxy = createHaptikProxy(CONFIG, { fetch: upstreamReply, log: () => undefined });
      const port = await listen(proxy);
      const send = (body: ReadableStream<Uint8Array>) =>
        fetch(`http://127.0.0.1:${port}/api/haptik`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-haptik-chat': '1' },
          body,
          duplex: 'half',
        } as RequestInit);
      const json = new TextEncoder().encode(JSON.stringify(chatBody()));
      const inPieces = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < json.byteLength; i += 7) controller.enqueue(json.slice(i, i + 7));
          controller.close();
        },
      });
      assert.equal((await send(inPieces)).status, 200);
      const endless = new ReadableStream<Uint8Array>({
        pull: (controller) => controller.enqueue(new Uint8Array(4096).fill(0x20)),
      });
      const refused = await send(endless);
      assert.equal(refused.status, 413);
      assert.equal((await send(new Response(json).body!)).status, 200, 'and the proxy keeps serving');
    },
  );

  test('streams a body it did not make, with backpressure, and keeps every Set-Cookie', async () => {
    const chunk = new Uint8Array(64 * 1024).fill(0x61);
    let sent = 0;
    const port = await listen(() => {
      const headers = new Headers({ 'content-type': 'text/plain' });
      headers.append('set-cookie', 'a=1');
      headers.append('set-cookie', 'b=2');
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent === 64) controller.close();
          else {
            sent += 1;
            controller.enqueue(chunk);
          }
        },
      });
      return new Response(body, { headers });
    });
    const response = await fetch(`http://127.0.0.1:${port}/`);
    assert.deepEqual(response.headers.getSetCookie(), ['a=1', 'b=2']);
    assert.equal((await response.arrayBuffer()).byteLength, 64 * chunk.byteLength);
  });

  test('a handler that throws gets 500 JSON with no detail', async () => {
    const port = await listen(() => {
      throw new Error('at /srv/app/secret.js:12');
    });
    const response = await fetch(`http://127.0.0.1:${port}/api/haptik`);
    assert.equal(response.status, 500);
    const text = await response.text();
    assert.ok(!text.includes('secret.js'));
    assert.equal((JSON.parse(text) as { error: { code: string } }).error.code, 'internal_error');
  });

  test('a request target that is not a path gets 400 and never reaches the handler', async () => {
    let handled = 0;
    const port = await listen(() => {
      handled += 1;
      return new Response('ok');
    });
    const answer = await raw(
      port,
      'GET http://evil.example/api/haptik HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    );
    assert.match(answer, /^HTTP\/1\.1 400 /);
    assert.equal(handled, 0);
  });
});
