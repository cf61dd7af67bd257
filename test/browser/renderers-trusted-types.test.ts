/**
 * A renderer's HTML string under enforced Trusted Types, on a page whose CSP names only Lit's policy and
 * ours (`haptik-chat`): no `dompurify` policy, no default policy. The string is still drawn, sanitized.
 */
import { expect, waitUntil } from '@open-wc/testing';
import '../../src/index.js';
import { formBody } from '../fixtures/hsl.js';
import { reply } from '../fixtures/replies.js';
import { inlineChat } from './chat-fixture.js';
import { FakeNetwork } from './fake-network.js';

const violations: string[] = [];

before(() => {
  document.addEventListener('securitypolicyviolation', (event) => violations.push(event.violatedDirective));
  const policy = document.createElement('meta');
  policy.httpEquiv = 'Content-Security-Policy';
  policy.content = "require-trusted-types-for 'script'; trusted-types lit-html haptik-chat";
  document.head.append(policy);
});

describe('custom renderers under Trusted Types', () => {
  it('an HTML string is parsed through the one haptik-chat policy, sanitized, with no violation', async () => {
    const network = new FakeNetwork().answer(reply(formBody()));
    const el = await inlineChat(network);
    el.renderers = {
      FORM: (message) => `<p><strong>${message.text}</strong><img src=x onerror=alert(1)></p>`,
    };
    await el.send('hi');
    const root = el.shadowRoot!;
    await waitUntil(() => root.querySelector('[data-type="FORM"] strong'), 'the HTML is drawn');
    const custom = root.querySelector('[data-type="FORM"]')!;
    expect(custom.querySelector('strong')!.textContent).to.equal('Please fill in your delivery details.');
    expect(custom.querySelector('img')!.getAttributeNames().sort()).to.deep.equal(['referrerpolicy']);
    expect(violations).to.deep.equal([]);
    // And the page really enforces Trusted Types.
    expect(() => (document.createElement('div').innerHTML = '<b>x</b>')).to.throw(TypeError);
  });
});
