import { css } from 'lit';
import { tokenStyles } from './tokens.js';

/**
 * What the launcher needs: loaded with the element, before the panel. The widget's root resets every
 * inherited property (`all: initial`), so a page's own text styles (an italic, centred, upper-case body…)
 * never reach inside; it then sets its own font, size and colour from the tokens.
 */
export const elementStyles = [
  tokenStyles,
  css`
    :host {
      display: block;
    }
    :host([hidden]) {
      display: none;
    }
    .root {
      all: initial;
      display: block;
      color-scheme: light dark;
      font-family: var(--_font);
      font-size: var(--_font-size);
      line-height: 1.4;
      color: var(--_color);
      -webkit-tap-highlight-color: transparent;
    }
    :host([mode='launcher']) {
      position: fixed;
      inset-block-end: 20px;
      inset-inline-end: 20px;
      z-index: var(--_z-index);
    }
    :host([mode='launcher'][position='bottom-left']) {
      inset-inline-end: auto;
      inset-inline-start: 20px;
    }
    .launcher {
      position: relative;
      display: grid;
      place-items: center;
      inline-size: 56px;
      block-size: 56px;
      margin-inline-start: auto;
      padding: 0;
      border: none;
      border-radius: 50%;
      background: var(--_accent);
      color: var(--_on-accent);
      box-shadow: 0 4px 14px rgb(0 0 0 / 0.25);
      cursor: pointer;
    }
    .badge {
      position: absolute;
      inset-block-start: -4px;
      inset-inline-end: -4px;
      min-inline-size: 20px;
      block-size: 20px;
      padding-inline: 5px;
      box-sizing: border-box;
      border-radius: 10px;
      background: var(--_badge);
      color: var(--_on-badge);
      font-size: 12px;
      font-weight: 600;
      line-height: 20px;
      text-align: center;
    }
    .launcher:focus-visible {
      outline: 3px solid var(--_focus-ring);
      outline-offset: 3px;
    }
    svg {
      inline-size: 24px;
      block-size: 24px;
      fill: none;
      stroke: currentColor;
      stroke-width: 2;
      stroke-linecap: round;
      stroke-linejoin: round;
    }
  `,
];
