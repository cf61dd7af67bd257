import { css } from './css.js';

/**
 * Messages per block of the transcript: every settled block holds this many, and its height is guessed
 * from it below (`contain-intrinsic-size`, 64 px a message; the CSS minifier needs the number written out).
 */
export const BLOCK = 50;

/**
 * The panel's styles: adopted when the panel loads (its frame and header are the launcher's styles).
 * Colours come from the element's tokens. However short the panel, the composer keeps its place and the
 * transcript keeps a share: quick replies, the typing line and the web view give way first.
 */
export const panelStyles = css`
  /*
   * The launcher's name as a tooltip, beside it, on hover (not after a tap) and on keyboard focus. Here,
   * not with the launcher: hovering the launcher loads the panel, and the launcher's own code stays small.
   */
  .launcher::after {
    content: attr(aria-label);
    position: absolute;
    inset-inline-end: calc(100% + 10px);
    padding: 4px 10px;
    border-radius: 6px;
    background: var(--_color);
    color: var(--_background);
    font-size: 13px;
    white-space: nowrap;
    opacity: 0;
    pointer-events: none;
  }
  :host([position='bottom-left']) .launcher::after {
    inset-inline: calc(100% + 10px) auto;
  }
  @media (hover: hover) {
    .launcher:hover {
      background: color-mix(in srgb, var(--_accent) 85%, var(--_color));
    }
    .launcher:hover::after {
      opacity: 1;
    }
  }
  .launcher:focus-visible::after {
    opacity: 1;
  }
  /*
   * Full screen: below 480 px wide or 520 px high (a phone, a phone held sideways, a window zoomed to
   * 200%) the open launcher panel covers the screen; chat-panel.ts makes it modal with the same query.
   */
  @media (max-width: 479px), (max-height: 519px) {
    :host([mode='launcher'][open]) .panel {
      position: fixed;
      inset: 0;
      inline-size: 100vw;
      block-size: var(--_viewport-height, 100dvh);
      border: none;
      border-radius: 0;
      padding-block: env(safe-area-inset-top) env(safe-area-inset-bottom);
      padding-inline: env(safe-area-inset-left) env(safe-area-inset-right);
    }
    :host([mode='launcher'][open]) .launcher {
      display: none;
    }
  }
  /* What the panel lays over itself (a web view of a given height, the rating sheet) is placed in it. */
  .panel {
    position: relative;
  }
  /* The launcher panel fades in and out (once the panel's code is there; reduced motion: at once). */
  :host([mode='launcher']) .panel {
    transition:
      opacity 0.18s,
      display 0.18s allow-discrete;
  }
  :host([mode='launcher']) .panel[hidden] {
    opacity: 0;
  }
  @starting-style {
    :host([mode='launcher']) .panel {
      opacity: 0;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    :host([mode='launcher']) .panel {
      transition: none;
    }
  }
  :host([mode='inline']) {
    block-size: 100%;
    min-block-size: 320px;
  }
  .root {
    block-size: 100%;
  }
  .agent {
    margin: 0;
    font-size: 0.85em;
  }
  .avatar {
    inline-size: 32px;
    block-size: 32px;
    border-radius: 50%;
    object-fit: cover;
    background: var(--_background);
  }
  .log {
    flex: 1 1 0;
    min-block-size: min(25%, 6em);
    padding: 16px;
    overflow-y: auto;
    overscroll-behavior: contain;
    /* Its size comes from the panel, never from the messages: new ones relayout the log alone. */
    contain: strict;
  }
  .log,
  .block {
    display: flex;
    flex-direction: column;
    gap: 8px;
  }
  /*
   * The log's height is fixed, so its items would shrink to fit it, and a block that skips rendering has
   * no content to stop it: it would collapse to nothing, and reading up would jump as each one renders.
   */
  .log > * {
    flex: none;
  }
  /* The live part's blocks, in plain block flow: as a flex column it doubled the layout of every append. */
  .live > * + * {
    margin-block-start: 8px;
  }
  /*
   * A block the reader has scrolled past renders only when it comes into view again; until it has been
   * drawn once, its height is guessed (BLOCK messages at 64 px each). A constant, not a property set on the
   * block: one changing on the block being filled would restyle every message in it on every append.
   */
  .block[data-settled] {
    content-visibility: auto;
    contain-intrinsic-size: auto 3200px;
  }
  /* The conversation stacks from the bottom, as chat apps do: the typing line and chips follow it. */
  .log::before {
    content: '';
    margin-block-end: auto;
  }
  .log:focus-visible {
    outline-offset: -3px;
  }
  .message {
    display: flex;
    flex-direction: column;
    max-inline-size: 85%;
    /* A message lays itself out alone: appending to a long transcript does not redo the others. */
    contain: layout style;
  }
  .message.user {
    align-self: flex-end;
    align-items: flex-end;
  }
  .message.bot {
    align-self: flex-start;
    align-items: flex-start;
  }
  .bubble {
    padding: 8px 12px;
    border-radius: var(--_radius);
    white-space: pre-line;
    overflow-wrap: anywhere;
  }
  .bot .bubble {
    background: var(--_bot-bubble);
    border-end-start-radius: 4px;
  }
  .user .bubble {
    background: var(--_accent);
    color: var(--_on-accent);
    border-end-end-radius: 4px;
  }
  .status {
    margin-block-start: 2px;
    font-size: 0.8em;
    color: var(--_muted);
    text-align: end;
  }
  .meta {
    display: flex;
    align-items: center;
    gap: 4px;
    margin-block-start: 2px;
    font-size: 0.8em;
    color: var(--_muted);
  }
  .rating {
    display: flex;
  }
  .rate {
    display: grid;
    place-items: center;
    padding: 4px;
    border: none;
    border-radius: 50%;
    background: transparent;
    color: inherit;
    cursor: pointer;
  }
  .rate svg {
    inline-size: 16px;
    block-size: 16px;
  }
  .rate.down svg {
    scale: 1 -1;
  }
  .rate[aria-pressed='true'] {
    color: var(--_accent);
  }
  .rate[aria-pressed='true'] svg {
    fill: currentColor;
  }
  .day {
    align-self: center;
    margin: 8px 0 0;
    font-size: 0.75em;
    font-weight: 600;
    color: var(--_muted);
  }
  .user[data-status='failed'] .status {
    color: var(--_error);
  }
  .status button {
    margin-inline-start: 4px;
    padding: 2px;
    font: inherit;
    font-weight: 600;
    color: inherit;
    text-decoration: underline;
    background: none;
    border: none;
    cursor: pointer;
  }
  .quick-replies button,
  .new-messages,
  .earlier {
    font: inherit;
    border: 1px solid var(--_accent);
    border-radius: 999px;
    background: transparent;
    color: var(--_accent);
    padding: 4px 12px;
    cursor: pointer;
  }
  /* Above a long transcript's first drawn block: draws the blocks before it. */
  .earlier {
    align-self: center;
    padding: 2px 10px;
    font-size: 0.85em;
  }
  .below {
    position: relative;
    display: flex;
    flex: 0 1 auto;
    flex-direction: column;
    gap: 8px;
    box-sizing: border-box;
    min-block-size: 0;
    max-block-size: 35%;
    padding-inline: 16px;
  }
  .below:not(:empty) {
    padding-block-end: 10px;
  }
  .new-messages {
    padding: 2px 10px;
    font-size: 0.85em;
    position: absolute;
    inset-block-end: calc(100% + 8px);
    inset-inline-start: 50%;
    translate: -50% 0;
    background: var(--_background);
    box-shadow: 0 2px 8px rgb(0 0 0 / 0.2);
  }
  :host(:dir(rtl)) .new-messages {
    translate: 50% 0;
  }
  .quick-replies button.default {
    background: var(--_accent);
    color: var(--_on-accent);
  }
  /* However many the bot offers, the chips take at most three rows and a half; the rest scrolls. */
  .quick-replies {
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
    min-block-size: 0;
    max-block-size: 8.9em;
    padding: 5px;
    margin: -5px;
    overflow-y: auto;
    overscroll-behavior: contain;
  }
  .typing {
    display: flex;
    flex: none;
    align-items: center;
    gap: 4px;
    align-self: flex-start;
    padding: 10px 14px;
    border-radius: var(--_radius);
    background: var(--_bot-bubble);
    font-size: 0.85em;
    color: var(--_muted);
  }
  .typing span {
    inline-size: 6px;
    block-size: 6px;
    border-radius: 50%;
    background: var(--_muted);
    animation: blink 1.2s infinite ease-in-out;
  }
  .typing span:nth-child(2) {
    animation-delay: 0.2s;
  }
  .typing span:nth-child(3) {
    animation-delay: 0.4s;
  }
  .typing p {
    margin: 0 0 0 6px;
  }
  @keyframes blink {
    0%,
    80%,
    100% {
      opacity: 0.3;
    }
    40% {
      opacity: 1;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .typing span {
      animation: none;
    }
  }
  .composer {
    display: flex;
    flex: none;
    align-items: flex-end;
    gap: 8px;
    padding: 10px 12px;
    border-block-start: 1px solid var(--_border);
  }
  /* One line that grows with what is typed, up to five (chat-panel.ts sets its height). */
  .composer textarea {
    flex: 1;
    box-sizing: border-box;
    min-inline-size: 0;
    max-block-size: calc(7em + 18px);
    margin: 0;
    font: inherit;
    font-size: max(16px, 1em);
    padding: 8px 14px;
    border: 1px solid var(--_border);
    border-radius: 20px;
    background: var(--_background);
    color: var(--_color);
    resize: none;
  }
  .composer button {
    display: grid;
    flex: none;
    place-items: center;
    inline-size: 40px;
    block-size: 40px;
    border: none;
    border-radius: 50%;
    background: var(--_accent);
    color: var(--_on-accent);
    cursor: pointer;
  }
  /* Visually hidden, still read. Only the last sent message shows "Sent"; earlier ones keep the words. */
  .vh,
  .user[data-status='sent']:not(:last-child) .status-text,
  .block:not(:last-child) .user[data-status='sent'] .status-text {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    margin: -1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  :host(:dir(rtl)) .composer svg {
    transform: scaleX(-1);
  }
  /* Very short panels (a window zoomed to 400%): the header and composer give up their padding. */
  @media (max-height: 299px) {
    .header {
      min-block-size: 0;
      padding-block: 0;
    }
    .header .agent,
    .header .avatar {
      display: none;
    }
    .close {
      padding: 4px;
    }
    .log {
      padding-block: 8px;
    }
    .below {
      max-block-size: 25%;
    }
    .composer {
      padding-block: 4px;
    }
  }
`;
