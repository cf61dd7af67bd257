/** The few icons messages use: stroked 24×24 paths, drawn in `currentColor`, hidden from screen readers. */
import { html, svg, type SVGTemplateResult, type TemplateResult } from 'lit/html.js';
import { CLOSE_PATH } from '../icon.js';

const PATHS = {
  external: svg`<path d="M14 4h6v6M20 4l-9 9M18 14v5a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V7a1 1 0 0 1 1-1h5" />`,
  phone: svg`<path d="M5 4h4l2 5-2.5 1.5a11 11 0 0 0 5 5L15 13l5 2v4a2 2 0 0 1-2 2A16 16 0 0 1 3 6a2 2 0 0 1 2-2z" />`,
  window: svg`<path d="M4 5h16v14H4zM4 9h16" />`,
  close: svg`<path d=${CLOSE_PATH} />`,
  send: svg`<path d="M4 12l16-8-6 16-2.5-6.5z" />`,
  previous: svg`<path d="M15 5l-7 7 7 7" />`,
  next: svg`<path d="M9 5l7 7-7 7" />`,
  /** Thumbs up; drawn upside down (CSS) for thumbs down. */
  thumb: svg`<path d="M7 11v9H4v-9zM7 11l4-7a2 2 0 0 1 3 2l-1 4h5a2 2 0 0 1 2 2.3l-1.2 6A2 2 0 0 1 16.8 20H7" />`,
  more: svg`<path d="M12 5h.01M12 12h.01M12 19h.01" />`,
};

export type IconName = keyof typeof PATHS;

/** An icon from its path. */
const svgIcon = (name: string, path: SVGTemplateResult): TemplateResult =>
  html`<svg class="icon icon-${name}" viewBox="0 0 24 24" aria-hidden="true">${path}</svg>`;

export const icon = (name: IconName): TemplateResult => svgIcon(name, PATHS[name]);
