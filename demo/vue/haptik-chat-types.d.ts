// Types `<haptik-chat>` in Vue templates (Volar, vue-tsc) through GlobalComponents, the way Vue's guide
// types custom elements that are not Vue components. An app writes this once.
import type { EmitFn, HTMLAttributes, PublicProps } from 'vue';
import type { HaptikChat } from 'haptik-chat';
import type { LitElement } from 'lit';

type HaptikEventName = Extract<keyof GlobalEventHandlersEventMap, `haptik-${string}`>;

/** What `:prop` and `v-bind` may set on the element: its own properties. */
export type HaptikChatProps = Partial<Omit<HaptikChat, keyof LitElement>>;

/** What `@haptik-…` listeners receive. */
export type HaptikChatEvents = {
  [K in HaptikEventName]: (event: GlobalEventHandlersEventMap[K]) => void;
};

declare module 'vue' {
  interface GlobalComponents {
    'haptik-chat': new () => HaptikChat & {
      $props: HTMLAttributes & HaptikChatProps & PublicProps;
      $emit: EmitFn<HaptikChatEvents>;
    };
  }
}
