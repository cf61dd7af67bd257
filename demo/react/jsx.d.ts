// React 19 sets a custom element's props as properties and listens for `on<event-name>`: this types
// `<haptik-chat>` in JSX. An app writes these lines once.
import type { HaptikChatElementProps } from 'haptik-chat/react';

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'haptik-chat': HaptikChatElementProps;
    }
  }
}
