/**
 * Issue 15, a designer's review: the widget holds up at every size, zoom and input. Short and sideways
 * screens, many quick replies, focus rings, touch, keyboard travel, long replies, slow bots, Haptik's
 * "gogo", carousels, the web view, and the polish. The test browser prefers reduced motion
 * (web-test-runner.config.mjs); the tests of motion and pacing say otherwise.
 */
import { expect, fixture, html, nextFrame, waitUntil } from '@open-wc/testing';
import { emulateMedia, sendKeys, sendMouse, setViewport } from '@web/test-runner-commands';
import '../../src/index.js';
import type { HaptikChat } from '../../src/haptik-chat.js';
import { actionable } from '../fixtures/hsl.js';
import { quickReply, reply, textBody } from '../fixtures/replies.js';
import { FakeNetwork } from './fake-network.js';

const root = (el: HaptikChat) => el.shadowRoot!;
const part = (el: HaptikChat, name: string) => root(el).querySelector<HTMLElement>(`[part~="${name}"]`);
const parts = (el: HaptikChat, name: string) => [
  ...root(el).querySelectorAll<HTMLElement>(`[part~="${name}"]`),
];
const rect = (node: Element) => node.getBoundingClientRect();
const botTexts = (el: HaptikChat) =>
  parts(el, 'bot').map((m) => m.querySelector('[part~="bubble"]')?.textContent?.trim());

/** Where focus is, compared without asking chai to print two DOM trees. */
const expectFocus = (el: HaptikChat, expected: Element | null, message = 'focus') =>
  expect(
    root(el).activeElement === expected,
    `${message}: ${root(el).activeElement?.outerHTML.slice(0, 80)}`,
  ).to.equal(true);

const chips = (count: number, label = (i: number) => `Option ${i + 1}`) =>
  Array.from({ length: count }, (_, i) => quickReply(label(i)));

interface Options {
  mode?: 'inline' | 'launcher';
  size?: { width: number; height: number };
  pace?: number;
}

/** A chat talking to `network`; inline (sized) or an open launcher. */
async function chat(network: FakeNetwork, { mode = 'inline', size, pace }: Options = {}) {
  const el = await fixture<HaptikChat>(
    html`<haptik-chat
      mode=${mode}
      ?open=${mode === 'launcher'}
      business-id="343"
      auth-id="user-1"
      persist="none"
      pace=${pace ?? 700}
      .fetch=${network.fetch}
      style=${size ? `width: ${size.width}px; height: ${size.height}px` : ''}
    ></haptik-chat>`,
  );
  await waitUntil(() => part(el, 'input'), 'the panel loads', { timeout: 5000 });
  return el;
}

/** Sends `text` and waits for the answer queued on `network` to be drawn. */
async function ask(el: HaptikChat, network: FakeNetwork, text = 'hi'): Promise<void> {
  const before = network.requests.length;
  await el.send(text);
  await waitUntil(() => network.requests.length > before && !part(el, 'typing'), 'the reply arrives');
  await el.updateComplete;
  await nextFrame();
}

afterEach(async () => {
  await setViewport({ width: 800, height: 600 });
  await emulateMedia({ colorScheme: 'light' });
});

describe('short and sideways screens (WCAG 1.4.10, 1.4.4)', () => {
  const viewports = [
    { width: 320, height: 200 },
    { width: 640, height: 400 },
    { width: 740, height: 375 },
    { width: 375, height: 740 },
  ];
  for (const viewport of viewports) {
    it(`at ${viewport.width}×${viewport.height} the panel fills the screen; the composer and the transcript keep their place beside 40 quick replies and a web view`, async () => {
      await setViewport(viewport);
      const network = new FakeNetwork().answer(reply(textBody('Pick one', chips(40)))).answer(
        reply({
          text: 'Fill in the form',
          type: 'BUTTON',
          data: { items: [actionable.webView('Open form', 'https://forms.example.com/a')] },
        }),
      );
      const el = await chat(network, { mode: 'launcher' });
      await ask(el, network);
      const panel = part(el, 'panel')!;
      expect(panel.getAttribute('aria-modal')).to.equal('true', 'it covers the page: modal');
      const box = rect(panel);
      expect([box.left, box.top, box.width, box.height].map(Math.round)).to.deep.equal([
        0,
        0,
        viewport.width,
        viewport.height,
      ]);
      const fits = (name: string) => {
        const r = rect(part(el, name)!);
        expect(r.top, `${name} top`).to.be.at.least(box.top - 0.5);
        expect(r.bottom, `${name} bottom`).to.be.at.most(box.bottom + 0.5);
      };
      fits('composer');
      expect(parts(el, 'quick-reply')).to.have.length(40, 'every quick reply is there');
      expect(rect(root(el).querySelector('.below')!).height).to.be.at.most(box.height * 0.35 + 1);
      expect(part(el, 'log')!.clientHeight).to.be.at.least(Math.min(box.height * 0.25, 90) - 1);
      await expect(el).to.be.accessible();

      // A web view gives way to the transcript too.
      await ask(el, network, 'form');
      parts(el, 'button')
        .find((b) => b.textContent?.includes('Open form'))!
        .click();
      await waitUntil(() => part(el, 'webview'), 'the web view loads with its first use');
      fits('composer');
      fits('webview');
      expect(part(el, 'log')!.clientHeight).to.be.at.least(Math.min(box.height * 0.25, 90) - 1);
    });
  }

  it('on a large screen the launcher panel floats beside the page, not modal', async () => {
    await setViewport({ width: 1280, height: 800 });
    const el = await chat(new FakeNetwork(), { mode: 'launcher' });
    const panel = part(el, 'panel')!;
    expect(getComputedStyle(panel).position).to.equal('absolute');
    expect(panel.hasAttribute('aria-modal')).to.equal(false);
    expect(panel.getAttribute('role')).to.equal('dialog');
  });
});

