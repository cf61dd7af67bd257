/**
 * Fault injection: a loopback Haptik that hangs, answers late, trickles, fails, sends garbage or
 * too much, or drops the connection. Each fault gets its documented status within its time bound,
 * and the proxy (served by the Node adapter) keeps answering good requests afterwards. Both
 * upstream clients are tried: the Node one `npm start` uses and the global fetch other runtimes use.
 */
import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { createHaptikProxy } from '../../proxy/handler.js';
import { serve } from '../../proxy/node.js';
import { createNodeFetch } from '../../proxy/node-fetch.js';
import type { UpstreamFetch } from '../../proxy/upstream.js';
import { chatBody, haptik } from './contract.js';
import { echoReply, sendJson, startUpstream, type Arrival, type RecordingUpstream } from './upstream.js';

const TIMEOUT_MS = 300;
/** Generous: a loaded CI machine may be slow, but a proxy that waited for no deadline would be far slower. */
const MARGIN_MS = 1500;

const endless = (res: ServerResponse, chunk: Buffer, status = 200) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  const pump = () => {
    while (!res.destroyed && res.write(chunk));
  };
  res.on('drain', pump);
  res.write('{"message":[');
  pump();
};

interface Fault {
  name: string;
  respond(arrival: Arrival, res: ServerResponse): void;
  status: number;
  code: string;
}

const timers = new Set<NodeJS.Timeout>();
const later = (ms: number, action: () => void) => {
  const timer = setTimeout(() => {
    timers.delete(timer);
    action();
  }, ms);
  timers.add(timer);
};

const FAULTS: Fault[] = [
  { name: 'hangs without answering', respond: () => undefined, status: 504, code: 'upstream_timeout' },
  {
    name: 'answers after the deadline',
    respond: (arrival, res) => later(TIMEOUT_MS * 3, () => sendJson(res, 200, echoReply(arrival))),
    status: 504,
    code: 'upstream_timeout',
  },
  {
    name: 'sends headers, then trickles the body past the deadline',
    respond: (_arrival, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100000' });
      const drip = () => {
        if (res.destroyed) return;
        res.write(' ');
        later(40, drip);
      };
      drip();
    },
    status: 504,
    code: 'upstream_timeout',
  },
  {
    name: 'answers 500 with an error page',
    respond: (_arrival, res) =>
      res.writeHead(500, { 'content-type': 'text/html' }).end('<pre>Traceback: db password=hunter2</pre>'),
    status: 502,
    code: 'upstream_error',
  },
  {
    name: 'answers 200 with malformed JSON',
    respond: (_arrival, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"message":[{"id":1,'),
    status: 502,
    code: 'upstream_invalid',
  },
  {
    name: 'answers 200 with a 2 MiB body',
    respond: (arrival, res) => {
      const reply = echoReply(arrival);
      reply.message[0]!.body.text = 'x'.repeat(2 * 1024 * 1024);
      sendJson(res, 200, reply);
    },
    status: 502,
    code: 'upstream_invalid',
  },
  {
    name: 'streams an endless body',
    respond: (_arrival, res) => endless(res, Buffer.alloc(64 * 1024, 0x20)),
    status: 502,
    code: 'upstream_invalid',
  },
  {
    name: 'resets the connection before answering',
    respond: (_arrival, res) => res.socket!.resetAndDestroy(),
    status: 502,
    code: 'upstream_unreachable',
  },
  {
    name: 'resets the connection in the middle of the body',
    respond: (_arrival, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '5000' });
      res.write('{"message":[', () => res.socket?.resetAndDestroy());
    },
    status: 502,
    code: 'upstream_unreachable',
  },
  {
    name: 'closes the connection without a word',
    respond: (_arrival, res) => res.socket!.destroy(),
    status: 502,
    code: 'upstream_unreachable',
  },
];

for (const [client, makeFetch] of [
  ['Node client', () => createNodeFetch()],
  ['global fetch', () => undefined],
] as const) {
  describe(`upstream faults (${client})`, () => {
    let upstream: RecordingUpstream;
    let url: string;
    let close: () => Promise<void>;

    before(async () => {
      upstream = await startUpstream(haptik);
      const nodeFetch = makeFetch();
      const proxy = createHaptikProxy(
        {
          apiUrl: upstream.url,
          token: 'fault-token-000000000000',
          clientId: 'client-42',
          businessIds: [343],
          allowedOrigins: [],
          upstreamTimeoutMs: TIMEOUT_MS,
          rateLimitPerMinute: 0,
        },
        { fetch: nodeFetch as UpstreamFetch | undefined, log: () => undefined },
      );
      const server = await serve(proxy, 0);
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/haptik`;
      close = async () => {
        nodeFetch?.close();
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      };
    });
    after(async () => {
      for (const timer of timers) clearTimeout(timer);
      await close();
      await upstream.close();
    });

    const send = () =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-haptik-chat': '1' },
        body: JSON.stringify(chatBody()),
      });

    for (const fault of FAULTS) {
      test(`an upstream that ${fault.name} gets ${fault.status} ${fault.code}, and the proxy keeps serving`, async () => {
        upstream.respond((arrival, res) => fault.respond(arrival, res));
        const started = performance.now();
        const response = await send();
        const elapsed = performance.now() - started;
        const text = await response.text();
        assert.equal(response.status, fault.status, text);
        assert.equal((JSON.parse(text) as { error: { code: string } }).error.code, fault.code);
        assert.ok(!text.includes('hunter2') && !text.includes('Traceback'));
        if (fault.status === 504) assert.ok(elapsed >= TIMEOUT_MS - 50, `gave up after ${elapsed} ms`);
        assert.ok(elapsed < TIMEOUT_MS + MARGIN_MS, `answered after ${elapsed} ms`);

        upstream.respond(haptik);
        const good = await send();
        assert.equal(good.status, 200);
        await good.text();
      });
    }

    test('after every fault, twenty simultaneous good requests are all answered', async () => {
      upstream.respond(haptik);
      const responses = await Promise.all(Array.from({ length: 20 }, send));
      assert.deepEqual(
        responses.map((response) => response.status),
        Array<number>(20).fill(200),
      );
      await Promise.all(responses.map((response) => response.text()));
    });
  });
}
