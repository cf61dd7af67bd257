/**
 * The conversation as a person lives it in the element: persistence, ordered sends and retry, the
 * launcher, phones, scrolling, accessibility, themes, language and right to left.
 */
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { emulateMedia, setViewport } from '@web/test-runner-commands';
import '../../src/index.js';
import type { HaptikChat } from '../../src/haptik-chat.js';
import { actionable } from '../fixtures/hsl.js';
import { quickReply, reply, textBody } from '../fixtures/replies.js';
import { FakeNetwork } from './fake-network.js';

const ENDPOINT = '/api/dependable';
const STORE_KEY = `haptik-chat:${ENDPOINT}:343`;

const part = (el: HaptikChat, name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
const parts = (el: HaptikChat, name: string) => [
  ...el.shadowRoot!.querySelectorAll<HTMLElement>(`[part~="${name}"]`),
];
const bubbles = (el: HaptikChat, who: 'bot' | 'user') =>
  [...el.shadowRoot!.querySelectorAll<HTMLElement>(`[part~="${who}"] [part~="bubble"]`)].map((b) =>
    b.textContent?.trim(),
  );
const bodies = (network: FakeNetwork) =>
  network.requests.map((r) => (r.body as { message_body: string }).message_body);

interface Options {
  persist?: 'local' | 'session' | 'none';
  mode?: 'inline' | 'launcher';
  open?: boolean;
  timeout?: number;
  authId?: string;
}

async function chat(network: FakeNetwork, options: Options = {}): Promise<HaptikChat> {
  const { persist = 'local', mode = 'inline', open = false, timeout = 20000, authId } = options;
  const el = await fixture<HaptikChat>(
    html`<haptik-chat
      mode=${mode}
      ?open=${open}
      endpoint=${ENDPOINT}
      business-id="343"
      auth-id=${authId ?? ''}
      persist=${persist}
      timeout=${timeout}
      .fetch=${network.fetch}
      style=${mode === 'inline' ? 'height: 420px' : ''}
    ></haptik-chat>`,
  );
  if (mode === 'inline' || open)
    await waitUntil(() => part(el, 'input'), 'the panel loads', { timeout: 5000 });
  return el;
}

/**
 * An inline chat put on the page at once, its panel not waited for: for what happens while it first draws
 * (chat() waits for the panel).
 */
function placeInline(network: FakeNetwork): HaptikChat {
  const el = document.createElement('haptik-chat') as HaptikChat;
  Object.assign(el, { fetch: network.fetch });
  el.setAttribute('mode', 'inline');
  el.setAttribute('endpoint', ENDPOINT);
  el.setAttribute('business-id', '343');
  el.style.height = '420px';
  document.body.append(el);
  return el;
}

async function converse(el: HaptikChat, network: FakeNetwork, turns: number): Promise<void> {
  for (let i = 0; i < turns; i += 1) {
    network.answer(reply(textBody(`answer ${i}\nwith a second line`), textBody(`more ${i}`)));
    await el.send(`question ${i}`);
    await waitUntil(() => bubbles(el, 'bot').length === (i + 1) * 2, `turn ${i} answered`);
  }
}

const frame = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));

/**
 * `turns` of the user's question (`question <turn>`) and a reply of `per` messages, by default each with a
 * link and some markup (`turn <turn> message <i> at https://… *now*`).
 */
async function fill(
  el: HaptikChat,
  network: FakeNetwork,
  turns: number,
  per = 49,
  text = (turn: number, i: number) => `turn ${turn} message ${i} at https://example.com/${turn}/${i} *now*`,
): Promise<void> {
  for (let turn = 0; turn < turns; turn += 1) {
    network.answer(reply(...Array.from({ length: per }, (_, i) => textBody(text(turn, i)))));
    await el.send(`question ${turn}`);
    const last = text(turn, per - 1).replace(/\*/g, '');
    await waitUntil(() => bubbles(el, 'bot').at(-1) === last, `turn ${turn} drawn`);
  }
  await el.updateComplete;
  await frame();
}

/** The politeness a screen reader gives a node: that of its nearest ancestor that sets one. */
const politeness = (node: Element) => node.closest('[aria-live]')?.getAttribute('aria-live');

/** Collects the messages added where a screen reader reads additions out, until `stop()`. */
function watchReadOut(el: HaptikChat): { readOut: Element[]; stop: () => void } {
  const readOut: Element[] = [];
  const observer = new MutationObserver((records) => {
    for (const record of records)
      for (const node of record.addedNodes)
        if (node instanceof Element && politeness(node) === 'polite')
          readOut.push(
            ...(node.matches('[part~="message"]') ? [node] : node.querySelectorAll('[part~="message"]')),
          );
  });
  observer.observe(el.shadowRoot!, { subtree: true, childList: true });
  return { readOut, stop: () => observer.disconnect() };
}

/**
 * With the log at its end, a reply of 51 messages arrives: how far its first message is from the log's top
 * once drawn (a reply taller than the transcript is shown from its start).
 */
async function longReplyOffset(el: HaptikChat, network: FakeNetwork): Promise<number> {
  const log = part(el, 'log')!;
  log.scrollTop = log.scrollHeight;
  await frame();
  network.answer(reply(...Array.from({ length: 51 }, (_, i) => textBody(`answer ${i}`))));
  await el.send('the long one');
  await waitUntil(() => bubbles(el, 'bot').includes('answer 50'));
  await el.updateComplete;
  await frame();
  const start = parts(el, 'bubble').find((bubble) => bubble.textContent?.trim() === 'answer 0')!;
  return start.getBoundingClientRect().top - log.getBoundingClientRect().top;
}

beforeEach(() => {
  localStorage.clear();
  sessionStorage.clear();
});

