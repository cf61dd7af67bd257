/** Spanish (español). */
import { plural } from '../plural.js';
import type { ChatStrings } from '../strings.js';

const es: ChatStrings = {
  openChat: 'Abrir chat',
  closeChat: 'Cerrar chat',
  unread: plural('es', {
    one: (n) => `${n} mensaje sin leer`,
    other: (n) => `${n} mensajes sin leer`,
  }),
  closePrompt: 'Descartar',
  heading: 'Chat',
  placeholder: 'Escribe un mensaje…',
  conversation: 'Conversación',
  inputLabel: 'Mensaje',
  send: 'Enviar',
  typing: 'El bot está escribiendo',
  retry: 'Reintentar',
  sending: 'Enviando…',
  queued: 'Esperando para enviar',
  failed: 'No enviado',
  suggestedReplies: 'Respuestas sugeridas',
  missingBusinessId: 'Este chat no está configurado: falta el atributo business-id.',
  sent: 'Enviado',
  offline: 'No tienes conexión: se enviará cuando vuelvas a estar en línea.',
  newMessages: 'Mensajes nuevos',
  openInNewTab: 'Abrir en una pestaña nueva',
  closeWebView: 'Cerrar',
  webViewBlocked: 'Esta página no se puede mostrar aquí.',
  carousel: 'Tarjetas',
  previousCards: 'Tarjetas anteriores',
  nextCards: 'Tarjetas siguientes',
  unsupportedMessage: 'Este mensaje no se puede mostrar aquí.',
  opensInNewTab: '(se abre en una pestaña nueva)',
  tapToReply: (label) => `Toca para responder «${label}»`,
  agentJoined: (name) => `${name} se unió a la conversación`,
  conversationEnded: 'Esta conversación ha terminado',
};
export default es;
