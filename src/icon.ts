/**
 * The launcher's two icons (and the one close icon every part of the widget uses): stroked 24×24 paths in
 * `currentColor`, hidden from screen readers. render/icons.ts draws the rest the same way.
 */
import { html, svg, type SVGTemplateResult, type TemplateResult } from 'lit';

export const CLOSE_PATH = svg`<path d="M6 6l12 12M18 6L6 18" />`;

/** An icon from its path. */
export const svgIcon = (name: string, path: SVGTemplateResult): TemplateResult =>
  html`<svg class="icon icon-${name}" viewBox="0 0 24 24" aria-hidden="true">${path}</svg>`;

export const CLOSE_ICON = svgIcon('close', CLOSE_PATH);
export const CHAT_ICON = svgIcon('chat', svg`<path d="M4 5h16v11H9l-5 4z" />`);
