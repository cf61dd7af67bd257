/**
 * 500 conversations at once through the Node adapter and the Node upstream client: every caller
 * gets its own reply (none lost, none crossed), and the heap after more rounds stays where it was
 * after the first.
 */
import assert from 'node:assert/strict';
import { Agent, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createHaptikProxy } from '../../proxy/handler.js';
import { serve } from '../../proxy/node.js';
import { createNodeFetch } from '../../proxy/node-fetch.js';
import { anonId } from './contract.js';
import { echoReply, sendJson, startUpstream, type RecordingUpstream } from './upstream.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const CONVERSATIONS = 500;
const TURNS = 2;

/** Each conversation is a browser with its own connection. */
// `timeout` makes Node's agent honour the proxy's `Keep-Alive: timeout=5`, as browsers do.
const browsers = new Agent({ keepAlive: true, maxSockets: CONVERSATIONS, timeout: 60_000 });
let upstream: RecordingUpstream;
let url: string;
let close: () => Promise<void>;

before(async () => {
  // Replies come back out of order: each one waits a random few milliseconds.
  upstream = await startUpstream((arrival, res) => {
    setTimeout(() => sendJson(res, 200, echoReply(arrival)), Math.random() * 15);
  });
  const nodeFetch = createNodeFetch();
  const proxy = createHaptikProxy(
    {
      apiUrl: upstream.url,
      token: 'concurrency-token-00000000',
      clientId: 'client-42',
      businessIds: [343],
      allowedOrigins: [],
      upstreamTimeoutMs: 10_000,
      rateLimitPerMinute: 1_000_000,
    },
    { fetch: nodeFetch, log: () => undefined },
  );
  const server = await serve(proxy, 0);
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/haptik`;
  close = async () => {
    nodeFetch.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
});
after(async () => {
  browsers.destroy();
  await close();
  await upstream.close();
});

/**
 * One POST, as a browser sends it: a request on a kept-alive connection that the server closed as it
 * went out (the server's keep-alive timeout, racing a busy machine's timers) is sent again on a new
 * one, as browsers do. The proxy never saw it, so Haptik still sees each message once (checked below).
 */
async function post(body: string): Promise<{ status: number; text: string }> {
  try {
    return await postOnce(body);
  } catch (error) {
    if (!(error instanceof ResetOnReuse)) throw error;
    resent += 1;
    return postOnce(body);
  }
}
/** Requests sent again: a few at most, or the proxy is dropping connections it should answer on. */
let resent = 0;

class ResetOnReuse extends Error {}

function postOnce(body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const headers = {
      'content-type': 'application/json',
      'x-haptik-chat': '1',
      'content-length': Buffer.byteLength(body),
    };
    let answered = false;
    const req = request(url, { method: 'POST', agent: browsers, headers }, (res) => {
      answered = true;
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      res.on('error', reject);
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      const reset = error.code === 'ECONNRESET' || error.code === 'EPIPE';
      reject(reset && req.reusedSocket && !answered ? new ResetOnReuse(error.message) : error);
    });
    req.end(body);
  });
}

/** The same users every round: what the proxy keeps per user (a rate-limit bucket) is made in the first. */
const USERS = Array.from({ length: CONVERSATIONS }, () => anonId());

/** One conversation: a few turns in order, each checked against what this caller said. */
async function converse(id: string): Promise<number> {
  let answered = 0;
  for (let turn = 0; turn < TURNS; turn++) {
    const message = `turn ${turn} from ${id}`;
    const { status, text } = await post(
      JSON.stringify({ user: { auth_id: id }, message_body: message, message_type: 0, business_id: 343 }),
    );
    assert.equal(status, 200, text);
    const reply = JSON.parse(text) as { message: { body: { text: string } }[] };
    assert.equal(reply.message[0]!.body.text, `${id}:${message}`, 'a reply reached the wrong caller');
    answered += 1;
  }
  return answered;
}

/** Runs every conversation at once; counts the replies, and the messages Haptik saw. */
async function round(): Promise<{ replies: number; arrivals: number }> {
  upstream.arrivals.length = 0;
  const answered = await Promise.all(USERS.map(converse));
  return { replies: answered.reduce((sum, n) => sum + n, 0), arrivals: upstream.arrivals.splice(0).length };
}

const heapAfterGc = (): number => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

test(`${CONVERSATIONS} simultaneous conversations each get their own replies, and memory stays bounded`, async () => {
  const everyone = { replies: CONVERSATIONS * TURNS, arrivals: CONVERSATIONS * TURNS };
  // Two rounds fill the pools and caches a server keeps; after that, the heap should stay put.
  for (let i = 0; i < 2; i++) assert.deepEqual(await round(), everyone, 'every message reached Haptik once');
  const settled = heapAfterGc();
  for (let i = 0; i < 2; i++) assert.deepEqual(await round(), everyone, 'every message reached Haptik once');
  const grown = heapAfterGc() - settled;
  const sent = 4 * CONVERSATIONS * TURNS;
  assert.ok(resent <= sent / 100, `${resent} of ${sent} requests had to be sent again`);
  // The same users each round, so nothing the proxy keeps should grow: anything per request would show
  // (2 MiB over 2,000 requests is 1 KiB each).
  assert.ok(grown < 2 * 1024 * 1024, `heap grew by ${(grown / 1024 / 1024).toFixed(1)} MiB over 2 rounds`);
});
