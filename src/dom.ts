/**
 * The few DOM calls the launcher and the proactive prompt draw with (they load without Lit): make an element
 * of the widget's own markup, and write an attribute or a text only when that changes it (writing one, even
 * unchanged, restyles what is below it).
 */

/** An element with its attributes. */
export function make<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string>,
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  return element;
}

/** Sets an attribute, or removes it for `null`. */
export function set(element: Element, name: string, value: string | null): void {
  if (value === null) element.removeAttribute(name);
  else if (element.getAttribute(name) !== value) element.setAttribute(name, value);
}

export function setText(node: Node, text: string): void {
  if (node.textContent !== text) node.textContent = text;
}
