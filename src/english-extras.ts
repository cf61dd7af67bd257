/** English for the header menu and the rating form: a module of its own, so it loads with them. */
import type { ChatStrings, ExtrasKey } from './strings.js';

/** The English of the menu and the rating form: it loads with them (panel-extras.ts), not with the panel. */
export const englishExtras: Pick<ChatStrings, ExtrasKey> = {
  newConversation: 'New conversation',
  confirmNewConversation: 'Start a new conversation? The messages here will be cleared.',
  startNew: 'Start new',
  cancel: 'Cancel',
  downloadTranscript: 'Download transcript',
  you: 'You',
  rateConversation: 'Rate this conversation',
  queryResolved: 'Was your query resolved?',
  yes: 'Yes',
  no: 'No',
  satisfaction: 'How satisfied are you?',
  stars: (count: number) => `${count} of 5`,
  comment: 'Anything else? (optional)',
  submitRating: 'Send rating',
  ratingSent: 'Thank you: your rating was sent.',
  ratingDuplicate: 'You rated this conversation a moment ago. You can rate it again in an hour.',
  ratingNoConversation: 'There is no conversation to rate yet: send a message first.',
  ratingUnavailable: 'Rating is not available in this chat.',
  ratingFailed: 'Your rating could not be sent. Please try again.',
};
