/** German (Deutsch). */
import { plural } from '../plural.js';
import type { ChatStrings } from '../strings.js';

const de: ChatStrings = {
  openChat: 'Chat öffnen',
  closeChat: 'Chat schließen',
  unread: plural('de', {
    one: (n) => `${n} ungelesene Nachricht`,
    other: (n) => `${n} ungelesene Nachrichten`,
  }),
  closePrompt: 'Ausblenden',
  heading: 'Chat',
  placeholder: 'Nachricht schreiben…',
  conversation: 'Unterhaltung',
  inputLabel: 'Nachricht',
  send: 'Senden',
  typing: 'Der Bot schreibt',
  retry: 'Erneut versuchen',
  sending: 'Wird gesendet…',
  queued: 'Wartet auf Versand',
  failed: 'Nicht gesendet',
  suggestedReplies: 'Antwortvorschläge',
  missingBusinessId: 'Dieser Chat ist nicht eingerichtet: Das Attribut business-id fehlt.',
  sent: 'Gesendet',
  offline: 'Sie sind offline: Die Nachricht wird gesendet, sobald Sie wieder online sind.',
  newMessages: 'Neue Nachrichten',
  openInNewTab: 'In neuem Tab öffnen',
  closeWebView: 'Schließen',
  webViewBlocked: 'Diese Seite kann hier nicht angezeigt werden.',
  carousel: 'Karten',
  previousCards: 'Vorherige Karten',
  nextCards: 'Nächste Karten',
  unsupportedMessage: 'Diese Nachricht kann hier nicht angezeigt werden.',
  opensInNewTab: '(öffnet in neuem Tab)',
  tapToReply: (label) => `Tippen, um mit „${label}“ zu antworten`,
  agentJoined: (name) => `${name} ist der Unterhaltung beigetreten`,
  conversationEnded: 'Diese Unterhaltung ist beendet',
};
export default de;
