/** What a message template may do in response to the user, and what it knows about its place. */
import type { TemplateResult } from 'lit';
import type { Agent, HslMessage } from '../hsl.js';
import type { Rating } from '../conversation.js';
import type { ChatStrings } from '../strings.js';
import type { ImageUse } from '../url-policy.js';

export interface RenderContext {
  strings: ChatStrings;
  /** `own-image` when the page set `same-origin-images`; otherwise same-origin images are refused. */
  images: ImageUse;
  /** True for the first of a run of bot messages (or of another agent's): show the agent there. */
  firstInGroup: boolean;
  /** Who to name there: the message's agent, or the bot itself for Haptik's engine ("gogo"). */
  agent?: Agent | undefined;
  /** Send a message as the user: `display` in their bubble, `body` to the bot. */
  send(display: string, body: string): void;
  /** Open a URL (already checked) in the in-widget web view, `height` (0–1] of the panel when given. */
  openWebView(url: string, title: string, height?: number): void;
  /**
   * Whether this message's quick replies are still on offer (it belongs to the bot's latest turn and none
   * was used nor typed over). Tapping the bubble of an `is_default` reply works only then. Unset: on offer.
   */
  offersQuickReplies?: boolean;
  /** Draws a carousel's cards; unset until render/carousel.js has loaded (with the first carousel). */
  carousel?: (message: Extract<HslMessage, { kind: 'carousel' }>, context: RenderContext) => TemplateResult;
  /** The `<time>` under this message, when it ends a run. */
  time?: TemplateResult | undefined;
  /** Set when the page asked for ratings (`feedback`): records a thumbs up or down on this message. */
  rate?: ((rating: Rating) => void) | undefined;
}
