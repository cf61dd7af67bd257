/**
 * The demo's human agent, end to end: `npm start` with no account, a person asks for a human in the
 * widget, and the demo bot hands over through the real path (signed deliveries to the proxy's webhook,
 * the widget's event stream): the agent joins, speaks under their own name, answers, and completes.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { demoSession, SHOTS } from './server.js';

const session = demoSession();

test('asking for a human: the agent joins, answers under their name, and the conversation ends', async () => {
  const page = await session.browser.newPage({ viewport: { width: 1000, height: 760 } });
  await page.goto(session.server.url);
  await page.locator('haptik-chat [part~="launcher"]').click();
  const input = page.locator('haptik-chat [part~="input"]');
  await input.fill('talk to a human');
  await input.press('Enter');

  const chat = page.locator('haptik-chat');
  await chat.locator('[part~="system"]', { hasText: 'has entered the Conversation' }).waitFor();
  const greeting = chat.locator('[part~="message"][part~="bot"]', { hasText: 'Asha' }).last();
  await greeting.waitFor();
  assert.equal(
    await chat.locator('[part~="bubble"]', { hasText: 'Connecting you to a person' }).count(),
    1,
    'the hand-over, carried by the sync reply and the webhook, shows once',
  );
  assert.equal(await chat.locator('[part~="typing"]').count(), 0, 'no typing indicator waits for the agent');

  await input.fill('my order 4521 is late');
  await input.press('Enter');
  await chat.locator('[part~="bubble"]', { hasText: 'I have noted: “my order 4521 is late”' }).waitFor();
  await chat
    .locator('[part~="system"]', { hasText: 'This conversation has ended' })
    .waitFor({ timeout: 15_000 });
  const agentLabels = await chat.locator('[part~="agent"]').allTextContents();
  assert.ok(
    agentLabels.some((label) => label.includes('Asha (demo agent)')),
    'the agent speaks under their name',
  );
  assert.equal(
    (await chat.locator('[part~="header"]').textContent())?.includes('Asha'),
    false,
    'once the conversation ended, the header no longer names the agent',
  );
  await page.screenshot({ path: new URL('agent.png', SHOTS).pathname });
  await page.close();
});