describe('persistence', () => {
  it('a reload restores the conversation and the anonymous id, scrolled to the end', async () => {
    const network = new FakeNetwork();
    const first = await chat(network);
    await converse(first, network, 6);
    first.remove();

    const second = await chat(network);
    expect(bubbles(second, 'user')).to.have.length(6);
    expect(bubbles(second, 'bot').at(-1)).to.equal('more 5');
    const log = part(second, 'log')!;
    await waitUntil(() => log.scrollHeight - log.scrollTop - log.clientHeight < 2, 'scrolled to the end');
    network.answer(reply(textBody('again')));
    await second.send('after reload');
    await waitUntil(() => network.requests.length === 7);
    const ids = new Set(network.requests.map((r) => (r.body as { user: { auth_id: string } }).user.auth_id));
    expect(ids.size).to.equal(1, 'one anonymous id across the reload');
    expect([...ids][0]).to.match(/^anon-/);
  });

  it('persist="session" keeps it in sessionStorage and persist="none" keeps nothing', async () => {
    const network = new FakeNetwork();
    const inSession = await chat(network, { persist: 'session' });
    await converse(inSession, network, 1);
    expect(sessionStorage.getItem(STORE_KEY)).to.contain('question 0');
    expect(localStorage.getItem(STORE_KEY)).to.equal(null);
    inSession.remove();
    sessionStorage.clear();

    const nowhere = await chat(network, { persist: 'none' });
    await converse(nowhere, network, 1);
    expect(sessionStorage.length + localStorage.length).to.equal(0);
  });

  it('a stored conversation older than 30 days is not restored', async () => {
    const old = Date.now() - 31 * 24 * 60 * 60 * 1000;
    localStorage.setItem(
      STORE_KEY,
      JSON.stringify({
        v: 2,
        savedAt: old,
        authId: 'anon-old',
        entries: [{ role: 'user', id: 'u1', text: 'ancient', body: 'ancient', status: 'sent' }],
      }),
    );
    const el = await chat(new FakeNetwork());
    expect(bubbles(el, 'user')).to.deep.equal([]);
  });

  it('keeps only the last 200 messages', async () => {
    const entries = Array.from({ length: 250 }, (_, i) => ({
      role: 'user',
      id: `u${i}`,
      text: `m${i}`,
      body: `m${i}`,
      status: 'sent',
    }));
    localStorage.setItem(STORE_KEY, JSON.stringify({ v: 2, savedAt: Date.now(), entries }));
    const network = new FakeNetwork().answer(reply(textBody('ok')));
    const el = await chat(network);
    await el.send('one more');
    await waitUntil(() => bubbles(el, 'bot').length === 1);
    const saved = JSON.parse(localStorage.getItem(STORE_KEY)!) as { entries: { text?: string }[] };
    expect(saved.entries).to.have.length(200);
    expect(saved.entries.at(-1)!.text).to.equal(undefined, 'the bot reply is last');
    expect(saved.entries.some((e) => e.text === 'm0')).to.equal(false);
  });

  it('corrupt stored data is ignored without an error reaching the page', async () => {
    const errors: string[] = [];
    const onError = (event: ErrorEvent) => errors.push(event.message);
    window.addEventListener('error', onError);
    localStorage.setItem(STORE_KEY, '{"v":2,"savedAt":');
    const network = new FakeNetwork().answer(reply(textBody('fine')));
    const el = await chat(network);
    await el.send('hello');
    await waitUntil(() => bubbles(el, 'bot').length === 1);
    localStorage.setItem(
      STORE_KEY,
      JSON.stringify({
        v: 2,
        savedAt: Date.now(),
        entries: [
          42,
          null,
          { role: 'x' },
          { role: 'user', id: 7, text: 'no id' },
          { role: 'bot', id: 'b1', message: {} },
          {
            role: 'bot',
            id: 'b2',
            body: { type: 'CAROUSEL', data: 'junk', text: { nested: true } },
            agent: 9,
          },
        ],
      }),
    );
    el.remove();
    const again = await chat(network);
    expect(bubbles(again, 'user')).to.deep.equal([]);
    expect(part(again, 'input'), 'the widget still works').to.exist;
    await expect(again).to.be.accessible();
    window.removeEventListener('error', onError);
    expect(errors).to.deep.equal([]);
  });

  it('a full storage falls back to memory and the chat keeps working', async () => {
    // Fill this origin's storage to its quota.
    const chunk = 'x'.repeat(256 * 1024);
    try {
      for (let i = 0; i < 200; i += 1) localStorage.setItem(`filler-${i}`, chunk);
    } catch {
      // Full now.
    }
    const filler = 'y'.repeat(1024);
    try {
      for (let i = 0; i < 2000; i += 1) localStorage.setItem(`small-${i}`, filler);
    } catch {
      // Completely full.
    }
    const network = new FakeNetwork()
      .answer(reply(textBody('still here')))
      .answer(reply(textBody('and here')));
    const el = await chat(network, { authId: 'user-9' });
    await el.send('first');
    await waitUntil(() => bubbles(el, 'bot').length === 1);
    await el.send('second');
    await waitUntil(() => bubbles(el, 'bot').length === 2);
    expect(bubbles(el, 'bot')).to.deep.equal(['still here', 'and here']);
    localStorage.clear();
  });

  it('clear() starts a new conversation with a new anonymous id', async () => {
    const network = new FakeNetwork();
    const el = await chat(network);
    await converse(el, network, 1);
    await el.clear();
    await el.updateComplete;
    expect(bubbles(el, 'user')).to.deep.equal([]);
    expect(bubbles(el, 'bot')).to.deep.equal([]);
    network.answer(reply(textBody('hello again')));
    await el.send('fresh');
    await waitUntil(() => network.requests.length === 2);
    const [before, after] = network.requests.map(
      (r) => (r.body as { user: { auth_id: string } }).user.auth_id,
    );
    expect(after).to.not.equal(before);
  });

  it('each signed-in user sees only their own transcript', async () => {
    const network = new FakeNetwork().answer(reply(textBody('for alice')));
    const el = await chat(network, { authId: 'alice' });
    await el.send('alice here');
    await waitUntil(() => bubbles(el, 'bot').length === 1);
    el.authId = 'bob';
    await el.updateComplete;
    expect(bubbles(el, 'user')).to.deep.equal([]);
    expect(bubbles(el, 'bot')).to.deep.equal([]);
    el.authId = 'alice';
    await el.updateComplete;
    expect(bubbles(el, 'bot')).to.deep.equal(['for alice']);
  });

  it('switching persist to "none" removes what was stored', async () => {
    const network = new FakeNetwork();
    const el = await chat(network);
    await converse(el, network, 1);
    expect(localStorage.getItem(STORE_KEY)).to.not.equal(null);
    el.persist = 'none';
    await el.updateComplete;
    expect(localStorage.getItem(STORE_KEY)).to.equal(null);
  });

  it('what a stored transcript holds is shown, never sent without the user: queued, sending or offline', async () => {
    localStorage.setItem(
      STORE_KEY,
      JSON.stringify({
        v: 2,
        savedAt: Date.now(),
        authId: 'anon-restored',
        entries: [
          { role: 'user', id: 'u1', text: 'maybe sent', body: 'maybe sent', status: 'sending' },
          { role: 'user', id: 'u2', text: 'never left', body: 'never left', status: 'queued' },
          {
            role: 'user',
            id: 'u3',
            text: 'written offline',
            body: 'written offline',
            status: 'failed',
            offline: true,
          },
        ],
      }),
    );
    const network = new FakeNetwork().answer(reply(textBody('got it')));
    const el = await chat(network);
    // Sends start synchronously (on load, and on 'online'), so anything sent would be recorded by now.
    window.dispatchEvent(new Event('online'));
    expect(bodies(network)).to.deep.equal([], 'nothing restored goes out by itself');
    const retries = parts(el, 'retry');
    expect(retries).to.have.length(3, 'each can be retried');
    retries[1]!.click();
    await waitUntil(() => bubbles(el, 'bot').length === 1, 'the retried one was sent');
    expect(bodies(network)).to.deep.equal(['never left']);
  });
});

