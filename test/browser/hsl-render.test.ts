import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import '../../src/index.js';
import type { HaptikChat } from '../../src/haptik-chat.js';
import type { HaptikNativeActionEvent } from '../../src/events.js';
import { sanitizeHtml } from '../../src/sanitize.js';
import {
  actionable,
  buttonsBody,
  carouselBody,
  defaultReplyBody,
  everyBody,
  formBody,
  imageBody,
  markupBody,
  nativeActionBody,
  receiptBody,
  silentBody,
  systemBody,
  tabListBody,
  unknownBody,
} from '../fixtures/hsl.js';
import { reply, textBody } from '../fixtures/replies.js';
import { inlineChat } from './chat-fixture.js';
import { FakeNetwork } from './fake-network.js';

/** Same-origin pictures, served by the test server, so nothing goes to the internet. */
const localImage = (name: string) => new URL(`/test/fixtures/images/card.svg?${name}`, location.href).href;

const root = (el: HaptikChat) => el.shadowRoot!;
const part = (el: HaptikChat, name: string) => root(el).querySelector<HTMLElement>(`[part~="${name}"]`);
const parts = (el: HaptikChat, name: string) => [
  ...root(el).querySelectorAll<HTMLElement>(`[part~="${name}"]`),
];
const bodies = (network: FakeNetwork) =>
  network.requests.map((request) => (request.body as { message_body: string }).message_body);
const userTexts = (el: HaptikChat) =>
  [...root(el).querySelectorAll('[part~="user"] [part~="bubble"]')].map((node) => node.textContent?.trim());
const buttonNamed = (el: HaptikChat, label: string) =>
  parts(el, 'button').find((node) => node.textContent?.includes(label));

/** A chat that has received `bodies` in answer to "hi". */
async function chatShowing(...replyBodies: unknown[]): Promise<{ el: HaptikChat; network: FakeNetwork }> {
  const network = new FakeNetwork().answer(reply(...replyBodies));
  const el = await inlineChat(network, { width: 420, height: 640 }, { sameOriginImages: true });
  await el.send('hi');
  await waitUntil(() => !part(el, 'typing') && network.requests.length === 1, 'the reply arrives');
  // Carousels load their code with the first one to show.
  await waitUntil(
    () => !root(el).querySelector('.message[data-kind="carousel"]:not(:has([part~="carousel"]))'),
    'the carousels are drawn',
  );
  await el.updateComplete;
  return { el, network };
}

/** Whether two pieces of HTML make the same nodes (attribute order aside). */
function sameMarkup(a: string, b: string): boolean {
  const [left, right] = [a, b].map((markup) => {
    const template = document.createElement('template');
    template.innerHTML = markup;
    return template.content;
  });
  return left!.isEqualNode(right!);
}

/**
 * The markup Lit made, without its comment markers and visually hidden hints, and without the tabindex
 * the transcript's roving focus gives links (not made from bot text).
 */
function serialized(node: Element): string {
  const copy = node.cloneNode(true) as Element;
  copy.querySelectorAll('[tabindex]').forEach((control) => control.removeAttribute('tabindex'));
  const walker = document.createTreeWalker(copy, NodeFilter.SHOW_COMMENT);
  const comments: Node[] = [];
  while (walker.nextNode()) comments.push(walker.currentNode);
  comments.forEach((comment) => comment.parentNode?.removeChild(comment));
  copy.querySelectorAll('.vh').forEach((hint) => hint.remove());
  return copy.innerHTML;
}

