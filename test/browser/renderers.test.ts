/**
 * Custom renderers: the page draws a kind of message its own way — with a template (its own code), with
 * an HTML string (sanitized, URLs checked), or not at all (`null`: the widget's own rendering).
 */
import { expect, html, waitUntil } from '@open-wc/testing';
import '../../src/index.js';
import type { HaptikChat } from '../../src/haptik-chat.js';
import type { HslRenderers, RendererHelpers, RendererMessage } from '../../src/renderers.js';
import { formBody, markupBody } from '../fixtures/hsl.js';
import { reply, textBody } from '../fixtures/replies.js';
import { inlineChat } from './chat-fixture.js';
import { FakeNetwork } from './fake-network.js';

interface Field {
  name: string;
  type: string;
}

const fieldsOf = (message: RendererMessage): Field[] =>
  Array.isArray(message.data['fields']) ? (message.data['fields'] as Field[]) : [];

async function chatWith(renderers: HslRenderers, ...bodies: unknown[]) {
  const network = new FakeNetwork().answer(reply(...bodies));
  const el = await inlineChat(network);
  el.renderers = renderers;
  await el.send('hi');
  // The renderers' module loads once they are set: each message is drawn when it can be.
  await waitUntil(
    () => el.shadowRoot!.querySelectorAll('[part~="bot"]').length === bodies.length,
    'the reply is drawn',
  );
  return { el, network, root: el.shadowRoot! };
}

const sentBodies = (network: FakeNetwork) =>
  network.requests.map((request) => (request.body as { message_body: string }).message_body);

const userBubbles = (el: HaptikChat) =>
  [...el.shadowRoot!.querySelectorAll('[part~="user"] [part~="bubble"]')].map((b) => b.textContent);

