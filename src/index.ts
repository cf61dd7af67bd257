/** The npm entry: registers `<haptik-chat>` and exports its class, events, errors and public types. */
export { HaptikChat } from './register.js';
export type { ChatMode, LauncherPosition } from './haptik-chat.js';
export * from './events.js';
export { ChatError, type ChatErrorCode, type ChatErrorKind } from './chat-error.js';
export type { HaptikRequestBody, ProxyErrorCode } from './wire.js';
export type { ChatStrings, Language } from './strings.js';
export { plural, type PluralForms } from './plural.js';
export type { PersistMode } from './persistence.js';
export type { ChatPrompt } from './prompt.js';
export type { HslRenderer, HslRenderers, RendererHelpers, RendererMessage } from './renderers.js';
export type { Rating } from './conversation.js';
export type * from './hsl.js';
