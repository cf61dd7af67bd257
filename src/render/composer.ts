/** The composer: one text field and a send button, in a form so Enter sends. */
import { html, type TemplateResult } from 'lit';
import type { ChatStrings } from '../strings.js';
import { MAX_MESSAGE_CHARS } from '../wire.js';
import { icon } from './icons.js';

export interface ComposerHandlers {
  /** The user sent `text`; return true when it was taken (the field is then emptied). */
  submit(text: string): boolean;
  /** The user typed something. */
  input(value: string): void;
}

export function renderComposer(
  strings: ChatStrings,
  placeholder: string,
  handlers: ComposerHandlers,
): TemplateResult {
  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const input = form.elements.namedItem('message') as HTMLInputElement;
    if (handlers.submit(input.value)) input.value = '';
  };
  const onInput = (event: InputEvent) => handlers.input((event.currentTarget as HTMLInputElement).value);
  return html`<form part="composer" class="composer" @submit=${onSubmit}>
    <input
      part="input"
      name="message"
      type="text"
      autocomplete="off"
      enterkeyhint="send"
      maxlength=${MAX_MESSAGE_CHARS}
      aria-label=${strings.inputLabel}
      placeholder=${placeholder}
      @input=${onInput}
    />
    <button part="send" type="submit" aria-label=${strings.send}>${icon('send')}</button>
  </form>`;
}
