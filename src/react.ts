/**
 * `haptik-chat/react`: `<haptik-chat>` as a React component, made with @lit/react, for React 18 and 19.
 * Properties are set as properties and the element's events are `onHaptik…` props. Importing this module
 * registers the element.
 */
import * as React from 'react';
import { createComponent, type EventName, type WebComponentProps } from '@lit/react';
import { HaptikChat as HaptikChatElement } from './index.js';
import type {
  HaptikCloseEvent,
  HaptikErrorEvent,
  HaptikFeedbackEvent,
  HaptikLoadErrorEvent,
  HaptikMessageEvent,
  HaptikNativeActionEvent,
  HaptikOpenEvent,
  HaptikSendEvent,
} from './events.js';

/**
 * `<HaptikChat businessId={343} onHaptikMessage={(event) => …} />`: the element with React props.
 * A ref gives the element itself, for `send()`, `show()`, `hide()`, `toggle()` and `clear()`.
 */
export const HaptikChat = createComponent({
  react: React,
  tagName: 'haptik-chat',
  elementClass: HaptikChatElement,
  events: {
    onHaptikSend: 'haptik-send' as EventName<HaptikSendEvent>,
    onHaptikMessage: 'haptik-message' as EventName<HaptikMessageEvent>,
    onHaptikError: 'haptik-error' as EventName<HaptikErrorEvent>,
    onHaptikLoadError: 'haptik-load-error' as EventName<HaptikLoadErrorEvent>,
    onHaptikOpen: 'haptik-open' as EventName<HaptikOpenEvent>,
    onHaptikClose: 'haptik-close' as EventName<HaptikCloseEvent>,
    onHaptikNativeAction: 'haptik-native-action' as EventName<HaptikNativeActionEvent>,
    onHaptikFeedback: 'haptik-feedback' as EventName<HaptikFeedbackEvent>,
  },
  displayName: 'HaptikChat',
});

type HaptikEventName = Extract<keyof GlobalEventHandlersEventMap, `haptik-${string}`>;

/** React 19 listens for `on` + the event's name on a custom element: `onhaptik-message`, and so on. */
export type HaptikChatEventProps = {
  [K in HaptikEventName as `on${K}`]?: (event: GlobalEventHandlersEventMap[K]) => void;
};

/**
 * The props of `<haptik-chat>` written directly in React 19 JSX (no wrapper). Declare it once in the app:
 * `declare module 'react' { namespace JSX { interface IntrinsicElements { 'haptik-chat': HaptikChatElementProps } } }`
 */
export type HaptikChatElementProps = WebComponentProps<HaptikChatElement> & HaptikChatEventProps;

export type { HaptikChatElement };
