/** The theme gallery: each chat says hi to the demo bot, so every theme shows a conversation. */
import type {} from 'haptik-chat';

await customElements.whenDefined('haptik-chat');
for (const chat of document.querySelectorAll('haptik-chat')) void chat.send('hi');
