/** Hindi (हिन्दी). */
import { plural } from '../plural.js';
import type { ChatStrings } from '../strings.js';

const hi: ChatStrings = {
  openChat: 'चैट खोलें',
  closeChat: 'चैट बंद करें',
  unread: plural('hi', { other: (n) => `${n} अपठित संदेश` }),
  closePrompt: 'हटाएँ',
  heading: 'चैट',
  placeholder: 'संदेश लिखें…',
  conversation: 'बातचीत',
  inputLabel: 'संदेश',
  send: 'भेजें',
  typing: 'बॉट लिख रहा है',
  retry: 'फिर से कोशिश करें',
  sending: 'भेजा जा रहा है…',
  queued: 'भेजे जाने की प्रतीक्षा में',
  failed: 'नहीं भेजा गया',
  suggestedReplies: 'सुझाए गए जवाब',
  missingBusinessId: 'यह चैट सेट नहीं है: business-id एट्रिब्यूट नहीं दिया गया है।',
  sent: 'भेजा गया',
  offline: 'आप ऑफ़लाइन हैं: ऑनलाइन होते ही यह भेज दिया जाएगा।',
  newMessages: 'नए संदेश',
  openInNewTab: 'नए टैब में खोलें',
  closeWebView: 'बंद करें',
  webViewBlocked: 'यह पेज यहाँ नहीं दिखाया जा सकता।',
  carousel: 'कार्ड',
  previousCards: 'पिछले कार्ड',
  nextCards: 'अगले कार्ड',
  unsupportedMessage: 'यह संदेश यहाँ नहीं दिखाया जा सकता।',
  opensInNewTab: '(नए टैब में खुलता है)',
  tapToReply: (label) => `“${label}” से जवाब देने के लिए टैप करें`,
  agentJoined: (name) => `${name} बातचीत में शामिल हुए`,
  conversationEnded: 'यह बातचीत समाप्त हो गई है',
};
export default hi;
