import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/index.js';
import type { HaptikChat } from '../../src/haptik-chat.js';
import { buttonsBody } from '../fixtures/hsl.js';
import { reply } from '../fixtures/replies.js';
import { FakeNetwork } from './fake-network.js';

// This page refuses every frame, as a host site's CSP may (its own page: the policy cannot be undone).
before(() => {
  const policy = document.createElement('meta');
  policy.httpEquiv = 'Content-Security-Policy';
  policy.content = "frame-src 'none'";
  document.head.append(policy);
});

describe('web view where framing is refused', () => {
  it('shows that the page cannot be shown here, and offers it in a new tab', async () => {
    const network = new FakeNetwork().answer(reply(buttonsBody()));
    const el = await fixture<HaptikChat>(
      html`<haptik-chat
        mode="inline"
        business-id="343"
        persist="none"
        .fetch=${network.fetch}
      ></haptik-chat>`,
    );
    await el.send('hi');
    const root = el.shadowRoot!;
    await waitUntil(() => root.querySelector('[part~="button"]'), 'the buttons arrive');
    [...root.querySelectorAll<HTMLElement>('[part~="button"]')]
      .find((button) => button.textContent?.includes('Change address'))!
      .click();
    await waitUntil(() => root.querySelector('[part~="webview"]'), 'the web view opens');
    const view = root.querySelector<HTMLElement>('[part~="webview"]')!;
    await waitUntil(() => view.hasAttribute('data-blocked'), 'the refusal is noticed');
    expect(getComputedStyle(view.querySelector('iframe')!).display).to.equal('none');
    const notice = view.querySelector<HTMLElement>('.webview-blocked')!;
    expect(getComputedStyle(notice).display).not.to.equal('none');
    expect(notice.textContent).to.equal('This page cannot be shown here.');
    const newTab = view.querySelector<HTMLAnchorElement>('a.webview-external')!;
    expect(newTab.href).to.equal('https://forms.example.com/address?order=4521');
    expect(newTab.target).to.equal('_blank');
    await expect(el).to.be.accessible();
  });
});
