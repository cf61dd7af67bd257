import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseReply } from '../../src/hsl.js';
import { quickReply, reply, textBody } from '../fixtures/replies.js';

test('parses TEXT with quick replies: display is message, send is gogo_message || message', () => {
  const parsed = parseReply(
    reply(textBody('Hi\nthere', [quickReply('Track', 'track_order'), quickReply('Help')])),
  );
  assert.equal(parsed.agent?.name, 'gogo');
  assert.equal(parsed.agent?.avatar, 'https://example.com/gogo.jpg');
  const [message] = parsed.messages;
  assert.equal(message?.kind, 'text');
  assert.equal(message?.text, 'Hi\nthere');
  assert.deepEqual(
    message?.kind === 'text' && message.quickReplies.map((q) => [q.label, q.display, q.send]),
    [
      ['Track', 'Track', 'track_order'],
      ['Help', 'Help', 'Help'],
    ],
  );
});

test('anything that is not a reply gives no messages instead of throwing', () => {
  for (const value of [null, 3, 'x', [], {}, { message: 'nope' }, { message: [null, 1, { body: null }] }]) {
    const parsed = parseReply(value);
    assert.ok(Array.isArray(parsed.messages));
  }
});

test('unknown types keep their text as a fallback', () => {
  const [message] = parseReply(reply({ text: 'Fill the form', type: 'FORM', data: {} })).messages;
  assert.equal(message?.kind, 'fallback');
  assert.equal(message?.text, 'Fill the form');
});
