import { css } from '../css.js';

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
  .bubble a[href^='tel:'] {
    white-space: nowrap;
  }
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
`;
