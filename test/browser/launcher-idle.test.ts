/**
 * What a closed launcher does while the page is idle: it loads the panel's code but makes no panel for a
 * new visitor; it picks up a conversation kept by an earlier visit (also when the page names the user
 * later); and a tap that opens a panel made from code loaded at idle is seen as a tap. In a file of its
 * own, so that the panel's code has not been loaded by an earlier test of the same page.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/index.js';
import type { HaptikChat } from '../../src/haptik-chat.js';
import { textBody } from '../fixtures/replies.js';
import { FakeNetwork } from './fake-network.js';

const ENDPOINT = '/api/idle';
const root = (el: HaptikChat) => el.shadowRoot!;
const part = (el: HaptikChat, name: string) => root(el).querySelector<HTMLElement>(`[part~="${name}"]`);
const botTexts = (el: HaptikChat) =>
  [...root(el).querySelectorAll('[part~="bot"] [part~="bubble"]')].map((b) => b.textContent?.trim());

const idle = () => new Promise((resolve) => requestIdleCallback(resolve, { timeout: 500 }));

/** Until the panel's module has been fetched and evaluated, then a few more idle periods. */
async function panelCodeLoaded(): Promise<void> {
  await waitUntil(
    () => performance.getEntriesByType('resource').some((entry) => entry.name.includes('/src/chat-panel.')),
    "the panel's code is fetched at idle",
    { timeout: 5000 },
  );
  await import('../../src/chat-panel.js');
  for (let i = 0; i < 3; i += 1) await idle();
}

function keep(key: string, entries: unknown[], savedAt = Date.now()): void {
  localStorage.setItem(key, JSON.stringify({ v: 2, savedAt, entries }));
}
const KEPT = [
  { role: 'user', id: 'u1', text: 'hello', body: 'hello', status: 'sent' },
  { role: 'bot', id: 'b1', body: textBody('welcome back') },
];

const launcher = (authId = '') =>
  fixture<HaptikChat>(
    html`<haptik-chat
      endpoint=${ENDPOINT}
      business-id="343"
      auth-id=${authId}
      .fetch=${new FakeNetwork().fetch}
    ></haptik-chat>`,
  );

beforeEach(() => localStorage.clear());

describe('a closed launcher at idle', () => {
  it("loads the panel's code but makes no panel for a new visitor, nor for an emptied or expired record", async () => {
    const fresh = await launcher();
    await panelCodeLoaded();
    await fresh.updateComplete;
    expect(part(fresh, 'panel') === null, 'no hidden panel for a new visitor').to.equal(true);
    fresh.remove();

    keep(`haptik-chat:${ENDPOINT}:343`, []); // what clear() leaves
    const emptied = await launcher();
    keep(`haptik-chat:${ENDPOINT}:343:user:old`, KEPT, Date.now() - 31 * 24 * 3600_000);
    const expired = await launcher('old');
    for (let i = 0; i < 3; i += 1) await idle();
    await Promise.all([emptied.updateComplete, expired.updateComplete]);
    expect(part(emptied, 'panel') === null, 'no panel for an emptied record').to.equal(true);
    expect(part(expired, 'panel') === null, 'no panel for an expired record').to.equal(true);
  });

  it('picks up a conversation kept by an earlier visit: the hidden panel holds it', async () => {
    keep(`haptik-chat:${ENDPOINT}:343`, KEPT);
    const el = await launcher();
    await waitUntil(() => botTexts(el).length === 1, 'the kept conversation is picked up', { timeout: 5000 });
    expect(botTexts(el)).to.deep.equal(['welcome back']);
    expect(el.open).to.equal(false);
    expect(part(el, 'panel')!.hidden).to.equal(true);
  });

  it('picks up the conversation of a user the page names after idle', async () => {
    keep(`haptik-chat:${ENDPOINT}:343:user:u-7`, KEPT);
    const el = await launcher();
    await panelCodeLoaded();
    expect(part(el, 'panel') === null, 'nothing kept for an anonymous visitor').to.equal(true);
    el.authId = 'u-7';
    await waitUntil(() => botTexts(el).length === 1, "the user's conversation is picked up", {
      timeout: 5000,
    });
    expect(botTexts(el)).to.deep.equal(['welcome back']);
  });

  it('a tap that opens the panel is seen as a tap, though the panel is made by that tap: no keyboard', async () => {
    const el = await launcher();
    await panelCodeLoaded();
    expect(part(el, 'panel') === null, 'no panel before the tap').to.equal(true);
    const button = part(el, 'launcher')!;
    // A touch screen's tap on a device whose main pointer is fine (a touch laptop): enter, down, click.
    for (const type of ['pointerenter', 'pointerdown']) {
      button.dispatchEvent(new PointerEvent(type, { pointerType: 'touch', bubbles: true, composed: true }));
    }
    button.click();
    await waitUntil(() => el.open && part(el, 'panel')?.contains(root(el).activeElement), 'focus moves in', {
      timeout: 5000,
    });
    expect(root(el).activeElement === part(el, 'log'), 'focus on the transcript, not the text box').to.equal(
      true,
    );
  });
});