describe('many quick replies', () => {
  it('40 quick replies are all offered in a bounded area that scrolls', async () => {
    const network = new FakeNetwork().answer(reply(textBody('Pick one', chips(40))));
    const el = await chat(network, { size: { width: 400, height: 600 } });
    await ask(el, network);
    const area = part(el, 'quick-replies')!;
    expect(parts(el, 'quick-reply')).to.have.length(40);
    expect(rect(area).height).to.be.below(150, 'three rows and a half');
    expect(area.scrollHeight).to.be.greaterThan(area.clientHeight, 'the rest scrolls');
    expect(part(el, 'log')!.clientHeight).to.be.above(300, 'the transcript keeps most of the panel');
    await expect(el).to.be.accessible();
  });

  it('four 80-character labels stay in the same bounded area', async () => {
    const long = (i: number) =>
      `${i + 1}. ${'A very long suggested answer that goes on and on '.repeat(2)}`.slice(0, 80);
    const network = new FakeNetwork().answer(reply(textBody('Pick one', chips(4, long))));
    const el = await chat(network, { size: { width: 400, height: 600 } });
    await ask(el, network);
    expect(rect(part(el, 'quick-replies')!).height).to.be.below(150);
    expect(parts(el, 'quick-reply').map((chip) => chip.textContent?.trim())).to.deep.equal(
      Array.from({ length: 4 }, (_, i) => long(i)),
    );
  });

  it('past a hundred, the rest are dropped and the reader is told how many', async () => {
    const network = new FakeNetwork().answer(reply(textBody('Pick one', chips(130))));
    const el = await chat(network, { size: { width: 400, height: 600 } });
    await ask(el, network);
    expect(parts(el, 'quick-reply')).to.have.length(100);
    expect(part(el, 'bot')!.querySelector('.omitted')?.textContent).to.equal(
      '30 more options were left out.',
    );
  });
});

