import { css } from 'lit';

/** Styles of what a bot message can contain (adopted with the panel); values come from the tokens. */
export const messageStyles = css`
  .message .icon,
  .webview .icon {
    flex: none;
    inline-size: 16px;
    block-size: 16px;
  }
  .omitted {
    margin: 4px 0 0;
    font-size: 0.8em;
    color: var(--_muted);
  }

  /* The agent, on the first of a run of bot messages. */
  .sender {
    display: flex;
    align-items: center;
    gap: 6px;
    margin-block-end: 4px;
    font-size: 0.8em;
    color: var(--_muted);
  }
  .sender-avatar {
    display: grid;
    place-items: center;
    flex: none;
    inline-size: 24px;
    block-size: 24px;
    border-radius: 50%;
    object-fit: cover;
    background: var(--_accent);
    color: var(--_on-accent);
    font-size: 12px;
    font-weight: 600;
  }

  /* Text. */
  .bot .bubble a {
    color: var(--_link-color);
    text-decoration: underline;
    text-underline-offset: 2px;
  }
  .bubble a[href^='tel:'] {
    white-space: nowrap;
  }
  .bubble.tappable {
    font: inherit;
    color: inherit;
    text-align: start;
    border: none;
    cursor: pointer;
    box-shadow: inset 0 0 0 1px var(--_border);
  }
  .bubble.tappable:hover {
    box-shadow: inset 0 0 0 1px var(--_accent);
  }
  .bubble.unsupported {
    font-style: italic;
    color: var(--_muted);
  }

  /* Buttons (BUTTON items and card actions). */
  .message[data-kind='buttons'] {
    min-inline-size: min(85%, 240px);
  }
  .actions {
    display: flex;
    flex-direction: column;
    align-self: stretch;
    gap: 6px;
  }
  .bubble + .actions,
  .bubble + .figure,
  .bubble + .carousel-frame {
    margin-block-start: 6px;
  }
  .action {
    display: flex;
    align-items: center;
    justify-content: center;
    gap: 6px;
    box-sizing: border-box;
    min-block-size: 40px;
    padding: 8px 14px;
    font: inherit;
    font-weight: 500;
    line-height: 1.25;
    text-align: center;
    text-decoration: none;
    color: var(--_accent);
    background: var(--_background);
    border: 1px solid var(--_border);
    border-radius: var(--_button-radius);
    cursor: pointer;
  }
  .action:hover {
    border-color: var(--_accent);
    background: color-mix(in srgb, var(--_accent) 8%, var(--_background));
  }
  .action.default {
    color: var(--_on-accent);
    background: var(--_accent);
    border-color: var(--_accent);
  }
  .action.default:hover {
    background: color-mix(in srgb, var(--_accent) 88%, var(--_color));
  }
  .action:disabled {
    color: var(--_muted);
    background: var(--_background);
    border-style: dashed;
    border-color: var(--_border);
    cursor: not-allowed;
  }

  /* CAROUSEL: a row of cards. */
  .message.wide {
    align-self: stretch;
    max-inline-size: none;
  }
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
  .card-image,
  .inline-image {
    display: block;
    inline-size: 100%;
    block-size: auto;
    aspect-ratio: var(--_ratio, 1.67);
    object-fit: cover;
    background: var(--_bot-bubble);
    color: var(--_muted);
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
  .scroll:dir(rtl) .icon,
  .webview-close:dir(rtl) .icon {
    transform: scaleX(-1);
  }
  .carousel-frame[data-at-start] .scroll.previous:not(:focus-visible),
  .carousel-frame[data-at-end] .scroll.next:not(:focus-visible) {
    opacity: 0;
    pointer-events: none;
  }

  /* An image: a one-card carousel without actions. */
  .figure {
    inline-size: 280px;
    max-inline-size: 100%;
    margin: 0;
  }
  .inline-image {
    border-radius: var(--_radius);
  }
  .caption {
    margin-block-start: 4px;
    font-size: 0.85em;
    color: var(--_muted);
    white-space: pre-line;
  }

  /* SYSTEM: an event line across the log, not a bubble. */
  .system {
    display: flex;
    align-items: center;
    align-self: stretch;
    gap: 10px;
    margin: 4px 0;
    font-size: 0.8em;
    text-align: center;
    color: var(--_muted);
  }
  .system::before,
  .system::after {
    content: '';
    flex: 1;
    border-block-start: 1px solid var(--_border);
  }
  .system > span {
    max-inline-size: 80%;
    white-space: pre-line;
  }

  /* The web view: a sheet over most of the panel, the conversation still in sight above it. */
  .webview {
    display: flex;
    flex: 4 1 0;
    flex-direction: column;
    min-block-size: 0;
    background: var(--_background);
    border-block-start: 1px solid var(--_border);
    box-shadow: 0 -6px 16px rgb(0 0 0 / 0.12);
  }
  .webview-bar {
    display: flex;
    align-items: center;
    gap: 4px;
    padding: 4px 8px 4px 4px;
    border-block-end: 1px solid var(--_border);
  }
  .webview-close {
    display: grid;
    place-items: center;
    flex: none;
    inline-size: 40px;
    block-size: 40px;
    padding: 0;
    color: inherit;
    background: transparent;
    border: none;
    border-radius: 50%;
    cursor: pointer;
  }
  .webview-close:hover {
    background: var(--_bot-bubble);
  }
  .webview-close .icon {
    inline-size: 20px;
    block-size: 20px;
  }
  .webview-title {
    flex: 1;
    min-inline-size: 0;
    margin: 0;
    font-size: 0.95em;
    font-weight: 600;
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .webview-external {
    display: inline-flex;
    align-items: center;
    gap: 4px;
    padding: 6px 8px;
    font-size: 0.85em;
    white-space: nowrap;
    color: var(--_link-color);
    border-radius: 8px;
  }
  .webview iframe {
    flex: 1;
    inline-size: 100%;
    min-block-size: 0;
    border: 0;
    background: #fff;
  }
  .webview-blocked {
    display: none;
    margin: auto;
    padding: 24px;
    text-align: center;
    color: var(--_muted);
  }
  .webview[data-blocked] iframe {
    display: none;
  }
  .webview[data-blocked] .webview-blocked {
    display: block;
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
