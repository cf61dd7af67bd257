/**
 * Proactive prompts: an invitation beside the closed launcher that shows when the page is idle, on the
 * pages it is for, as often as asked; that never takes focus, is announced once, and opens the chat.
 */
import { expect, fixture, html, nextFrame, waitUntil } from '@open-wc/testing';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import '../../src/index.js';
import type { HaptikChat } from '../../src/haptik-chat.js';
import type { ChatPrompt } from '../../src/prompt.js';
import { reply, textBody } from '../fixtures/replies.js';
import { FakeNetwork } from './fake-network.js';

const forget = () => {
  for (const storage of [localStorage, sessionStorage]) {
    for (const key of Object.keys(storage))
      if (key.startsWith('haptik-chat:prompt:')) storage.removeItem(key);
  }
};
beforeEach(forget);
after(forget);

async function launcher(prompts: ChatPrompt[], network = new FakeNetwork()) {
  const el = await fixture<HaptikChat>(
    html`<haptik-chat
      business-id="343"
      persist="none"
      .fetch=${network.fetch}
      .prompts=${prompts}
    ></haptik-chat>`,
  );
  return { el, network, root: el.shadowRoot! };
}

const promptOf = (el: HaptikChat) => el.shadowRoot!.querySelector<HTMLElement>('[part~="prompt"]');
async function shown(el: HaptikChat): Promise<HTMLElement> {
  await waitUntil(() => promptOf(el), 'the prompt shows', { timeout: 5000 });
  return promptOf(el)!;
}
/** Long enough for a prompt that was going to show at idle to have shown. */
async function idleFor(el: HaptikChat): Promise<void> {
  await new Promise((resolve) => requestIdleCallback(resolve));
  await new Promise((resolve) => setTimeout(resolve, 100));
  await el.updateComplete;
  await nextFrame();
}

