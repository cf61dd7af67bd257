/**
 * The demo's human agent, through the real path: `npm start`'s app (demo bot, in-memory events) with
 * a browser's stream open. Asking for a human hands over; the agent joins, greets, answers the next
 * message and completes the conversation, each as a signed webhook delivery the proxy accepted.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ASKS_FOR_HUMAN } from '../../proxy/demo-agent.js';
import { createApp } from '../../proxy/serve.js';
import { anonId } from './contract.js';
import { dataOf, messageIds, stream } from './agents-contract.js';

test('asking for a human runs the agent flow through the webhook and the stream', async () => {
  const app = createApp({ LOG_MESSAGES: '0' });
  assert.equal(app.agents, 'memory');
  const origin = 'http://localhost:8787';
  const proxy = {
    origin,
    send: (path: string, init: RequestInit = {}) =>
      Promise.resolve(app.handler(new Request(`${origin}${path}`, init))),
    close: async () => undefined,
  };
  const user = anonId();
  const say = async (text: string) => {
    const response = await proxy.send('/api/haptik', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-haptik-chat': '1' },
      body: JSON.stringify({
        user: { auth_id: user },
        message_body: text,
        message_type: 0,
        business_id: 343,
      }),
    });
    assert.equal(response.status, 200);
    return (await response.json()) as { message: { id: number }[] };
  };
  const sse = await stream(proxy, user);

  const handover = await say('Talk to a human');
  assert.equal(handover.message.length, 1);
  const joined = await sse.take(3, 10_000);
  assert.deepEqual(
    joined.map((event) => event.event),
    ['message', 'chat_pinned', 'message'],
  );
  assert.equal(messageIds(joined)[0], handover.message[0]!.id, 'the handover comes both ways with one id');
  assert.equal(dataOf(joined[1]!).agent?.is_automated, false);

  const quiet = await say('My order is late');
  assert.deepEqual(quiet.message, [], 'while the agent holds the chat, the bot does not answer');
  const rest = await sse.take(3, 10_000);
  assert.deepEqual(
    rest.map((event) => event.event),
    ['message', 'message', 'conversation_complete'],
  );
  assert.match(JSON.stringify(dataOf(rest[0]!).message[0]!.body), /My order is late/);

  const bot = await say('hi');
  assert.ok(bot.message.length > 0, 'the bot is back after the conversation is complete');
  await sse.cancel();
  await app.close();
});

test('the demo agent answers the usual ways of asking for a person, and not ordinary messages', () => {
  for (const said of [
    'talk to a human',
    'Talk to a human',
    'speak to someone',
    'chat with an agent',
    'human',
    'agent',
  ]) {
    assert.ok(ASKS_FOR_HUMAN.test(said), said);
  }
  for (const said of ['hi', 'humane society', 'what is an agent?', 'tell me a fact']) {
    assert.ok(!ASKS_FOR_HUMAN.test(said), said);
  }
});