describe('ordered sends', () => {
  it('messages sent while a reply is pending queue and go out one at a time, with their state shown', async () => {
    const network = new FakeNetwork();
    const first = network.hold(reply(textBody('reply one')));
    const second = network.hold(reply(textBody('reply two')));
    network.answer(reply(textBody('reply three')));
    const el = await chat(network, { persist: 'none' });
    await el.send('one');
    await el.send('two');
    await el.send('three');
    await el.updateComplete;
    expect(network.requests).to.have.length(1, 'only one request in flight');
    const statuses = () =>
      [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="user"]')].map((m) => m.dataset['status']);
    expect(statuses()).to.deep.equal(['sending', 'queued', 'queued']);
    const states = parts(el, 'status').map((s) => s.querySelector('.status-text')?.textContent?.trim());
    expect(states).to.deep.equal(['Sending…', 'Waiting to send', 'Waiting to send']);
    await expect(el).to.be.accessible();

    second.release(); // answering out of order changes nothing: the second was never sent yet
    first.release();
    await waitUntil(() => bubbles(el, 'bot').length === 3, 'all three answered');
    expect(bodies(network)).to.deep.equal(['one', 'two', 'three']);
    const order = [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="bubble"]')].map((b) =>
      b.textContent?.trim(),
    );
    expect(order).to.deep.equal(['one', 'reply one', 'two', 'reply two', 'three', 'reply three']);
    expect(statuses()).to.deep.equal(['sent', 'sent', 'sent']);
  });

  it('a reply that takes longer than the timeout fails the send, keeping the text with a retry', async () => {
    const network = new FakeNetwork();
    network.hold(reply(textBody('too late')));
    const el = await chat(network, { persist: 'none', timeout: 150 });
    const failed = oneEvent(el, 'haptik-error');
    await el.send('slow one');
    await failed;
    await el.updateComplete;
    // It may have reached the bot: said so, and its retry says it sends again.
    expect(part(el, 'error')?.textContent).to.contain('No answer. The bot may already have it.');
    expect(part(el, 'error')?.title).to.contain('took too long');
    expect(network.requests[0]!.signal?.aborted).to.equal(true, 'the request was aborted');
    expect(part(el, 'retry')?.textContent?.trim()).to.equal('Send again');
    expect(bubbles(el, 'user')).to.deep.equal(['slow one']);
  });

  it('a failed send is not sent again by itself, even when the browser reports being online', async () => {
    const network = new FakeNetwork().answer(new Response('{}', { status: 502 }));
    const el = await chat(network, { persist: 'none' });
    await el.send('maybe delivered');
    await waitUntil(() => part(el, 'error'));
    window.dispatchEvent(new Event('online'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(network.requests).to.have.length(1);
  });

  it('removing the element aborts the request in flight; the message comes back as not sent', async () => {
    const network = new FakeNetwork();
    network.hold(reply(textBody('never shown')));
    const el = await chat(network, { persist: 'none' });
    await el.send('in flight');
    await waitUntil(() => network.requests.length === 1);
    const parent = el.parentElement!;
    el.remove();
    await Promise.resolve();
    expect(network.requests[0]!.signal?.aborted).to.equal(true);
    parent.append(el);
    await el.updateComplete;
    await waitUntil(() => part(el, 'retry'), 'offered for retry');
  });

  it('moving the element to another parent keeps the request in flight, and its reply arrives', async () => {
    const network = new FakeNetwork();
    const held = network.hold(reply(textBody('still coming')));
    const el = await chat(network, { persist: 'none' });
    await el.send('moving house');
    await waitUntil(() => network.requests.length === 1);
    const elsewhere = document.createElement('div');
    document.body.append(elsewhere);
    elsewhere.append(el);
    await Promise.resolve();
    expect(network.requests[0]!.signal?.aborted).to.equal(false);
    held.release();
    await waitUntil(() => bubbles(el, 'bot').includes('still coming'));
    elsewhere.remove();
  });
});

describe('launcher', () => {
  it('counts unread bot messages on the launcher while closed, and clears them on open', async () => {
    const network = new FakeNetwork().answer(reply(textBody('one'), textBody('two')));
    const el = await chat(network, { mode: 'launcher', persist: 'none' });
    await el.send('hello');
    await waitUntil(() => part(el, 'badge'), 'badge shows');
    expect(part(el, 'badge')!.textContent?.trim()).to.equal('2');
    expect(part(el, 'launcher')!.getAttribute('aria-label')).to.equal('Open chat, 2 unread');
    await expect(el).to.be.accessible();
    el.show();
    await el.updateComplete;
    expect(part(el, 'badge')).to.equal(null);
  });

  it('show(), hide() and toggle() open and close with events; the header shows the bot and can close', async () => {
    const network = new FakeNetwork().answer(reply(textBody('Hi')));
    const el = await chat(network, { mode: 'launcher', persist: 'none' });
    el.botAvatar = 'https://example.com/bot.png';
    const opened = oneEvent(el, 'haptik-open');
    el.toggle();
    await opened;
    await waitUntil(() => part(el, 'input'));
    await el.send('hey');
    await waitUntil(() => bubbles(el, 'bot').length === 1);
    // Haptik's engine ("gogo") answers as the bot: its name (the heading) and picture (bot-avatar).
    expect(part(el, 'header')!.textContent).not.to.contain('gogo');
    expect(part(el, 'header')!.querySelector('img')?.getAttribute('src')).to.equal(
      'https://example.com/bot.png',
    );
    await expect(el).to.be.accessible();
    const closed = oneEvent(el, 'haptik-close');
    part(el, 'header')!.querySelector<HTMLButtonElement>('button[aria-label="Close chat"]')!.click();
    await closed;
    expect(el.open).to.equal(false);
    el.show();
    expect(el.open).to.equal(true);
    el.hide();
    expect(el.open).to.equal(false);
  });

  it('position="bottom-left" puts the launcher in the other corner', async () => {
    const el = await fixture<HaptikChat>(
      html`<haptik-chat position="bottom-left" persist="none" business-id="343"></haptik-chat>`,
    );
    const rect = part(el, 'launcher')!.getBoundingClientRect();
    expect(rect.left).to.be.below(100);
    expect(rect.bottom).to.be.above(window.innerHeight - 100);
  });

  it('setting the open attribute fires haptik-open and moves focus into the panel', async () => {
    const el = await chat(new FakeNetwork(), { mode: 'launcher', persist: 'none' });
    const opened = oneEvent(el, 'haptik-open');
    el.setAttribute('open', '');
    await opened;
    await waitUntil(
      () => part(el, 'input') && el.shadowRoot!.activeElement === part(el, 'input'),
      'focus moves',
    );
    const closed = oneEvent(el, 'haptik-close');
    el.removeAttribute('open');
    await closed;
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement).to.equal(part(el, 'launcher'), 'focus goes back to the launcher');
  });

  it('closing while focus is elsewhere on the page leaves focus there', async () => {
    const outside = document.createElement('button');
    outside.textContent = 'page button';
    document.body.append(outside);
    const el = await chat(new FakeNetwork(), { mode: 'launcher', open: true, persist: 'none' });
    outside.focus();
    el.hide();
    await el.updateComplete;
    expect(document.activeElement).to.equal(outside);
    outside.remove();
  });

  it('send() on an element not yet on the page: once it is, the message has gone out and the panel is styled', async () => {
    const network = new FakeNetwork().answer(reply(textBody('hi there')));
    const el = document.createElement('haptik-chat') as HaptikChat;
    el.setAttribute('business-id', '343');
    el.setAttribute('persist', 'none');
    el.fetch = network.fetch;
    // The panel is made (its code loaded) while the element is still off the page.
    await el.send('early');
    document.body.append(el);
    el.show();
    await waitUntil(() => bubbles(el, 'bot').length === 1, 'the reply shows', { timeout: 5000 });
    expect(bodies(network)).to.deep.equal(['early']);
    expect(part(el, 'log') !== null, 'the panel is drawn, not its loading line').to.equal(true);
    expect(getComputedStyle(part(el, 'log')!).contain, "the panel's own styles apply").to.equal('strict');
    el.remove();
  });

  it('a native action does not count as unread', async () => {
    const network = new FakeNetwork().answer(
      reply({ text: '', type: 'NATIVE_ACTION', data: { action: 'open_cart' } }, textBody('visible')),
    );
    const el = await chat(network, { mode: 'launcher', persist: 'none' });
    await el.send('go');
    await waitUntil(() => part(el, 'badge'));
    expect(part(el, 'badge')!.textContent?.trim()).to.equal('1');
  });
});

