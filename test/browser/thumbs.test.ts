/** Thumbs up and down on bot messages (`feedback`): the page hears of them, Haptik does not. */
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/index.js';
import type { HaptikChat } from '../../src/haptik-chat.js';
import type { HaptikFeedbackEvent } from '../../src/events.js';
import { reply, textBody } from '../fixtures/replies.js';
import { FakeNetwork } from './fake-network.js';

const ENDPOINT = '/api/thumbs';
const all = (el: HaptikChat, selector: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(selector)];
const pressed = (el: HaptikChat) =>
  all(el, '[part~="bot"]').map((message) =>
    [...message.querySelectorAll('[part~="rate"]')].map((b) => b.getAttribute('aria-pressed')).join(' '),
  );

async function chat(network: FakeNetwork, feedback = true): Promise<HaptikChat> {
  const el = await fixture<HaptikChat>(
    html`<haptik-chat
      mode="inline"
      endpoint=${ENDPOINT}
      business-id="343"
      ?feedback=${feedback}
      .fetch=${network.fetch}
      style="height: 480px"
    ></haptik-chat>`,
  );
  await waitUntil(() => all(el, '[part~="input"]').length, 'the panel loads');
  return el;
}

async function answered(el: HaptikChat, network: FakeNetwork, ...texts: string[]): Promise<void> {
  const before = all(el, '[part~="bot"]').length;
  network.answer(reply(...texts.map((text) => textBody(text))));
  await el.send('question');
  await waitUntil(() => all(el, '[part~="bot"]').length === before + texts.length);
}

beforeEach(() => localStorage.clear());

describe('thumbs on bot messages', () => {
  it('are offered only with the feedback attribute', async () => {
    const network = new FakeNetwork();
    const el = await chat(network, false);
    await answered(el, network, 'plain');
    expect(all(el, '[part~="rate"]')).to.have.length(0);
  });

  it('one choice per message, changeable; each fires haptik-feedback with the Haptik id and is announced', async () => {
    const network = new FakeNetwork();
    const el = await chat(network);
    await answered(el, network, 'first', 'second');
    expect(pressed(el)).to.deep.equal(['false false', 'false false']);
    const [up, down] = all(el, '[part~="bot"]')[1]!.querySelectorAll<HTMLButtonElement>('[part~="rate"]');
    expect([up!.getAttribute('aria-label'), down!.getAttribute('aria-label')]).to.deep.equal([
      'Helpful',
      'Not helpful',
    ]);
    expect(up!.closest('[role="group"]')?.getAttribute('aria-label')).to.equal('Rate this answer');

    let heard = oneEvent(el, 'haptik-feedback') as Promise<HaptikFeedbackEvent>;
    up!.click();
    let event = await heard;
    expect(event.value).to.equal('up');
    expect(event.messageId).to.match(/^\d+$/, "Haptik's message id");
    expect(event.bubbles && event.composed).to.equal(true);
    await el.updateComplete;
    expect(pressed(el)).to.deep.equal(['false false', 'true false']);
    expect(el.shadowRoot!.querySelector('[role="status"]')?.textContent).to.equal(
      'Thanks for your feedback.',
    );

    heard = oneEvent(el, 'haptik-feedback') as Promise<HaptikFeedbackEvent>;
    all(el, '[part~="bot"]')[1]!.querySelectorAll<HTMLButtonElement>('[part~="rate"]')[1]!.click();
    event = await heard;
    expect(event.value).to.equal('down');
    await el.updateComplete;
    expect(pressed(el)).to.deep.equal(['false false', 'false true'], 'changed, still one choice');
    expect(network.requests).to.have.length(1, 'nothing is sent to Haptik');
    await expect(el).to.be.accessible();
  });

  it('work from the keyboard, and the choice is stored with the message', async () => {
    const network = new FakeNetwork();
    const el = await chat(network);
    await answered(el, network, 'rate me');
    const [up] = all(el, '[part~="rate"]') as HTMLButtonElement[];
    up!.focus();
    expect(getComputedStyle(up!).outlineStyle).to.not.equal('none');
    const heard = oneEvent(el, 'haptik-feedback');
    await sendKeys({ press: 'Enter' });
    await heard;
    await el.updateComplete;
    expect(pressed(el)).to.deep.equal(['true false']);
    el.remove();

    const again = await chat(network);
    expect(pressed(again)).to.deep.equal(['true false'], 'restored after a reload');
  });
});
