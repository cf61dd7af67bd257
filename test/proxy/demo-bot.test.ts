import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createDemoBot, demoReplies } from '../../proxy/demo-bot.js';
import { parseMessage } from '../../src/hsl.js';

const DEMO_PAGE = 'http://127.0.0.1:8787/';

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

test('the demo bot answers as Haptik\'s engine does: "gogo", automated', async () => {
  const response = await call(good, body);
  const { agent } = (await response.json()) as { agent: { name: string; is_automated: boolean } };
  assert.equal(agent.name, 'gogo');
  assert.equal(agent.is_automated, true);
});

test('the demo bot can send forty quick replies and a fifteen-message answer', () => {
  const [choices] = demoReplies('many choices', 0).map((b) => parseMessage(b));
  assert.equal(choices?.kind === 'text' && choices.quickReplies.length, 40);
  const long = demoReplies('long answer', 0);
  assert.equal(long.length, 15);
});

test('the demo bot shows off every HSL type from its menu, each in a shape the widget understands', (t) => {
  // The demo's pictures are root-relative: the widget resolves them against its page, as `npm start` serves it.
  Object.defineProperty(globalThis, 'location', { value: new URL(DEMO_PAGE), configurable: true });
  t.after(() => Reflect.deleteProperty(globalThis, 'location'));
  const kinds = (said: string) => demoReplies(said, 0).map((body) => parseMessage(body));
  const menu = (
    demoReplies('hi', 0).at(-1)!.data['quick_replies'] as { payload: { gogo_message: string } }[]
  ).map((reply) => reply.payload.gogo_message);
  assert.deepEqual(menu, [
    'markup',
    'buttons',
    'carousel',
    'image',
    'webview',
    'system',
    'everything',
    'fact',
    'talk to a human',
  ]);

  const [markup, tappable] = kinds('markup');
  assert.equal(markup?.kind, 'text');
  assert.match(markup!.text, /\*bold\*.*_italic_.*~struck through~.*`underlined`/s);
  assert.match(markup!.text, /https:\/\/\S+/);
  assert.match(markup!.text, /\{[^}]+\}/);
  assert.equal(tappable?.kind === 'text' && tappable.defaultReply?.send, 'menu');

  const [buttons] = kinds('buttons');
  assert.ok(buttons?.kind === 'buttons');
  assert.deepEqual(
    buttons.buttons.map((button) => [button.action.kind, button.isDefault]),
    [
      ['send', true],
      ['link', false],
      ['webview', false],
      ['call', false],
    ],
  );

  const [carousel] = kinds('carousel');
  assert.ok(carousel?.kind === 'carousel');
  assert.equal(carousel.cards.length, 3);
  assert.ok(
    carousel.cards.every((card) => card.image?.startsWith(`${DEMO_PAGE}images/`) && card.actionables.length),
  );

  assert.equal(kinds('image')[0]?.kind, 'image');
  assert.equal(kinds('system')[0]?.kind, 'system');
  const [webView] = kinds('webview');
  assert.equal(webView?.kind === 'buttons' && webView.buttons[0]?.action.kind, 'webview');

  const everything = new Set(kinds('everything').map((message) => message.kind));
  for (const kind of ['text', 'buttons', 'carousel', 'image', 'system', 'fallback'])
    assert.ok(everything.has(kind as never), kind);

  const booked = kinds('book Goa')[0];
  assert.equal(booked?.kind, 'text');
  assert.match(booked!.text, /\*Goa\*/);
});

test('the demo bot keeps its greeting and its facts', () => {
  const greeting = demoReplies('hi', 0);
  assert.ok(greeting.every((body) => body.type === 'TEXT'));
  assert.equal(greeting.at(-1)!.text, 'What would you like to see?');
  const fact = demoReplies('fact', 1).at(-1)!.data['quick_replies'] as { actionable_text: string }[];
  assert.ok(fact.some((reply) => reply.actionable_text === 'Another fact'));
});
