/**
 * Human agents in the widget: after a send, the widget reads its user's event stream from the proxy
 * (`{endpoint}/events`, Server-Sent Events through the page's fetch), shows who joined, the agent's
 * messages under their name, and that the conversation ended; it never shows a message twice, resumes
 * after the last event it saw, and stops asking where the proxy has no agents.
 */
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../../src/index.js';
import type { HaptikChat } from '../../src/haptik-chat.js';
import type { HaptikMessageEvent } from '../../src/events.js';
import { reply, textBody } from '../fixtures/replies.js';
import { FakeNetwork } from './fake-network.js';

const ENDPOINT = '/api/agents-test';
const part = (el: HaptikChat, name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
const parts = (el: HaptikChat, name: string) => [
  ...el.shadowRoot!.querySelectorAll<HTMLElement>(`[part~="${name}"]`),
];
const botTexts = (el: HaptikChat) =>
  parts(el, 'bot').map((node) => node.querySelector('[part~="bubble"]')?.textContent?.trim());
const systemLines = (el: HaptikChat) => parts(el, 'system').map((node) => node.textContent?.trim());

const ASHA = { id: 9, name: 'Asha', profile_image: '', is_automated: false };

/** An event stream the test writes to: `send` one event, `end` it. */
function eventStream() {
  const encoder = new TextEncoder();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({ start: (c) => (controller = c) });
  return {
    response: new Response(body, { headers: { 'content-type': 'text/event-stream' } }),
    send(id: string, event: string, data: unknown) {
      controller.enqueue(encoder.encode(`id: ${id}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
    },
    comment() {
      controller.enqueue(encoder.encode(': heartbeat\n\n'));
    },
    end() {
      controller.close();
    },
  };
}

const event = (agent: object | undefined, ...items: Array<{ id: number; body: unknown }>) => ({
  version: '1.0',
  timestamp: '2026-11-30T10:00:00.000Z',
  ...(agent ? { agent } : {}),
  message: items,
});

async function chat(network: FakeNetwork, options: { mode?: string; persist?: string } = {}) {
  const el = await fixture<HaptikChat>(
    html`<haptik-chat
      mode=${options.mode ?? 'inline'}
      endpoint=${ENDPOINT}
      business-id="343"
      persist=${options.persist ?? 'none'}
      .fetch=${network.fetch}
      style="height: 480px"
    ></haptik-chat>`,
  );
  if ((options.mode ?? 'inline') === 'inline')
    await waitUntil(() => part(el, 'input'), 'the panel loads', { timeout: 5000 });
  return el;
}

/** A chat that sent `text`, with its agents' stream (`stream`) opened after that send. */
async function listening(
  text: string,
  options: Parameters<typeof chat>[1] = {},
  network = new FakeNetwork().answer(reply()),
) {
  const stream = eventStream();
  network.streamAnswer = () => stream.response;
  const el = await chat(network, options);
  await el.send(text);
  await waitUntil(() => network.streams.length === 1, 'the stream is opened after the send');
  return { stream, network, el };
}

describe('human agents', () => {
  beforeEach(() => localStorage.clear());

  it('after a send, the stream brings who joined and the agent\u2019s messages, under their name, once each', async () => {
    const stream = eventStream();
    const sync = reply(textBody('Let me find a person for you'));
    const network = new FakeNetwork().answer(sync);
    network.streamAnswer = () => stream.response;
    const el = await chat(network);
    await el.send('talk to a human');
    await waitUntil(() => network.streams.length === 1, 'the stream is opened after the send');
    const request = network.streams[0]!;
    expect(request.url).to.equal(`${ENDPOINT}/events`);
    expect(request.headers.get('x-haptik-chat')).to.equal('1');
    expect(request.body).to.deep.equal({
      user: { auth_id: (network.requests[0]!.body as { user: { auth_id: string } }).user.auth_id },
      business_id: 343,
    });
    await waitUntil(() => botTexts(el).length === 1, 'the sync reply');

    stream.comment();
    // The webhook also carries the bot's reply the send already showed: same Haptik id, not shown again.
    stream.send('e1-1', 'message', event(sync.agent, sync.message[0]!));
    stream.send('e1-2', 'chat_pinned', event(ASHA));
    const arrived = oneEvent(el, 'haptik-message');
    stream.send(
      'e1-3',
      'message',
      event(ASHA, { id: 501, body: textBody('Hi, this is *Asha*. How can I help?') }),
    );
    expect(((await arrived) as unknown as HaptikMessageEvent).message.kind).to.equal('system');
    await waitUntil(() => botTexts(el).includes('Hi, this is Asha. How can I help?'), 'the agent speaks');
    expect(botTexts(el).filter((text) => text === 'Let me find a person for you')).to.have.length(1);
    expect(systemLines(el)).to.deep.equal(['Asha joined the conversation']);
    const agentLabel = parts(el, 'agent').at(-1)!;
    expect(agentLabel.textContent).to.contain('Asha');
    expect(part(el, 'typing')).to.equal(null, 'no typing indicator waits for the agent');
    await expect(el).to.be.accessible();

    stream.send('e1-4', 'conversation_complete', event(ASHA));
    await waitUntil(() => systemLines(el).length === 2, 'the end is shown');
    expect(systemLines(el)[1]).to.equal('This conversation has ended');
  });

  it('resumes after the last event seen: on reconnect and on the next page load', async () => {
    const { stream: first, network, el } = await listening('hello', { persist: 'local' });
    first.send('e7-1', 'chat_pinned', event(ASHA));
    first.send('e7-2', 'message', event(ASHA, { id: 601, body: textBody('Still there?') }));
    await waitUntil(() => botTexts(el).includes('Still there?'));
    expect(network.streams[0]!.headers.get('last-event-id')).to.equal(null);

    // The proxy renews the stream: the widget comes back at once, after the last event it saw.
    const second = eventStream();
    network.streamAnswer = () => second.response;
    first.send('', 'stream_end', { reason: 'shutdown' });
    first.end();
    await waitUntil(() => network.streams.length === 2, 'it reconnects', { timeout: 3000 });
    expect(network.streams[1]!.headers.get('last-event-id')).to.equal('e7-2');
    second.send('e7-2', 'message', event(ASHA, { id: 601, body: textBody('Still there?') }));
    second.send('e7-3', 'message', event(ASHA, { id: 602, body: textBody('I am here') }));
    await waitUntil(() => botTexts(el).includes('I am here'));
    expect(botTexts(el).filter((text) => text === 'Still there?')).to.have.length(1);

    // A reload: the agent still holds the conversation, so the stream opens at once, from e7-3.
    el.remove();
    const third = eventStream();
    const again = new FakeNetwork();
    again.streamAnswer = () => third.response;
    const reloaded = await chat(again, { persist: 'local' });
    await waitUntil(() => again.streams.length === 1, 'the restored conversation listens again');
    expect(again.streams[0]!.headers.get('last-event-id')).to.equal('e7-3');
    third.send('e7-4', 'message', event(ASHA, { id: 603, body: textBody('Welcome back') }));
    await waitUntil(() => botTexts(reloaded).includes('Welcome back'));
    expect(botTexts(reloaded).filter((text) => text === 'I am here')).to.have.length(1);
  });

  it('a new conversation ends the old one\u2019s stream; the next resumes after the last event seen', async () => {
    const {
      stream: first,
      network,
      el,
    } = await listening('old topic', { persist: 'local' }, new FakeNetwork().answer(reply()).answer(reply()));
    first.send('e5-1', 'message', event(ASHA, { id: 901, body: textBody('About the old topic') }));
    await waitUntil(() => botTexts(el).includes('About the old topic'));
    await el.clear();
    // A late answer to the ended conversation (its anonymous id) would otherwise land in the new one.
    expect(network.streams[0]!.signal?.aborted, 'the old stream is closed').to.equal(true);

    const second = eventStream();
    network.streamAnswer = () => second.response;
    await el.send('new topic');
    await waitUntil(() => network.streams.length === 2, 'the new conversation listens');
    const user = (request: { body: unknown }) => (request.body as { user: { auth_id: string } }).user.auth_id;
    expect(user(network.streams[1]!)).to.not.equal(user(network.streams[0]!), 'the new anonymous id');
    // Without it the proxy would send a signed-in user's stored events again, the ended conversation's.
    expect(network.streams[1]!.headers.get('last-event-id')).to.equal('e5-1');
    expect(botTexts(el)).to.not.include('About the old topic');
  });

  it('moving the element on the page keeps its one stream, and a message still arrives once', async () => {
    const { stream, network, el } = await listening('talk to a human');
    stream.send('e3-1', 'chat_pinned', event(ASHA));
    await waitUntil(() => systemLines(el).length === 1, 'the agent holds the conversation');
    const elsewhere = document.createElement('section');
    document.body.append(elsewhere);
    elsewhere.append(el);
    await el.updateComplete;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(network.streams, 'no second stream').to.have.length(1);
    stream.send('e3-2', 'message', event(ASHA, { id: 801, body: textBody('Still with you') }));
    await waitUntil(() => botTexts(el).includes('Still with you'), 'the stream still delivers');
    elsewhere.remove();
  });

  it('an endpoint with a query string keeps it: the stream is {path}/events?{query}', async () => {
    const network = new FakeNetwork().answer(reply());
    const el = await fixture<HaptikChat>(
      html`<haptik-chat
        mode="inline"
        endpoint=${`${ENDPOINT}?tenant=7`}
        business-id="343"
        persist="none"
        .fetch=${network.fetch}
      ></haptik-chat>`,
    );
    await waitUntil(() => part(el, 'input'), 'the panel loads', { timeout: 5000 });
    await el.send('hello');
    await waitUntil(() => network.streams.length === 1, 'the stream is asked for');
    expect(network.streams[0]!.url).to.equal(`${ENDPOINT}/events?tenant=7`);
    expect(network.requests[0]!.url).to.equal(`${ENDPOINT}?tenant=7`);
  });

  it('counts agent messages as unread while the launcher is closed', async () => {
    const { stream, el } = await listening('hi', { mode: 'launcher' });
    stream.send('e2-1', 'message', event(ASHA, { id: 701, body: textBody('Are you there?') }));
    await waitUntil(() => part(el, 'badge')?.textContent === '1', 'one unread');
  });

  it('where the proxy has no agents (404) it stops asking', async () => {
    const network = new FakeNetwork().answer(reply()).answer(reply());
    const el = await chat(network);
    await el.send('one');
    await waitUntil(() => network.streams.length === 1);
    await waitUntil(() => network.requests.length === 1 && !part(el, 'typing'));
    await el.send('two');
    await waitUntil(() => network.requests.length === 2 && !part(el, 'typing'));
    expect(network.streams).to.have.length(1);
  });
});

describe('two widgets on one stored conversation, as two tabs of a site', () => {
  beforeEach(() => localStorage.clear());
  const status = (el: HaptikChat) => part(el, 'user')?.getAttribute('data-status');

  it('one that opens while the other is sending shows that message on its way, not failed', async () => {
    const network = new FakeNetwork();
    const answer = network.hold(reply(textBody('Here you are')));
    const first = await chat(network, { persist: 'local' });
    void first.send('hello');
    await waitUntil(() => status(first) === 'sending');
    const second = await chat(new FakeNetwork(), { persist: 'local' });
    // Restored alone it would read "Not sent", with a retry that sends it twice: it asks, and is told.
    await waitUntil(() => status(second) === 'sending', 'the first says where the message is');
    answer.release();
    await waitUntil(() => botTexts(second).includes('Here you are'));
    expect(status(second)).to.equal('sent');
  });

  it('one removed from the page while sending leaves its messages failed, with a retry, in the other', async () => {
    const network = new FakeNetwork();
    network.hold(reply(textBody('Never seen')));
    const first = await chat(network, { persist: 'local' });
    const second = await chat(new FakeNetwork(), { persist: 'local' });
    void first.send('hello');
    void first.send('and this');
    const statuses = () => parts(second, 'user').map((message) => message.getAttribute('data-status'));
    await waitUntil(() => `${statuses()}` === 'sending,queued', 'the other shows them on their way');
    // A single-page app's route change: the element goes, and with it the one tab that would send.
    first.remove();
    await waitUntil(() => `${statuses()}` === 'failed,failed', 'the other hears that they failed');
    const errors = parts(second, 'error').map((line) => line.textContent);
    expect(errors[0]).to.contain('may already have it');
    expect(errors[1]).not.to.contain('may already have it');
    expect(parts(second, 'retry')).to.have.length(2);
  });

  it('one put back on the page sends what had not gone out; what may have reached the bot waits for a Retry', async () => {
    const network = new FakeNetwork();
    network.hold(reply(textBody('Never seen')));
    network.answer(reply(textBody('Got the second')));
    const el = await chat(network, { persist: 'local' });
    const parent = el.parentElement!;
    void el.send('hello');
    void el.send('and this');
    await waitUntil(() => network.requests.length === 1);
    el.remove();
    await new Promise((resolve) => setTimeout(resolve));
    parent.append(el);
    await waitUntil(() => botTexts(el).includes('Got the second'), 'the waiting message went out');
    const sent = network.requests.map((request) => (request.body as { message_body: string }).message_body);
    expect(sent).to.deep.equal(['hello', 'and this']);
    expect(parts(el, 'retry')).to.have.length(1, 'the first may have reached the bot: the user decides');
  });

  it('one back from the back-forward cache takes what another tab wrote meanwhile', async () => {
    const el = await chat(new FakeNetwork().answer(reply(textBody('Hello there'))), { persist: 'local' });
    await el.send('hello');
    await waitUntil(() => botTexts(el).includes('Hello there'));
    await new Promise((resolve) => setTimeout(resolve));
    // Another tab started a new conversation while this page was cached: its post never came.
    const key = Object.keys(localStorage).find((name) =>
      localStorage.getItem(name)!.includes('Hello there'),
    )!;
    const record = JSON.parse(localStorage.getItem(key)!) as { since?: number };
    const since = Math.max(Date.now(), (record.since ?? 0) + 1);
    localStorage.setItem(key, JSON.stringify({ v: 2, savedAt: since, cid: 'other-tab', since, entries: [] }));
    window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
    await waitUntil(() => parts(el, 'message').length === 0, 'it shows the new conversation');
  });

  it("a new conversation started in one ends the other's agents' stream", async () => {
    const { network, el: first } = await listening('hello', { persist: 'local' });
    const second = await chat(new FakeNetwork(), { persist: 'local' });
    await second.clear();
    await waitUntil(
      () => network.streams[0]!.signal?.aborted === true,
      'the ended conversation stops listening',
    );
    expect(parts(first, 'message')).to.have.length(0);
  });
});
