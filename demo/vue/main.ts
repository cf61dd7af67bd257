/**
 * Vue 3 using `<haptik-chat>`: chat-demo.html is compiled with `isCustomElement` (see
 * vite.demo.config.ts), sets the element's properties with `v-bind` and listens with `@haptik-message`;
 * haptik-chat-types.d.ts types the element through GlobalComponents.
 */
import { createApp, defineComponent, ref } from 'vue';
import 'haptik-chat';
import type { HaptikChatEvents, HaptikChatProps } from './haptik-chat-types.js';
import { render } from './chat-demo.html?vue-template';

const ChatDemo = defineComponent({
  props: { businessId: { type: Number, required: true } },
  setup(props) {
    const mounted = ref(true);
    const received = ref<string[]>([]);
    const chat: HaptikChatProps = {
      mode: 'inline',
      heading: 'Vue 3',
      businessId: props.businessId,
      persist: 'none',
    };
    const onMessage: HaptikChatEvents['haptik-message'] = (event) => {
      received.value.push(event.message.text);
    };
    return { mounted, received, chat, onMessage };
  },
  render,
});

const container = document.getElementById('app')!;
// The business id is written in the page (`data-business-id`), where `npm start` fills in the real one.
createApp(ChatDemo, { businessId: Number(container.dataset['businessId']) }).mount(container);