describe('focus rings (WCAG 2.4.11)', () => {
  type Rgba = [number, number, number, number];
  /** A computed colour: `rgb()`/`rgba()` (0–255) or `color(srgb …)` (0–1). */
  const parse = (color: string): Rgba => {
    const [a = 0, b = 0, c = 0, alpha = 1] = (color.match(/[\d.]+/g) ?? []).map(Number);
    return color.startsWith('color(') ? [a * 255, b * 255, c * 255, alpha] : [a, b, c, alpha];
  };
  const luminance = ([r, g, b]: Rgba) => {
    const [x, y, z] = [r, g, b].map((v) => {
      const s = v / 255;
      return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * x! + 0.7152 * y! + 0.0722 * z!;
  };
  const contrast = (a: string, b: string) => {
    const [high, low] = [luminance(parse(a)), luminance(parse(b))].sort((p, q) => q - p);
    return (high! + 0.05) / (low! + 0.05);
  };
  const parentOf = (node: Element): Element | null =>
    node.parentElement ?? ((node.getRootNode() as ShadowRoot).host as Element | undefined) ?? null;
  /** The colour behind a ring: the control's own background for a ring drawn inside it, else its parent's. */
  function behind(control: HTMLElement): string {
    let node: Element | null =
      parseFloat(getComputedStyle(control).outlineOffset) < 0 ? control : parentOf(control);
    for (; node; node = parentOf(node)) {
      const color = getComputedStyle(node).backgroundColor;
      if (parse(color)[3] > 0) return color;
    }
    return 'rgb(255, 255, 255)';
  }

  /** Every control of a conversation with every kind of control, a failed send and an open web view. */
  async function everyControl(): Promise<HaptikChat> {
    const card = (title: string, description = 'Short.') => ({
      title,
      description,
      actionables: [
        actionable.send(`Buy ${title}`, 'buy', '', 1),
        actionable.link('Details', 'https://shop.example/'),
      ],
    });
    const network = new FakeNetwork()
      .answer(
        reply(
          textBody('See https://shop.example/deals', [
            quickReply('Yes'),
            { ...quickReply('No'), is_default: 1 },
          ]),
          {
            text: 'Buttons',
            type: 'BUTTON',
            data: {
              items: [
                actionable.send('Track', 'track', '', 1),
                actionable.link('Policy', 'https://shop.example/policy'),
                actionable.webView('Change address', 'https://forms.example.com/a'),
                actionable.call('Call us', '+1 555 010 0199'),
              ],
            },
          },
          {
            text: 'Cards',
            type: 'CAROUSEL',
            data: { items: [card('One', 'Long. '.repeat(60)), card('Two'), card('Three'), card('Four')] },
          },
        ),
      )
      .answer(new Response('{}', { status: 502 }));
    const el = await chat(network, { mode: 'launcher' });
    await ask(el, network);
    await el.send('this one fails');
    await waitUntil(() => part(el, 'retry'));
    parts(el, 'button')
      .find((b) => b.textContent?.includes('Change address'))!
      .click();
    await el.updateComplete;
    await waitUntil(() => root(el).querySelector('.more:not([hidden])'), 'the long description offers More');
    return el;
  }

  for (const scheme of ['light', 'dark'] as const) {
    it(`in the ${scheme} scheme every control's ring has 3:1 against what is behind it`, async () => {
      await emulateMedia({ colorScheme: scheme });
      const el = await everyControl();
      await sendKeys({ press: 'Shift' }); // focus from the keyboard shows the ring
      const controls = [
        ...root(el).querySelectorAll<HTMLElement>('button, a[href], textarea, [tabindex]'),
      ].filter((control) => control.checkVisibility() && !control.matches('.launcher'));
      expect(controls.length).to.be.greaterThan(20);
      const found: string[] = [];
      for (const control of controls) {
        control.focus();
        const style = getComputedStyle(control);
        const name = `${control.localName}.${control.className || control.getAttribute('part')}`;
        if (!control.matches(':focus-visible') || style.outlineStyle === 'none')
          found.push(`${name}: no ring`);
        else if (parseFloat(style.outlineWidth) < 2) found.push(`${name}: ring ${style.outlineWidth}`);
        else {
          const ratio = contrast(style.outlineColor, behind(control));
          if (ratio < 3)
            found.push(`${name}: ${ratio.toFixed(2)}:1 (${style.outlineColor} on ${behind(control)})`);
        }
      }
      expect(found).to.deep.equal([]);
    });

    it(`in the ${scheme} scheme the launcher's ring, with its halo, shows on a light page and on a dark one`, async () => {
      await emulateMedia({ colorScheme: scheme });
      const el = await fixture<HaptikChat>(
        html`<haptik-chat business-id="343" persist="none"></haptik-chat>`,
      );
      await sendKeys({ press: 'Shift' });
      const launcher = part(el, 'launcher')!;
      launcher.focus();
      const style = getComputedStyle(launcher);
      const halo = style.boxShadow.match(/^(rgba?\([^)]*\)|color\([^)]*\))/)![1]!;
      for (const page of ['rgb(255, 255, 255)', 'rgb(0, 0, 0)', 'rgb(128, 128, 128)']) {
        const ring = contrast(style.outlineColor, page) >= 3;
        const ringOnHalo = contrast(halo, page) >= 3 && contrast(style.outlineColor, halo) >= 3;
        expect(ring || ringOnHalo, `on ${page}`).to.equal(true);
      }
    });
  }
});