describe('custom renderers', () => {
  it("a template renderer draws a FORM the site's way, and its helpers send as the user", async () => {
    let seen: RendererMessage | undefined;
    let helpers: RendererHelpers | undefined;
    const { el, network, root } = await chatWith(
      {
        FORM: (message, help) => {
          seen = message;
          helpers = help;
          const submit = (event: SubmitEvent) => {
            event.preventDefault();
            const data = new FormData(event.target as HTMLFormElement);
            help.send(`Pincode ${String(data.get('pincode'))}`, JSON.stringify(Object.fromEntries(data)));
          };
          return html`<form class="site-form" @submit=${submit}>
            <p>${message.text}</p>
            ${fieldsOf(message).map(
              (field) => html`<label>${field.name} <input name=${field.name} type=${field.type} /></label>`,
            )}
            <button>${help.strings.send}</button>
          </form>`;
        },
      },
      formBody(),
    );
    expect(seen?.type).to.equal('FORM');
    expect(seen?.parsed.kind).to.equal('fallback');
    expect(fieldsOf(seen!)).to.deep.equal([{ name: 'pincode', type: 'number' }]);
    const form = root.querySelector<HTMLFormElement>('[part~="bot"] form.site-form')!;
    expect(form.closest('[part~="message"]')?.getAttribute('data-type')).to.equal('FORM');
    expect(form.querySelector('p')?.textContent).to.equal('Please fill in your delivery details.');
    expect(form.querySelector('button')?.textContent).to.equal('Send');
    await expect(el).to.be.accessible();

    network.answer(reply(textBody('Thanks')));
    form.querySelector('input')!.value = '400001';
    form.requestSubmit();
    await waitUntil(() => network.requests.length === 2, 'the form is sent');
    expect(sentBodies(network)[1]).to.equal('{"pincode":"400001"}');
    await el.updateComplete;
    expect(userBubbles(el).at(-1)).to.equal('Pincode 400001');

    expect(helpers!.safeUrl('javascript:alert(1)', 'link')).to.equal(undefined);
    expect(helpers!.safeUrl('https://shop.example/a', 'link')).to.equal('https://shop.example/a');
    expect(helpers!.safeUrl(new URL('/x.png', location.href).href, 'image')).to.equal(undefined);
    expect(helpers!.openLink('javascript:alert(1)')).to.equal(false);
  });

  it('null (or a renderer that throws) leaves the message to the built-in rendering', async () => {
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void errors.push(args);
    try {
      const { root } = await chatWith(
        {
          TEXT: () => null,
          FORM: () => {
            throw new Error('broken renderer');
          },
        },
        markupBody(),
        formBody(),
      );
      const bot = [...root.querySelectorAll('[part~="bot"]')];
      expect(bot.map((node) => node.getAttribute('data-kind'))).to.deep.equal(['text', 'fallback']);
      expect(bot[1]!.textContent).to.contain('Please fill in your delivery details.');
      expect(errors.length).to.equal(1);
    } finally {
      console.error = original;
    }
  });

  it('an HTML string is sanitized: the markup stays, scripts, handlers and bad URLs go; a form sends its fields', async () => {
    const { el, network, root } = await chatWith(
      {
        FORM: (message) =>
          `<form><p><strong>${message.text}</strong></p>` +
          `<label>Pincode <input name="pincode" required></label>` +
          `<img src="x" onerror="alert(1)" alt="x"><a href="javascript:alert(1)">bad</a>` +
          `<a href="https://shop.example/help">help</a><script>alert(1)</script>` +
          `<button type="submit">Go</button></form><button data-send="Talk to a person">Agent</button>`,
      },
      formBody(),
    );
    await waitUntil(() => root.querySelector('[data-type="FORM"] form'), 'the sanitizer loads');
    const custom = root.querySelector('[data-type="FORM"]')!;
    expect(custom.querySelector('strong')?.textContent).to.equal('Please fill in your delivery details.');
    expect(custom.querySelector('script')).to.equal(null);
    expect(custom.querySelector('[onerror]')).to.equal(null);
    expect(custom.querySelector('img')?.hasAttribute('src')).to.equal(false, 'a relative image is refused');
    const links = [...custom.querySelectorAll('a')];
    expect(links.map((a) => a.getAttribute('href'))).to.deep.equal([null, 'https://shop.example/help']);
    expect(links[1]!.rel).to.equal('noopener noreferrer');
    expect(links[1]!.target).to.equal('_blank');
    await expect(el).to.be.accessible({ ignoredRules: ['image-alt'] });

    network.answer(reply(textBody('Got it'))).answer(reply(textBody('Connecting you')));
    custom.querySelector('input')!.value = '400001';
    custom.querySelector<HTMLButtonElement>('form button')!.click();
    await waitUntil(() => network.requests.length === 2, 'the form is sent to the chat');
    expect(sentBodies(network)[1]).to.equal('pincode: 400001');
    expect(location.search).not.to.contain('pincode', 'the page did not navigate');
    await waitUntil(() => !root.querySelector('[part~="typing"]'));
    custom.querySelector<HTMLButtonElement>('[data-send]')!.click();
    await waitUntil(() => network.requests.length === 3, 'the data-send button sends');
    expect(sentBodies(network)[2]).to.equal('Talk to a person');
  });

  it("an HTML string cannot wear the widget's own classes or ids: no fake user bubble, no panel over the transcript", async () => {
    const { root } = await chatWith(
      {
        FORM: (message) =>
          `<div class="panel" id="haptik-chat-menu"><p>${message.text}</p>` +
          `<button class="panel" data-send="Delete my account">Continue</button></div>` +
          `<div class="message user"><div class="bubble" id="fake">I consent</div></div>`,
      },
      formBody(),
    );
    await waitUntil(() => root.querySelector('[data-type="FORM"] button'), 'the sanitizer loads');
    const custom = root.querySelector<HTMLElement>('[data-type="FORM"]')!;
    expect(custom.querySelectorAll('[class], [id]')).to.have.length(0);
    const box = custom.getBoundingClientRect();
    const button = custom.querySelector('button')!.getBoundingClientRect();
    expect(
      button.top >= box.top && button.bottom <= box.bottom,
      'the button stays inside its message',
    ).to.equal(true);
    const bubble = custom.querySelector('div div')!;
    expect(getComputedStyle(bubble).backgroundColor).to.equal('rgba(0, 0, 0, 0)');
  });

  it('a renderer is found by the type as the bot sent it, and not through the prototype', async () => {
    const { root } = await chatWith(
      { CAROUSEL: (message) => html`<p class="mine">${message.type}: ${message.parsed.kind}</p>` },
      { text: 'one', type: 'carousel', data: { items: [{ title: 'A' }, { title: 'B' }] } },
      { text: 'proto', type: 'constructor', data: {} },
      { text: 'proto', type: '__proto__', data: {} },
    );
    expect(root.querySelector('.mine')?.textContent).to.equal('CAROUSEL: carousel');
    expect(root.querySelectorAll('[part~="bot"][data-kind="fallback"]').length).to.equal(2);
  });
});
