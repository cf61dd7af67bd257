/** French (français). */
import { plural } from '../plural.js';
import type { ChatStrings } from '../strings.js';

const fr: ChatStrings = {
  openChat: 'Ouvrir le chat',
  closeChat: 'Fermer le chat',
  unread: plural('fr', {
    one: (n) => `${n} message non lu`,
    other: (n) => `${n} messages non lus`,
  }),
  closePrompt: 'Ignorer',
  heading: 'Chat',
  placeholder: 'Écrivez un message…',
  conversation: 'Conversation',
  inputLabel: 'Message',
  send: 'Envoyer',
  typing: 'Le bot écrit',
  retry: 'Réessayer',
  sending: 'Envoi…',
  queued: 'En attente d’envoi',
  failed: 'Non envoyé',
  suggestedReplies: 'Réponses suggérées',
  missingBusinessId: 'Ce chat n’est pas configuré\u00a0: l’attribut business-id est absent.',
  sent: 'Envoyé',
  offline: 'Vous êtes hors ligne\u00a0: le message partira dès votre retour en ligne.',
  newMessages: 'Nouveaux messages',
  openInNewTab: 'Ouvrir dans un nouvel onglet',
  closeWebView: 'Fermer',
  webViewBlocked: 'Cette page ne peut pas être affichée ici.',
  carousel: 'Cartes',
  previousCards: 'Cartes précédentes',
  nextCards: 'Cartes suivantes',
  unsupportedMessage: 'Ce message ne peut pas être affiché ici.',
  opensInNewTab: '(s’ouvre dans un nouvel onglet)',
  tapToReply: (label) => `Touchez pour répondre «\u00a0${label}\u00a0»`,
  agentJoined: (name) => `${name} a rejoint la conversation`,
  conversationEnded: 'Cette conversation est terminée',
};
export default fr;
