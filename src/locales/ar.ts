/** Arabic (العربية), written right to left. */
import { plural } from '../plural.js';
import type { ChatStrings } from '../strings.js';

const ar: ChatStrings = {
  openChat: 'فتح المحادثة',
  closeChat: 'إغلاق المحادثة',
  unread: plural('ar', {
    zero: () => 'لا رسائل غير مقروءة',
    one: () => 'رسالة واحدة غير مقروءة',
    two: () => 'رسالتان غير مقروءتين',
    few: (n) => `${n} رسائل غير مقروءة`,
    many: (n) => `${n} رسالة غير مقروءة`,
    other: (n) => `${n} رسالة غير مقروءة`,
  }),
  closePrompt: 'تجاهل',
  heading: 'محادثة',
  placeholder: 'اكتب رسالة…',
  conversation: 'المحادثة',
  inputLabel: 'الرسالة',
  send: 'إرسال',
  typing: 'الروبوت يكتب',
  retry: 'إعادة المحاولة',
  sending: 'جارٍ الإرسال…',
  queued: 'في انتظار الإرسال',
  failed: 'لم تُرسَل',
  suggestedReplies: 'ردود مقترحة',
  missingBusinessId: 'لم يتم إعداد هذه المحادثة: السمة business-id غير موجودة.',
  sent: 'أُرسلت',
  offline: 'أنت غير متصل: ستُرسل الرسالة عند عودة الاتصال.',
  newMessages: 'رسائل جديدة',
  openInNewTab: 'فتح في علامة تبويب جديدة',
  closeWebView: 'إغلاق',
  webViewBlocked: 'لا يمكن عرض هذه الصفحة هنا.',
  carousel: 'بطاقات',
  previousCards: 'البطاقات السابقة',
  nextCards: 'البطاقات التالية',
  unsupportedMessage: 'لا يمكن عرض هذه الرسالة هنا.',
  opensInNewTab: '(تُفتح في علامة تبويب جديدة)',
  tapToReply: (label) => `انقر للرد بـ «${label}»`,
  agentJoined: (name) => `انضم ${name} إلى المحادثة`,
  conversationEnded: 'انتهت هذه المحادثة',
};
export default ar;
