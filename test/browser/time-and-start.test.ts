/**
 * Time in the transcript (a `<time>` under the last message of each run, day lines) and how a
 * conversation starts: the start message, and `launch()`.
 */
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../../src/index.js';
import type { Entry } from '../../src/conversation.js';
import type { HaptikChat } from '../../src/haptik-chat.js';
import { parseMessage } from '../../src/hsl.js';
import { TimeLine } from '../../src/render/time.js';
import { reply, textBody } from '../fixtures/replies.js';
import { FakeNetwork } from './fake-network.js';

const ENDPOINT = '/api/time-and-start';
const STORE_KEY = `haptik-chat:${ENDPOINT}:343`;
const DAY = 24 * 60 * 60 * 1000;

const all = (el: HaptikChat, selector: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(selector)];
const texts = (el: HaptikChat, selector: string) => all(el, selector).map((node) => node.textContent?.trim());
const bodies = (network: FakeNetwork) =>
  network.requests.map((r) => (r.body as { message_body: string }).message_body);

interface Options {
  mode?: 'inline' | 'launcher';
  persist?: 'local' | 'none';
  startMessage?: string;
}

async function chat(network: FakeNetwork, options: Options = {}): Promise<HaptikChat> {
  const { mode = 'inline', persist = 'local', startMessage } = options;
  const el = await fixture<HaptikChat>(
    html`<haptik-chat
      mode=${mode}
      endpoint=${ENDPOINT}
      business-id="343"
      persist=${persist}
      start-message=${startMessage ?? ''}
      .fetch=${network.fetch}
      style=${mode === 'inline' ? 'height: 480px' : ''}
    ></haptik-chat>`,
  );
  if (!startMessage) el.removeAttribute('start-message');
  if (mode === 'inline') await waitUntil(() => all(el, '[part~="input"]').length, 'the panel loads');
  return el;
}

/** A stored record as the widget writes it. */
function store(entries: object[]): void {
  localStorage.setItem(STORE_KEY, JSON.stringify({ v: 2, savedAt: Date.now(), entries }));
}
const userAt = (id: string, at?: number) => ({ role: 'user', id, text: id, body: id, status: 'sent', at });
const botAt = (id: string, at?: number) => ({ role: 'bot', id, body: textBody(id), at });

beforeEach(() => {
  localStorage.clear();
  document.documentElement.lang = 'en';
});

