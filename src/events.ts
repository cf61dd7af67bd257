import type { ChatError } from './chat-error.js';
import type { Rating } from './conversation.js';
import type { HslMessage, NativeAction } from './hsl.js';
import { HaptikCloseEvent, HaptikLoadErrorEvent, HaptikOpenEvent } from './launcher-events.js';

export { HaptikCloseEvent, HaptikLoadErrorEvent, HaptikOpenEvent };

/** Fired before a user message goes out. Cancel it to keep the message from being sent. */
export class HaptikSendEvent extends Event {
  static readonly eventName = 'haptik-send';
  constructor(
    /** What the user sees in their bubble. */
    readonly text: string,
    /** What goes to the bot (a quick reply may send a different payload). */
    readonly messageBody: string,
  ) {
    super(HaptikSendEvent.eventName, { bubbles: true, composed: true, cancelable: true });
  }
}

/** Fired once for every bot message that arrives, in order. */
export class HaptikMessageEvent extends Event {
  static readonly eventName = 'haptik-message';
  constructor(readonly message: HslMessage) {
    super(HaptikMessageEvent.eventName, { bubbles: true, composed: true });
  }
}

/**
 * Fired when a send fails; the user's text stays in the transcript with a retry control. `error.code`
 * says why when the proxy said so: `identity_required` (give the widget a fresh `auth-token`),
 * `rate_limited`, `business_not_allowed`…
 */
export class HaptikErrorEvent extends Event {
  static readonly eventName = 'haptik-error';
  constructor(
    readonly error: ChatError,
    /** The text of the message that failed; empty when no message did (the agents' stream was refused). */
    readonly text: string,
  ) {
    super(HaptikErrorEvent.eventName, { bubbles: true, composed: true });
  }
}

/** Fired for a NATIVE_ACTION message: the host page decides what it means. */
export class HaptikNativeActionEvent extends Event {
  static readonly eventName = 'haptik-native-action';
  constructor(readonly action: NativeAction) {
    super(HaptikNativeActionEvent.eventName, { bubbles: true, composed: true });
  }
}

/**
 * Fired when the user rates a bot message (thumbs up or down; `feedback` must be set), for the page's
 * analytics: nothing goes to Haptik, which has no per-message rating. A changed mind fires again.
 */
export class HaptikFeedbackEvent extends Event {
  static readonly eventName = 'haptik-feedback';
  constructor(
    /** Haptik's id of the message, or the widget's own when Haptik gave none. */
    readonly messageId: string,
    readonly value: Rating,
  ) {
    super(HaptikFeedbackEvent.eventName, { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'haptik-send': HaptikSendEvent;
    'haptik-message': HaptikMessageEvent;
    'haptik-error': HaptikErrorEvent;
    'haptik-load-error': HaptikLoadErrorEvent;
    'haptik-open': HaptikOpenEvent;
    'haptik-close': HaptikCloseEvent;
    'haptik-native-action': HaptikNativeActionEvent;
    'haptik-feedback': HaptikFeedbackEvent;
  }
}
