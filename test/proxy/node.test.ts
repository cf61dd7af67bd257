/** The Node adapter: what it hands the Fetch handler, and how it writes the answer back. */
import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { after, describe, test } from 'node:test';
import type { ProxyConfig } from '../../proxy/config.js';
import { createHaptikProxy } from '../../proxy/handler.js';
import { serve, type FetchHandler, type ServeOptions } from '../../proxy/node.js';
import { chatBody } from './contract.js';

const servers: Server[] = [];
after(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function listen(handler: FetchHandler, options: ServeOptions = {}): Promise<number> {
  const server = await serve(handler, 0, '127.0.0.1', options);
  servers.push(server);
  return (server.address() as AddressInfo).port;
}

/**
 * A slow client: writes `head`, then one byte of `drip` every 2 s, until the server closes the
 * connection or `giveUpMs` passes. Resolves with how long the connection stayed open, or Infinity.
 */
function trickle(port: number, head: string, drip: string, giveUpMs: number): Promise<number> {
  return new Promise((resolve) => {
    const started = performance.now();
    const socket = connect(port, '127.0.0.1', () => socket.write(head, 'latin1'));
    let sent = 0;
    const timer = setInterval(() => {
      if (!socket.destroyed) socket.write(drip[sent++ % drip.length]!, 'latin1');
    }, 2000);
    const giveUp = setTimeout(() => {
      clearInterval(timer);
      socket.destroy();
      resolve(Infinity);
    }, giveUpMs);
    socket.on('error', () => undefined);
    socket.resume();
    socket.once('close', () => {
      clearInterval(timer);
      clearTimeout(giveUp);
      resolve(performance.now() - started);
    });
  });
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

describe('the Node adapter hands the handler a faithful request and writes its answer back', () => {
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

describe('slow and surplus clients cannot hold the server', () => {
  const shortTimeouts: ServeOptions = { headersTimeoutMs: 2000, requestTimeoutMs: 4000 };

  test(
    'a client that sends its headers one byte every 2 s is cut off at the headers timeout, not ~30 s later',
    { timeout: 20_000 },
    async () => {
      const port = await listen(() => new Response('ok'), shortTimeouts);
      const open = await trickle(port, 'GET / HTTP/1.1\r\nHost: x\r\n', 'X-Slow: aaaaaaaaaa', 9000);
      // The headers timeout plus the server's one-second check, with room for a busy machine.
      assert.ok(open < 2000 + 3000, `the connection stayed open ${Math.round(open)} ms`);
    },
  );

  test(
    'a client that sends its body one byte every 2 s is cut off at the request timeout',
    { timeout: 20_000 },
    async () => {
      let handled = 0;
      const port = await listen(() => {
        handled += 1;
        return new Response('ok');
      }, shortTimeouts);
      const head =
        'POST /api/haptik HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n';
      const open = await trickle(port, head, '{"user":', 11_000);
      assert.ok(open < 4000 + 3000, `the connection stayed open ${Math.round(open)} ms`);
      assert.equal(handled, 0, 'the half-sent request never reached the handler');
    },
  );

  test(
    'a response that streams for longer than the request timeout is not cut: it only bounds receiving the request',
    { timeout: 20_000 },
    async () => {
      const port = await listen(
        () => {
          let sent = 0;
          const body = new ReadableStream<Uint8Array>({
            async pull(controller) {
              await new Promise((resolve) => setTimeout(resolve, 400));
              if (sent === 8) controller.close();
              else controller.enqueue(new TextEncoder().encode(`event ${sent++}\n`));
            },
          });
          return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
        },
        { headersTimeoutMs: 1000, requestTimeoutMs: 2000 },
      );
      const text = await (await fetch(`http://127.0.0.1:${port}/events`)).text();
      assert.equal(text.split('\n').filter(Boolean).length, 8, 'all eight events, over about 3 s');
    },
  );

  test('past the connection cap a new connection is dropped, and the open ones keep working', async () => {
    const port = await listen(() => new Response('ok'), { maxConnections: 2 });
    const sockets = await Promise.all(
      [1, 2].map(
        () =>
          new Promise<Socket>((resolve) => {
            const socket = connect(port, '127.0.0.1', () => resolve(socket));
          }),
      ),
    );
    // The server counts a connection once it has accepted it; a first request makes sure it has.
    const ask = (socket: Socket) =>
      new Promise<string>((resolve) => {
        let answer = '';
        const onData = (chunk: Buffer) => {
          answer += chunk.toString('latin1');
          // The end of a chunked body.
          if (answer.endsWith('\r\n0\r\n\r\n')) {
            socket.off('data', onData);
            resolve(answer);
          }
        };
        socket.on('data', onData);
        socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
      });
    for (const socket of sockets) assert.match(await ask(socket), /^HTTP\/1\.1 200 /);
    // A third connection that waits: dropped by the server unanswered, or still open when we give up.
    const third = await new Promise<{ closed: boolean; answer: string }>((resolve) => {
      let answer = '';
      const socket = connect(port, '127.0.0.1');
      const giveUp = setTimeout(() => {
        socket.destroy();
        resolve({ closed: false, answer });
      }, 3000);
      socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
      socket.on('error', () => undefined);
      socket.once('close', () => {
        clearTimeout(giveUp);
        resolve({ closed: true, answer });
      });
    });
    assert.deepEqual(third, { closed: true, answer: '' }, 'the third connection was dropped unanswered');
    assert.match(await ask(sockets[0]!), /^HTTP\/1\.1 200 /, 'the first still answers');
    for (const socket of sockets) socket.destroy();
  });

  test('npm start and serve() default to a 10 s headers timeout, 30 s request timeout and 1,000 connections', async () => {
    const server = await serve(() => new Response('ok'), 0);
    servers.push(server);
    assert.equal(server.headersTimeout, 10_000);
    assert.equal(server.requestTimeout, 30_000);
    assert.equal(server.maxConnections, 1000);
  });
});
