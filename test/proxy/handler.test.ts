import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { ProxyConfig } from '../../proxy/config.js';
import { createHaptikProxy } from '../../proxy/handler.js';
import { reply, textBody } from '../fixtures/replies.js';
import { sendJson, startUpstream, type RecordingUpstream } from './upstream.js';

const TOKEN = 'secret-token-do-not-leak';
const ORIGIN = 'https://shop.example';

let upstream: RecordingUpstream;
let config: ProxyConfig;

before(async () => {
  upstream = await startUpstream((_arrival, res) => sendJson(res, 200, reply(textBody('hello'))));
  config = {
    apiUrl: upstream.url,
    token: TOKEN,
    clientId: 'client-42',
    businessIds: [343],
    allowedOrigins: [],
    upstreamTimeoutMs: 2000,
  };
});
after(() => upstream.close());
beforeEach(() => {
  upstream.arrivals.length = 0;
  upstream.respond((_arrival, res) => sendJson(res, 200, reply(textBody('hello'))));
});

const goodBody = { user: { auth_id: 'anon-1' }, message_body: 'hi there', message_type: 0, business_id: 343 };

function post(body: unknown, headers: Record<string, string> = {}): Request {
  return new Request(`${ORIGIN}/api/haptik`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-haptik-chat': '1', origin: ORIGIN, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function errorOf(response: Response): Promise<{ code: string; message: string }> {
  assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
  const payload = (await response.json()) as { error: { code: string; message: string } };
  return payload.error;
}

describe('the proxy', () => {
  test('forwards exactly the documented body with the bearer token, client-id and JSON content type', async () => {
    const proxy = createHaptikProxy(config);
    const response = await proxy(
      post(goodBody, { authorization: 'Bearer client-supplied', cookie: 'session=abc', 'x-extra': 'nope' }),
    );
    assert.equal(response.status, 200);
    assert.equal(upstream.arrivals.length, 1);
    const [arrival] = upstream.arrivals;
    assert.equal(arrival!.method, 'POST');
    assert.equal(arrival!.url, '/v1/sync/webhook/');
    assert.equal(arrival!.headers['authorization'], `Bearer ${TOKEN}`);
    assert.equal(arrival!.headers['client-id'], 'client-42');
    assert.equal(arrival!.headers['content-type'], 'application/json');
    assert.equal(arrival!.headers['cookie'], undefined);
    assert.equal(arrival!.headers['x-extra'], undefined);
    assert.equal(arrival!.headers['origin'], undefined);
    assert.deepEqual(JSON.parse(arrival!.body), goodBody);
    assert.equal(arrival!.body, JSON.stringify(goodBody));
  });

  test('returns the upstream reply rebuilt from its documented fields', async () => {
    upstream.respond((arrival, res) =>
      sendJson(res, 200, { ...reply(textBody('hello')), echoed: arrival.headers, debug: 'internal' }),
    );
    const response = await createHaptikProxy(config)(post(goodBody));
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    const text = await response.text();
    assert.ok(!text.includes(TOKEN), 'the token never reaches the browser');
    const payload = JSON.parse(text) as Record<string, unknown>;
    assert.deepEqual(Object.keys(payload).sort(), ['agent', 'message', 'timestamp', 'version']);
    assert.deepEqual((payload['message'] as { body: unknown }[])[0]!.body, textBody('hello'));
  });

  test('refuses a business id outside the allow-list with 403 and forwards nothing', async () => {
    const response = await createHaptikProxy(config)(post({ ...goodBody, business_id: 999 }));
    assert.equal(response.status, 403);
    assert.equal((await errorOf(response)).code, 'business_not_allowed');
    assert.equal(upstream.arrivals.length, 0);
  });

  test('answers non-JSON with 400 JSON', async () => {
    const response = await createHaptikProxy(config)(post('{not json'));
    assert.equal(response.status, 400);
    assert.equal((await errorOf(response)).code, 'invalid_json');
    assert.equal(upstream.arrivals.length, 0);
  });

  test('answers a missing message_body with 400 naming the field', async () => {
    const { message_body: _dropped, ...body } = goodBody;
    const response = await createHaptikProxy(config)(post(body));
    assert.equal(response.status, 400);
    const error = await errorOf(response);
    assert.equal(error.code, 'invalid_message_body');
    assert.match(error.message, /message_body/);
  });

  test('answers an unreachable upstream with 502 JSON', async () => {
    const proxy = createHaptikProxy({ ...config, apiUrl: 'http://127.0.0.1:1/unreachable' });
    const response = await proxy(post(goodBody));
    assert.equal(response.status, 502);
    assert.equal((await errorOf(response)).code, 'upstream_unreachable');
  });

  test('turns an upstream 401 into 502 upstream_auth without its body', async () => {
    upstream.respond((_arrival, res) =>
      sendJson(res, 401, { error_message: 'invalid authorization details' }),
    );
    const response = await createHaptikProxy(config)(post(goodBody));
    assert.equal(response.status, 502);
    const text = await response.text();
    assert.match(text, /upstream_auth/);
    assert.ok(!text.includes('invalid authorization details'));
  });

  test('refuses a request without the widget header, and a foreign origin, with 403', async () => {
    const proxy = createHaptikProxy(config);
    const noHeader = await proxy(post(goodBody, { 'x-haptik-chat': '' }));
    assert.equal(noHeader.status, 403);
    const foreign = await proxy(post(goodBody, { origin: 'https://evil.example' }));
    assert.equal(foreign.status, 403);
    assert.equal((await errorOf(foreign)).code, 'origin_not_allowed');
    assert.equal(upstream.arrivals.length, 0);
  });

  test('answers GET /healthz with 200 and other methods on the chat path with 405', async () => {
    const proxy = createHaptikProxy(config);
    assert.equal((await proxy(new Request(`${ORIGIN}/healthz`))).status, 200);
    const get = await proxy(new Request(`${ORIGIN}/api/haptik`));
    assert.equal(get.status, 405);
    assert.equal(get.headers.get('allow'), 'POST');
  });
});
