/** Every piece of UI text the widget shows or announces; override any of them through `strings`. */
export interface ChatStrings {
  openChat: string;
  closeChat: string;
  conversation: string;
  inputLabel: string;
  send: string;
  typing: string;
  retry: string;
  sending: string;
  queued: string;
  failed: string;
  suggestedReplies: string;
  missingBusinessId: string;
  sent: string;
  offline: string;
  newMessages: string;
  /** `{count}` is replaced by the number of unread messages. */
  unread: string;
  // Message content (render/): links, web view, carousels, images, fallbacks.
  openInNewTab: string;
  closeWebView: string;
  webViewBlocked: string;
  carousel: string;
  previousCards: string;
  nextCards: string;
  unsupportedMessage: string;
  /** Read after a link that opens a new tab (hidden from sight). */
  opensInNewTab: string;
  /** Read after a bubble that answers when tapped; `{label}` is the answer. */
  tapToReply: string;
  /** A SYSTEM line when a human agent takes the conversation; `{name}` is the agent's. */
  agentJoined: string;
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
  // The menu and the rating form: their defaults load with them (panel-extras.ts), not up front.
  newConversation?: string;
  confirmNewConversation?: string;
  startNew?: string;
  cancel?: string;
  downloadTranscript?: string;
  /** Who speaks in a downloaded transcript, for the user's lines. */
  you?: string;
  rateConversation?: string;
  queryResolved?: string;
  yes?: string;
  no?: string;
  satisfaction?: string;
  /** The label of each star; `{count}` is 1 to 5. */
  stars?: string;
  comment?: string;
  submitRating?: string;
  ratingSent?: string;
  /** Haptik takes one rating an hour from each user. */
  ratingDuplicate?: string;
  /** Haptik knows no conversation of this user to rate (none yet, or an unknown user). */
  ratingNoConversation?: string;
  /** The proxy does not forward ratings (no HAPTIK_FEEDBACK_URL). */
  ratingUnavailable?: string;
  ratingFailed?: string;
}

export const defaultStrings: ChatStrings = {
  openChat: 'Open chat',
  closeChat: 'Close chat',
  conversation: 'Conversation',
  inputLabel: 'Message',
  send: 'Send',
  typing: 'The bot is typing',
  retry: 'Retry',
  sending: 'Sending…',
  queued: 'Waiting to send',
  failed: 'Not sent',
  suggestedReplies: 'Suggested replies',
  missingBusinessId: 'This chat is not set up: the business-id attribute is missing.',
  sent: 'Sent',
  offline: 'You are offline: it will be sent when you are back online.',
  newMessages: 'New messages',
  unread: '{count} unread',
  openInNewTab: 'Open in a new tab',
  closeWebView: 'Close',
  webViewBlocked: 'This page cannot be shown here.',
  carousel: 'Cards',
  previousCards: 'Previous cards',
  nextCards: 'Next cards',
  unsupportedMessage: 'This message cannot be shown here.',
  opensInNewTab: '(opens in a new tab)',
  tapToReply: 'Tap to reply “{label}”',
  agentJoined: '{name} joined the conversation',
  conversationEnded: 'This conversation has ended',
  rateMessage: 'Rate this answer',
  helpful: 'Helpful',
  notHelpful: 'Not helpful',
  thanks: 'Thanks for your feedback.',
  menu: 'More options',
};