describe('HSL messages', () => {
  describe('TEXT', () => {
    it('shows *bold*, _italic_, ~strike~, `underline`, line breaks and links; {metadata} is never shown', async () => {
      const { el } = await chatShowing(markupBody());
      const bubble = part(el, 'bot')!.querySelector<HTMLElement>('[part~="bubble"]')!;
      expect(bubble.querySelector('strong')?.textContent).to.equal('#4521');
      expect(bubble.querySelector('em')?.textContent).to.equal('on its way');
      expect(bubble.querySelector('s')?.textContent).to.equal('yesterday');
      expect(bubble.querySelector('u')?.textContent).to.equal('today');
      const link = bubble.querySelector('a')!;
      expect(link.getAttribute('href')).to.equal('https://track.example.com/o/4521');
      expect(link.textContent).to.equal('https://track.example.com/o/4521');
      expect(link.target).to.equal('_blank');
      expect(link.rel).to.equal('noopener noreferrer');
      expect(bubble.textContent).to.equal(
        'Your order #4521 is on its way yesterday today.\n' +
          'Track it at https://track.example.com/o/4521.\n' +
          'Questions? Reply here.',
      );
      expect(bubble.textContent).not.to.contain('intent');
      await expect(el).to.be.accessible();
    });

    it('an is_default quick reply makes the bubble a button that answers like it, also from the keyboard', async () => {
      const { el, network } = await chatShowing(defaultReplyBody());
      network.answer(reply(textBody('Thanks!')));
      const bubble = part(el, 'bot')!.querySelector<HTMLElement>('[part~="bubble"]')!;
      expect(bubble.localName).to.equal('button');
      expect(bubble.textContent).to.contain('Was this helpful?');
      expect(bubble.textContent).to.contain('Yes');
      expect(parts(el, 'quick-reply').map((chip) => chip.textContent?.trim())).to.deep.equal(['Yes', 'No']);
      await expect(el).to.be.accessible();

      bubble.focus();
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => network.requests.length === 2, 'the default reply is sent');
      expect(bodies(network)[1]).to.equal('feedback_yes');
      expect(userTexts(el)).to.deep.equal(['hi', 'Yes']);
      await waitUntil(() => parts(el, 'quick-reply').length === 0, 'the quick replies are gone');
    });

    it('empty text draws no bubble', async () => {
      const { el } = await chatShowing(textBody('  {only: "metadata"}  '), textBody('After'));
      expect(parts(el, 'bubble').map((node) => node.textContent?.trim())).to.deep.equal(['hi', 'After']);
    });
  });

  describe('BUTTON', () => {
    it('each kind of button does what it says, the default is emphasised, and they stay after a tap', async () => {
      const { el, network } = await chatShowing(buttonsBody());
      network.answer(reply(textBody('Tracking…'))).answer(reply(textBody('Scanning…')));
      const buttons = parts(el, 'button');
      expect(buttons.map((node) => node.textContent?.replace(/\s+/g, ' ').trim())).to.deep.equal([
        'Track my order',
        'Return policy (opens in a new tab)',
        'Change address',
        'Call support',
        'Scan a QR code',
      ]);
      await expect(el).to.be.accessible();

      const [send, link, webView, call, unknown] = buttons as [
        HTMLButtonElement,
        HTMLAnchorElement,
        HTMLAnchorElement,
        HTMLAnchorElement,
        HTMLButtonElement,
      ];
      expect(send.classList.contains('default')).to.equal(true);
      expect(getComputedStyle(send).backgroundColor).to.equal(
        getComputedStyle(part(el, 'send')!).backgroundColor,
      );
      expect(getComputedStyle(link).backgroundColor).not.to.equal(getComputedStyle(send).backgroundColor);

      expect(link.localName).to.equal('a');
      expect(link.getAttribute('href')).to.equal('https://shop.example.com/returns');
      expect(link.target).to.equal('_blank');
      expect(link.rel).to.equal('noopener noreferrer');
      expect(webView.getAttribute('href')).to.equal('https://forms.example.com/address?order=4521');
      expect(call.getAttribute('href')).to.equal('tel:+912261719600');
      expect(call.hasAttribute('target')).to.equal(false);

      send.click();
      await waitUntil(() => network.requests.length === 2);
      expect(bodies(network)[1]).to.equal('track_order');
      unknown.click();
      await waitUntil(() => network.requests.length === 3);
      expect(bodies(network)[2]).to.equal('Scan a QR code');
      await waitUntil(() => !part(el, 'typing'));
      expect(userTexts(el)).to.deep.equal(['hi', 'Track my order', 'Scan a QR code']);
      expect(parts(el, 'button')).to.have.length(5);
    });

    it('a link to a forbidden URL is shown disabled, never as a link', async () => {
      const { el } = await chatShowing({
        text: 'Pick one',
        type: 'BUTTON',
        data: { items: [actionable.link('Bad', 'javascript:alert(1)'), actionable.send('Fine')] },
      });
      const bad = buttonNamed(el, 'Bad') as HTMLButtonElement;
      expect(bad.localName).to.equal('button');
      expect(bad.disabled).to.equal(true);
      expect(root(el).querySelector('[href^="javascript"]')).to.equal(null);
      await expect(el).to.be.accessible();
    });
  });

  describe('web view', () => {
    it("SELF_SERVE_WEB opens a sandboxed frame (scripts, never with its own origin) under the site's domain, a back control and a new-tab link", async () => {
      const { el } = await chatShowing(buttonsBody());
      const opener = buttonNamed(el, 'Change address')!;
      opener.click();
      // The web view's code loads the first time one opens.
      await waitUntil(() => part(el, 'webview'), 'the web view opens');
      const view = part(el, 'webview')!;
      const frame = view.querySelector('iframe')!;
      expect(frame.getAttribute('src')).to.equal('https://forms.example.com/address?order=4521');
      expect(frame.getAttribute('sandbox')?.split(' ').sort()).to.deep.equal([
        'allow-forms',
        'allow-popups',
        'allow-popups-to-escape-sandbox',
        'allow-scripts',
      ]);
      expect(frame.title).to.equal('Change address');
      expect(view.getAttribute('role')).to.equal('dialog');
      // Where the page really is, whatever the button said.
      expect(view.querySelector('h3')?.textContent).to.equal('forms.example.com');
      const newTab = view.querySelector<HTMLAnchorElement>('a.webview-external')!;
      expect(newTab.getAttribute('href')).to.equal('https://forms.example.com/address?order=4521');
      expect(newTab.target).to.equal('_blank');
      expect(newTab.rel).to.equal('noopener noreferrer');
      const close = view.querySelector<HTMLButtonElement>('.webview-close')!;
      expect(close.getAttribute('aria-label')).to.equal('Back to the chat');
      expect(close.querySelector('svg')?.classList.contains('icon-previous')).to.equal(
        true,
        'an arrow, not ✕',
      );
      await waitUntil(() => root(el).activeElement === close, 'focus moves to the close control');
      await expect(el).to.be.accessible();

      await sendKeys({ press: 'Escape' });
      await el.updateComplete;
      expect(part(el, 'webview')).to.equal(null);
      expect(root(el).activeElement).to.equal(opener);
    });

    it('the close control closes it', async () => {
      const { el } = await chatShowing(buttonsBody());
      buttonNamed(el, 'Change address')!.click();
      await waitUntil(() => part(el, 'webview'), 'the web view opens');
      root(el).querySelector<HTMLButtonElement>('.webview-close')!.click();
      await el.updateComplete;
      expect(part(el, 'webview')).to.equal(null);
    });

    it('an http: page, which cannot be framed on an https: site, opens in a new tab instead', async () => {
      const { el } = await chatShowing({
        text: '',
        type: 'BUTTON',
        data: { items: [actionable.webView('Old form', 'http://legacy.example.com/form')] },
      });
      const link = buttonNamed(el, 'Old form') as HTMLAnchorElement;
      expect(link.getAttribute('href')).to.equal('http://legacy.example.com/form');
      expect(link.target).to.equal('_blank');
      link.addEventListener('click', (event) => event.preventDefault(), { once: true });
      link.click();
      await el.updateComplete;
      expect(part(el, 'webview')).to.equal(null);
    });
  });

  describe('CAROUSEL', () => {
    it('is a labelled, focusable, horizontally scrolling row of cards with lazy images, alt text and the aspect ratio', async () => {
      const { el } = await chatShowing(carouselBody(localImage));
      const carousel = part(el, 'carousel')!;
      expect(carousel.getAttribute('role')).to.equal('region');
      expect(carousel.getAttribute('aria-label')).to.equal('Cards');
      // Focusable, reached with the arrow keys (the transcript is one tab stop).
      expect(carousel.tabIndex).to.equal(-1);
      expect(getComputedStyle(carousel).overflowX).to.equal('auto');
      const cards = parts(el, 'card');
      expect(cards).to.have.length(3);
      expect(cards[0]!.querySelector('.card-title')?.textContent).to.equal('Pixel 9');
      expect(cards[0]!.querySelector('.card-subtitle')?.textContent).to.equal('₹79,999');
      expect(cards[0]!.querySelector('.card-description strong')?.textContent).to.equal('6.3"');
      expect(cards[0]!.querySelector('.card-meta')?.textContent).to.equal('In stock');
      const images = cards.map((card) => card.querySelector<HTMLImageElement>('[part~="image"]')!);
      expect(images.map((image) => image.alt)).to.deep.equal(['Pixel 9', 'Galaxy S25', 'iPhone 16']);
      expect(images.every((image) => image.loading === 'lazy')).to.equal(true);
      const { width, height } = images[0]!.getBoundingClientRect();
      expect(width / height).to.be.closeTo(1.67, 0.02);
      expect(carousel.scrollWidth).to.be.greaterThan(carousel.clientWidth);
      expect(cards[0]!.querySelector('.action.default')?.textContent?.trim()).to.equal('Buy Pixel 9');
      await expect(el).to.be.accessible();
    });

    it('scrolls with the arrow keys once focused, and with the previous/next buttons', async () => {
      const { el } = await chatShowing(carouselBody(localImage));
      const carousel = part(el, 'carousel')!;
      const previous = root(el).querySelector<HTMLButtonElement>('.scroll.previous')!;
      const next = root(el).querySelector<HTMLButtonElement>('.scroll.next')!;
      expect(previous.getAttribute('aria-label')).to.equal('Previous cards');
      expect(next.getAttribute('aria-label')).to.equal('Next cards');
      await waitUntil(() => next.getAttribute('aria-disabled') === 'false', 'the row can scroll on');
      expect(previous.getAttribute('aria-disabled')).to.equal('true');

      carousel.focus();
      await sendKeys({ press: 'ArrowRight' });
      await waitUntil(() => carousel.scrollLeft > 0, 'the arrow key scrolls');
      carousel.scrollTo({ left: 0, behavior: 'instant' });
      await waitUntil(() => carousel.scrollLeft === 0);

      next.click();
      await waitUntil(() => carousel.scrollLeft > 0, 'next scrolls');
      await waitUntil(() => previous.getAttribute('aria-disabled') === 'false', 'previous can act now');
      const after = carousel.scrollLeft;
      previous.click();
      await waitUntil(() => carousel.scrollLeft < after, 'previous scrolls back');
    });

    it('cards are as wide as data.width says: THIN < MEDIUM < FAT < BIG', async () => {
      const widths: number[] = [];
      for (const width of ['THIN', 'MEDIUM', 'FAT', 'BIG']) {
        const { el } = await chatShowing(carouselBody(localImage, width));
        widths.push(part(el, 'card')!.getBoundingClientRect().width);
      }
      expect([...widths].sort((a, b) => a - b)).to.deep.equal(widths);
      expect(new Set(widths).size).to.equal(4);
    });

    it('a one-card carousel without actions is an inline image', async () => {
      const { el } = await chatShowing(imageBody(localImage));
      expect(part(el, 'carousel')).to.equal(null);
      const image = part(el, 'image') as HTMLImageElement;
      expect(image.localName).to.equal('img');
      expect(image.getAttribute('part')).to.equal('image');
      expect(image.alt).to.equal('Boarding pass, flight 6E 204');
      expect(image.loading).to.equal('lazy');
      await waitUntil(() => image.complete && image.naturalWidth > 0, 'the image loads');
      const { width, height } = image.getBoundingClientRect();
      expect(width / height).to.be.closeTo(1.5, 0.02);
      expect(part(el, 'bot')!.textContent).to.contain('Here is your boarding pass:');
      await expect(el).to.be.accessible();
    });
  });

  describe('SYSTEM, SILENT, NATIVE_ACTION and the rest', () => {
    it('SYSTEM is an event line, not a bubble; SILENT draws nothing', async () => {
      const { el } = await chatShowing(systemBody(), silentBody(), textBody('Hello, I am Priya.'));
      const line = part(el, 'system')!;
      expect(line.textContent?.trim()).to.equal('Priya from support joined the chat');
      expect(line.closest('[part~="message"]')).to.equal(null);
      expect(line.querySelector('[part~="bubble"]')).to.equal(null);
      expect(parts(el, 'bot')).to.have.length(1);
      await expect(el).to.be.accessible();
    });

    it('a SYSTEM event without text is named from its event', async () => {
      const { el } = await chatShowing({
        text: '',
        type: 'SYSTEM',
        data: { event_name: 'agent_transferred' },
      });
      expect(part(el, 'system')?.textContent?.trim()).to.equal('Agent transferred');
    });

    it('without text, a completed conversation says it has ended, and a pinned one who joined', async () => {
      const { el } = await chatShowing(
        { text: '', type: 'SYSTEM', data: { event_name: 'chat_pinned' } },
        { text: '', type: 'SYSTEM', data: { event_name: 'chat_complete' } },
      );
      expect(parts(el, 'system').map((line) => line.textContent?.trim())).to.deep.equal([
        'gogo joined the conversation',
        'This conversation has ended',
      ]);
    });

    it('NATIVE_ACTION is handed to the host page as haptik-native-action, and draws nothing', async () => {
      const network = new FakeNetwork().answer(reply(nativeActionBody()));
      const el = await inlineChat(network, { width: 420, height: 640 }, { sameOriginImages: true });
      const event = oneEvent(el, 'haptik-native-action');
      await el.send('open my order');
      const { action } = (await event) as unknown as HaptikNativeActionEvent;
      expect(action.data).to.deep.equal({ action: 'open_order', order_id: '4521' });
      await el.updateComplete;
      expect(parts(el, 'bot')).to.have.length(0);
    });

    it('FORM, TAB_LIST, RECEIPT and unknown types show their text or a neutral line, never a blank bubble', async () => {
      const { el } = await chatShowing(formBody(), tabListBody(), receiptBody(), unknownBody(), {
        type: 'CAROUSEL',
        data: { items: 'not a list' },
      });
      expect(
        parts(el, 'bubble')
          .slice(1)
          .map((node) => node.textContent?.trim()),
      ).to.deep.equal([
        'Please fill in your delivery details.',
        'This message cannot be shown here.',
        'Receipt for order #4521: ₹79,999',
        'A brand new kind of message',
        'This message cannot be shown here.',
      ]);
      await expect(el).to.be.accessible();
    });
  });

  describe('the agent', () => {
    it("labels the first of a run of a person's messages with their name and https avatar, again when someone else speaks", async () => {
      const asha = { name: 'Asha', profile_image: 'https://example.com/asha.jpg', is_automated: false };
      const network = new FakeNetwork()
        .answer({ agent: asha, message: [{ body: textBody('One') }, { body: textBody('Two') }] })
        .answer(reply(textBody('Three')));
      const el = await inlineChat(network, { width: 420, height: 640 });
      await el.send('hi');
      await waitUntil(() => part(el, 'agent'));
      const labels = parts(el, 'agent');
      expect(labels).to.have.length(1);
      expect(labels[0]!.textContent?.trim()).to.equal('Asha');
      expect(labels[0]!.closest('[part~="bot"]')?.textContent).to.contain('One');
      const avatar = part(el, 'avatar') as HTMLImageElement;
      expect(avatar.getAttribute('src')).to.equal('https://example.com/asha.jpg');
      expect(avatar.alt).to.equal('');
      await expect(el).to.be.accessible();
      // The bot answers the next message: a new speaker, a new label (the bot's name: the heading).
      await el.send('thanks');
      await waitUntil(() => parts(el, 'agent').length === 2);
      expect(parts(el, 'agent')[1]!.querySelector('.sender-name')?.textContent).to.equal('Chat');
    });

    it('replies from Haptik\'s engine, "gogo", show the bot\'s own name and picture (bot-name, bot-avatar)', async () => {
      const network = new FakeNetwork().answer(reply(textBody('Hello')));
      const el = await inlineChat(network, { width: 420, height: 640 });
      el.setAttribute('bot-name', 'Acme Assistant');
      el.setAttribute('bot-avatar', '/test/fixtures/images/card.svg');
      await el.send('hi');
      await waitUntil(() => part(el, 'agent'));
      expect(part(el, 'agent')!.textContent?.trim()).to.equal('Acme Assistant');
      expect(root(el).textContent).not.to.contain('gogo');
      // The page's own picture for its bot may be on the page's origin.
      const own = new URL('/test/fixtures/images/card.svg', location.href).href;
      expect(part(el, 'avatar')?.getAttribute('src')).to.equal(own);
      expect(part(el, 'header')!.querySelector('img')?.getAttribute('src')).to.equal(own);
      expect(part(el, 'header')!.textContent).to.contain('Acme Assistant');
      await expect(el).to.be.accessible();
    });

    it('an avatar that is not https is not shown', async () => {
      const network = new FakeNetwork().answer({
        agent: { name: 'Asha', profile_image: 'http://cdn.example.com/asha.png' },
        message: [{ id: 1, body: textBody('Hi') }],
      });
      const el = await inlineChat(network, { width: 420, height: 640 }, { sameOriginImages: true });
      await el.send('hi');
      await waitUntil(() => part(el, 'agent'));
      expect(root(el).querySelector('img[part~="avatar"]')).to.equal(null);
      expect(part(el, 'avatar')?.textContent).to.equal('A');
    });
  });

  it('right to left: the next button scrolls towards the end of the row, and the arrows point that way', async () => {
    const { el } = await chatShowing(carouselBody(localImage));
    el.dir = 'rtl';
    await el.updateComplete;
    const carousel = part(el, 'carousel')!;
    const next = root(el).querySelector<HTMLButtonElement>('.scroll.next')!;
    expect(getComputedStyle(next.querySelector('svg')!).transform).to.equal('matrix(-1, 0, 0, 1, 0, 0)');
    expect(next.getBoundingClientRect().left).to.be.lessThan(carousel.getBoundingClientRect().left + 60);
    await waitUntil(() => next.getAttribute('aria-disabled') === 'false');
    next.click();
    await waitUntil(() => carousel.scrollLeft < 0, 'scrolls towards the inline end (left)');
  });

  it('in the dark colour scheme every type still has enough contrast', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    try {
      const { el } = await chatShowing(...everyBody(localImage));
      expect(getComputedStyle(part(el, 'panel')!).backgroundColor).to.equal('rgb(31, 31, 31)');
      await expect(el).to.be.accessible();
    } finally {
      await emulateMedia({ colorScheme: 'light' });
    }
  });

  it('every type at once: accessible, and the markup made from bot text is exactly what the DOMPurify policy allows', async () => {
    const { el } = await chatShowing(...everyBody(localImage));
    const bubbles = parts(el, 'bubble').filter((node) => node.closest('[part~="bot"]'));
    expect(bubbles.length).to.be.greaterThan(8);
    for (const bubble of bubbles) {
      expect(bubble.textContent?.trim(), 'no blank bubble').not.to.equal('');
      const made = serialized(bubble);
      expect(sameMarkup(sanitizeHtml(made), made), made).to.equal(true);
    }
    for (const text of root(el).querySelectorAll('.card-body p, .caption, [part~="system"] > span')) {
      const made = serialized(text);
      expect(sameMarkup(sanitizeHtml(made), made), made).to.equal(true);
    }
    await expect(el).to.be.accessible();
  });
});
