/** Every piece of UI text the widget shows or announces; override any of them through `strings`. */
export interface ChatStrings {
  openChat: string;
  closeChat: string;
  /** Shown in the panel while its code loads, and if that fails (opening it again tries again). */
  loading: string;
  loadFailed: string;
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
  /** `{count}` is replaced by the number of unread messages. */
  unread: string;
  // Message content (render/): links, web view, carousels, images, fallbacks.
  openInNewTab: string;
  closeWebView: string;
  webViewBlocked: string;
  carousel: string;
  previousCards: string;
  nextCards: string;
  /** Under a row of cards: `{index}` is the card it is at, `{count}` how many there are. */
  cardPosition: string;
  /** Shows the rest of a card's long description, and hides it again. */
  more: string;
  less: string;
  unsupportedMessage: string;
  /** Under a message whose bot sent more quick replies, buttons or cards than are shown. */
  omitted: string;
  /** Read after a link that opens a new tab (hidden from sight). */
  opensInNewTab: string;
  /** Read after a bubble that answers when tapped; `{label}` is the answer. */
  tapToReply: string;
  /** A SYSTEM line when a human agent takes the conversation; `{name}` is the agent's. */
  agentJoined: string;
  /** A SYSTEM line when the conversation was marked complete. */
  conversationEnded: string;
}

export const defaultStrings: ChatStrings = {
  openChat: 'Open chat',
  closeChat: 'Close chat',
  loading: 'Loading…',
  loadFailed: 'The chat could not load. Close it and try again.',
  conversation: 'Conversation',
  inputLabel: 'Message',
  send: 'Send',
  typing: 'The bot is typing',
  retry: 'Retry',
  sending: 'Sending…',
  queued: 'Waiting to send',
  failed: 'Not sent',
  noAnswer: 'No answer. The bot may already have it.',
  sendAgain: 'Send again',
  stillWorking: 'Still working on it…',
  suggestedReplies: 'Suggested replies',
  missingBusinessId: 'This chat is not set up: the business-id attribute is missing.',
  sent: 'Sent',
  offline: 'You are offline: it will be sent when you are back online.',
  newMessages: 'New messages',
  unread: '{count} unread',
  openInNewTab: 'Open in a new tab',
  closeWebView: 'Back to the chat',
  webViewBlocked: 'This page cannot be shown here.',
  carousel: 'Cards',
  previousCards: 'Previous cards',
  nextCards: 'Next cards',
  cardPosition: '{index} of {count}',
  more: 'More',
  less: 'Less',
  unsupportedMessage: 'This message cannot be shown here.',
  omitted: '{count} more options were left out.',
  opensInNewTab: '(opens in a new tab)',
  tapToReply: 'Tap to reply “{label}”',
  agentJoined: '{name} joined the conversation',
  conversationEnded: 'This conversation has ended',
};
