/**
 * Bot text as DOM: format.ts says which elements to make, this makes them. Text is always set as text
 * and hrefs come from the URL policy, so no HTML string is ever built or parsed. A message's text is one
 * Lit part whose nodes are made directly: a template per word run and style would leave Lit's markers
 * between them (a dozen comment nodes in a short styled line), and a long transcript keeps them all.
 */
import { noChange, nothing } from 'lit';
import { Directive, directive, type DirectiveResult } from 'lit/directive.js';
import { inlineText, parseMarkup, type Inline, type MarkupOptions } from '../format.js';

function build(node: Inline): Node {
  if (typeof node === 'string') return document.createTextNode(node);
  if (node.kind !== 'link') {
    const element = document.createElement(node.kind);
    element.append(...node.children.map(build));
    return element;
  }
  const link = document.createElement('a');
  link.href = node.href;
  // Web addresses open in a new tab; mailto: and tel: go to the mail or phone app.
  if (node.href.startsWith('http')) link.target = '_blank';
  link.rel = 'noopener noreferrer';
  link.textContent = node.text;
  return link;
}

class MarkupDirective extends Directive {
  #drawn?: readonly Inline[];

  /** Without a DOM (server-side rendering), the words alone. */
  render(nodes: readonly Inline[]): unknown {
    return inlineText(nodes);
  }

  override update(_part: unknown, [nodes]: [readonly Inline[]]): unknown {
    // The same text parses to the same array (cached below): what is drawn stays.
    if (nodes === this.#drawn) return noChange;
    this.#drawn = nodes;
    const fragment = document.createDocumentFragment();
    fragment.append(...nodes.map(build));
    return fragment;
  }
}

const markup = directive(MarkupDirective);

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

/** Drawn bot text, or `nothing`. */
export type Markup = DirectiveResult<typeof MarkupDirective> | typeof nothing;

/** Renders HSL text markup; `nothing` when nothing is left to show. */
export function renderMarkup(text: string, options?: MarkupOptions): Markup {
  const nodes = cachedMarkup(text, options);
  return nodes.length ? markup(nodes) : nothing;
}
