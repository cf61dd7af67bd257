/** Portuguese (português, as in Brazil). */
import { plural } from '../plural.js';
import type { ChatStrings } from '../strings.js';

const pt: ChatStrings = {
  openChat: 'Abrir chat',
  closeChat: 'Fechar chat',
  unread: plural('pt', {
    one: (n) => `${n} mensagem não lida`,
    other: (n) => `${n} mensagens não lidas`,
  }),
  closePrompt: 'Dispensar',
  heading: 'Chat',
  placeholder: 'Digite uma mensagem…',
  conversation: 'Conversa',
  inputLabel: 'Mensagem',
  send: 'Enviar',
  typing: 'O bot está digitando',
  retry: 'Tentar novamente',
  sending: 'Enviando…',
  queued: 'Aguardando envio',
  failed: 'Não enviada',
  suggestedReplies: 'Respostas sugeridas',
  missingBusinessId: 'Este chat não está configurado: falta o atributo business-id.',
  sent: 'Enviada',
  offline: 'Você está off-line: a mensagem será enviada quando você voltar a ficar on-line.',
  newMessages: 'Novas mensagens',
  openInNewTab: 'Abrir em uma nova aba',
  closeWebView: 'Fechar',
  webViewBlocked: 'Esta página não pode ser exibida aqui.',
  carousel: 'Cartões',
  previousCards: 'Cartões anteriores',
  nextCards: 'Próximos cartões',
  unsupportedMessage: 'Esta mensagem não pode ser exibida aqui.',
  opensInNewTab: '(abre em uma nova aba)',
  tapToReply: (label) => `Toque para responder “${label}”`,
  agentJoined: (name) => `${name} entrou na conversa`,
  conversationEnded: 'Esta conversa foi encerrada',
};
export default pt;