describe('phones', () => {
  afterEach(() => setViewport({ width: 800, height: 600 }));

  it('below 480 px the open panel fills the screen and the input does not trigger zoom', async () => {
    await setViewport({ width: 375, height: 667 });
    const el = await chat(new FakeNetwork(), { mode: 'launcher', open: true, persist: 'none' });
    await el.updateComplete;
    const rect = part(el, 'panel')!.getBoundingClientRect();
    expect(Math.round(rect.width)).to.equal(375);
    expect(Math.round(rect.height)).to.equal(667);
    expect(parseFloat(getComputedStyle(part(el, 'input')!).fontSize)).to.be.at.least(16);
    // The panel is sized by the visual viewport, which shrinks when the on-screen keyboard opens.
    expect(el.style.getPropertyValue('--_viewport-height')).to.equal(
      `${Math.round(window.visualViewport!.height)}px`,
    );
    await expect(el).to.be.accessible();
  });
});

describe('scrolling', () => {
  it('follows new messages at the end; when the reader scrolled up it offers "New messages" instead', async () => {
    const network = new FakeNetwork();
    const el = await chat(network, { persist: 'none' });
    await converse(el, network, 5);
    const log = part(el, 'log')!;
    await waitUntil(() => log.scrollHeight - log.scrollTop - log.clientHeight < 2, 'at the end');

    const held = network.hold(reply(textBody('arrived while reading')));
    await el.send('another');
    await waitUntil(() => network.requests.length === 6);
    await el.updateComplete;
    await new Promise((resolve) => requestAnimationFrame(resolve));
    // While the reply is on its way, the reader scrolls back up to read something earlier.
    log.scrollTop = 0;
    log.dispatchEvent(new Event('scroll'));
    held.release();
    await waitUntil(() => bubbles(el, 'bot').includes('arrived while reading'));
    await el.updateComplete;
    expect(log.scrollTop).to.be.below(200, 'the reader keeps their place');
    const button = el.shadowRoot!.querySelector<HTMLButtonElement>('.new-messages');
    expect(button?.textContent).to.contain('New messages');
    await expect(el).to.be.accessible();
    button!.click();
    await waitUntil(() => log.scrollHeight - log.scrollTop - log.clientHeight < 2, 'scrolled to the end');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('.new-messages')).to.equal(null);
  });

  it('a reply that lands above a message queued meanwhile still scrolls into view', async () => {
    const network = new FakeNetwork();
    const el = await chat(network, { persist: 'none' });
    await converse(el, network, 4);
    const held = network.hold(reply(textBody('a long answer\n\n\n\n\n\n\n\nthat needs room')));
    network.answer(reply(textBody('second answer')));
    await el.send('first');
    await el.send('second, queued');
    await waitUntil(() => network.requests.length === 5);
    const log = part(el, 'log')!;
    await new Promise((resolve) => requestAnimationFrame(resolve));
    held.release();
    await waitUntil(() => bubbles(el, 'bot').includes('second answer'));
    // The reply is in view from its start (a reply taller than the log is not opened at its end).
    const answer = [...el.shadowRoot!.querySelectorAll('[part~="bot"]')].find((m) =>
      m.textContent?.includes('a long answer'),
    )!;
    await waitUntil(() => {
      const top = answer.getBoundingClientRect().top;
      return top >= log.getBoundingClientRect().top - 1 && top < log.getBoundingClientRect().bottom - 40;
    }, 'the reply in view');
    const atEnd = log.scrollHeight - log.scrollTop - log.clientHeight < 2;
    expect(!!el.shadowRoot!.querySelector('.new-messages')).to.equal(!atEnd, 'what is below is offered');
  });

  it('a long transcript is drawn in blocks of 50: those scrolled past skip rendering, and appending leaves them alone', async () => {
    const network = new FakeNetwork();
    const el = await chat(network, { persist: 'none' });
    // Three turns of the user's message and a 49-message reply: 150 messages, three blocks.
    await fill(el, network, 3);
    const log = part(el, 'log')!;
    const blocks = [...log.querySelectorAll<HTMLElement>('.block')];
    expect(blocks.map((block) => block.querySelectorAll('[part~="message"]').length)).to.deep.equal([
      50, 50, 50,
    ]);
    // Only the first is settled (the last two are still drawn as they change).
    expect(blocks.map((block) => block.hasAttribute('data-settled'))).to.deep.equal([true, false, false]);
    const settled = getComputedStyle(blocks[0]!);
    expect(settled.contentVisibility).to.equal('auto');
    expect(settled.containIntrinsicHeight).to.equal('auto 3200px', 'guessed: 50 messages of 64 px');
    expect(getComputedStyle(blocks[2]!).contentVisibility).to.equal('visible');
    // Its height is its own, never squeezed by the log (skipping rendering, it has nothing to hold it).
    expect(blocks[0]!.getBoundingClientRect().height).to.be.above(1500);
    log.scrollTop = 0;
    await frame();
    expect(blocks[0]!.getBoundingClientRect().height).to.be.above(1500, 'drawn, scrolled to');
    expect(blocks[1]!.getBoundingClientRect().height).to.be.above(1500);

    // One more exchange: a new block starts; the settled one is not touched, and no block is restyled
    // from script (a property changing on the block being filled would restyle all of its messages).
    const changed: string[] = [];
    const observer = new MutationObserver((records) => {
      for (const record of records) {
        const target = record.target instanceof Element ? record.target : record.target.parentElement!;
        if (blocks[0]!.contains(target)) changed.push(`settled block: ${record.type}`);
        if (record.type === 'attributes' && record.attributeName === 'style') changed.push('a style');
      }
    });
    observer.observe(log, { subtree: true, childList: true, attributes: true, characterData: true });
    network.answer(reply(textBody('one more')));
    await el.send('and another');
    await waitUntil(() => bubbles(el, 'bot').includes('one more'));
    await el.updateComplete;
    observer.disconnect();
    expect(changed).to.deep.equal([]);
    const after = log.querySelectorAll('.block');
    expect(after.length).to.equal(4);
    expect(after[1]!.hasAttribute('data-settled')).to.equal(true, 'the second block settled');
  });

  it('a transcript past 500 messages draws the last 500; earlier ones come when asked or scrolled to, in place', async () => {
    const network = new FakeNetwork();
    const el = await chat(network, { persist: 'none' });
    // Seven turns of the user's message and a 99-message reply: 700 messages, 14 blocks.
    await fill(el, network, 7, 99, (turn, i) => `turn ${turn} message ${i}`);
    const log = part(el, 'log')!;
    const drawn = () => parts(el, 'message').length;
    const firstText = () => log.querySelector('[part~="bubble"]')?.textContent?.trim();
    expect(drawn()).to.equal(500, 'the last ten blocks');
    expect(firstText()).to.equal('question 2', 'from message 200 on');
    const earlier = part(el, 'earlier')!;
    expect(earlier.textContent?.trim()).to.equal('Show earlier messages');
    expect(earlier.tabIndex).to.equal(-1, "reached with the arrow keys, as the transcript's other controls");
    await expect(el).to.be.accessible();

    // Asked for: the rest above, and what the reader looks at stays where it is.
    const lastBubble = parts(el, 'bubble').at(-1)!;
    const seenAt = lastBubble.getBoundingClientRect().top;
    earlier.focus({ preventScroll: true });
    earlier.click();
    await waitUntil(() => drawn() === 700, 'all drawn');
    await el.updateComplete;
    expect(firstText()).to.equal('question 0');
    expect(lastBubble.getBoundingClientRect().top).to.be.closeTo(seenAt, 1, 'nothing moved');
    expect(part(el, 'earlier')).to.equal(null, 'nothing is left to ask for');
    expect(el.shadowRoot!.activeElement).to.equal(log, 'focus stays in the transcript');

    // A new message takes the reader to the end, and the window follows: blocks 5 to 14 are drawn.
    network.answer(reply(textBody('one more')));
    await el.send('and another');
    await waitUntil(() => bubbles(el, 'bot').includes('one more'));
    await el.updateComplete;
    expect(drawn()).to.equal(452);
    expect(firstText()).to.equal('turn 2 message 49');

    // Scrolled to the top, the reader gets earlier ones without asking, and keeps their place.
    await new Promise((resolve) => requestAnimationFrame(resolve)); // the follower has scrolled
    log.scrollTop = 0;
    const reading = log.querySelector<HTMLElement>('[part~="bubble"]')!;
    const readAt = reading.getBoundingClientRect().top;
    log.dispatchEvent(new Event('scroll'));
    await waitUntil(() => drawn() === 652, 'four blocks more');
    await el.updateComplete;
    expect(reading.getBoundingClientRect().top).to.be.closeTo(readAt, 1, 'still where it was read');
  });
});

