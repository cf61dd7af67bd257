/** Registers `<haptik-chat>` (once, and only where custom elements exist) and exports the public types. */
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
export type { ChatMode, LauncherPosition } from './haptik-chat.js';
export * from './events.js';
export { ChatError, type ChatErrorCode, type ChatErrorKind } from './chat-error.js';
export type { HaptikRequestBody, ProxyErrorCode } from './wire.js';
export type { ChatStrings } from './strings.js';
export type { PersistMode } from './persistence.js';
export type * from './hsl.js';