describe('touch', () => {
  /** A tap as a touch screen makes it: a touch pointerdown, then the click. */
  const tap = (target: HTMLElement) => {
    target.dispatchEvent(
      new PointerEvent('pointerdown', { pointerType: 'touch', bubbles: true, composed: true }),
    );
    target.click();
  };

  it('a tap on the launcher opens the panel without raising the keyboard: focus goes to the transcript', async () => {
    const el = await fixture<HaptikChat>(
      html`<haptik-chat business-id="343" persist="none" .fetch=${new FakeNetwork().fetch}></haptik-chat>`,
    );
    // The panel's code has loaded (as it does on hover, focus or when the browser is idle): it sees the tap.
    el.show();
    await waitUntil(() => part(el, 'input'), 'the panel loads', { timeout: 5000 });
    el.hide();
    await el.updateComplete;
    tap(part(el, 'launcher')!);
    await waitUntil(() => el.open && part(el, 'panel')!.contains(root(el).activeElement), 'focus moves in');
    expectFocus(el, part(el, 'log'), 'on the transcript, not the text box');
  });

  it('a tap on a quick reply or a card button answers, and focus stays off the text box', async () => {
    const network = new FakeNetwork()
      .answer(reply(textBody('Pick', [quickReply('Yes')])))
      .answer(
        reply({
          text: 'Cards',
          type: 'CAROUSEL',
          data: {
            items: [
              { title: 'Goa', actionables: [actionable.send('Book Goa', 'book goa')] },
              { title: 'Pune' },
            ],
          },
        }),
      )
      .answer(reply(textBody('Booked')));
    const el = await chat(network);
    await ask(el, network);
    tap(parts(el, 'quick-reply')[0]!);
    await waitUntil(() => parts(el, 'card').length === 2);
    expect(root(el).activeElement === part(el, 'input')).to.equal(false, 'not on the text box');
    tap(parts(el, 'button').find((b) => b.textContent?.includes('Book Goa'))!);
    await waitUntil(() => botTexts(el).includes('Booked'));
    expect(root(el).activeElement === part(el, 'input')).to.equal(false, 'not on the text box');
  });

  it('with a mouse, using a quick reply still puts focus in the text box; typing on a button types there', async () => {
    const network = new FakeNetwork().answer(reply(textBody('Pick', [quickReply('Yes'), quickReply('No')])));
    network.answer(reply(textBody('Fine')));
    const el = await chat(network);
    await ask(el, network);
    parts(el, 'quick-reply')[1]!.focus();
    await sendKeys({ type: 'ok' });
    expectFocus(el, part(el, 'input'));
    expect((part(el, 'input') as HTMLTextAreaElement).value).to.equal('ok');
  });
});

describe('the conversation stacks from the bottom', () => {
  it('a short conversation sits just above the quick replies, not at the top with the chips far below', async () => {
    const network = new FakeNetwork().answer(reply(textBody('Hello!', [quickReply('Hi')])));
    const el = await chat(network, { size: { width: 400, height: 600 } });
    await ask(el, network);
    const last = rect(parts(el, 'bot').at(-1)!);
    const chipsTop = rect(part(el, 'quick-replies')!).top;
    expect(chipsTop - last.bottom).to.be.below(40);
    expect(rect(parts(el, 'user')[0]!).top - rect(part(el, 'log')!).top).to.be.above(200);
  });
});

describe('long replies', () => {
  const fifteen = () =>
    reply(...Array.from({ length: 15 }, (_, i) => textBody(`Part ${i + 1}\nof the answer`)));

  it('a reply taller than the transcript opens at its first message, with "New messages" for the rest', async () => {
    const network = new FakeNetwork().answer(fifteen());
    const el = await chat(network, { size: { width: 400, height: 500 } });
    await ask(el, network);
    const log = part(el, 'log')!;
    await waitUntil(() => root(el).querySelector('.new-messages'), 'the rest is offered');
    const first = parts(el, 'bot')[0]!;
    expect(rect(first).top - rect(log).top).to.be.within(0, 24, 'its first message at the top');
    root(el).querySelector<HTMLButtonElement>('.new-messages')!.click();
    await waitUntil(() => log.scrollHeight - log.scrollTop - log.clientHeight < 2, 'then to the end');
  });

  it('many messages are paced, one after another, with the typing dots between; pace 0 shows the rest', async () => {
    await emulateMedia({ reducedMotion: 'no-preference' });
    try {
      const network = new FakeNetwork().answer(
        reply(
          ...Array.from({ length: 14 }, (_, i) => textBody(`Part ${i + 1}`)),
          textBody('Done?', [quickReply('Yes')]),
        ),
      );
      const el = await chat(network, { size: { width: 400, height: 500 }, pace: 60_000 });
      await el.send('hi');
      await waitUntil(() => botTexts(el).length === 1, 'the first shows at once');
      await el.updateComplete;
      expect(botTexts(el)).to.deep.equal(['Part 1']);
      expect(part(el, 'typing'), 'the bot is still "typing" the rest').to.exist;
      expect(part(el, 'quick-replies'), 'its quick replies come with its last message').to.equal(null);
      el.pace = 0;
      await waitUntil(() => botTexts(el).length === 15);
      await el.updateComplete;
      expect(part(el, 'typing')).to.equal(null);
      expect(parts(el, 'quick-reply')).to.have.length(1);

      // Paced for real: each message is added on its own, in order.
      const added: string[][] = [];
      const observer = new MutationObserver((records) =>
        added.push(
          records
            .flatMap((r) => [...r.addedNodes])
            .flatMap((n) =>
              n instanceof HTMLElement && n.matches('[part~="bot"]')
                ? [n.querySelector('[part~="bubble"]')!.textContent!.trim()]
                : [],
            ),
        ),
      );
      observer.observe(part(el, 'log')!, { childList: true, subtree: true });
      el.pace = 5;
      network.answer(reply(textBody('A'), textBody('B'), textBody('C')));
      await el.send('again');
      await waitUntil(() => botTexts(el).includes('C'));
      observer.disconnect();
      expect(added.filter((batch) => batch.length)).to.deep.equal([['A'], ['B'], ['C']]);
    } finally {
      await emulateMedia({ reducedMotion: 'reduce' });
    }
  });

  it('a reader who prefers reduced motion gets a reply all at once', async () => {
    const network = new FakeNetwork().answer(fifteen());
    const el = await chat(network, { size: { width: 400, height: 500 }, pace: 60_000 });
    await el.send('hi');
    await waitUntil(() => botTexts(el).length === 15);
  });
});

