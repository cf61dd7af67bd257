/** Indonesian (Bahasa Indonesia). */
import { plural } from '../plural.js';
import type { ChatStrings } from '../strings.js';

const id: ChatStrings = {
  openChat: 'Buka obrolan',
  closeChat: 'Tutup obrolan',
  unread: plural('id', { other: (n) => `${n} pesan belum dibaca` }),
  closePrompt: 'Abaikan',
  heading: 'Obrolan',
  placeholder: 'Ketik pesan…',
  conversation: 'Percakapan',
  inputLabel: 'Pesan',
  send: 'Kirim',
  typing: 'Bot sedang mengetik',
  retry: 'Coba lagi',
  sending: 'Mengirim…',
  queued: 'Menunggu dikirim',
  failed: 'Tidak terkirim',
  suggestedReplies: 'Saran balasan',
  missingBusinessId: 'Obrolan ini belum disiapkan: atribut business-id tidak ada.',
  sent: 'Terkirim',
  offline: 'Anda sedang offline: pesan akan dikirim saat Anda kembali online.',
  newMessages: 'Pesan baru',
  openInNewTab: 'Buka di tab baru',
  closeWebView: 'Tutup',
  webViewBlocked: 'Halaman ini tidak dapat ditampilkan di sini.',
  carousel: 'Kartu',
  previousCards: 'Kartu sebelumnya',
  nextCards: 'Kartu berikutnya',
  unsupportedMessage: 'Pesan ini tidak dapat ditampilkan di sini.',
  opensInNewTab: '(terbuka di tab baru)',
  tapToReply: (label) => `Ketuk untuk membalas “${label}”`,
  agentJoined: (name) => `${name} bergabung dalam percakapan`,
  conversationEnded: 'Percakapan ini telah berakhir',
};
export default id;
