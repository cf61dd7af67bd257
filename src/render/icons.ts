/** The few icons messages use: stroked 24×24 paths, drawn in `currentColor`, hidden from screen readers. */
import { html, svg, type TemplateResult } from 'lit';

const PATHS = {
  external: svg`<path d="M14 4h6v6M20 4l-9 9M18 14v5a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V7a1 1 0 0 1 1-1h5" />`,
  phone: svg`<path d="M5 4h4l2 5-2.5 1.5a11 11 0 0 0 5 5L15 13l5 2v4a2 2 0 0 1-2 2A16 16 0 0 1 3 6a2 2 0 0 1 2-2z" />`,
  window: svg`<path d="M4 5h16v14H4zM4 9h16" />`,
  close: svg`<path d="M6 6l12 12M18 6L6 18" />`,
  chat: svg`<path d="M4 5h16v11H9l-5 4z" />`,
  send: svg`<path d="M4 12l16-8-6 16-2.5-6.5z" />`,
  previous: svg`<path d="M15 5l-7 7 7 7" />`,
  next: svg`<path d="M9 5l7 7-7 7" />`,
};

export type IconName = keyof typeof PATHS;

export const icon = (name: IconName): TemplateResult =>
  html`<svg class="icon icon-${name}" viewBox="0 0 24 24" aria-hidden="true">${PATHS[name]}</svg>`;
