/**
 * Bot text as Lit templates: format.ts says which elements to make, this makes them. Text is always
 * bound as text and hrefs come from the URL policy, so no HTML string is ever built or parsed.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { parseMarkup, type Inline, type MarkupOptions } from '../format.js';

function renderInline(node: Inline): TemplateResult | string {
  if (typeof node === 'string') return node;
  switch (node.kind) {
    case 'link':
      // Web addresses open in a new tab; mailto: and tel: go to the mail or phone app.
      return html`<a
        href=${node.href}
        target=${node.href.startsWith('http') ? '_blank' : nothing}
        rel="noopener noreferrer"
        >${node.text}</a
      >`;
    case 'strong':
      return html`<strong>${node.children.map(renderInline)}</strong>`;
    case 'em':
      return html`<em>${node.children.map(renderInline)}</em>`;
    case 's':
      return html`<s>${node.children.map(renderInline)}</s>`;
    case 'u':
      return html`<u>${node.children.map(renderInline)}</u>`;
  }
}

/** The panel re-renders every message on each update: parse each text once (the latest few hundred). */
const parsed = new Map<string, Inline[]>();
const CACHE_SIZE = 400;

function cachedMarkup(text: string, options: MarkupOptions = {}): Inline[] {
  const key = `${options.links === false ? 0 : 1}${text}`;
  let nodes = parsed.get(key);
  if (nodes) return nodes;
  nodes = parseMarkup(text, options);
  if (parsed.size >= CACHE_SIZE) parsed.delete(parsed.keys().next().value as string);
  parsed.set(key, nodes);
  return nodes;
}

/** Renders HSL text markup; an empty array when nothing is left to show. */
export const renderMarkup = (text: string, options?: MarkupOptions): (TemplateResult | string)[] =>
  cachedMarkup(text, options).map(renderInline);
