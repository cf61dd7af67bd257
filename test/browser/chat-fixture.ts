/**
 * An inline `<haptik-chat>` talking to a FakeNetwork, with nothing stored, once its panel has loaded;
 * `sameOriginImages` lets it show the test server's own pictures.
 */
import { fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/index.js';
import type { HaptikChat } from '../../src/haptik-chat.js';
import type { FakeNetwork } from './fake-network.js';

export async function inlineChat(
  network: FakeNetwork,
  size = { width: 400, height: 600 },
  { sameOriginImages = false } = {},
): Promise<HaptikChat> {
  const el = await fixture<HaptikChat>(
    html`<haptik-chat
      mode="inline"
      business-id="343"
      auth-id="user-1"
      persist="none"
      ?same-origin-images=${sameOriginImages}
      .fetch=${network.fetch}
      style=${`height: ${size.height}px; width: ${size.width}px`}
    ></haptik-chat>`,
  );
  await waitUntil(() => el.shadowRoot!.querySelector('[part~="input"]'), 'the panel loads', {
    timeout: 5000,
  });
  return el;
}
