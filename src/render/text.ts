/**
 * Bot text as DOM: format.ts says which elements to make, this makes them. Text is always set as text
 * and hrefs come from the URL policy, so no HTML string is ever built or parsed. A message's text is one
 * Lit part whose nodes are made directly: a template per word run and style would leave Lit's markers
 * between them (a dozen comment nodes in a short styled line), and a long transcript keeps them all.
 */
import { noChange, nothing } from 'lit/html.js';
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
  #drawn?: string;

  /** Without a DOM (server-side rendering), the words alone. */
  render(nodes: readonly Inline[], _key: string): unknown {
    return inlineText(nodes);
  }

  override update(_part: unknown, [nodes, key]: [readonly Inline[], string]): unknown {
    // The same text (with the same link option) is drawn once: a re-render of its message keeps the very
    // nodes, so nothing is re-announced in the live log and its links keep their place in the tab order.
    if (key === this.#drawn) return noChange;
    this.#drawn = key;
    const fragment = document.createDocumentFragment();
    fragment.append(...nodes.map(build));
    return fragment;
  }
}

const markup = directive(MarkupDirective);

/**
 * The panel re-renders messages when what they depend on changes: parse each text once. The texts used
 * most recently stay (more than the log draws), so re-rendering the log does not parse it again.
 */
const parsed = new Map<string, Inline[]>();
const CACHE_SIZE = 1000;

function cachedMarkup(key: string, text: string, options: MarkupOptions): Inline[] {
  let nodes = parsed.get(key);
  if (nodes) parsed.delete(key);
  else nodes = parseMarkup(text, options);
  if (parsed.size >= CACHE_SIZE) parsed.delete(parsed.keys().next().value as string);
  parsed.set(key, nodes);
  return nodes;
}

/** Drawn bot text, or `nothing`. */
export type Markup = DirectiveResult<typeof MarkupDirective> | typeof nothing;

/** Renders HSL text markup; `nothing` when nothing is left to show. */
export function renderMarkup(text: string, options: MarkupOptions = {}): Markup {
  const key = `${options.links === false ? 0 : 1}${text}`;
  const nodes = cachedMarkup(key, text, options);
  return nodes.length ? markup(nodes, key) : nothing;
}
