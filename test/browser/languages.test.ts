/**
 * Languages: the widget speaks its `lang` (else the page's) when it is built in, loads that language on
 * its own, turns right to left for Arabic, and still takes the page's `strings` over any of it.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/index.js';
import type { HaptikChat } from '../../src/haptik-chat.js';
import { carouselBody, cdnImage, systemBody } from '../fixtures/hsl.js';
import { quickReply, reply, textBody } from '../fixtures/replies.js';
import { FakeNetwork } from './fake-network.js';

const part = (el: HaptikChat, name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
const rootOf = (el: HaptikChat) => el.shadowRoot!.querySelector<HTMLElement>('.root')!;

async function inline(lang: string | undefined, network = new FakeNetwork(), strings = {}) {
  const el = await fixture<HaptikChat>(
    html`<haptik-chat
      mode="inline"
      business-id="343"
      persist="none"
      lang=${lang ?? ''}
      .fetch=${network.fetch}
      .strings=${strings}
      style="height: 600px; width: 400px"
    ></haptik-chat>`,
  );
  if (!lang) el.removeAttribute('lang');
  await waitUntil(() => part(el, 'input'), 'the panel loads', { timeout: 5000 });
  return el;
}

const speaks = (el: HaptikChat, send: string) =>
  waitUntil(() => part(el, 'send')?.getAttribute('aria-label') === send, `the widget speaks (${send})`);

describe('languages', () => {
  it('lang="hi": every text in Hindi, the heading and placeholder too; lang set on the widget', async () => {
    const el = await inline('hi');
    await speaks(el, 'भेजें');
    expect(part(el, 'input')?.getAttribute('placeholder')).to.equal('संदेश लिखें…');
    expect(part(el, 'header')?.querySelector('h2')?.textContent).to.equal('चैट');
    expect(part(el, 'log')?.getAttribute('aria-label')).to.equal('बातचीत');
    expect(rootOf(el).getAttribute('lang')).to.equal('hi');
    expect(rootOf(el).hasAttribute('dir')).to.equal(false);
  });

  it("without its own lang it speaks the page's (<html lang>), with region subtags; unknown languages get English", async () => {
    const html_ = document.documentElement;
    const before = html_.getAttribute('lang');
    try {
      html_.setAttribute('lang', 'pt-BR');
      const el = await inline(undefined);
      await speaks(el, 'Enviar');
      html_.setAttribute('lang', 'sw');
      const other = await inline(undefined);
      await speaks(other, 'Send');
      expect(rootOf(other).getAttribute('lang')).to.equal('en');
    } finally {
      if (before === null) html_.removeAttribute('lang');
      else html_.setAttribute('lang', before);
    }
  });

  it('changing lang switches the language; the page’s strings still win over it', async () => {
    const el = await inline('es', new FakeNetwork(), { send: 'Mandar' });
    await waitUntil(() => part(el, 'input')?.getAttribute('placeholder') === 'Escribe un mensaje…');
    expect(part(el, 'send')?.getAttribute('aria-label')).to.equal('Mandar');
    el.lang = 'de';
    await waitUntil(() => part(el, 'input')?.getAttribute('placeholder') === 'Nachricht schreiben…');
    expect(part(el, 'send')?.getAttribute('aria-label')).to.equal('Mandar');
    el.setAttribute('lang', 'fr');
    await waitUntil(() => part(el, 'input')?.getAttribute('placeholder') === 'Écrivez un message…');
  });

  it('Arabic: right to left, every text in Arabic, and accessible with messages of every kind', async () => {
    const network = new FakeNetwork().answer(
      reply(
        textBody('مرحبا! كيف يمكنني مساعدتك؟', [quickReply('نعم'), quickReply('لا')]),
        carouselBody(cdnImage),
        systemBody(),
      ),
    );
    const el = await inline('ar', network);
    await speaks(el, 'إرسال');
    expect(rootOf(el).getAttribute('dir')).to.equal('rtl');
    expect(getComputedStyle(part(el, 'panel')!).direction).to.equal('rtl');
    await el.send('مرحبا');
    await waitUntil(() => part(el, 'carousel'), 'the reply is drawn');
    expect(part(el, 'quick-replies')?.getAttribute('aria-label')).to.equal('ردود مقترحة');
    expect(part(el, 'carousel')?.getAttribute('aria-label')).to.equal('بطاقات');
    await expect(el).to.be.accessible();
  });

  it('the launcher reads its unread count with the language’s plural rules', async () => {
    const network = new FakeNetwork()
      .answer(reply(textBody('واحد')))
      .answer(reply(textBody('اثنان'), textBody('ثلاثة')));
    const el = await fixture<HaptikChat>(
      html`<haptik-chat business-id="343" persist="none" lang="ar" .fetch=${network.fetch}></haptik-chat>`,
    );
    const launcher = () => part(el, 'launcher')!;
    await waitUntil(() => launcher().getAttribute('aria-label') === 'فتح المحادثة', 'Arabic loads');
    await el.send('1');
    await waitUntil(() => launcher().getAttribute('aria-label') === 'فتح المحادثة, رسالة واحدة غير مقروءة');
    await el.send('2');
    const three = new Intl.NumberFormat('ar').format(3);
    await waitUntil(
      () => launcher().getAttribute('aria-label') === `فتح المحادثة, ${three} رسائل غير مقروءة`,
    );
  });
});
