/**
 * The theme gallery: each chat says hi to the demo bot (or what its `data-say` says), so every theme
 * shows a conversation. The rating figure also says bye (the demo bot then marks the chat complete), and
 * the days figure starts from a conversation stored yesterday.
 */
import type {} from 'haptik-chat';

const HOUR = 60 * 60 * 1000;
const yesterday = Date.now() - 24 * HOUR;
const text = (words: string) => ({ text: words, type: 'TEXT', data: { quick_replies: [] } });
// Kept in this tab's session storage, which no other chat of the gallery uses.
sessionStorage.setItem(
  'haptik-chat:/api/haptik:343',
  JSON.stringify({
    v: 2,
    savedAt: Date.now(),
    authId: `anon-${crypto.randomUUID()}`,
    entries: [
      {
        role: 'user',
        id: 'u1',
        text: 'Where is my order?',
        body: 'Where is my order?',
        status: 'sent',
        at: yesterday,
      },
      { role: 'bot', id: 'b1', body: text('It left our warehouse this morning.'), at: yesterday + 4000 },
      { role: 'bot', id: 'b2', body: text('It should arrive tomorrow.'), at: yesterday + 5000 },
      {
        role: 'user',
        id: 'u2',
        text: 'Thanks!',
        body: 'Thanks!',
        status: 'sent',
        at: yesterday + 9 * 60_000,
      },
    ],
  }),
);
const days = document.createElement('haptik-chat');
for (const [name, value] of Object.entries({
  mode: 'inline',
  'business-id': '343',
  heading: 'Support',
  persist: 'session',
})) {
  days.setAttribute(name, value);
}
days.toggleAttribute('feedback', true);
document.getElementById('days')!.append(days);

await customElements.whenDefined('haptik-chat');
for (const chat of document.querySelectorAll('haptik-chat')) {
  // A dozen chats on one page, each keeping an agent event stream open after its send, would hold all six
  // of the browser's HTTP/1.1 connections to the demo server (and stall what loads later): the gallery's
  // chats do not listen for agents.
  chat.streamIdle = 0;
  void chat.send(chat.dataset['say'] ?? 'hi');
}
void document.querySelector<HTMLElementTagNameMap['haptik-chat']>('#rating haptik-chat')!.send('bye');
