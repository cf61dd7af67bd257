/**
 * What the lazily loaded panel needs from its element, and nothing more: the element's settings, its UI
 * text, a way to ask for a render and to tell the page what happened. Kept narrow so the
 * panel can be read (and tested) without the element's other jobs.
 */
import type { ReactiveControllerHost } from 'lit';
import type { ChatMode } from './haptik-chat.js';
import type { PersistMode } from './persistence.js';
import type { HslRenderers } from './renderers.js';
import type { ChatStrings } from './strings.js';

export interface PanelHost extends ReactiveControllerHost, EventTarget {
  readonly endpoint: string;
  readonly businessId?: number | undefined;
  readonly authId?: string | undefined;
  readonly authToken?: string | undefined;
  /** The page's heading and placeholder; unset, the panel uses the UI text's. */
  readonly heading?: string | undefined;
  readonly placeholder?: string | undefined;
  readonly mode: ChatMode;
  readonly open: boolean;
  readonly persist: PersistMode;
  readonly timeout: number;
  readonly fetch?: typeof fetch | undefined;
  /** Sent, hidden, when a new conversation is first shown. */
  readonly startMessage?: string | undefined;
  /** Whether ratings are offered. */
  readonly feedback: boolean;
  readonly botName?: string | undefined;
  readonly botAvatar?: string | undefined;
  /** Milliseconds between the bubbles of a many-message reply; 0: all at once. */
  readonly pace: number;
  /** How long (ms) after the last activity the agents' event stream stays open. */
  readonly streamIdle: number;
  /** Whether bot images may come from the page's own origin. */
  readonly sameOriginImages: boolean;
  /** The page's renderers, by HSL type. */
  readonly renderers: HslRenderers;
  /** The UI text in force. */
  readonly text: ChatStrings;
  /** Where the panel renders (the element's shadow root). */
  readonly renderRoot: HTMLElement | DocumentFragment;
  readonly isConnected: boolean;
  /** The element's own style, for the properties the panel measures (the visual viewport's height). */
  readonly style: CSSStyleDeclaration;
  /** Closes the launcher panel. */
  hide(): void;
  /** Tells the page that a part's code could not be loaded (`haptik-load-error`). */
  reportLoadError(error: unknown): void;
  /** Adds the styles of a part loaded later (the menu and rating form) to the element's. */
  adoptStyles(styles: readonly string[]): void;
}