describe('a long transcript', () => {
  it('re-rendering it (new strings, a rating) keeps every message as drawn: links stay out of the tab order, nothing is re-added to the log', async () => {
    const network = new FakeNetwork();
    const el = await chat(network, { persist: 'none' });
    el.feedback = true;
    await fill(el, network, 9); // 450 messages: more texts than the parser keeps at hand
    const log = part(el, 'log')!;
    const links = () => [...log.querySelectorAll('a')];
    const firstLink = links()[0]!;
    let added = 0;
    const observer = new MutationObserver((records) => {
      for (const record of records) added += record.addedNodes.length;
    });
    observer.observe(log, { subtree: true, childList: true });
    el.strings = { send: 'Go' };
    await el.updateComplete;
    log.querySelector<HTMLElement>('[part~="rate"]')!.click();
    await el.updateComplete;
    observer.disconnect();
    expect(added).to.equal(0, 'nothing added to the live log');
    expect(links()[0]).to.equal(firstLink, 'the same link');
    expect(links().filter((link) => link.tabIndex !== -1)).to.deep.equal([], 'no link is a tab stop');
  });

  it('a retried message that leaves a settled block adds no tab stop to the blocks it leaves', async () => {
    const network = new FakeNetwork();
    const el = await chat(network, { persist: 'none' });
    el.feedback = true;
    const fail = () =>
      new Response('{"error":{"code":"upstream_error","message":"No."}}', {
        status: 502,
        headers: { 'content-type': 'application/json' },
      });
    network.answer(fail);
    await el.send('doomed');
    await waitUntil(() => part(el, 'retry'), 'it failed');
    await fill(el, network, 3); // 151 messages: the failed one is in the first block, which settles
    const log = part(el, 'log')!;
    const tabStops = () =>
      [...log.querySelectorAll<HTMLElement>('a,button')].filter((control) => control.tabIndex !== -1);
    expect(tabStops()).to.deep.equal([]);
    // Retried (and failing again), it moves to the end: each settled block takes in its next message.
    network.answer(fail);
    const retry = part(el, 'retry')!;
    retry.click();
    await waitUntil(() => part(el, 'retry') && part(el, 'retry') !== retry, 'failed again');
    await el.updateComplete;
    expect(log.querySelectorAll('.block')[3]!.contains(part(el, 'retry')), 'at the end').to.equal(true);
    expect(tabStops()).to.deep.equal([], 'the transcript stays one tab stop');
  });

  it('earlier messages drawn on demand are not news: they are outside the live region, new ones inside', async () => {
    const network = new FakeNetwork();
    const el = await chat(network, { persist: 'none' });
    await fill(el, network, 11); // 550 messages: 500 drawn
    const log = part(el, 'log')!;
    const live = log.querySelector('[aria-live="polite"]')!;
    const added: Element[] = [];
    const observer = new MutationObserver((records) => {
      for (const record of records)
        for (const node of record.addedNodes) if (node instanceof Element) added.push(node);
    });
    observer.observe(log, { subtree: true, childList: true });
    part(el, 'earlier')!.click();
    await el.updateComplete;
    await frame();
    observer.disconnect();
    expect(parts(el, 'message').length).to.be.above(500, 'earlier messages drawn');
    expect(added.length).to.be.above(0);
    expect(added.filter((node) => politeness(node) !== 'off').length).to.equal(
      0,
      'none added where it is live',
    );
    expect(politeness(parts(el, 'message')[0]!)).to.equal('off');

    network.answer(reply(textBody('news')));
    await el.send('and now?');
    await waitUntil(() => bubbles(el, 'bot').includes('news'));
    const news = parts(el, 'bot').at(-1)!;
    expect(live.contains(news) && politeness(news)).to.equal('polite', 'a new message is read out');
    await expect(el).to.be.accessible();
  });

  it('a reply taller than the transcript that arrives as the window moves on is shown from its first message', async () => {
    const network = new FakeNetwork();
    const el = await chat(network, { persist: 'none' });
    await fill(el, network, 9); // 450: the user's message and a 51-message reply make 502, and block 0 goes
    const offset = await longReplyOffset(el, network);
    expect(parts(el, 'message').length).to.equal(452, 'the first block went');
    expect(offset).to.be.within(0, 120, 'its first message at the top of the log');
  });

  it('a page\'s renderer drawing its own class="block" does not throw off the place kept as the window moves on', async () => {
    const network = new FakeNetwork();
    const el = await chat(network, { persist: 'none' });
    el.renderers = { BOX: () => html`<div class="block">a page's box</div>` };
    network.answer(reply({ text: 'box', type: 'BOX', data: {} }));
    await el.send('a box please');
    await waitUntil(() => el.shadowRoot!.querySelector('.message .block'), 'the box is drawn');
    await fill(el, network, 9); // 452 messages
    const offset = await longReplyOffset(el, network);
    expect(part(el, 'earlier'), 'the first block went').to.not.equal(null);
    expect(offset).to.be.within(0, 120, 'its first message at the top of the log');
  });

  it('a message that arrived while the chat was hidden does not pull a reader who scrolls up back to the end', async () => {
    const network = new FakeNetwork();
    const el = await chat(network, { persist: 'none' });
    await fill(el, network, 11); // 550 messages: 500 drawn
    const log = part(el, 'log')!;
    el.style.display = 'none';
    network.answer(reply(textBody('while hidden')));
    await el.send('anyone?');
    await waitUntil(() => bubbles(el, 'bot').includes('while hidden'));
    await el.updateComplete;
    el.style.display = '';
    // Shown again, it catches up with what arrived meanwhile; then the reader scrolls up.
    await waitUntil(() => log.scrollHeight - log.scrollTop - log.clientHeight < 2, 'at the end');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await frame();
    log.scrollTop = 0;
    log.dispatchEvent(new Event('scroll'));
    await waitUntil(() => parts(el, 'message').length > 502, 'earlier messages drawn');
    await el.updateComplete;
    await frame();
    expect(log.scrollTop).to.be.below(log.scrollHeight / 2, 'still reading up, not at the end');
  });

  it('"New messages" takes a reader who was reading earlier messages to the end', async () => {
    const network = new FakeNetwork();
    const el = await chat(network, { persist: 'none' });
    await fill(el, network, 12); // 600 messages: 500 drawn
    const log = part(el, 'log')!;
    const held = network.hold(reply(textBody('the answer')));
    await el.send('one more');
    await waitUntil(() => network.requests.length === 13);
    await frame();
    log.scrollTop = 0; // earlier messages are drawn; the reader reads in them
    await waitUntil(() => parts(el, 'message').length > 501, 'earlier messages drawn');
    await frame();
    log.scrollTop = 1000;
    await frame();
    held.release();
    await waitUntil(() => el.shadowRoot!.querySelector('.new-messages'), 'offered');
    el.shadowRoot!.querySelector<HTMLButtonElement>('.new-messages')!.click();
    await waitUntil(() => log.scrollHeight - log.scrollTop - log.clientHeight < 2, 'at the end');
    await frame();
    expect(log.scrollHeight - log.scrollTop - log.clientHeight).to.be.below(2, 'still at the end');
    expect(parts(el, 'message').length).to.equal(
      452,
      'the window followed: 602 messages, the last 10 blocks',
    );
  });

  it('focus on a message that leaves as the window moves on goes to the transcript, not the page', async () => {
    const network = new FakeNetwork();
    const el = await chat(network, { persist: 'none' });
    await fill(el, network, 10, 48); // 490 messages
    const log = part(el, 'log')!;
    log.querySelector('a')!.focus({ preventScroll: true });
    log.scrollTop = log.scrollHeight;
    await frame();
    network.answer(reply(...Array.from({ length: 20 }, (_, i) => textBody(`more ${i}`))));
    await el.send('more please');
    await waitUntil(() => bubbles(el, 'bot').includes('more 19'));
    await el.updateComplete;
    expect(parts(el, 'message').length).to.be.below(500, 'the first block went');
    expect(el.shadowRoot!.activeElement).to.equal(log);
  });
});

