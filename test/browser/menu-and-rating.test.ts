/**
 * The header menu (a menu button: new conversation, rate, download) and the form that rates the
 * conversation through the proxy's feedback path.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/index.js';
import type { HaptikChat } from '../../src/haptik-chat.js';
import { transcript } from '../../src/panel-extras.js';
import { parseMessage } from '../../src/hsl.js';
import { reply, textBody } from '../fixtures/replies.js';
import { FakeNetwork } from './fake-network.js';

const ENDPOINT = '/api/menu-test';
const one = (el: HaptikChat, selector: string) => el.shadowRoot!.querySelector<HTMLElement>(selector);
const all = (el: HaptikChat, selector: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(selector)];
const focused = (el: HaptikChat) => el.shadowRoot!.activeElement as HTMLElement | null;
const json = (status: number, payload: object) =>
  new Response(JSON.stringify(payload), { status, headers: { 'content-type': 'application/json' } });

interface Options {
  feedback?: boolean;
  mode?: 'inline' | 'launcher';
  startMessage?: string;
}

async function chat(network: FakeNetwork, { feedback = true, mode = 'inline', startMessage }: Options = {}) {
  const el = await fixture<HaptikChat>(
    html`<haptik-chat
      mode=${mode}
      endpoint=${ENDPOINT}
      business-id="343"
      auth-id="user-7"
      persist="none"
      ?feedback=${feedback}
      ?open=${mode === 'launcher'}
      .startMessage=${startMessage}
      .fetch=${network.fetch}
      style=${mode === 'inline' ? 'height: 560px' : ''}
    ></haptik-chat>`,
  );
  await waitUntil(() => one(el, '[part~="input"]'), 'the panel loads');
  return el;
}

async function openMenu(el: HaptikChat): Promise<HTMLElement> {
  one(el, '[part~="menu-button"]')!.click();
  await waitUntil(() => one(el, '[part~="menu"]'), 'the menu opens');
  await el.updateComplete;
  return one(el, '[part~="menu"]')!;
}

const items = (el: HaptikChat) => all(el, '[role="menuitem"]').map((item) => item.textContent?.trim());

async function openRating(el: HaptikChat): Promise<HTMLElement> {
  await openMenu(el);
  all(el, '[role="menuitem"]')[1]!.click();
  await waitUntil(() => one(el, '[part~="rating"]'), 'the rating form opens');
  await el.updateComplete;
  return one(el, '[part~="rating"]')!;
}

describe('the header menu', () => {
  it('is a menu button: it opens on the first item, arrows move, Escape closes and focus comes back', async () => {
    const el = await chat(new FakeNetwork(), { mode: 'launcher' });
    const button = one(el, '[part~="menu-button"]')!;
    expect(button.getAttribute('aria-haspopup')).to.equal('menu');
    expect(button.getAttribute('aria-expanded')).to.equal('false');
    expect(button.getAttribute('aria-label')).to.equal('More options');
    const menu = await openMenu(el);
    expect(menu.getAttribute('role')).to.equal('menu');
    expect(button.getAttribute('aria-expanded')).to.equal('true');
    expect(button.getAttribute('aria-controls')).to.equal(menu.id);
    expect(items(el)).to.deep.equal(['New conversation', 'Rate this conversation', 'Download transcript']);
    await waitUntil(() => focused(el)?.textContent?.trim() === 'New conversation', 'focus on the first item');
    await expect(el).to.be.accessible();

    await sendKeys({ press: 'ArrowDown' });
    expect(focused(el)?.textContent?.trim()).to.equal('Rate this conversation');
    await sendKeys({ press: 'End' });
    expect(focused(el)?.textContent?.trim()).to.equal('Download transcript');
    await sendKeys({ press: 'ArrowDown' });
    expect(focused(el)?.textContent?.trim()).to.equal('New conversation', 'wraps around');
    await sendKeys({ press: 'ArrowUp' });
    expect(focused(el)?.textContent?.trim()).to.equal('Download transcript');

    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(one(el, '[part~="menu"]')).to.equal(null);
    expect(focused(el)).to.equal(button);
    expect(el.open).to.equal(true, 'Escape closed the menu, not the chat');
  });

  it('ArrowUp on the button opens it at the last item; without feedback there is nothing to rate', async () => {
    const el = await chat(new FakeNetwork(), { feedback: false });
    one(el, '[part~="menu-button"]')!.focus();
    await sendKeys({ press: 'ArrowUp' });
    await waitUntil(() => focused(el)?.getAttribute('role') === 'menuitem');
    expect(focused(el)?.textContent?.trim()).to.equal('Download transcript');
    expect(items(el)).to.deep.equal(['New conversation', 'Download transcript']);
    await sendKeys({ press: 'Tab' });
    await el.updateComplete;
    expect(one(el, '[part~="menu"]')).to.equal(null, 'Tab leaves and closes the menu');
  });

  it('a new conversation is asked for first; Cancel keeps everything, Start new clears it', async () => {
    const network = new FakeNetwork()
      .answer(reply(textBody('Welcome!')))
      .answer(reply(textBody('Answer')))
      .answer(reply(textBody('Welcome again!')));
    const el = await chat(network, { startMessage: 'start' });
    await el.send('question');
    await waitUntil(() => network.requests.length === 2 && all(el, '[part~="bot"]').length === 2);
    await openMenu(el);
    all(el, '[role="menuitem"]')[0]!.click();
    await waitUntil(() => one(el, '[role="alertdialog"]'));
    const question = one(el, '[role="alertdialog"]')!;
    expect(question.textContent).to.contain('Start a new conversation?');
    await waitUntil(() => focused(el)?.textContent?.trim() === 'Cancel', 'focus on the safe choice');
    await expect(el).to.be.accessible();
    focused(el)!.click();
    await el.updateComplete;
    expect(one(el, '[role="alertdialog"]')).to.equal(null);
    expect(all(el, '[part~="bubble"]')).to.have.length(3, 'nothing was cleared');
    expect(focused(el)).to.equal(one(el, '[part~="menu-button"]'));

    await openMenu(el);
    all(el, '[role="menuitem"]')[0]!.click();
    await waitUntil(() => one(el, '[role="alertdialog"] .primary'));
    one(el, '[role="alertdialog"] .primary')!.click();
    await waitUntil(() =>
      all(el, '[part~="bubble"]')
        .map((b) => b.textContent?.trim())
        .includes('Welcome again!'),
    );
    expect(all(el, '[part~="bubble"]')).to.have.length(1, 'a new conversation, greeted again');
    expect(focused(el)).to.equal(one(el, '[part~="input"]'));
  });

  it('the transcript is plain text: who said what and when, without hidden messages', () => {
    const at = Date.UTC(2025, 0, 5, 9, 30);
    const text = transcript(
      [
        { role: 'user', id: 'u0', text: 'start', body: 'start', status: 'sent', hidden: true, at },
        { role: 'user', id: 'u1', text: 'Hi there', body: 'Hi there', status: 'sent', at },
        {
          role: 'bot',
          id: 'b1',
          message: parseMessage({
            text: 'Pick *one*{"meta":1}',
            type: 'BUTTON',
            data: { items: [{ actionable_text: 'Yes', type: 'TEXT_ONLY', payload: {} }] },
          }),
          agent: { name: 'Ava' },
          source: { body: null },
          at,
        },
        { role: 'bot', id: 'b2', message: parseMessage({ type: 'SILENT' }), source: { body: null } },
      ],
      { you: 'You' } as never,
      'Support',
    );
    const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'short' }).format(at);
    expect(text).to.equal(`Support\n\n[${when}] You: Hi there\n[${when}] Ava: Pick one\n  [Yes]\n`);
  });
});

describe('rating the conversation', () => {
  it('sends exactly Haptik’s feedback body to the proxy’s feedback path, then thanks and closes', async () => {
    const network = new FakeNetwork();
    const el = await chat(network);
    const form = await openRating(el);
    expect(form.getAttribute('role')).to.equal('dialog');
    expect(form.querySelector('h3')?.textContent).to.equal('Rate this conversation');
    await waitUntil(() => focused(el)?.getAttribute('name') === 'resolved', 'focus on the first question');
    await expect(el).to.be.accessible();

    const submit = form.querySelector<HTMLButtonElement>('button[type="submit"]')!;
    submit.click();
    await el.updateComplete;
    expect(network.requests).to.have.length(0, 'both questions must be answered');

    form.querySelector<HTMLInputElement>('input[name="resolved"][value="no"]')!.click();
    form.querySelector<HTMLInputElement>('input[name="rating"][value="3"]')!.click();
    form.querySelector('textarea')!.value = '  Slow answers  ';
    network.answer(json(201, { success: true }));
    submit.click();
    await waitUntil(() => !one(el, '[part~="rating"]'), 'the form closes');
    const [request] = network.requests;
    expect(request!.url).to.equal(`${ENDPOINT}/feedback`);
    expect(request!.headers.get('x-haptik-chat')).to.equal('1');
    expect(request!.body).to.deep.equal({
      auth_id: 'user-7',
      business_id: 343,
      query_resolved: false,
      query_rating: 3,
      feedback: 'Slow answers',
    });
    expect(one(el, '[role="status"]')?.textContent).to.equal('Thank you: your rating was sent.');
    expect(focused(el)).to.equal(one(el, '[part~="input"]'));
  });

  for (const [status, code, says] of [
    [
      409,
      'duplicate_feedback',
      'You rated this conversation a moment ago. You can rate it again in an hour.',
    ],
    [409, 'no_active_conversation', 'There is no conversation to rate yet: send a message first.'],
    [409, 'unknown_user', 'There is no conversation to rate yet: send a message first.'],
    [404, 'not_found', 'Rating is not available in this chat.'],
    [502, 'upstream_error', 'Your rating could not be sent. Please try again.'],
  ] as const) {
    it(`${code} is said plainly in the form, which keeps what was chosen`, async () => {
      const network = new FakeNetwork().answer(json(status, { error: { code, message: 'x' } }));
      const el = await chat(network);
      const form = await openRating(el);
      form.querySelector<HTMLInputElement>('input[name="resolved"][value="yes"]')!.click();
      form.querySelector<HTMLInputElement>('input[name="rating"][value="5"]')!.click();
      form.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
      await waitUntil(() => form.querySelector('[role="alert"]')?.textContent === says);
      expect(form.querySelector<HTMLInputElement>('input[name="rating"][value="5"]')!.checked).to.equal(true);
      await expect(el).to.be.accessible();
    });
  }

  it('a conversation marked complete offers the form without taking focus; Escape puts it away', async () => {
    const network = new FakeNetwork().answer(
      reply(textBody('Glad I could help.'), {
        text: 'Chat completed',
        type: 'SYSTEM',
        data: { event_name: 'chat_complete' },
      }),
    );
    const el = await chat(network);
    one(el, '[part~="input"]')!.focus();
    await el.send('thanks');
    await waitUntil(() => one(el, '[part~="rating"]'), 'offered');
    expect(focused(el)).to.equal(one(el, '[part~="input"]'), 'focus stays where the user is');
    expect(one(el, '[role="status"]')?.textContent).to.equal('Rate this conversation');
    one(el, '[part~="rating"] input')!.focus();
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(one(el, '[part~="rating"]')).to.equal(null);
  });

  it('without feedback a completed conversation offers nothing; strings rename the form', async () => {
    const complete = { text: '', type: 'SYSTEM', data: { event_name: 'webhook_conversation_complete' } };
    const network = new FakeNetwork().answer(reply(complete)).answer(reply(complete));
    const plain = await chat(network, { feedback: false });
    await plain.send('bye');
    await waitUntil(() => network.requests.length === 1 && !one(plain, '[part~="typing"]'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(one(plain, '[part~="rating"]')).to.equal(null);

    const german = await chat(network);
    german.strings = { rateConversation: 'Gespräch bewerten', submitRating: 'Senden' };
    await german.send('tschüss');
    await waitUntil(() => one(german, '[part~="rating"]'));
    expect(one(german, '[part~="rating"] h3')?.textContent).to.equal('Gespräch bewerten');
    expect(one(german, '[part~="rating"] button[type="submit"]')?.textContent?.trim()).to.equal('Senden');
  });
});
