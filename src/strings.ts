/**
 * Every piece of UI text the widget shows or announces, as a type every language must satisfy: a string
 * left out of a translation is a type error. Texts that take values are functions (a count goes through
 * `Intl.PluralRules`, see plural.ts), never templates to fill in. Override any of them through `strings`.
 *
 * English lives in two places: the launcher's four strings here (the launcher loads up front and shows
 * only these), the rest with the panel (english.ts). Each other language is a chunk of its own
 * (locales/*.ts), loaded when the widget's `lang` asks for it.
 */
export interface ChatStrings {
  // The launcher (and the prompt beside it), and the panel's frame while its code loads.
  openChat: string;
  closeChat: string;
  /** The unread count, read after `openChat` on the launcher's label. */
  unread: (count: number) => string;
  /** The close button of a proactive prompt. */
  closePrompt: string;
  /** Shown in the panel while its code loads, and if that fails (opening it again tries again). */
  loading: string;
  loadFailed: string;
  // The panel.
  /** The panel's title when the page sets no `heading`. */
  heading: string;
  /** The composer's placeholder when the page sets no `placeholder`. */
  placeholder: string;
  conversation: string;
  inputLabel: string;
  send: string;
  typing: string;
  retry: string;
  sending: string;
  queued: string;
  failed: string;
  /** A failed message that may have reached the bot anyway (no answer in time); its retry is `sendAgain`. */
  noAnswer: string;
  sendAgain: string;
  /** Beside the typing dots when the bot takes a few seconds. */
  stillWorking: string;
  suggestedReplies: string;
  missingBusinessId: string;
  sent: string;
  offline: string;
  newMessages: string;
  /** Above a long transcript's first drawn message: draws the ones before it. */
  earlierMessages: string;
  // Message content (render/): links, web view, carousels, images, fallbacks.
  openInNewTab: string;
  closeWebView: string;
  webViewBlocked: string;
  carousel: string;
  previousCards: string;
  nextCards: string;
  /** Under a row of cards: the card it is at (from 1), of how many. */
  cardPosition: (index: number, count: number) => string;
  /** Shows the rest of a card's long description, and hides it again. */
  more: string;
  less: string;
  unsupportedMessage: string;
  /** Under a message whose bot sent more quick replies, buttons or cards than are shown, with how many. */
  omitted: (count: number) => string;
  /** Read after a link that opens a new tab (hidden from sight). */
  opensInNewTab: string;
  /** Read after a bubble that answers when tapped, with the answer it gives. */
  tapToReply: (label: string) => string;
  /** A SYSTEM line when a human agent takes the conversation, with the agent's name. */
  agentJoined: (name: string) => string;
  /** A SYSTEM line when the conversation was marked complete. */
  conversationEnded: string;
  // Ratings (`feedback`): thumbs on each bot message.
  rateMessage: string;
  helpful: string;
  notHelpful: string;
  /** Announced when a thumb is chosen. */
  thanks: string;
  /** The header's menu button. */
  menu: string;
  // The menu and the rating form (panel-extras.ts; English comes with them, not with the panel).
  newConversation: string;
  confirmNewConversation: string;
  startNew: string;
  cancel: string;
  downloadTranscript: string;
  /** Who speaks in a downloaded transcript, for the user's lines. */
  you: string;
  rateConversation: string;
  queryResolved: string;
  yes: string;
  no: string;
  satisfaction: string;
  /** The label of each star, 1 to 5. */
  stars: (count: number) => string;
  comment: string;
  submitRating: string;
  ratingSent: string;
  /** Haptik takes one rating an hour from each user. */
  ratingDuplicate: string;
  /** Haptik knows no conversation of this user to rate (none yet, or an unknown user). */
  ratingNoConversation: string;
  /** The proxy does not forward ratings (no HAPTIK_FEEDBACK_URL). */
  ratingUnavailable: string;
  ratingFailed: string;
}

/** The strings that load with the header menu and the rating form (panel-extras.ts), not with the panel. */
export type ExtrasKey =
  | 'newConversation'
  | 'confirmNewConversation'
  | 'startNew'
  | 'cancel'
  | 'downloadTranscript'
  | 'you'
  | 'rateConversation'
  | 'queryResolved'
  | 'yes'
  | 'no'
  | 'satisfaction'
  | 'stars'
  | 'comment'
  | 'submitRating'
  | 'ratingSent'
  | 'ratingDuplicate'
  | 'ratingNoConversation'
  | 'ratingUnavailable'
  | 'ratingFailed';

/** The panel's English: everything but what its extras bring (english.ts). */
export type PanelStrings = Omit<ChatStrings, ExtrasKey>;

/** What the launcher shows before the panel (and its strings) load. */
export type LauncherStrings = Pick<
  ChatStrings,
  'openChat' | 'closeChat' | 'unread' | 'closePrompt' | 'loading' | 'loadFailed' | 'heading'
>;

export const launcherStrings: LauncherStrings = {
  openChat: 'Open chat',
  closeChat: 'Close chat',
  unread: (count) => `${count} unread`,
  closePrompt: 'Dismiss',
  loading: 'Loading…',
  loadFailed: 'The chat could not load. Close it and try again.',
  heading: 'Chat',
};

/** The languages with built-in translations (ISO 639-1); anything else is shown in English. */
export const LANGUAGES = ['en', 'hi', 'ar', 'es', 'fr', 'de', 'pt', 'id'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Languages written right to left: the widget takes that direction when it speaks one. */
export const RTL_LANGUAGES: readonly string[] = ['ar', 'he', 'fa', 'ur'];
