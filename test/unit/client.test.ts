/** The widget's one HTTP call (src/client.ts): the body it builds, the headers, and every way it fails. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ChatError } from '../../src/chat-error.js';
import { sendMessage, type ChatTarget } from '../../src/client.js';
import { policyFromEnv } from '../../proxy/config.js';
import { REPLY_TIMEOUT_MS } from '../../src/wire.js';
import { reply, textBody } from '../fixtures/replies.js';

interface Seen {
  url: string;
  init: RequestInit;
}

/** A fetch that records the request and answers with `answer`. */
function fakeFetch(answer: (init: RequestInit) => Response | Promise<Response>) {
  const seen: Seen[] = [];
  const fetch = (async (url: RequestInfo | URL, init: RequestInit = {}) => {
    seen.push({ url: String(url), init });
    return answer(init);
  }) as typeof globalThis.fetch;
  return { seen, fetch };
}

const json = (status: number, payload: unknown) =>
  new Response(JSON.stringify(payload), { status, headers: { 'content-type': 'application/json' } });

const target = (fetch: typeof globalThis.fetch, extra: Partial<ChatTarget> = {}): ChatTarget => ({
  endpoint: '/api/haptik',
  businessId: 343,
  authId: 'anon-1',
  fetch,
  ...extra,
});

const failure = async (promise: Promise<unknown>): Promise<ChatError> => {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ChatError, `a ChatError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the send to fail');
};

describe('sending a message', () => {
  test('posts exactly the documented body with the widget header, and parses the reply', async () => {
    const { seen, fetch } = fakeFetch(() => json(200, reply(textBody('hello'))));
    const parsed = await sendMessage(target(fetch), 'hi there', new AbortController().signal);
    assert.equal(parsed.messages[0]?.text, 'hello');
    assert.equal(seen[0]!.url, '/api/haptik');
    assert.equal(seen[0]!.init.method, 'POST');
    assert.equal(seen[0]!.init.credentials, 'same-origin');
    assert.deepEqual(JSON.parse(String(seen[0]!.init.body)), {
      user: { auth_id: 'anon-1' },
      message_body: 'hi there',
      message_type: 0,
      business_id: 343,
    });
    assert.deepEqual(seen[0]!.init.headers, { 'content-type': 'application/json', 'x-haptik-chat': '1' });
  });

  test('a signed identity token goes as X-Haptik-Auth', async () => {
    const { seen, fetch } = fakeFetch(() => json(200, reply()));
    await sendMessage(target(fetch, { authToken: 'a.b.c' }), 'hi', new AbortController().signal);
    assert.equal((seen[0]!.init.headers as Record<string, string>)['x-haptik-auth'], 'a.b.c');
  });

  test('without a business id nothing is sent', async () => {
    const { seen, fetch } = fakeFetch(() => json(200, reply()));
    const error = await failure(
      sendMessage(target(fetch, { businessId: undefined }), 'hi', new AbortController().signal),
    );
    assert.equal(error.code, 'missing_business_id');
    assert.equal(seen.length, 0);
  });
});

describe('how a send fails', () => {
  test("the proxy's error code and message reach the page", async () => {
    const { fetch } = fakeFetch(() =>
      json(403, { error: { code: 'identity_required', message: 'Sign in again.' } }),
    );
    const error = await failure(sendMessage(target(fetch), 'hi', new AbortController().signal));
    assert.equal(error.kind, 'http');
    assert.equal(error.status, 403);
    assert.equal(error.code, 'identity_required');
    assert.equal(error.message, 'Sign in again.');
  });

  test('an error page that is not JSON still fails cleanly, with its status', async () => {
    const { fetch } = fakeFetch(() => new Response('<h1>Bad gateway</h1>', { status: 502 }));
    const error = await failure(sendMessage(target(fetch), 'hi', new AbortController().signal));
    assert.equal(error.kind, 'http');
    assert.equal(error.status, 502);
    assert.equal(error.code, undefined);
  });

  test('a 200 that is not JSON is an unreadable reply', async () => {
    const { fetch } = fakeFetch(() => new Response('not json', { status: 200 }));
    const error = await failure(sendMessage(target(fetch), 'hi', new AbortController().signal));
    assert.equal(error.kind, 'invalid-reply');
  });

  test('no answer within the timeout is a timeout; a network error is a network failure', async () => {
    const hang = fakeFetch(
      (init) =>
        new Promise<Response>((_, reject) =>
          init.signal!.addEventListener('abort', () => reject(init.signal!.reason)),
        ),
    );
    // AbortSignal.timeout's timer does not keep Node's event loop alive: this does, meanwhile.
    const alive = setInterval(() => undefined, 1000);
    const slow = await failure(
      sendMessage(target(hang.fetch, { timeoutMs: 20 }), 'hi', new AbortController().signal),
    ).finally(() => clearInterval(alive));
    assert.equal(slow.kind, 'timeout');
    const broken = fakeFetch(() => Promise.reject(new TypeError('Failed to fetch')));
    const down = await failure(sendMessage(target(broken.fetch), 'hi', new AbortController().signal));
    assert.equal(down.kind, 'network');
  });

  test("the widget waits longer than the proxy, so a slow bot is reported by the proxy's 504", () => {
    const { upstreamTimeoutMs } = policyFromEnv({});
    assert.equal(upstreamTimeoutMs, 15_000, "the proxy's default, as wire.ts documents it");
    assert.ok(REPLY_TIMEOUT_MS >= upstreamTimeoutMs + 3000, 'with a margin for the network');
  });

  test('aborting the send (the element was removed) is reported as aborted', async () => {
    const controller = new AbortController();
    const hang = fakeFetch(
      (init) =>
        new Promise<Response>((_, reject) =>
          init.signal!.addEventListener('abort', () => reject(init.signal!.reason)),
        ),
    );
    const pending = sendMessage(target(hang.fetch), 'hi', controller.signal);
    controller.abort();
    assert.equal((await failure(pending)).kind, 'aborted');
  });
});
