import { css } from './css.js';
import { tokenStyles } from './tokens.js';

/**
 * What the launcher needs: loaded with the element, before the panel. The widget's root resets every
 * inherited property (`all: initial`), so a page's own text styles (an italic, centred, upper-case body…)
 * never reach inside; it then sets its own font, size and colour from the tokens. The panel's frame and
 * header are here too, so an opened panel shows at once, with a loading line, while its code arrives.
 *
 * Full screen (chat-panel.styles.ts, with the panel): below 480 px wide or 520 px high the open launcher
 * panel covers the screen.
 */
export const elementStyles: string =
  tokenStyles +
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
    svg {
      inline-size: 24px;
      block-size: 24px;
      fill: none;
      stroke: currentColor;
      stroke-width: 2;
      stroke-linecap: round;
      stroke-linejoin: round;
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
    /* The header keeps one height whether or not it names who answers. */
    .header {
      display: flex;
      flex: none;
      align-items: center;
      gap: 8px;
      box-sizing: border-box;
      min-block-size: 3.9em;
      padding: 6px 8px 6px 16px;
      background: var(--_header);
      color: var(--_on-header);
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
    .close {
      display: grid;
      place-items: center;
      padding: 8px;
      border: none;
      border-radius: 50%;
      background: transparent;
      color: inherit;
      cursor: pointer;
    }
    .loading {
      margin: auto;
      padding: 16px;
      color: var(--_muted);
    }

    /*
     * Focus rings: 3 px in the ring colour, outside the control (over the panel's background). On the
     * header they take its text colour; over the page, the launcher's ring has a halo of the background.
     */
    :focus-visible {
      outline: 3px solid var(--_focus-ring);
      outline-offset: 2px;
    }
    .header :focus-visible {
      outline-color: var(--_on-header);
      outline-offset: -3px;
    }
    .launcher:focus-visible {
      box-shadow:
        0 0 0 2px var(--_background),
        0 4px 14px rgb(0 0 0 / 0.25);
    }
  `;
