import { css } from './css.js';

/** The prompt beside the closed launcher (adopted when the prompt's chunk loads). */
export const promptStyles = css`
  .prompt {
    position: absolute;
    inset-block-end: 68px;
    inset-inline-end: 0;
    display: grid;
    gap: 8px;
    inline-size: max-content;
    max-inline-size: min(280px, calc(100vw - 40px));
    padding: 12px;
    padding-inline-end: 36px;
    box-sizing: border-box;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_background);
    color: var(--_color);
    box-shadow: 0 4px 18px rgb(0 0 0 / 0.18);
  }
  :host([position='bottom-left']) .prompt {
    inset-inline-end: auto;
    inset-inline-start: 0;
  }
  @media (prefers-reduced-motion: no-preference) {
    .prompt {
      animation: prompt-in 0.2s ease-out;
    }
  }
  @keyframes prompt-in {
    from {
      opacity: 0;
      transform: translateY(8px);
    }
  }
  .prompt button {
    font: inherit;
    cursor: pointer;
  }
  .prompt-text {
    padding: 0;
    border: none;
    background: none;
    color: inherit;
    text-align: start;
  }
  .prompt-close {
    position: absolute;
    inset-block-start: 4px;
    inset-inline-end: 4px;
    display: grid;
    place-items: center;
    inline-size: 28px;
    block-size: 28px;
    padding: 0;
    border: none;
    border-radius: 50%;
    background: none;
    color: var(--_muted);
  }
  .prompt-close svg {
    inline-size: 16px;
    block-size: 16px;
  }
  .prompt-replies {
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
  }
  .prompt-reply {
    padding: 4px 12px;
    border: 1px solid var(--_accent);
    border-radius: 999px;
    background: var(--_background);
    color: var(--_accent);
  }
  .prompt button:focus-visible {
    outline: 3px solid var(--_focus-ring);
    outline-offset: 2px;
  }
  .vh {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;
