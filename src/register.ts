/**
 * Registers `<haptik-chat>` (once, and only where custom elements exist). The script-tag files are built
 * from this module, so they carry only what the launcher needs up front; index.ts, the npm entry, adds
 * the event classes and types.
 */
import { HaptikChat } from './haptik-chat.js';

if (typeof customElements !== 'undefined' && !customElements.get('haptik-chat')) {
  customElements.define('haptik-chat', HaptikChat);
}

declare global {
  interface HTMLElementTagNameMap {
    'haptik-chat': HaptikChat;
  }
}

export { HaptikChat };
