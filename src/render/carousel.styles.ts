import { css } from '../css.js';

/** The carousel's styles, adopted when its chunk loads (the first time a carousel is shown). */
export const carouselStyles = css`
  .carousel-frame {
    --_card-max: 210px;
    --_card: min(var(--_card-max), 68%);
    position: relative;
    align-self: stretch;
  }
  .carousel-frame[data-width='THIN'] {
    --_card-max: 150px;
    --_card: min(var(--_card-max), 46%);
  }
  .carousel-frame[data-width='FAT'] {
    --_card-max: 260px;
    --_card: min(var(--_card-max), 80%);
  }
  .carousel-frame[data-width='BIG'] {
    --_card-max: 320px;
    --_card: min(var(--_card-max), 90%);
  }
  .carousel {
    overflow-x: auto;
    overscroll-behavior-x: contain;
    scroll-snap-type: x mandatory;
    scroll-behavior: smooth;
    scrollbar-width: thin;
    border-radius: var(--_radius);
  }
  .cards {
    display: flex;
    gap: 10px;
    margin: 0;
    padding: 0 0 6px;
    list-style: none;
  }
  .card {
    display: flex;
    flex-direction: column;
    flex: 0 0 var(--_card);
    overflow: hidden;
    scroll-snap-align: start;
    background: var(--_card-background);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  .card-body {
    display: flex;
    flex: 1;
    flex-direction: column;
    gap: 2px;
    padding: 10px 12px 12px;
    overflow-wrap: anywhere;
  }
  .card-body p {
    margin: 0;
    white-space: pre-line;
  }
  .card-title {
    font-weight: 600;
  }
  .card-subtitle,
  .card-meta {
    font-size: 0.85em;
    color: var(--_muted);
  }
  /* Three lines of a description, and a "More" button when there is more. */
  .card-description {
    display: -webkit-box;
    -webkit-box-orient: vertical;
    -webkit-line-clamp: 3;
    overflow: hidden;
    margin-block-start: 4px;
    font-size: 0.9em;
  }
  .card[data-open] .card-description {
    display: block;
  }
  .more {
    align-self: start;
    padding: 2px 0;
    font: inherit;
    font-size: 0.85em;
    font-weight: 600;
    color: var(--_link-color);
    background: none;
    border: none;
    cursor: pointer;
  }
  .position {
    margin: 2px 0 0;
    font-size: 0.8em;
    text-align: center;
    color: var(--_muted);
  }
  .card-actions {
    display: flex;
    flex-direction: column;
    border-block-start: 1px solid var(--_border);
  }
  .card-actions .action {
    border: none;
    border-radius: 0;
  }
  .card-actions .action + .action {
    border-block-start: 1px solid var(--_border);
  }
  /* The card clips, so the ring goes inside; on the filled default it takes the text colour to show. */
  .card-actions .action:focus-visible,
  .scroll:focus-visible {
    outline-offset: -3px;
  }
  .card-actions .action.default:focus-visible {
    outline-color: var(--_on-accent);
    outline-offset: -5px;
  }
  .scroll {
    position: absolute;
    /* Over the middle of the images (about: a card may be narrower than its largest width). */
    inset-block-start: max(8px, calc(var(--_card-max) / var(--_ratio, 1.67) / 2 - 18px));
    display: grid;
    place-items: center;
    inline-size: 36px;
    block-size: 36px;
    padding: 0;
    color: var(--_color);
    background: var(--_background);
    border: 1px solid var(--_border);
    border-radius: 50%;
    box-shadow: 0 2px 8px rgb(0 0 0 / 0.2);
    cursor: pointer;
    transition: opacity 0.15s;
  }
  .scroll.previous {
    inset-inline-start: 6px;
  }
  .scroll.next {
    inset-inline-end: 6px;
  }
  .scroll .icon {
    inline-size: 20px;
    block-size: 20px;
  }
  .scroll:dir(rtl) .icon {
    transform: scaleX(-1);
  }
  .carousel-frame[data-at-start] .scroll.previous:not(:focus-visible),
  .carousel-frame[data-at-end] .scroll.next:not(:focus-visible) {
    opacity: 0;
    pointer-events: none;
  }

  @media (prefers-reduced-motion: reduce) {
    .carousel {
      scroll-behavior: auto;
    }
    .scroll {
      transition: none;
    }
  }
`;