describe('a slow bot', () => {
  it('after a few seconds the typing line says the bot is still working, and a screen reader hears it', async () => {
    const network = new FakeNetwork();
    const held = network.hold(reply(textBody('Here you go')));
    const el = await chat(network);
    el.timeout = 2000; // "a few seconds" is a quarter of the timeout, at most 4 s
    await el.send('slow question');
    await waitUntil(() => part(el, 'typing')?.textContent?.includes('Still working on it…'), 'it says so');
    expect(part(el, 'typing')!.getAttribute('aria-label')).to.equal('The bot is typing');
    expect(root(el).querySelector('[role="status"]')!.textContent).to.equal('Still working on it…');
    await expect(el).to.be.accessible();
    held.release();
    await waitUntil(() => botTexts(el).includes('Here you go'));
  });

  it("a bot slower than the proxy (16 s): the proxy's 504 says the bot may have it, and the retry says it sends again", async () => {
    const late = { error: { code: 'upstream_timeout', message: 'The bot took too long to answer.' } };
    const network = new FakeNetwork()
      .answer(new Response(JSON.stringify(late), { status: 504 }))
      .answer(reply(textBody('Sorry for the wait')));
    const el = await chat(network);
    await el.send('are you there?');
    await waitUntil(() => part(el, 'retry'));
    const line = part(el, 'error')!;
    expect(line.textContent?.replace(/\s+/g, ' ').trim()).to.equal(
      'No answer. The bot may already have it. Send again',
    );
    expect(line.title).to.equal('The bot took too long to answer.');
    // Compact, right under its bubble.
    const bubble = rect(parts(el, 'user')[0]!.querySelector('[part~="bubble"]')!);
    expect(rect(line).top - bubble.bottom).to.be.below(6);
    expect(rect(line).height).to.be.below(30);
    await expect(el).to.be.accessible();
    part(el, 'retry')!.click();
    await waitUntil(() => botTexts(el).includes('Sorry for the wait'));
  });

  it('a message the proxy refused certainly never reached the bot: "Not sent. Retry"', async () => {
    const refused = { error: { code: 'rate_limited', message: 'Too many messages.' } };
    const network = new FakeNetwork().answer(new Response(JSON.stringify(refused), { status: 429 }));
    const el = await chat(network);
    await el.send('too fast');
    await waitUntil(() => part(el, 'retry'));
    expect(part(el, 'error')!.textContent?.replace(/\s+/g, ' ').trim()).to.equal('Not sent. Retry');
  });

  it("the widget's timeout is the wire contract's, which outlasts the proxy's (test/unit/client.test.ts)", async () => {
    const { REPLY_TIMEOUT_MS } = await import('../../src/wire.js');
    expect(document.createElement('haptik-chat').timeout).to.equal(REPLY_TIMEOUT_MS);
  });
});

