/**
 * The panel's English UI text, loaded with the panel; the element adds it to the launcher's own
 * (strings.ts), which this chunk does not import: that would take them out of the launcher's file.
 */
import type { LauncherStrings, PanelStrings } from './strings.js';

/** The menu's and rating form's English comes with them (panel-extras.ts). */
export const english: Omit<PanelStrings, keyof LauncherStrings> = {
  placeholder: 'Type a message…',
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
  earlierMessages: 'Show earlier messages',
  openInNewTab: 'Open in a new tab',
  closeWebView: 'Back to the chat',
  webViewBlocked: 'This page cannot be shown here.',
  carousel: 'Cards',
  previousCards: 'Previous cards',
  nextCards: 'Next cards',
  cardPosition: (index, count) => `${index} of ${count}`,
  more: 'More',
  less: 'Less',
  unsupportedMessage: 'This message cannot be shown here.',
  omitted: (count) =>
    count === 1 ? 'One more option was left out.' : `${count} more options were left out.`,
  opensInNewTab: '(opens in a new tab)',
  tapToReply: (label) => `Tap to reply “${label}”`,
  agentJoined: (name) => `${name} joined the conversation`,
  conversationEnded: 'This conversation has ended',
  rateMessage: 'Rate this answer',
  helpful: 'Helpful',
  notHelpful: 'Not helpful',
  thanks: 'Thanks for your feedback.',
  menu: 'More options',
};