const carouselReply = () =>
  reply({
    text: 'Cards',
    type: 'CAROUSEL',
    data: { items: [{ title: 'A', actionables: [actionable.link('More', 'https://shop.example/')] }] },
  });

describe('accessibility', () => {
  it('the log holds a polite live region of additions, and arriving messages never re-insert the history', async () => {
    const network = new FakeNetwork();
    const el = await chat(network, { persist: 'none' });
    await converse(el, network, 2);
    const log = part(el, 'log')!;
    expect(log.getAttribute('role')).to.equal('log');
    const live = log.querySelector('[aria-live="polite"]')!;
    expect(live.getAttribute('aria-relevant')).to.equal('additions');
    expect(
      [...log.querySelectorAll('[part~="message"]')].every((message) => live.contains(message)),
      'every message is in it',
    ).to.equal(true);

    const history = [...log.querySelectorAll('[part~="message"]')];
    const added: Node[] = [];
    const removed: Node[] = [];
    const observer = new MutationObserver((records) => {
      for (const record of records) {
        added.push(...[...record.addedNodes].filter((n) => n.nodeType === Node.ELEMENT_NODE));
        removed.push(...[...record.removedNodes].filter((n) => n.nodeType === Node.ELEMENT_NODE));
      }
    });
    observer.observe(log, { childList: true, subtree: true });
    network.answer(reply(textBody('only me')));
    await el.send('new one');
    await waitUntil(() => bubbles(el, 'bot').includes('only me'));
    await el.updateComplete;
    observer.disconnect();

    expect(removed).to.deep.equal([], 'nothing taken out');
    expect(history.every((node) => node.isConnected)).to.equal(true, 'history nodes stay in place');
    const addedText = added
      .filter((node) => (node as HTMLElement).matches('[part~="message"]'))
      .map((node) => (node as HTMLElement).querySelector('[part~="bubble"]')?.textContent?.trim());
    expect(addedText).to.deep.equal(['new one', 'only me'], 'only the new messages are added, once each');
  });

  it('a restored transcript with a carousel in it is not read out when the carousel code arrives', async () => {
    const network = new FakeNetwork();
    const first = await chat(network);
    network.answer(carouselReply());
    await first.send('cards please');
    await waitUntil(() => parts(first, 'carousel').length === 1);
    await fill(first, network, 2, 20); // 42 messages after it
    first.remove();

    const second = placeInline(network);
    const { readOut, stop } = watchReadOut(second);
    await waitUntil(() => parts(second, 'carousel').length === 1, 'restored, carousel and all');
    await second.updateComplete;
    stop();
    expect(parts(second, 'message').length).to.equal(44);
    expect(readOut.length).to.equal(0, 'the history is not news');
    second.remove();
  });

  it('a restored transcript whose last reply is a carousel opens at its end, not its top', async () => {
    const network = new FakeNetwork();
    const first = await chat(network);
    await fill(first, network, 2, 20); // 42 messages
    network.answer(carouselReply());
    await first.send('cards please');
    await waitUntil(() => parts(first, 'carousel').length === 1);
    first.remove();

    const second = await chat(network);
    await waitUntil(() => parts(second, 'carousel').length === 1, 'restored, carousel and all');
    await second.updateComplete;
    await frame();
    await frame();
    const log = part(second, 'log')!;
    expect(log.scrollHeight - log.scrollTop - log.clientHeight).to.be.below(2, 'at the end');
  });

  it('after a new conversation, a carousel reply is read out, in the same log, and focus in the log stays', async () => {
    const network = new FakeNetwork();
    const first = await chat(network);
    await fill(first, network, 2, 20); // 42 entries of history
    first.remove();

    const second = await chat(network);
    await second.clear();
    await second.updateComplete;
    await fill(second, network, 1, 20); // 21 entries: fewer than the history had
    const log = part(second, 'log')!;
    log.focus();
    const { readOut, stop } = watchReadOut(second);
    network.answer(carouselReply());
    await second.send('cards please');
    await waitUntil(() => parts(second, 'carousel').length === 1, 'the carousel reply');
    await second.updateComplete;
    await frame();
    stop();
    expect(readOut.filter((message) => message.querySelector('[part~="carousel"]')).length).to.equal(1);
    expect(part(second, 'log')).to.equal(log, 'the same log');
    expect(second.shadowRoot!.activeElement).to.equal(log, 'focus stays in the log');
    expect(log.scrollHeight - log.scrollTop - log.clientHeight).to.be.below(2, 'at the end');
  });

  it('a reply that arrives while restored history waits for the carousel code is still read out', async () => {
    localStorage.setItem(
      STORE_KEY,
      JSON.stringify({
        v: 2,
        savedAt: Date.now(),
        entries: [
          { role: 'user', id: 'u-1', text: 'cards please', body: 'cards please', status: 'sent' },
          { role: 'bot', id: 'h-1', mid: '1', body: carouselReply().message[0]!.body },
          { role: 'bot', id: 'h-2', mid: '2', body: { text: 'after the cards', type: 'TEXT', data: {} } },
        ],
      }),
    );
    const network = new FakeNetwork().answer(reply(textBody('the answer you wait for')));
    const el = placeInline(network);
    const { readOut, stop } = watchReadOut(el);
    await el.send('hello?');
    await waitUntil(() => parts(el, 'carousel').length === 1, 'the carousel is drawn');
    await waitUntil(() => bubbles(el, 'bot').includes('the answer you wait for'), 'the answer is drawn');
    await el.updateComplete;
    stop();
    const said = readOut.map((message) => message.querySelector('[part~="bubble"]')?.textContent?.trim());
    expect(said).to.include('the answer you wait for');
    expect(said).to.not.include('after the cards', 'the history is not news');
    el.remove();
  });

  it('past 500 messages, a carousel reply that lands ahead of a queued message puts no old block in the live part', async () => {
    const network = new FakeNetwork();
    const el = await chat(network, { persist: 'none' });
    // 549 messages: ten turns of a question and 49 answers, then a question and 48.
    await fill(el, network, 10);
    await fill(el, network, 1, 48);
    const log = part(el, 'log')!;
    log.scrollTop = log.scrollHeight;
    await frame();
    // A (message 549, the last of block 10) waits for its answer, a carousel; B (550) opens block 11.
    const held = network.hold(carouselReply());
    void el.send('A');
    await waitUntil(() => network.requests.length === 12);
    network.answer(reply(textBody('answer to B')));
    void el.send('B');
    await waitUntil(() => bubbles(el, 'user').includes('B'), 'B is queued and shown');
    await el.updateComplete;
    await frame();
    const { readOut, stop } = watchReadOut(el);
    held.release();
    await waitUntil(() => parts(el, 'carousel').length === 1, 'the carousel is drawn');
    await waitUntil(() => bubbles(el, 'bot').includes('answer to B'), 'B answered');
    await el.updateComplete;
    await frame();
    stop();
    const old = readOut.filter((message) => message.textContent?.includes('turn '));
    expect(old.length).to.equal(0, 'no old message where a screen reader reads additions');
  });

  it('quick replies, retry and send work from the keyboard alone, with visible focus', async () => {
    const network = new FakeNetwork()
      .answer(reply(textBody('Pick', [quickReply('Yes', 'yes')])))
      .answer(reply(textBody('Great')));
    const el = await chat(network, { persist: 'none' });
    await el.send('start');
    await waitUntil(() => parts(el, 'quick-reply').length === 1);
    const chip = parts(el, 'quick-reply')[0] as HTMLButtonElement;
    expect(chip.tagName).to.equal('BUTTON');
    chip.focus();
    expect(getComputedStyle(chip).outlineStyle).to.not.equal('none');
    chip.click();
    await waitUntil(() => bubbles(el, 'bot').includes('Great'));
    expect(bodies(network)).to.deep.equal(['start', 'yes']);
  });

  it('honours prefers-reduced-motion: no typing animation, no panel transition', async () => {
    // The test browser prefers reduced motion (web-test-runner.config.mjs).
    const network = new FakeNetwork();
    network.hold(reply(textBody('x')));
    const el = await chat(network, { persist: 'none' });
    await el.send('wait');
    await waitUntil(() => part(el, 'typing'));
    const dot = part(el, 'typing')!.querySelector('span')!;
    expect(getComputedStyle(dot).animationName).to.equal('none');
    const launcher = await chat(new FakeNetwork(), { mode: 'launcher', open: true, persist: 'none' });
    expect(getComputedStyle(part(launcher, 'panel')!).transitionProperty).to.equal('none');
  });

  it('after a quick reply or a retry, focus stays in the chat (on the input)', async () => {
    const network = new FakeNetwork()
      .answer(reply(textBody('Pick', [quickReply('Yes', 'yes')])))
      .answer(new Response('{}', { status: 502 }))
      .answer(reply(textBody('ok')));
    const el = await chat(network, { persist: 'none' });
    await el.send('start');
    await waitUntil(() => parts(el, 'quick-reply').length === 1);
    parts(el, 'quick-reply')[0]!.focus();
    parts(el, 'quick-reply')[0]!.click();
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement).to.equal(part(el, 'input'));
    await waitUntil(() => part(el, 'retry'));
    part(el, 'retry')!.focus();
    part(el, 'retry')!.click();
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement).to.equal(part(el, 'input'));
  });

  it('a failed send is announced through a status region, saying whether the bot may have it', async () => {
    const refused = { error: { code: 'rate_limited', message: 'Too many messages.' } };
    const network = new FakeNetwork()
      .answer(new Response(JSON.stringify(refused), { status: 429 }))
      .answer(new Response('{}', { status: 502 }));
    const el = await chat(network, { persist: 'none' });
    const status = el.shadowRoot!.querySelector('[role="status"]');
    await el.send('lost words');
    await waitUntil(() => part(el, 'retry'));
    expect(status?.textContent).to.equal('Not sent. lost words');
    await el.send('maybe words');
    await waitUntil(() => parts(el, 'retry').length === 2);
    expect(status?.textContent).to.equal('No answer. The bot may already have it. maybe words');
  });
});

