/**
 * CAROUSEL: a row of cards that scrolls sideways: by touch, by the arrow keys once the row (a labelled
 * region) has focus, and by previous/next buttons that fade out at either end; under it, where the row is
 * ("3 of 20"). A long description shows three lines and a "More" button, so one card does not make every
 * card tall.
 */
import { html, nothing, type TemplateResult } from 'lit/html.js';
import type { Card, HslMessage } from '../hsl.js';
import { safeUrl } from '../url-policy.js';
import { renderActions } from './actions.js';
import { cssProperty } from './css-property.js';
import { icon } from './icons.js';
import type { RenderContext } from './context.js';
import { renderMarkup, type Markup } from './text.js';

export { carouselStyles } from './carousel.styles.js';

type CarouselMessage = Extract<HslMessage, { kind: 'carousel' }>;

/** The "3 of 20" line under a row: it says the card it is at in the widget's language. */
type PositionLine = HTMLElement & { say?: (index: number) => string };

/**
 * Marks the ends of the row on its frame, so the previous/next buttons show only where they can act; says
 * which card the row is at; offers "More" on the descriptions that are cut.
 */
function syncControls(row: HTMLElement): void {
  const frame = row.parentElement;
  if (!frame) return;
  const offset = Math.abs(row.scrollLeft);
  const atStart = offset <= 1;
  const atEnd = offset >= row.scrollWidth - row.clientWidth - 1;
  const cards = row.querySelectorAll<HTMLElement>('.card');
  const step = (cards[0]?.offsetWidth ?? 1) + 10;
  const position = frame.querySelector<PositionLine>('.position');
  if (position?.say) {
    const at = atEnd ? cards.length : Math.round(offset / step) + 1;
    position.textContent = position.say(at);
  }
  for (const text of row.querySelectorAll<HTMLElement>('.card-description')) {
    const more = text.nextElementSibling as HTMLElement;
    more.hidden = text.scrollHeight <= text.clientHeight && !text.closest('[data-open]');
  }
  frame.toggleAttribute('data-at-start', atStart);
  frame.toggleAttribute('data-at-end', atEnd);
  frame.querySelector('.scroll.previous')?.setAttribute('aria-disabled', String(atStart));
  frame.querySelector('.scroll.next')?.setAttribute('aria-disabled', String(atEnd));
}

/**
 * Keeps each row's ends, position and "More" buttons up to date as it scrolls or resizes; the panel calls
 * this after each update. A row is watched once; its observer goes with it.
 */
export function watchRows(root: ParentNode): void {
  for (const row of root.querySelectorAll<HTMLElement>('.carousel:not([data-watched])')) {
    row.toggleAttribute('data-watched', true);
    const sync = () => syncControls(row);
    row.addEventListener('scroll', sync, { passive: true });
    // A frame later: showing "More" resizes the row, which must not happen while its resize is reported.
    new ResizeObserver(() => requestAnimationFrame(sync)).observe(row);
  }
}

/** Scrolls by one card towards the start (-1) or the end (1), in either writing direction. */
function scrollCards(event: Event, towards: -1 | 1): void {
  const button = event.currentTarget as HTMLElement;
  const row = button.parentElement?.querySelector<HTMLElement>('.carousel');
  if (!row || button.getAttribute('aria-disabled') === 'true') return;
  const card = row.querySelector<HTMLElement>('.card');
  const gap = parseFloat(getComputedStyle(row.firstElementChild ?? row).columnGap) || 0;
  const step = card ? card.offsetWidth + gap : row.clientWidth * 0.8;
  const direction = getComputedStyle(row).direction === 'rtl' ? -1 : 1;
  row.scrollBy({ left: towards * direction * step });
}

const previous = (event: Event) => scrollCards(event, -1);
const next = (event: Event) => scrollCards(event, 1);

/** One line of a card, left out when nothing of it shows (empty, or only `{metadata}`). */
const line = (className: string, content: Markup) =>
  content === nothing ? nothing : html`<p class=${className}>${content}</p>`;

function renderCard(card: Card, context: RenderContext): TemplateResult {
  const image = card.image ? safeUrl(card.image, context.images) : undefined;
  const { more, less } = context.strings;
  const description = renderMarkup(card.description);
  const toggle = (event: Event) => {
    const button = event.currentTarget as HTMLElement;
    const open = !!button.closest('.card')?.toggleAttribute('data-open');
    button.ariaExpanded = String(open);
    button.textContent = open ? less : more;
  };
  return html`<li part="card" class="card">
    ${
      image
        ? html`<img
            part="image card-image"
            class="card-image"
            src=${image}
            alt=${card.alt}
            loading="lazy"
            decoding="async"
            referrerpolicy="no-referrer"
          />`
        : nothing
    }
    <div class="card-body">
      ${line('card-title', renderMarkup(card.title, { links: false }))}
      ${line('card-subtitle', renderMarkup(card.subtitle))}
      ${
        description !== nothing
          ? html`<p class="card-description">${description}</p>
              <button class="more" type="button" aria-expanded="false" hidden @click=${toggle}>
                ${more}
              </button>`
          : nothing
      }
      ${line('card-meta', renderMarkup(card.meta))}
    </div>
    ${renderActions(card.actionables, context, 'card-actions')}
  </li>`;
}

export function renderCarousel(message: CarouselMessage, context: RenderContext): TemplateResult {
  const { strings } = context;
  const count = message.cards.length;
  const several = count > 1;
  return html`<div
    class="carousel-frame"
    data-width=${message.width}
    data-at-start
    ${cssProperty('--_ratio', String(message.aspectRatio))}
  >
    <div part="carousel" class="carousel" role="region" aria-label=${strings.carousel} tabindex="0">
      <ul class="cards" role="list">
        ${message.cards.map((card) => renderCard(card, context))}
      </ul>
    </div>
    ${
      several
        ? html`<button
              class="scroll previous"
              type="button"
              aria-disabled="true"
              aria-label=${strings.previousCards}
              @click=${previous}
            >
              ${icon('previous')}
            </button>
            <button class="scroll next" type="button" aria-label=${strings.nextCards} @click=${next}>
              ${icon('next')}
            </button>
            <p
              class="position"
              aria-hidden="true"
              .say=${(index: number) => strings.cardPosition(index, count)}
            ></p>`
        : nothing
    }
  </div>`;
}
