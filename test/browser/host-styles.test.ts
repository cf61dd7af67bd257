/**
 * A website's own text styles stay outside the widget: the inherited properties a page sets on its body
 * (font, alignment, spacing, case, white-space, colour, cursor) change nothing inside, so the launcher,
 * panel, messages, quick replies and composer compute the same styles and sizes as on a plain page.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/index.js';
import type { HaptikChat } from '../../src/haptik-chat.js';
import { quickReply, reply, textBody } from '../fixtures/replies.js';
import { FakeNetwork } from './fake-network.js';

const HOSTILE = `body {
  font: italic 22px/2.5 serif; text-align: center; letter-spacing: 3px; word-spacing: 8px;
  text-transform: uppercase; white-space: pre-wrap; color: #c00; cursor: crosshair;
}`;

const INHERITED = [
  'font-style',
  'font-size',
  'font-family',
  'line-height',
  'text-align',
  'letter-spacing',
  'word-spacing',
  'text-transform',
  'white-space',
  'color',
  'cursor',
  'font-weight',
  'direction',
] as const;

const PARTS = ['launcher', 'panel', 'header', 'bubble', 'quick-reply', 'composer', 'input', 'send', 'status'];

/** Computed text styles and rounded size of the first element of each part. */
function measure(el: HaptikChat): Record<string, Record<string, string>> {
  const result: Record<string, Record<string, string>> = {};
  for (const name of PARTS) {
    const node = el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
    if (!node) throw new Error(`no ${name}`);
    const style = getComputedStyle(node);
    const rect = node.getBoundingClientRect();
    result[name] = Object.fromEntries([
      ...INHERITED.map((property) => [property, style.getPropertyValue(property)]),
      ['size', `${Math.round(rect.width)}×${Math.round(rect.height)}`],
    ]);
  }
  return result;
}

async function openChat(): Promise<HaptikChat> {
  const network = new FakeNetwork().answer(
    reply(textBody('Hello there, pick one', [quickReply('Track my order'), quickReply('Talk to a person')])),
  );
  const el = await fixture<HaptikChat>(
    html`<haptik-chat
      business-id="343"
      auth-id="user-1"
      persist="none"
      open
      .fetch=${network.fetch}
    ></haptik-chat>`,
  );
  await waitUntil(() => el.shadowRoot!.querySelector('[part~="input"]'), 'the panel loads', {
    timeout: 5000,
  });
  await el.send('hi');
  await waitUntil(() => el.shadowRoot!.querySelector('[part~="quick-reply"]'), 'the reply arrives');
  return el;
}

describe('host page styles', () => {
  it("a page's inherited text styles do not change the widget's computed styles or sizes", async () => {
    const plain = measure(await openChat());
    const style = document.createElement('style');
    style.textContent = HOSTILE;
    document.head.append(style);
    try {
      expect(getComputedStyle(document.body).textTransform).to.equal('uppercase', 'the page is hostile');
      const hostile = measure(await openChat());
      expect(hostile).to.deep.equal(plain);
    } finally {
      style.remove();
    }
  });
});