describe('carousels', () => {
  const cards = (count: number) =>
    Array.from({ length: count }, (_, i) => ({
      title: `Card ${i + 1}`,
      description: i === 2 ? 'A description that goes on. '.repeat(20) : 'Short.',
      actionables: [actionable.send(`Pick ${i + 1}`, `pick ${i + 1}`)],
    }));
  async function showing(count: number) {
    const network = new FakeNetwork().answer(
      reply({ text: 'Cards', type: 'CAROUSEL', data: { items: cards(count) } }),
    );
    const el = await chat(network, { size: { width: 420, height: 640 } });
    await ask(el, network);
    return el;
  }

  it('a long description shows three lines and "More"; the other cards stay short', async () => {
    const el = await showing(4);
    const long = parts(el, 'card')[2]!;
    const text = long.querySelector<HTMLElement>('.card-description')!;
    await waitUntil(() => long.querySelector<HTMLElement>('.more')?.checkVisibility(), '"More" shows');
    expect(text.scrollHeight).to.be.greaterThan(text.clientHeight, 'clamped');
    expect(parts(el, 'card')[0]!.querySelector<HTMLElement>('.more')!.checkVisibility()).to.equal(false);
    const more = long.querySelector<HTMLButtonElement>('.more')!;
    expect(more.getAttribute('aria-expanded')).to.equal('false');
    more.click();
    expect(more.getAttribute('aria-expanded')).to.equal('true');
    expect(more.textContent).to.equal('Less');
    expect(text.scrollHeight).to.be.at.most(text.clientHeight + 1, 'all of it');
    await expect(el).to.be.accessible();
  });

  it('says where the row is ("3 of 20"); Home and End go to the first and last card; a focused card is in view', async () => {
    const el = await showing(20);
    const row = part(el, 'carousel')!;
    const position = root(el).querySelector('.position')!;
    await waitUntil(() => position.textContent === '1 of 20');
    const button = (i: number) => parts(el, 'card')[i]!.querySelector<HTMLElement>('[part~="button"]')!;
    button(0).focus();
    await sendKeys({ press: 'End' });
    expectFocus(el, button(19));
    await waitUntil(() => position.textContent === '20 of 20', 'at the end');
    await sendKeys({ press: 'Home' });
    expectFocus(el, button(0));
    await waitUntil(() => position.textContent === '1 of 20', 'back at the start');
    button(6).focus();
    await waitUntil(() => {
      const card = rect(parts(el, 'card')[6]!);
      const frame = rect(row);
      return card.left >= frame.left - 1 && card.right <= frame.right + 1;
    }, 'the whole card is in view');
    await waitUntil(() => position.textContent !== '1 of 20');
  });
});

describe('keyboard travel', () => {
  const carousel = (name: string) => ({
    text: name,
    type: 'CAROUSEL',
    data: {
      items: Array.from({ length: 10 }, (_, i) => ({
        title: `${name} ${i + 1}`,
        actionables: [
          actionable.send(`Pick ${i + 1}`, 'pick'),
          actionable.link('More', 'https://shop.example/'),
        ],
      })),
    },
  });

  it('the transcript is one tab stop: Tab goes from it to the quick replies, past twenty card buttons', async () => {
    const network = new FakeNetwork().answer(
      reply(carousel('Phones'), carousel('Laptops'), textBody('Which?', [quickReply('Neither')])),
    );
    const el = await chat(network, { mode: 'launcher' });
    await ask(el, network);
    await waitUntil(() => parts(el, 'carousel').length === 2, 'the carousels load with the first one');
    root(el).querySelector<HTMLElement>('[aria-label="Close chat"]')!.focus();
    await sendKeys({ press: 'Tab' });
    expectFocus(el, part(el, 'log'));
    await sendKeys({ press: 'Tab' });
    // The reply is taller than the transcript: it opened at its start, with "New messages" for the rest.
    expectFocus(el, root(el).querySelector('.new-messages'));
    await sendKeys({ press: 'Tab' });
    expectFocus(el, part(el, 'quick-reply'));
    await sendKeys({ press: 'Tab' });
    expectFocus(el, part(el, 'input'));
  });

  it('inside the transcript the arrow keys move through its controls; Home and End go to the first and last', async () => {
    const network = new FakeNetwork().answer(
      reply({
        text: 'Choose',
        type: 'BUTTON',
        data: {
          items: [actionable.send('One', '1'), actionable.send('Two', '2'), actionable.send('Three', '3')],
        },
      }),
    );
    const el = await chat(network, { size: { width: 400, height: 600 } });
    await ask(el, network);
    const named = (label: string) => parts(el, 'button').find((b) => b.textContent?.trim() === label)!;
    part(el, 'log')!.focus();
    await sendKeys({ press: 'ArrowDown' });
    expectFocus(el, named('One'));
    await sendKeys({ press: 'ArrowDown' });
    expectFocus(el, named('Two'));
    await sendKeys({ press: 'End' });
    expectFocus(el, named('Three'));
    await sendKeys({ press: 'ArrowUp' });
    expectFocus(el, named('Two'));
    await sendKeys({ press: 'Home' });
    expectFocus(el, named('One'));
    expect(named('One').tabIndex).to.equal(-1, 'not a tab stop of its own');
  });

  it('while the panel covers the page, Tab and Shift+Tab stay inside it', async () => {
    await setViewport({ width: 375, height: 740 });
    const el = await chat(new FakeNetwork(), { mode: 'launcher' });
    const close = root(el).querySelector<HTMLElement>('.close')!;
    part(el, 'send')!.focus();
    await sendKeys({ press: 'Tab' });
    expectFocus(el, close);
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ up: 'Shift' });
    expectFocus(el, part(el, 'send'));
  });

  it('Shift+Enter starts a new line in a text box that grows; Enter sends', async () => {
    const network = new FakeNetwork().answer(reply(textBody('Noted')));
    const el = await chat(network);
    const box = part(el, 'input') as HTMLTextAreaElement;
    expect(box.localName).to.equal('textarea');
    const oneLine = rect(box).height;
    box.focus();
    await sendKeys({ type: 'first line' });
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Enter' });
    await sendKeys({ up: 'Shift' });
    await sendKeys({ type: 'second line' });
    expect(box.value).to.equal('first line\nsecond line');
    expect(rect(box).height).to.be.greaterThan(oneLine + 10, 'it grew');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => network.requests.length === 1);
    expect((network.requests[0]!.body as { message_body: string }).message_body).to.equal(
      'first line\nsecond line',
    );
    expect(box.value).to.equal('');
    expect(rect(box).height).to.equal(oneLine);
  });
});

