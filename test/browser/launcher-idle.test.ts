/**
 * What a closed launcher does when the browser is idle: it loads the panel's code but makes no panel for a
 * new visitor; it picks up a conversation kept by an earlier visit (also when the page names the user
 * later, or puts the element back on the page); and a tap that opens a panel made from code loaded at idle
 * is seen as a tap. The element's idle work is queued here in place of `requestIdleCallback` and run when a
 * test says, so nothing depends on when a busy machine is idle.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/index.js';
import type { HaptikChat } from '../../src/haptik-chat.js';
import { textBody } from '../fixtures/replies.js';
import { FakeNetwork } from './fake-network.js';

const ENDPOINT = '/api/idle';
const root = (el: HaptikChat) => el.shadowRoot!;
const part = (el: HaptikChat, name: string) => root(el).querySelector<HTMLElement>(`[part~="${name}"]`);
const hasPanel = (el: HaptikChat) => part(el, 'panel') !== null;
const botTexts = (el: HaptikChat) =>
  [...root(el).querySelectorAll('[part~="bot"] [part~="bubble"]')].map((b) => b.textContent?.trim());

let idleWork: IdleRequestCallback[] = [];
const realIdle = window.requestIdleCallback;
beforeEach(() => {
  localStorage.clear();
  idleWork = [];
  window.requestIdleCallback = (task) => idleWork.push(task);
});
afterEach(() => {
  window.requestIdleCallback = realIdle;
});

/** Runs the idle work queued so far, then waits until what it started (the panel's code, a pick-up) settled. */
async function runIdle(...elements: HaptikChat[]): Promise<void> {
  const work = idleWork;
  idleWork = [];
  expect(work.length, 'idle work was queued').to.be.above(0);
  for (const task of work) task({ didTimeout: false, timeRemaining: () => 50 });
  await import('../../src/chat-panel.js');
  // Long enough for a panel to be made and drawn, were it to be (the code is loaded by now).
  await new Promise((resolve) => setTimeout(resolve, 50));
  await Promise.all(elements.map((el) => el.updateComplete));
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

describe('a closed launcher when the browser is idle', () => {
  it("loads the panel's code but makes no panel for a new visitor, nor for an emptied or expired record", async () => {
    const fresh = await launcher();
    await runIdle(fresh);
    const fetched = performance.getEntriesByType('resource').map((entry) => entry.name);
    expect(
      fetched.some((name) => name.includes('/src/chat-panel.')),
      "the panel's code loaded",
    ).to.equal(true);
    expect(hasPanel(fresh), 'no hidden panel for a new visitor').to.equal(false);
    fresh.remove();

    keep(`haptik-chat:${ENDPOINT}:343`, []); // what clear() leaves
    const emptied = await launcher();
    keep(`haptik-chat:${ENDPOINT}:343:user:old`, KEPT, Date.now() - 31 * 24 * 3600_000);
    const expired = await launcher('old');
    await runIdle(emptied, expired);
    expect(hasPanel(emptied), 'no panel for an emptied record').to.equal(false);
    expect(hasPanel(expired), 'no panel for an expired record').to.equal(false);
  });

  it('picks up a conversation kept by an earlier visit: the hidden panel holds it', async () => {
    keep(`haptik-chat:${ENDPOINT}:343`, KEPT);
    const el = await launcher();
    expect(hasPanel(el), 'nothing before idle').to.equal(false);
    await runIdle(el);
    await waitUntil(() => botTexts(el).length === 1, 'the kept conversation is picked up');
    expect(botTexts(el)).to.deep.equal(['welcome back']);
    expect(el.open).to.equal(false);
    expect(part(el, 'panel')!.hidden).to.equal(true);
  });

  it('picks up the conversation of a user the page names after idle', async () => {
    keep(`haptik-chat:${ENDPOINT}:343:user:u-7`, KEPT);
    const el = await launcher();
    await runIdle(el);
    expect(hasPanel(el), 'nothing kept for an anonymous visitor').to.equal(false);
    el.authId = 'u-7';
    await waitUntil(() => botTexts(el).length === 1, "the user's conversation is picked up");
    expect(botTexts(el)).to.deep.equal(['welcome back']);
  });

  it('an element taken off the page before its idle work makes no panel, and picks up when it is back', async () => {
    keep(`haptik-chat:${ENDPOINT}:343`, KEPT);
    const el = await launcher();
    const parent = el.parentElement!;
    el.remove();
    await runIdle(el);
    expect(hasPanel(el), 'no panel for an element off the page').to.equal(false);
    parent.append(el);
    await waitUntil(() => botTexts(el).length === 1, 'picked up once back on the page');
  });

  it('a tap that opens the panel is seen as a tap, though the panel is made by that tap: no keyboard', async () => {
    const el = await launcher();
    await runIdle(el);
    expect(hasPanel(el), 'no panel before the tap').to.equal(false);
    const button = part(el, 'launcher')!;
    // A touch screen's tap on a device whose main pointer is fine (a touch laptop): enter, down, click.
    for (const type of ['pointerenter', 'pointerdown']) {
      button.dispatchEvent(new PointerEvent(type, { pointerType: 'touch', bubbles: true, composed: true }));
    }
    button.click();
    await waitUntil(() => el.open && part(el, 'panel')?.contains(root(el).activeElement), 'focus moves in');
    expect(root(el).activeElement === part(el, 'log'), 'focus on the transcript, not the text box').to.equal(
      true,
    );
  });
});