describe('proactive prompts', () => {
  it('shows beside the closed launcher without taking focus, announced once, and accessible', async () => {
    const focused = document.activeElement;
    const { el, root } = await launcher([
      { text: 'Need help choosing a plan?', quickReplies: ['Yes', 'Prices'] },
    ]);
    const prompt = await shown(el);
    expect(prompt.querySelector('.prompt-text')?.textContent).to.equal('Need help choosing a plan?');
    expect([...prompt.querySelectorAll('.prompt-reply')].map((b) => b.textContent?.trim())).to.deep.equal([
      'Yes',
      'Prices',
    ]);
    expect(document.activeElement).to.equal(focused);
    expect(root.activeElement).to.equal(null);
    expect(root.querySelector('.prompt-status')?.textContent).to.equal('Need help choosing a plan?');
    const launcherBox = root.querySelector('[part~="launcher"]')!.getBoundingClientRect();
    const promptBox = prompt.getBoundingClientRect();
    expect(promptBox.bottom).to.be.at.most(launcherBox.top);
    expect(Math.round(promptBox.right)).to.equal(Math.round(launcherBox.right));
    await expect(el).to.be.accessible();
  });

  for (const delay of ['none', 0, 400] as const) {
    it(`its status line is on screen empty for a frame before the text comes (delay: ${delay}), so it is announced`, async () => {
      let frames = 0;
      let counting = true;
      const tick = () => {
        frames += 1;
        if (counting) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
      let insertedAt = -1;
      let filledAt = -1;
      const el = document.createElement('haptik-chat') as HaptikChat;
      const observer = new MutationObserver(() => {
        const status = el.shadowRoot!.querySelector('.prompt-status');
        if (status && insertedAt < 0) insertedAt = frames;
        if (status?.textContent && filledAt < 0) filledAt = frames;
      });
      el.setAttribute('business-id', '343');
      el.setAttribute('persist', 'none');
      el.prompts = [
        { text: 'Hello there', ...(delay === 'none' ? {} : { delayMs: performance.now() + delay }) },
      ];
      document.body.append(el);
      observer.observe(el.shadowRoot!, { childList: true, subtree: true, characterData: true });
      await shown(el);
      observer.disconnect();
      counting = false;
      expect(insertedAt).to.be.at.least(0);
      expect(filledAt).to.be.above(insertedAt, 'a frame drew the empty status line first');
      expect(el.shadowRoot!.querySelector('.prompt-status')!.textContent).to.equal('Hello there');
      el.remove();
    });
  }

  it('removed before it shows, a prompt never shows and is not counted as shown', async () => {
    const el = document.createElement('haptik-chat') as HaptikChat;
    el.setAttribute('business-id', '343');
    el.setAttribute('persist', 'none');
    el.prompts = [{ text: 'Not now', delayMs: performance.now() + 300, once: 'session' }];
    document.body.append(el);
    await waitUntil(() => el.shadowRoot!.querySelector('.prompt-status'), 'the prompt is scheduled', {
      timeout: 5000,
    });
    el.remove();
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(Object.keys(sessionStorage).filter((key) => key.startsWith('haptik-chat:prompt:'))).to.deep.equal(
      [],
    );
    expect(promptOf(el)).to.equal(null);
  });

  it('the first prompt whose path matches the page is the one shown; none when none matches', async () => {
    const here = location.pathname;
    const { el } = await launcher([
      { text: 'Pricing page', path: '/pricing' },
      { text: 'Prefix', path: `${here.slice(0, 3)}*` },
      { text: 'Everywhere' },
    ]);
    expect((await shown(el)).querySelector('.prompt-text')?.textContent).to.equal('Prefix');

    const regexp = await launcher([{ text: 'By pattern', path: /\.html$|\/$/ }, { text: 'Later' }]);
    expect((await shown(regexp.el)).querySelector('.prompt-text')?.textContent).to.equal(
      /\.html$|\/$/.test(here) ? 'By pattern' : 'Later',
    );

    const none = await launcher([{ text: 'Elsewhere', path: '/somewhere-else' }]);
    await idleFor(none.el);
    expect(promptOf(none.el)).to.equal(null);
  });

  it('waits for its delay, counted from the page load', async () => {
    const { el } = await launcher([{ text: 'Later', delayMs: performance.now() + 60_000 }]);
    await idleFor(el);
    expect(promptOf(el)).to.equal(null);
  });

  it('the close button and Escape dismiss it; it does not come back on this page', async () => {
    const { el, root } = await launcher([{ text: 'Hello there' }]);
    (await shown(el)).querySelector<HTMLButtonElement>('.prompt-close')!.click();
    await el.updateComplete;
    expect(promptOf(el)).to.equal(null);
    expect(root.querySelector('.prompt-status')?.textContent).to.equal('');

    const other = await launcher([{ text: 'Hello again' }]);
    await shown(other.el);
    await sendKeys({ press: 'Escape' });
    await other.el.updateComplete;
    expect(promptOf(other.el)).to.equal(null);
    expect(other.el.open).to.equal(false);
  });

  it('moved on the page while it shows, Escape still dismisses it', async () => {
    const { el } = await launcher([{ text: 'Moving' }]);
    await shown(el);
    const box = document.createElement('div');
    document.body.append(box);
    box.append(el); // a framework re-parenting the element: disconnected and connected again
    await el.updateComplete;
    expect(promptOf(el), 'still shown').to.not.equal(null);
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(promptOf(el)).to.equal(null);
    box.remove();
  });

  it('shows once per session or per visitor when asked, remembered in that storage', async () => {
    const session = await launcher([{ text: 'Once a session', once: 'session' }]);
    await shown(session.el);
    expect(sessionStorage.getItem('haptik-chat:prompt:Once a session')).not.to.equal(null);
    const sessionAgain = await launcher([{ text: 'Once a session', once: 'session' }]);
    await idleFor(sessionAgain.el);
    expect(promptOf(sessionAgain.el)).to.equal(null);

    const visitor = await launcher([{ text: 'Once a visitor', once: 'visitor' }]);
    await shown(visitor.el);
    expect(localStorage.getItem('haptik-chat:prompt:Once a visitor')).not.to.equal(null);
    const visitorAgain = await launcher([{ text: 'Once a visitor', once: 'visitor' }]);
    await idleFor(visitorAgain.el);
    expect(promptOf(visitorAgain.el)).to.equal(null);
    // A prompt already shown as often as asked is passed over for the next that matches.
    const next = await launcher([{ text: 'Once a visitor', once: 'visitor' }, { text: 'Next' }]);
    expect((await shown(next.el)).querySelector('.prompt-text')?.textContent).to.equal('Next');

    const always = await launcher([{ text: 'Every page view' }]);
    await shown(always.el);
    const alwaysAgain = await launcher([{ text: 'Every page view' }]);
    await shown(alwaysAgain.el);
  });

  it('tapping it opens the chat; a quick reply opens it and sends that reply (at most four offered)', async () => {
    const { el, root } = await launcher([
      { text: 'Track an order?', quickReplies: ['1', '2', '3', '4', '5'] },
    ]);
    (await shown(el)).querySelector<HTMLButtonElement>('.prompt-text')!.click();
    await waitUntil(() => el.open && root.querySelector('[part~="panel"]'), 'the chat opens');
    expect(promptOf(el)).to.equal(null);

    const network = new FakeNetwork().answer(reply(textBody('Your order is on its way')));
    const second = await launcher(
      [{ text: 'Track an order?', quickReplies: ['1', '2', '3', '4', '5'] }],
      network,
    );
    const prompt = await shown(second.el);
    const replies = [...prompt.querySelectorAll<HTMLButtonElement>('.prompt-reply')];
    expect(replies.map((button) => button.textContent?.trim())).to.deep.equal(['1', '2', '3', '4']);
    replies[1]!.click();
    await waitUntil(() => network.requests.length === 1, 'the reply is sent');
    expect((network.requests[0]!.body as { message_body: string }).message_body).to.equal('2');
    expect(second.el.open).to.equal(true);
  });

  it('respects reduced motion: it appears without animating', async () => {
    // The browser tests run with reduced motion (web-test-runner.config.mjs): motion is switched on here.
    await emulateMedia({ reducedMotion: 'no-preference' });
    try {
      const { el } = await launcher([{ text: 'Animated' }]);
      expect(getComputedStyle(await shown(el)).animationName).to.equal('prompt-in');
    } finally {
      await emulateMedia({ reducedMotion: 'reduce' });
    }
    const still = await launcher([{ text: 'Still' }]);
    expect(getComputedStyle(await shown(still.el)).animationName).to.equal('none');
  });

  it('does not show while the chat is open, nor in inline mode', async () => {
    const { el } = await launcher([{ text: 'Hi' }]);
    el.open = true;
    await idleFor(el);
    expect(promptOf(el)).to.equal(null);
    const inline = await fixture<HaptikChat>(
      html`<haptik-chat mode="inline" persist="none" .prompts=${[{ text: 'Hi' }]}></haptik-chat>`,
    );
    await idleFor(inline);
    expect(promptOf(inline)).to.equal(null);
  });

  it('goes when the chat is opened some other way while it shows (the launcher, the page calling show())', async () => {
    const { el } = await launcher([{ text: 'Hi' }]);
    await shown(el);
    el.show();
    await el.updateComplete;
    expect(promptOf(el)).to.equal(null);
    el.hide();
    await idleFor(el);
    expect(promptOf(el), 'and it does not come back on this page').to.equal(null);
  });
});