describe('the web view', () => {
  it("on a phone it has one clear way back (an arrow), under the header's one ✕, and shows the domain", async () => {
    await setViewport({ width: 375, height: 740 });
    const network = new FakeNetwork().answer(
      reply({
        text: 'Pay here',
        type: 'BUTTON',
        data: { items: [actionable.webView('Pay now', 'https://pay.example.com/checkout?o=1')] },
      }),
    );
    const el = await chat(network, { mode: 'launcher' });
    await ask(el, network);
    parts(el, 'button')
      .find((b) => b.textContent?.includes('Pay now'))!
      .click();
    await waitUntil(() => part(el, 'webview'), 'the web view loads with its first use');
    const visible = (selector: string) =>
      [...root(el).querySelectorAll<SVGElement>(selector)].filter((icon) => icon.checkVisibility());
    expect(visible('.icon-close')).to.have.length(1, 'one ✕: it closes the chat');
    const back = root(el).querySelector<HTMLElement>('.webview-close')!;
    expect(back.querySelector('.icon-previous')).to.exist;
    expect(back.getAttribute('aria-label')).to.equal('Back to the chat');
    expect(part(el, 'webview')!.querySelector('h3')!.textContent).to.equal('pay.example.com');
    await waitUntil(() => root(el).activeElement === back, 'focus goes to the way back');
    await expect(el).to.be.accessible();
    back.click();
    await el.updateComplete;
    expect(part(el, 'webview')).to.equal(null);
  });
});

