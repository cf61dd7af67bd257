/**
 * The script-tag demo page's own script (the page's CSP allows no inline script): a proactive prompt
 * beside the closed launcher, and the language switcher, which sets the element's `lang`.
 */
import type {} from 'haptik-chat';

await customElements.whenDefined('haptik-chat');
const chat = document.querySelector('haptik-chat');
const language = document.querySelector<HTMLSelectElement>('#language');
if (chat) {
  chat.prompts = [
    { text: 'Hi! Want to see what this bot can do?', quickReplies: ['Everything', 'Hi'], delayMs: 1500 },
  ];
  language?.addEventListener('change', () => {
    chat.lang = language.value;
  });
}