describe('time', () => {
  it('a <time> with an ISO datetime ends each run: the user, then the bot, in the page’s language', async () => {
    const network = new FakeNetwork().answer(reply(textBody('one'), textBody('two')));
    const el = await chat(network, { persist: 'none' });
    const before = Date.now();
    await el.send('hi');
    await waitUntil(() => all(el, '[part~="bot"]').length === 2);
    const times = all(el, 'time[part~="time"]');
    expect(times.map((time) => time.closest('[part~="message"]')?.textContent)).to.have.length(2);
    const [mine, theirs] = times;
    expect(mine!.closest('[part~="user"]'), 'under the user message').to.not.equal(null);
    expect(theirs!.closest('[part~="bot"]')?.textContent).to.contain('two', 'under the last of the run');
    for (const time of times) {
      const at = Date.parse(time.getAttribute('datetime')!);
      expect(time.getAttribute('datetime')).to.equal(new Date(at).toISOString());
      expect(at).to.be.within(before - 1000, Date.now());
      expect(time.textContent).to.equal(new Intl.DateTimeFormat('en', { timeStyle: 'short' }).format(at));
    }
    expect(texts(el, '[part~="day"]')).to.deep.equal(['Today']);
    await expect(el).to.be.accessible();
  });

  it('a day line where the day changes: a date, "Yesterday", "Today", in the page’s language', async () => {
    const now = Date.now();
    store([
      userAt('long ago', now - 5 * DAY),
      botAt('answer', now - 5 * DAY),
      userAt('yesterday', now - DAY),
      userAt('today', now),
    ]);
    document.documentElement.lang = 'de';
    const el = await chat(new FakeNetwork());
    const date = new Intl.DateTimeFormat('de', { dateStyle: 'medium' }).format(now - 5 * DAY);
    expect(texts(el, '[part~="day"]')).to.deep.equal([date, 'Gestern', 'Heute']);
    expect(all(el, '[part~="day"]').every((day) => day.localName === 'h3')).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('a transcript stored before times were kept loads and shows its messages without them', async () => {
    store([userAt('old'), botAt('older')]);
    const el = await chat(new FakeNetwork());
    expect(texts(el, '[part~="bubble"]')).to.deep.equal(['old', 'older']);
    expect(all(el, 'time')).to.have.length(0);
    expect(all(el, '[part~="day"]')).to.have.length(0);
  });

  it('times are stored with the messages and come back after a reload', async () => {
    const network = new FakeNetwork().answer(reply(textBody('kept')));
    const first = await chat(network);
    await first.send('hi');
    await waitUntil(() => all(first, '[part~="bot"]').length === 1);
    const shown = all(first, 'time').map((time) => time.getAttribute('datetime'));
    first.remove();
    const second = await chat(network);
    expect(all(second, 'time').map((time) => time.getAttribute('datetime'))).to.deep.equal(shown);
  });
});

describe('time marks', () => {
  it('redone only after the unchanged part, they always equal marks worked out afresh', () => {
    const start = Date.now() - 3 * DAY;
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const kinds = ['TEXT', 'TEXT', 'SYSTEM', 'SILENT'];
    let clock = start;
    const make = (i: number): Entry => {
      clock += random() < 0.3 ? 12 * 60 * 60 * 1000 : random() < 0.5 ? 30_000 : 90_000;
      const at = random() < 0.05 ? undefined : clock;
      if (random() < 0.4) {
        return {
          role: 'user',
          id: `u${i}`,
          text: 'q',
          body: 'q',
          status: 'sent',
          at,
          hidden: random() < 0.1,
        };
      }
      const body = { text: 'a', type: kinds[Math.floor(random() * kinds.length)], data: {} };
      return { role: 'bot', id: `b${i}`, message: parseMessage(body), source: { body }, at };
    };
    const line = new TimeLine();
    let entries: Entry[] = [];
    for (let step = 0; step < 300; step += 1) {
      const roll = random();
      if (roll < 0.6) entries = [...entries, make(step)];
      else if (roll < 0.8 && entries.length) {
        const i = Math.floor(random() * entries.length);
        entries = [...entries.slice(0, i), make(step), ...entries.slice(i + 1)];
      } else if (roll < 0.9) entries = entries.slice(0, Math.floor(random() * entries.length));
      else entries = [...entries, make(step), make(step + 1000)];
      const { days, times } = line.marks(entries);
      const fresh = new TimeLine().marks(entries);
      expect([...days], `days at step ${step}`).to.deep.equal([...fresh.days]);
      expect([...times], `times at step ${step}`).to.deep.equal([...fresh.times]);
    }
  });
});

describe('start message', () => {
  it('a new conversation sends it once, without a bubble, and shows the reply; a reload does not', async () => {
    const network = new FakeNetwork().answer(reply(textBody('Welcome!')));
    const el = await chat(network, { startMessage: 'start' });
    await waitUntil(() => texts(el, '[part~="bot"] [part~="bubble"]').includes('Welcome!'));
    expect(bodies(network)).to.deep.equal(['start']);
    expect(all(el, '[part~="user"]'), 'no user bubble').to.have.length(0);
    el.remove();

    const again = await chat(network, { startMessage: 'start' });
    expect(texts(again, '[part~="bubble"]')).to.deep.equal(['Welcome!']);
    await again.updateComplete;
    expect(bodies(network)).to.deep.equal(['start'], 'not sent again on reload');
  });

  it('a stored conversation with messages gets no start message', async () => {
    store([userAt('hi', Date.now()), botAt('hello', Date.now())]);
    const network = new FakeNetwork();
    const el = await chat(network, { startMessage: 'start' });
    await el.updateComplete;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(network.requests).to.have.length(0);
  });

  it('clear() starts a new conversation, which gets the start message again', async () => {
    const network = new FakeNetwork()
      .answer(reply(textBody('Welcome!')))
      .answer(reply(textBody('Welcome back!')));
    const el = await chat(network, { startMessage: 'start' });
    await waitUntil(() => network.requests.length === 1);
    await el.clear();
    await waitUntil(() => texts(el, '[part~="bubble"]').includes('Welcome back!'));
    expect(bodies(network)).to.deep.equal(['start', 'start']);
    expect(texts(el, '[part~="bubble"]')).to.deep.equal(['Welcome back!']);
  });

  it('in launcher mode it waits until the panel is first opened', async () => {
    const network = new FakeNetwork().answer(reply(textBody('Welcome!')));
    const el = await chat(network, { mode: 'launcher', startMessage: 'start' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(network.requests).to.have.length(0);
    el.show();
    await waitUntil(() => network.requests.length === 1, 'sent when shown');
    expect(bodies(network)).to.deep.equal(['start']);
  });

  it('a start message that fails shows its error line and retry, without a bubble', async () => {
    const network = new FakeNetwork().answer(new Response('{}', { status: 502 }));
    const el = await chat(network, { persist: 'none', startMessage: 'start' });
    await waitUntil(() => all(el, '[part~="retry"]').length === 1);
    expect(all(el, '[part~="bubble"]')).to.have.length(0);
    network.answer(reply(textBody('Welcome!')));
    all(el, '[part~="retry"]')[0]!.click();
    await waitUntil(() => texts(el, '[part~="bubble"]').includes('Welcome!'));
    expect(all(el, '[part~="user"]')).to.have.length(0);
  });
});

describe('launch()', () => {
  it('opens the chat and sends as the user, with a bubble or (hidden) without', async () => {
    const network = new FakeNetwork()
      .answer(reply(textBody('Your order is on its way.')))
      .answer(reply(textBody('Noted.')));
    const el = await chat(network, { mode: 'launcher', persist: 'none' });
    const opened = oneEvent(el, 'haptik-open');
    await el.launch('Ask about my order');
    await opened;
    expect(el.open).to.equal(true);
    await waitUntil(() => texts(el, '[part~="bubble"]').includes('Your order is on its way.'));
    expect(texts(el, '[part~="user"] [part~="bubble"]')).to.deep.equal(['Ask about my order']);

    await el.launch('context: page=/orders', { hidden: true });
    await waitUntil(() => texts(el, '[part~="bubble"]').includes('Noted.'));
    expect(bodies(network)).to.deep.equal(['Ask about my order', 'context: page=/orders']);
    expect(texts(el, '[part~="user"] [part~="bubble"]')).to.deep.equal(['Ask about my order']);
  });

  it('on a new conversation the start message goes first, then the launched text', async () => {
    const network = new FakeNetwork()
      .answer(reply(textBody('Welcome!')))
      .answer(reply(textBody('About your order…')));
    const el = await chat(network, { mode: 'launcher', persist: 'none', startMessage: 'start' });
    await el.launch('my order');
    await waitUntil(() => network.requests.length === 2);
    expect(bodies(network)).to.deep.equal(['start', 'my order']);
  });
});
