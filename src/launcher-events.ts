/** The events the launcher fires itself: kept apart from events.ts so it loads only these up front. */

/** Fired when the panel's code could not be loaded; opening the panel (or `send()`) tries again. */
export class HaptikLoadErrorEvent extends Event {
  static readonly eventName = 'haptik-load-error';
  constructor(readonly error: Error) {
    super(HaptikLoadErrorEvent.eventName, { bubbles: true, composed: true });
  }
}

/** Fired when the launcher panel opens. */
export class HaptikOpenEvent extends Event {
  static readonly eventName = 'haptik-open';
  constructor() {
    super(HaptikOpenEvent.eventName, { bubbles: true, composed: true });
  }
}

/** Fired when the launcher panel closes. */
export class HaptikCloseEvent extends Event {
  static readonly eventName = 'haptik-close';
  constructor() {
    super(HaptikCloseEvent.eventName, { bubbles: true, composed: true });
  }
}
