import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createDemoBot } from '../../proxy/demo-bot.js';

const bot = createDemoBot({ token: 't0k3n', clientId: 'demo-client', businessIds: [343] });
const call = (headers: Record<string, string>, body: unknown) =>
  bot(new Request('http://bot.test/', { method: 'POST', headers, body: JSON.stringify(body) }));
const body = { user: { auth_id: 'anon-7' }, message_body: 'hi', message_type: 0, business_id: 343 };
const good = {
  authorization: 'Bearer t0k3n',
  'client-id': 'demo-client',
  'content-type': 'application/json',
};

test('the demo bot refuses a wrong token or client id the way Haptik does', async () => {
  for (const headers of [
    { ...good, authorization: 'Bearer wrong' },
    { ...good, 'client-id': 'other' },
    { 'content-type': 'application/json' },
  ]) {
    const response = await call(headers, body);
    assert.equal(response.status, 401);
    assert.deepEqual(await response.json(), { error_message: 'invalid authorization details' });
  }
});

test('the demo bot greets with TEXT messages and quick replies in the documented shape', async () => {
  const response = await call(good, body);
  assert.equal(response.status, 200);
  const reply = (await response.json()) as {
    message: { id: number; body: { type: string; text: string; data: { quick_replies: unknown[] } } }[];
  };
  assert.ok(reply.message.length >= 1);
  for (const item of reply.message) {
    assert.equal(item.body.type, 'TEXT');
    assert.equal(typeof item.id, 'number');
  }
  const replies = reply.message.at(-1)!.body.data.quick_replies as { payload: { message: string } }[];
  assert.ok(replies.length > 0);
  assert.ok(replies.every((quick) => typeof quick.payload.message === 'string'));
});
