/**
 * The script-tag demo page's own script (the page's CSP allows no inline script): a proactive prompt on
 * the closed launcher.
 */
import type {} from 'haptik-chat';

await customElements.whenDefined('haptik-chat');
const chat = document.querySelector('haptik-chat');
if (chat) {
  chat.prompts = [
    { text: 'Hi! Want to see what this bot can do?', quickReplies: ['Everything', 'Hi'], delayMs: 1500 },
  ];
}
