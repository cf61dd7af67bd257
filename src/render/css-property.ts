/**
 * Sets one CSS custom property on an element through the CSSOM. Unlike a `style` attribute (which
 * `styleMap` writes on first render), this is allowed under a CSP without `'unsafe-inline'` styles.
 */
import { noChange } from 'lit/html.js';
import { Directive, directive, PartType, type ElementPart, type PartInfo } from 'lit/directive.js';

class CssProperty extends Directive {
  #value?: string;

  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ELEMENT) throw new Error('cssProperty() goes on an element');
  }

  render(_name: `--${string}`, _value: string) {
    return noChange;
  }

  override update(part: ElementPart, [name, value]: [`--${string}`, string]) {
    // Written only when it changes: a long transcript renders its blocks again on every update.
    if (value !== this.#value) (part.element as HTMLElement).style.setProperty(name, value);
    this.#value = value;
    return noChange;
  }
}

export const cssProperty = directive(CssProperty);
