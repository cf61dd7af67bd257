import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../../src/index.js';
import type { HaptikChat } from '../../src/haptik-chat.js';
import type { HaptikErrorEvent, HaptikSendEvent } from '../../src/events.js';
import { quickReply, reply, textBody } from '../fixtures/replies.js';
import { FakeNetwork } from './fake-network.js';

const part = (el: HaptikChat, name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
const parts = (el: HaptikChat, name: string) => [
  ...el.shadowRoot!.querySelectorAll<HTMLElement>(`[part~="${name}"]`),
];
const texts = (el: HaptikChat, selector: string) =>
  [...el.shadowRoot!.querySelectorAll<HTMLElement>(selector)].map((node) => node.textContent?.trim());
const botTexts = (el: HaptikChat) => texts(el, '[part~="bot"] [part~="bubble"]');
const userTexts = (el: HaptikChat) => texts(el, '[part~="user"] [part~="bubble"]');

async function inlineChat(network: FakeNetwork, attrs: { authId?: string } = {}): Promise<HaptikChat> {
  sessionStorage.clear();
  localStorage.clear();
  const el = await fixture<HaptikChat>(
    html`<haptik-chat
      mode="inline"
      business-id="343"
      auth-id=${attrs.authId ?? 'user-1'}
      persist="none"
      .fetch=${network.fetch}
      style="height: 480px"
    ></haptik-chat>`,
  );
  await waitUntil(() => part(el, 'input'), 'the panel loads', { timeout: 5000 });
  return el;
}

async function type(el: HaptikChat, text: string): Promise<void> {
  const input = part(el, 'input') as HTMLInputElement;
  input.value = text;
  input.dispatchEvent(new InputEvent('input'));
  (part(el, 'composer') as HTMLFormElement).requestSubmit();
  await el.updateComplete;
}

describe('<haptik-chat>', () => {
  it('draws and styles its launcher where shadow roots cannot adopt built style sheets (jsdom, older browsers)', async () => {
    const replaceSync = Object.getOwnPropertyDescriptor(CSSStyleSheet.prototype, 'replaceSync')!;
    Reflect.deleteProperty(CSSStyleSheet.prototype, 'replaceSync');
    try {
      const el = document.createElement('haptik-chat') as HaptikChat;
      el.setAttribute('business-id', '343');
      document.body.append(el);
      await el.updateComplete;
      const launcher = part(el, 'launcher')!;
      expect(getComputedStyle(launcher).borderRadius).to.equal('50%', 'styled by a <style> element');
      expect(el.shadowRoot!.querySelectorAll('style').length).to.equal(1);
      el.remove();
    } finally {
      Object.defineProperty(CSSStyleSheet.prototype, 'replaceSync', replaceSync);
    }
  });

  it('shows an empty, accessible chat with a labelled composer', async () => {
    const el = await inlineChat(new FakeNetwork());
    expect(part(el, 'log')?.getAttribute('role')).to.equal('log');
    expect(part(el, 'input')?.getAttribute('aria-label')).to.equal('Message');
    expect(part(el, 'send')?.getAttribute('aria-label')).to.equal('Send');
    await expect(el).to.be.accessible();
  });

  it('posts exactly the Haptik body with the widget header, and renders every reply in order', async () => {
    const network = new FakeNetwork().answer(
      reply(textBody('First'), textBody('Second\nline'), textBody('Third')),
    );
    const el = await inlineChat(network);
    await type(el, 'hello bot');
    await waitUntil(() => botTexts(el).length === 3, 'three replies');

    expect(network.requests).to.have.length(1);
    const [request] = network.requests;
    expect(request!.url).to.equal('/api/haptik');
    expect(request!.headers.get('x-haptik-chat')).to.equal('1');
    expect(request!.headers.get('content-type')).to.equal('application/json');
    expect(request!.body).to.deep.equal({
      user: { auth_id: 'user-1' },
      message_body: 'hello bot',
      message_type: 0,
      business_id: 343,
    });
    expect(userTexts(el)).to.deep.equal(['hello bot']);
    expect(botTexts(el)).to.deep.equal(['First', 'Second\nline', 'Third']);
    expect(getComputedStyle(parts(el, 'bubble')[2]!).whiteSpace).to.equal('pre-line');
    await expect(el).to.be.accessible();
  });

  it('Enter in the input sends the message and empties the input', async () => {
    const network = new FakeNetwork().answer(reply(textBody('ok')));
    const el = await inlineChat(network);
    const input = part(el, 'input') as HTMLInputElement;
    input.focus();
    input.value = 'typed';
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    // A real Enter in a one-input form submits it; requestSubmit is what the browser does.
    (input.form as HTMLFormElement).requestSubmit();
    await waitUntil(() => network.requests.length === 1);
    expect(input.value).to.equal('');
    expect((network.requests[0]!.body as { message_body: string }).message_body).to.equal('typed');
  });

  it('shows a typing indicator while the reply is pending, and removes it when the reply arrives', async () => {
    const network = new FakeNetwork();
    const held = network.hold(reply(textBody('done')));
    const el = await inlineChat(network);
    await type(el, 'wait for it');
    await waitUntil(() => part(el, 'typing'), 'typing indicator shows');
    expect(part(el, 'typing')?.getAttribute('aria-label')).to.equal('The bot is typing');
    await expect(el).to.be.accessible();
    held.release();
    await waitUntil(() => botTexts(el).length === 1);
    expect(part(el, 'typing')).to.equal(null);
  });

  it('a quick reply shows its message as the user bubble, sends gogo_message, and disappears once used', async () => {
    const network = new FakeNetwork()
      .answer(
        reply(textBody('Pick one', [quickReply('Track order', 'track_order'), quickReply('Talk to us')])),
      )
      .answer(reply(textBody('Your order is on its way')));
    const el = await inlineChat(network);
    await type(el, 'hi');
    await waitUntil(() => parts(el, 'quick-reply').length === 2, 'quick replies show');
    expect(part(el, 'quick-replies')?.getAttribute('aria-label')).to.equal('Suggested replies');
    await expect(el).to.be.accessible();

    parts(el, 'quick-reply')[0]!.click();
    await waitUntil(() => botTexts(el).length === 2);
    expect(userTexts(el)).to.deep.equal(['hi', 'Track order']);
    expect((network.requests[1]!.body as { message_body: string }).message_body).to.equal('track_order');
    expect(parts(el, 'quick-reply')).to.have.length(0);
  });

  it('quick replies of a TEXT followed by a BUTTON and a SYSTEM line in one reply are offered, and work', async () => {
    const button = {
      text: 'Or use a button',
      type: 'BUTTON',
      data: {
        items: [{ actionable_text: 'Help', type: 'TEXT_ONLY', uri: '', payload: { message: 'help' } }],
      },
    };
    const system = { text: 'An agent will join soon', type: 'SYSTEM', data: { event_name: 'chat_pinned' } };
    const network = new FakeNetwork()
      .answer(
        reply(
          textBody('Pick one', [quickReply('Track order', 'track'), quickReply('Refund')]),
          button,
          system,
        ),
      )
      .answer(reply(textBody('On its way')));
    const el = await inlineChat(network);
    await type(el, 'hi');
    await waitUntil(() => parts(el, 'quick-reply').length === 2, 'both quick replies show');
    expect(parts(el, 'quick-reply').map((chip) => chip.textContent?.trim())).to.deep.equal([
      'Track order',
      'Refund',
    ]);
    parts(el, 'quick-reply')[0]!.click();
    await waitUntil(() => network.requests.length === 2, 'the tapped reply is sent');
    expect((network.requests[1]!.body as { message_body: string }).message_body).to.equal('track');
    expect(parts(el, 'quick-reply')).to.have.length(0);
  });

  it('a quick reply without gogo_message sends its message', async () => {
    const network = new FakeNetwork()
      .answer(reply(textBody('Pick', [quickReply('Talk to us')])))
      .answer(reply(textBody('Sure')));
    const el = await inlineChat(network);
    await type(el, 'hi');
    await waitUntil(() => parts(el, 'quick-reply').length === 1);
    parts(el, 'quick-reply')[0]!.click();
    await waitUntil(() => network.requests.length === 2);
    expect((network.requests[1]!.body as { message_body: string }).message_body).to.equal('Talk to us');
  });

  it('typing hides the quick replies', async () => {
    const network = new FakeNetwork().answer(reply(textBody('Pick', [quickReply('A'), quickReply('B')])));
    const el = await inlineChat(network);
    await type(el, 'hi');
    await waitUntil(() => parts(el, 'quick-reply').length === 2);
    const input = part(el, 'input') as HTMLInputElement;
    input.value = 'something else';
    input.dispatchEvent(new InputEvent('input'));
    await el.updateComplete;
    expect(parts(el, 'quick-reply')).to.have.length(0);
  });

  it('a failed send keeps the text, shows an error with retry, and retry delivers it', async () => {
    const network = new FakeNetwork()
      .answer(
        new Response(
          JSON.stringify({
            error: { code: 'upstream_unreachable', message: 'The bot could not be reached.' },
          }),
          {
            status: 502,
            headers: { 'content-type': 'application/json' },
          },
        ),
      )
      .answer(reply(textBody('Got it this time')));
    const el = await inlineChat(network);
    const failed = oneEvent(el, 'haptik-error');
    await type(el, 'please arrive');
    const event = (await failed) as unknown as HaptikErrorEvent;
    expect(event.text).to.equal('please arrive');
    await el.updateComplete;
    // The proxy never reached the bot: certainly not sent, in a few words; the reason is the tooltip.
    expect(part(el, 'error')?.textContent?.replace(/\s+/g, ' ').trim()).to.equal('Not sent. Retry');
    expect(part(el, 'error')?.title).to.equal('The bot could not be reached.');
    expect(userTexts(el)).to.deep.equal(['please arrive']);
    await expect(el).to.be.accessible();

    part(el, 'retry')!.click();
    await waitUntil(() => botTexts(el).length === 1, 'the retry is answered');
    expect(botTexts(el)).to.deep.equal(['Got it this time']);
    expect(part(el, 'error')).to.equal(null);
    expect((network.requests[1]!.body as { message_body: string }).message_body).to.equal('please arrive');
  });

  it('haptik-send can be cancelled, and then nothing is sent', async () => {
    const network = new FakeNetwork();
    const el = await inlineChat(network);
    el.addEventListener('haptik-send', (event) => event.preventDefault(), { once: true });
    await type(el, 'secret');
    expect(network.requests).to.have.length(0);
    expect(userTexts(el)).to.deep.equal([]);
  });

  it('fires haptik-send before sending and haptik-message for each bot message', async () => {
    const network = new FakeNetwork().answer(reply(textBody('one'), textBody('two')));
    const el = await inlineChat(network);
    const messages: string[] = [];
    el.addEventListener('haptik-message', (event) => messages.push(event.message.text));
    const sending = oneEvent(el, 'haptik-send');
    void el.send('ping');
    const send = (await sending) as unknown as HaptikSendEvent;
    expect(send.text).to.equal('ping');
    expect(send.composed).to.equal(true);
    await waitUntil(() => messages.length === 2);
    expect(messages).to.deep.equal(['one', 'two']);
  });

  it('without auth-id it makes one anonymous id and keeps it for the next page load', async () => {
    localStorage.clear();
    const network = new FakeNetwork().answer(reply(textBody('a'))).answer(reply(textBody('b')));
    const make = () =>
      fixture<HaptikChat>(
        html`<haptik-chat
          mode="inline"
          business-id="343"
          endpoint="/anon-test"
          .fetch=${network.fetch}
        ></haptik-chat>`,
      );
    const first = await make();
    await first.send('one');
    await waitUntil(() => network.requests.length === 1);
    first.remove();
    const second = await make();
    await second.send('two');
    await waitUntil(() => network.requests.length === 2);
    const ids = network.requests.map((r) => (r.body as { user: { auth_id: string } }).user.auth_id);
    expect(ids[0]).to.match(/^anon-[0-9a-f-]{36}$/);
    expect(ids[1]).to.equal(ids[0]);
    localStorage.clear();
  });

  describe('launcher mode', () => {
    it('shows only the launcher until opened; opening shows the panel and focuses the input', async () => {
      const el = await fixture<HaptikChat>(
        html`<haptik-chat business-id="343" persist="none" .fetch=${new FakeNetwork().fetch}></haptik-chat>`,
      );
      const launcher = part(el, 'launcher')!;
      expect(launcher.getAttribute('aria-label')).to.equal('Open chat');
      expect(launcher.getAttribute('aria-expanded')).to.equal('false');
      expect(part(el, 'panel')?.hidden ?? true).to.equal(true);
      await expect(el).to.be.accessible();

      const opened = oneEvent(el, 'haptik-open');
      launcher.click();
      await opened;
      await waitUntil(
        () => part(el, 'input') && el.shadowRoot!.activeElement === part(el, 'input'),
        'input gets focus',
      );
      expect(el.open).to.equal(true);
      expect(el.hasAttribute('open')).to.equal(true);
      expect(part(el, 'panel')!.hidden).to.equal(false);
      expect(launcher.getAttribute('aria-expanded')).to.equal('true');
      await expect(el).to.be.accessible();
    });

    it('Escape closes the panel and returns focus to the launcher', async () => {
      const el = await fixture<HaptikChat>(
        html`<haptik-chat
          business-id="343"
          persist="none"
          open
          .fetch=${new FakeNetwork().fetch}
        ></haptik-chat>`,
      );
      await waitUntil(() => part(el, 'input'));
      (part(el, 'input') as HTMLInputElement).focus();
      const closed = oneEvent(el, 'haptik-close');
      part(el, 'input')!.dispatchEvent(
        new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }),
      );
      await closed;
      await el.updateComplete;
      expect(el.open).to.equal(false);
      expect(part(el, 'panel')!.hidden).to.equal(true);
      expect(el.shadowRoot!.activeElement).to.equal(part(el, 'launcher'));
    });
  });
});