describe('polish', () => {
  it('an opened panel shows its frame at once, saying it is loading, until its code arrives', async () => {
    const el = document.createElement('haptik-chat');
    el.setAttribute('business-id', '343');
    el.setAttribute('persist', 'none');
    el.setAttribute('open', '');
    const seen: string[] = [];
    document.body.append(el);
    const observer = new MutationObserver(() => {
      const panel = part(el, 'panel');
      if (panel?.getAttribute('aria-busy') === 'true') seen.push(panel.innerText.replace(/\s+/g, ' ').trim());
    });
    observer.observe(el.shadowRoot!, { childList: true, subtree: true, attributes: true });
    await waitUntil(() => part(el, 'input'), 'the panel loads', { timeout: 5000 });
    observer.disconnect();
    expect(seen[0]).to.equal('Chat Loading…');
    expect(part(el, 'panel')!.hasAttribute('aria-busy')).to.equal(false);
    el.remove();
  });

  it('the panel opens and closes with a short transition, unless the reader prefers reduced motion', async () => {
    await emulateMedia({ reducedMotion: 'no-preference' });
    try {
      const el = await fixture<HaptikChat>(
        html`<haptik-chat business-id="343" persist="none"></haptik-chat>`,
      );
      el.show();
      await waitUntil(() => part(el, 'input'), 'the panel loads', { timeout: 5000 });
      const panel = part(el, 'panel')!;
      el.hide();
      await el.updateComplete;
      const fading = panel
        .getAnimations()
        .filter((a) => (a as CSSTransition).transitionProperty === 'opacity');
      expect(fading).to.have.length(1);
      expect(fading[0]!.effect!.getTiming().duration).to.be.at.most(200);
      // (Not awaiting the transition's `finished`: a busy machine may skip to its end, which rejects it.)
      await waitUntil(() => !panel.checkVisibility(), 'then it is gone', { timeout: 5000 });
    } finally {
      await emulateMedia({ reducedMotion: 'reduce' });
    }
  });

  it('the launcher darkens on hover and names itself in a tooltip, on hover and on keyboard focus', async () => {
    const el = await fixture<HaptikChat>(html`<haptik-chat business-id="343" persist="none"></haptik-chat>`);
    const launcher = part(el, 'launcher')!;
    const tooltip = () => getComputedStyle(launcher, '::after');
    // The tooltip comes with the panel's styles, which hovering the launcher loads.
    launcher.dispatchEvent(new PointerEvent('pointerenter'));
    await waitUntil(() => tooltip().content === '"Open chat"', 'the tooltip names the launcher');
    expect(tooltip().opacity).to.equal('0');
    // Hover styles apply where the pointer can hover (not after a tap); headless Chromium has no such pointer,
    // so the rules are read from the element's styles.
    const hover = root(el)
      .adoptedStyleSheets.flatMap((sheet) => [...sheet.cssRules])
      .filter(
        (rule): rule is CSSMediaRule =>
          rule instanceof CSSMediaRule && rule.conditionText === '(hover: hover)',
      )
      .flatMap((rule) => [...rule.cssRules].map((inner) => inner.cssText));
    expect(
      hover.some((rule) => rule.startsWith('.launcher:hover {') && rule.includes('background')),
    ).to.equal(true);
    expect(
      hover.some((rule) => rule.startsWith('.launcher:hover::after') && rule.includes('opacity: 1')),
    ).to.equal(true);
    await sendMouse({ type: 'move', position: [0, 0] });
    await sendKeys({ press: 'Shift' });
    launcher.focus();
    expect(tooltip().opacity).to.equal('1');
  });

  it('the header keeps its height when it starts naming who answers; in the dark it is calm, not the accent', async () => {
    const asha = { name: 'Asha', profile_image: 'https://example.com/asha.jpg', is_automated: false };
    const network = new FakeNetwork().answer({ agent: asha, message: [{ body: textBody('Hi, Asha here') }] });
    await emulateMedia({ colorScheme: 'dark' });
    const el = await chat(network);
    const header = part(el, 'header')!;
    const before = rect(header).height;
    await ask(el, network);
    expect(header.textContent).to.contain('Asha');
    expect(rect(header).height).to.equal(before);
    expect(getComputedStyle(header).backgroundColor).to.equal('rgb(43, 44, 47)');
    await expect(el).to.be.accessible();
  });

  it('www. addresses, e-mail addresses and phone numbers in bot text are links, through the URL policy', async () => {
    const { sanitizeHtml } = await import('../../src/sanitize.js');
    const network = new FakeNetwork().answer(
      reply(textBody('See www.haptik.ai/help, write to help@haptik.ai or call +91 22 6171 9600.')),
    );
    const el = await chat(network);
    await ask(el, network);
    const bubble = part(el, 'bot')!.querySelector('[part~="bubble"]')!;
    const links = [...bubble.querySelectorAll('a')].map((a) => [
      a.textContent,
      a.getAttribute('href'),
      a.target,
    ]);
    expect(links).to.deep.equal([
      ['www.haptik.ai/help', 'https://www.haptik.ai/help', '_blank'],
      ['help@haptik.ai', 'mailto:help@haptik.ai', ''],
      ['+91 22 6171 9600', 'tel:+912261719600', ''],
    ]);
    const copy = bubble.cloneNode(true) as Element;
    copy.querySelectorAll('[tabindex]').forEach((a) => a.removeAttribute('tabindex'));
    const made = copy.innerHTML.replace(/<!--[^>]*-->/g, '');
    const template = (markup: string) =>
      Object.assign(document.createElement('template'), { innerHTML: markup }).content;
    expect(template(sanitizeHtml(made)).isEqualNode(template(made))).to.equal(
      true,
      'what the HTML policy allows',
    );
    await expect(el).to.be.accessible();
  });
});
