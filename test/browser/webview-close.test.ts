/**
 * Haptik web views close themselves: `window.parent.postMessage('http://haptik-webview//perform-action?
 * action=close&message=…', '*')`, honoured from the open web view's own window only; and the height a
 * web view button gives.
 */
import { expect, waitUntil } from '@open-wc/testing';
import '../../src/index.js';
import type { HaptikChat } from '../../src/haptik-chat.js';
import { closeRequest } from '../../src/render/webview.js';
import { reply, textBody } from '../fixtures/replies.js';
import { inlineChat } from './chat-fixture.js';
import { FakeNetwork } from './fake-network.js';

const CLOSE = 'http://haptik-webview//perform-action?action=close';
const one = (el: HaptikChat, selector: string) => el.shadowRoot!.querySelector<HTMLElement>(selector);
const bodies = (network: FakeNetwork) =>
  network.requests.map((r) => (r.body as { message_body: string }).message_body);

const webViewButton = (payload: Record<string, unknown>) => ({
  text: 'Fill in the form',
  type: 'BUTTON',
  data: {
    items: [
      {
        actionable_text: 'Open form',
        uri: 'SELF_SERVE_WEB',
        is_default: 1,
        type: 'APP_ACTION',
        payload: { url: 'https://forms.example.com/address', link: '', gogo_message: '', ...payload },
        emoji: '',
      },
    ],
  },
});

async function openWebView(payload: Record<string, unknown> = {}) {
  const network = new FakeNetwork().answer(reply(webViewButton(payload)));
  const el = await inlineChat(network);
  await el.send('form please');
  await waitUntil(() => one(el, '[part~="button"]'), 'the button arrives');
  one(el, '[part~="button"]')!.click();
  await waitUntil(() => one(el, '[part~="webview"] iframe'), 'the web view opens');
  const frame = one(el, '[part~="webview"] iframe') as HTMLIFrameElement;
  return { el, network, frame };
}

/** What the framed page's `window.parent.postMessage(data, '*')` delivers to the page. */
const postFrom = (source: Window | null, data: unknown) =>
  window.dispatchEvent(new MessageEvent('message', { data, source, origin: 'null' }));

describe('web views that close themselves', () => {
  it('reads the documented close request, and nothing else', () => {
    expect(closeRequest(`${CLOSE}&message=Thanks%20for%20the%20details`)).to.deep.equal({
      message: 'Thanks for the details',
    });
    expect(closeRequest(`${CLOSE}&message=HelloWorld!!&message_type=16`)).to.deep.equal({
      message: 'HelloWorld!!',
    });
    expect(closeRequest(CLOSE)).to.deep.equal({ message: '' });
    expect(closeRequest('http://haptik-webview//perform-action?action=open')).to.equal(undefined);
    expect(closeRequest('https://evil.example/perform-action?action=close')).to.equal(undefined);
    expect(closeRequest({ action: 'close' })).to.equal(undefined);
    expect(closeRequest('not a url')).to.equal(undefined);
  });

  it('the open web view closes itself and its message is sent as the user', async () => {
    const { el, network, frame } = await openWebView();
    network.answer(reply(textBody('Address saved.')));
    postFrom(frame.contentWindow, `${CLOSE}&message=New%20address%3A%2012%20Park%20Lane`);
    await el.updateComplete;
    expect(one(el, '[part~="webview"]')).to.equal(null);
    await waitUntil(() => network.requests.length === 2);
    expect(bodies(network)).to.deep.equal(['form please', 'New address: 12 Park Lane']);
    await waitUntil(() => el.shadowRoot!.textContent?.includes('Address saved.'));
    const users = [...el.shadowRoot!.querySelectorAll('[part~="user"] [part~="bubble"]')];
    expect(users.map((bubble) => bubble.textContent)).to.deep.equal([
      'form please',
      'New address: 12 Park Lane',
    ]);
    expect(el.shadowRoot!.activeElement).to.equal(one(el, '[part~="input"]'));
  });

  it('without a message it just closes, and focus goes back to the button that opened it', async () => {
    const { el, network, frame } = await openWebView();
    postFrom(frame.contentWindow, CLOSE);
    await el.updateComplete;
    expect(one(el, '[part~="webview"]')).to.equal(null);
    expect(network.requests).to.have.length(1, 'nothing sent');
    expect(el.shadowRoot!.activeElement).to.equal(one(el, '[part~="button"]'));
  });

  it('the request is ignored from any other window: the page, another frame, a closed web view', async () => {
    const { el, network, frame } = await openWebView();
    const other = document.createElement('iframe');
    document.body.append(other);
    postFrom(window, `${CLOSE}&message=from the page`);
    postFrom(other.contentWindow, `${CLOSE}&message=from another frame`);
    postFrom(null, `${CLOSE}&message=from nowhere`);
    await el.updateComplete;
    expect(one(el, '[part~="webview"]')).to.not.equal(null, 'still open');
    other.remove();

    const window_ = frame.contentWindow;
    one(el, '.webview-close')!.click();
    await el.updateComplete;
    postFrom(window_, `${CLOSE}&message=too late`);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(network.requests).to.have.length(1, 'nothing sent');
  });

  it('a height from the button covers that share of the panel; without one, the usual sheet', async () => {
    const { el } = await openWebView({ height: '0.5' });
    const panel = one(el, '[part~="panel"]')!.getBoundingClientRect();
    const view = one(el, '[part~="webview"]')!.getBoundingClientRect();
    expect(view.height).to.be.closeTo(panel.height / 2, 2);
    expect(view.bottom).to.be.closeTo(panel.bottom, 2);
    await expect(el).to.be.accessible();

    const full = await openWebView({ height: 1 });
    const fullPanel = one(full.el, '[part~="panel"]')!.getBoundingClientRect();
    expect(one(full.el, '[part~="webview"]')!.getBoundingClientRect().height).to.be.closeTo(
      fullPanel.height,
      2,
    );

    const usual = await openWebView({ height: 7 });
    expect(one(usual.el, '[part~="webview"]')!.hasAttribute('data-height')).to.equal(false);
  });
});
