/**
 * The theme gallery: each chat says hi to the demo bot (or what its `data-say` says), so every theme
 * shows a conversation.
 */
import type {} from 'haptik-chat';

await customElements.whenDefined('haptik-chat');
for (const chat of document.querySelectorAll('haptik-chat')) void chat.send(chat.dataset['say'] ?? 'hi');
