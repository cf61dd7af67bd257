import { css } from 'lit';

/** The panel's styles: adopted when the panel loads. Colours come from the element's tokens. */
export const panelStyles = css`
  :host([mode='inline']) {
    block-size: 100%;
    min-block-size: 320px;
  }
  .root {
    block-size: 100%;
  }
  .panel {
    display: flex;
    flex-direction: column;
    box-sizing: border-box;
    block-size: 100%;
    background: var(--_background);
    color: var(--_color);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    overflow: hidden;
  }
  .panel[hidden] {
    display: none;
  }
  :host([mode='launcher']) .panel {
    position: absolute;
    inset-block-end: 72px;
    inset-inline-end: 0;
    inline-size: min(var(--_width), calc(100vw - 40px));
    block-size: min(var(--_height), calc(100vh - 120px));
    box-shadow: 0 12px 40px rgb(0 0 0 / 0.25);
  }
  :host([mode='launcher'][position='bottom-left']) .panel {
    inset-inline-end: auto;
    inset-inline-start: 0;
  }
  .header {
    display: flex;
    align-items: center;
    gap: 8px;
    padding: 12px 16px;
    background: var(--_accent);
    color: var(--_on-accent);
  }
  .titles {
    flex: 1;
    min-inline-size: 0;
  }
  .header h2 {
    margin: 0;
    font-size: 1.05em;
    font-weight: 600;
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
  .close {
    display: grid;
    place-items: center;
    padding: 6px;
    border: none;
    border-radius: 50%;
    background: transparent;
    color: inherit;
    cursor: pointer;
  }
  .log {
    flex: 1;
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
  /* A block the reader has scrolled past renders only when it comes into view again. */
  .block[data-settled] {
    content-visibility: auto;
    contain-intrinsic-size: auto var(--_block-height);
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
    display: flex;
    align-items: center;
    gap: 8px;
    margin-block-start: 2px;
    font-size: 0.8em;
    color: var(--_muted);
  }
  .user[data-status='failed'] .status {
    font-size: 0.85em;
    color: var(--_error);
  }
  .status button,
  .quick-replies button,
  .new-messages {
    font: inherit;
    border: 1px solid var(--_accent);
    border-radius: 999px;
    background: transparent;
    color: var(--_accent);
    padding: 4px 12px;
    cursor: pointer;
  }
  .below {
    position: relative;
    display: flex;
    flex-direction: column;
    gap: 8px;
    padding-inline: 16px;
  }
  .below:not(:empty) {
    padding-block-end: 10px;
  }
  .new-messages {
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
  .quick-replies {
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
  }
  .typing {
    display: flex;
    gap: 4px;
    align-self: flex-start;
    padding: 12px 14px;
    border-radius: var(--_radius);
    background: var(--_bot-bubble);
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
    gap: 8px;
    padding: 10px 12px;
    border-block-start: 1px solid var(--_border);
  }
  .composer input {
    flex: 1;
    min-inline-size: 0;
    font: inherit;
    font-size: max(16px, 1em);
    padding: 8px 12px;
    border: 1px solid var(--_border);
    border-radius: 999px;
    background: var(--_background);
    color: var(--_color);
  }
  .composer button {
    display: grid;
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
  .user[data-status='sent']:not(:last-child) .status,
  .block:not(:last-child) .user[data-status='sent'] .status {
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
  /* Phones: the open panel takes the whole screen, above the on-screen keyboard and inside the safe area. */
  @media (max-width: 479px) {
    :host([mode='launcher'][open]) .panel {
      position: fixed;
      inset: 0;
      inline-size: 100vw;
      block-size: var(--_viewport-height, 100dvh);
      border: none;
      border-radius: 0;
      padding-block-start: env(safe-area-inset-top);
      padding-block-end: env(safe-area-inset-bottom);
      padding-inline: env(safe-area-inset-left) env(safe-area-inset-right);
    }
    :host([mode='launcher'][open]) .launcher {
      display: none;
    }
  }
  button:focus-visible,
  input:focus-visible,
  .log:focus-visible {
    outline: 3px solid var(--_focus-ring);
    outline-offset: 2px;
  }
`;
