/**
 * Templates for one bot message. Bot text goes through render/text.ts (markup as elements, bound as
 * text); URLs pass the URL policy where they are bound. SYSTEM is an event line; SILENT and
 * NATIVE_ACTION draw nothing; anything else shows at least its text or a neutral line.
 */
import { html, nothing, type TemplateResult } from 'lit/html.js';
import type { BotEntry } from '../conversation.js';
import type { ChatStrings } from '../strings.js';
import type { Agent, HslMessage } from '../hsl.js';
import { safeUrl } from '../url-policy.js';
import { renderActions } from './actions.js';
import type { RenderContext } from './context.js';
import { cssProperty } from './css-property.js';
import { icon } from './icons.js';
import { renderMarkup } from './text.js';

type Message<K extends HslMessage['kind']> = Extract<HslMessage, { kind: K }>;

/** SYSTEM events that say a conversation was marked complete (Haptik's names, and the event stream's). */
export const COMPLETION_EVENTS: ReadonlySet<string> = new Set([
  'chat_complete',
  'webhook_conversation_complete',
  'conversation_complete',
]);
type Body = TemplateResult | typeof nothing;

const humanize = (event: string): string => {
  const words = event.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

function renderAgent(agent: Agent, context: RenderContext): TemplateResult {
  const avatar = agent.avatar ? safeUrl(agent.avatar, agent.own ? 'own-image' : context.images) : undefined;
  const initial = [...agent.name][0]?.toUpperCase() ?? '';
  return html`<div part="agent" class="sender">
    ${
      avatar
        ? html`<img
            part="avatar"
            class="sender-avatar"
            src=${avatar}
            alt=""
            width="24"
            height="24"
            referrerpolicy="no-referrer"
          />`
        : html`<span part="avatar" class="sender-avatar" aria-hidden="true">${initial}</span>`
    }<span class="sender-name">${agent.name}</span>
  </div>`;
}

/** The text bubble; with an `is_default` quick reply on offer, the bubble itself is that reply's button. */
function renderBubble(message: HslMessage, context: RenderContext): Body {
  const reply = message.kind === 'text' ? message.defaultReply : undefined;
  if (reply && context.offersQuickReplies !== false) {
    const content = renderMarkup(message.text, { links: false });
    if (content === nothing) return nothing;
    const hint = context.strings.tapToReply(reply.label);
    const onClick = () => context.send(reply.display, reply.send);
    // prettier-ignore
    return html`<button part="bubble" class="bubble tappable" type="button" dir="auto" @click=${onClick}>${content}<span class="vh"> ${hint}</span></button>`;
  }
  const content = renderMarkup(message.text);
  return content === nothing ? nothing : html`<div part="bubble" class="bubble" dir="auto">${content}</div>`;
}

function renderImage(message: Message<'image'>, context: RenderContext): Body {
  const src = safeUrl(message.src, context.images);
  if (!src) return nothing;
  const caption = renderMarkup(message.caption, { links: false });
  return html`<figure class="figure" ${cssProperty('--_ratio', String(message.aspectRatio))}>
    <img
      part="image"
      class="inline-image"
      src=${src}
      alt=${message.alt}
      loading="lazy"
      decoding="async"
      referrerpolicy="no-referrer"
    />
    ${caption === nothing ? nothing : html`<figcaption class="caption">${caption}</figcaption>`}
  </figure>`;
}

function renderContent(message: HslMessage, context: RenderContext): Body[] {
  const bubble = renderBubble(message, context);
  switch (message.kind) {
    case 'buttons':
      return [bubble, renderActions(message.buttons, context)];
    case 'carousel':
      // The carousel's code loads with the first carousel (chat-panel.ts): until then, its text shows.
      return [
        bubble,
        message.cards.length && context.carousel ? context.carousel(message, context) : nothing,
      ];
    case 'image':
      return [bubble, renderImage(message, context)];
    case 'fallback':
      // Never a blank bubble: a type we cannot draw still says something.
      return [
        bubble === nothing
          ? html`<div part="bubble" class="bubble unsupported">${context.strings.unsupportedMessage}</div>`
          : bubble,
      ];
    default:
      return [bubble];
  }
}

/** What a SYSTEM line says when Haptik gave it no text: who joined, that the chat ended, or its event. */
function systemText(message: Message<'system'>, agent: Agent | undefined, strings: ChatStrings): string {
  if (message.text.trim()) return message.text;
  if (message.event === 'chat_pinned' && agent) return strings.agentJoined(agent.name);
  if (COMPLETION_EVENTS.has(message.event)) return strings.conversationEnded;
  return humanize(message.event);
}

function renderSystem(message: Message<'system'>, agent: Agent | undefined, strings: ChatStrings): Body {
  const content = renderMarkup(systemText(message, agent, strings));
  return content === nothing ? nothing : html`<p part="system" class="system"><span>${content}</span></p>`;
}

/** Thumbs up and down: one choice per message, changeable; each button says whether it is pressed. */
function renderRating(entry: BotEntry, rate: NonNullable<RenderContext['rate']>, context: RenderContext) {
  const { strings } = context;
  const thumb = (rating: 'up' | 'down', label: string) =>
    html`<button
      part="rate"
      class="rate ${rating}"
      type="button"
      aria-label=${label}
      aria-pressed=${entry.rating === rating ? 'true' : 'false'}
      @click=${() => rate(rating)}
    >
      ${icon('thumb')}
    </button>`;
  return html`<span class="rating" role="group" aria-label=${strings.rateMessage}
    >${thumb('up', strings.helpful)}${thumb('down', strings.notHelpful)}</span
  >`;
}

export function renderBotMessage(entry: BotEntry, context: RenderContext): TemplateResult | typeof nothing {
  const { message } = entry;
  if (message.kind === 'silent' || message.kind === 'native-action') return nothing;
  if (message.kind === 'system') return renderSystem(message, entry.agent, context.strings);
  const content = renderContent(message, context).filter((part) => part !== nothing);
  if (!content.length) return nothing;
  const wide = message.kind === 'carousel' ? 'message bot wide' : 'message bot';
  const { time, rate } = context;
  return html`<div part="message bot" class=${wide} data-kind=${message.kind}>
    ${context.firstInGroup && context.agent ? renderAgent(context.agent, context) : nothing}${content}
    ${message.omitted ? html`<p class="omitted">${context.strings.omitted(message.omitted)}</p>` : nothing}
    ${
      time || rate
        ? html`<div class="meta">${time}${rate ? renderRating(entry, rate, context) : nothing}</div>`
        : nothing
    }
  </div>`;
}