describe('themes and language', () => {
  afterEach(() => emulateMedia({ colorScheme: 'light' }));

  it('follows the dark colour scheme and still passes the contrast checks', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    const network = new FakeNetwork().answer(reply(textBody('Dark', [quickReply('Okay')])));
    const el = await chat(network, { persist: 'none' });
    await el.send('night');
    await waitUntil(() => parts(el, 'quick-reply').length === 1);
    const background = getComputedStyle(part(el, 'panel')!).backgroundColor;
    expect(background).to.equal('rgb(31, 31, 31)');
    await expect(el).to.be.accessible();
  });

  it('custom properties set on the page restyle the widget', async () => {
    const el = await chat(new FakeNetwork(), { persist: 'none' });
    el.style.setProperty('--haptik-chat-accent', 'rgb(120, 0, 60)');
    el.style.setProperty('--haptik-chat-radius', '0px');
    expect(getComputedStyle(part(el, 'send')!).backgroundColor).to.equal('rgb(120, 0, 60)');
    expect(getComputedStyle(part(el, 'panel')!).borderTopLeftRadius).to.equal('0px');
  });

  it('every UI string can be replaced through `strings`', async () => {
    const el = await chat(new FakeNetwork(), { persist: 'none' });
    el.strings = { inputLabel: 'Nachricht', send: 'Senden', conversation: 'Unterhaltung' };
    await el.updateComplete;
    expect(part(el, 'input')!.getAttribute('aria-label')).to.equal('Nachricht');
    expect(part(el, 'send')!.getAttribute('aria-label')).to.equal('Senden');
    expect(part(el, 'log')!.getAttribute('aria-label')).to.equal('Unterhaltung');
  });

  it('dir="rtl" mirrors the layout: the user speaks from the left', async () => {
    const network = new FakeNetwork().answer(reply(textBody('مرحبا')));
    const el = await chat(network, { persist: 'none' });
    el.setAttribute('dir', 'rtl');
    await el.send('سلام');
    await waitUntil(() => bubbles(el, 'bot').length === 1);
    const panel = part(el, 'panel')!.getBoundingClientRect();
    const user = el.shadowRoot!.querySelector('[part~="user"] [part~="bubble"]')!.getBoundingClientRect();
    const bot = el.shadowRoot!.querySelector('[part~="bot"] [part~="bubble"]')!.getBoundingClientRect();
    expect(user.left - panel.left).to.be.below(40);
    expect(panel.right - bot.right).to.be.below(40);
    await expect(el).to.be.accessible();
  });
});
