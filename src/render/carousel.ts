/**
 * CAROUSEL: a row of cards that scrolls sideways: by touch, by the arrow keys once the row (a labelled
 * region) has focus, and by previous/next buttons that fade out at either end.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { AsyncDirective, directive, PartType, type ElementPart, type PartInfo } from 'lit/async-directive.js';
import type { Card, HslMessage } from '../hsl.js';
import { safeUrl } from '../url-policy.js';
import { renderActions } from './actions.js';
import { cssProperty } from './css-property.js';
import { icon } from './icons.js';
import type { RenderContext } from './context.js';
import { renderMarkup } from './text.js';

export { carouselStyles } from './carousel.styles.js';

type CarouselMessage = Extract<HslMessage, { kind: 'carousel' }>;

/** Marks the ends of the row on its frame, so the previous/next buttons show only where they can act. */
function syncControls(row: HTMLElement): void {
  const frame = row.parentElement;
  if (!frame) return;
  const offset = Math.abs(row.scrollLeft);
  const atStart = offset <= 1;
  const atEnd = offset >= row.scrollWidth - row.clientWidth - 1;
  frame.toggleAttribute('data-at-start', atStart);
  frame.toggleAttribute('data-at-end', atEnd);
  frame.querySelector('.scroll.previous')?.setAttribute('aria-disabled', String(atStart));
  frame.querySelector('.scroll.next')?.setAttribute('aria-disabled', String(atEnd));
}

/** Keeps the ends up to date as the row scrolls or resizes, for as long as it is on the page. */
class ScrollEnds extends AsyncDirective {
  #row?: HTMLElement;
  #observer?: ResizeObserver;
  readonly #sync = (): void => {
    if (this.#row) syncControls(this.#row);
  };

  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ELEMENT) throw new Error('scrollEnds() goes on an element');
  }

  render() {
    return nothing;
  }

  override update(part: ElementPart) {
    const row = part.element as HTMLElement;
    if (row !== this.#row) {
      this.#row = row;
      row.addEventListener('scroll', this.#sync, { passive: true });
      this.#observe();
    }
    return nothing;
  }

  #observe(): void {
    if (!this.#row || typeof ResizeObserver === 'undefined') return;
    this.#observer ??= new ResizeObserver(this.#sync);
    this.#observer.observe(this.#row);
  }

  protected override disconnected(): void {
    this.#observer?.disconnect();
  }

  protected override reconnected(): void {
    this.#observe();
  }
}

const scrollEnds = directive(ScrollEnds);

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
const line = (className: string, content: ReturnType<typeof renderMarkup>) =>
  content.length ? html`<p class=${className}>${content}</p>` : nothing;

function renderCard(card: Card, context: RenderContext): TemplateResult {
  const image = card.image ? safeUrl(card.image, context.images) : undefined;
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
      ${line('card-description', renderMarkup(card.description))}
      ${line('card-meta', renderMarkup(card.meta))}
    </div>
    ${renderActions(card.actionables, context, 'card-actions')}
  </li>`;
}

export function renderCarousel(message: CarouselMessage, context: RenderContext): TemplateResult {
  const { strings } = context;
  const several = message.cards.length > 1;
  return html`<div
    class="carousel-frame"
    data-width=${message.width}
    data-at-start
    ${cssProperty('--_ratio', String(message.aspectRatio))}
  >
    <div
      part="carousel"
      class="carousel"
      role="region"
      aria-label=${strings.carousel}
      tabindex="0"
      ${scrollEnds()}
    >
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
            </button>`
        : nothing
    }
  </div>`;
}
