/**
 * The composer: a text box that grows with what is typed (up to five lines) and a send button, in a form.
 * Enter sends; Shift+Enter starts a new line (as does Enter while an input method is composing).
 */
import { html, type TemplateResult } from 'lit/html.js';
import type { ChatStrings } from '../strings.js';
import { MAX_MESSAGE_CHARS } from '../wire.js';
import { icon } from './icons.js';

export interface ComposerHandlers {
  /** The user sent `text`; return true when it was taken (the field is then emptied). */
  submit(text: string): boolean;
  /** The user typed something. */
  input(value: string): void;
}

/** Grows the box to fit its text (one line until it overflows); the styles stop it at five lines. */
function fit(box: HTMLTextAreaElement): void {
  box.style.blockSize = '';
  if (box.scrollHeight > box.clientHeight) {
    box.style.blockSize = `${box.scrollHeight + box.offsetHeight - box.clientHeight}px`;
  }
}

export function renderComposer(
  strings: ChatStrings,
  placeholder: string,
  handlers: ComposerHandlers,
): TemplateResult {
  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const box = form.elements.namedItem('message') as HTMLTextAreaElement;
    if (handlers.submit(box.value)) {
      box.value = '';
      fit(box);
    }
  };
  const onInput = (event: InputEvent) => {
    const box = event.currentTarget as HTMLTextAreaElement;
    fit(box);
    handlers.input(box.value);
  };
  const onKeydown = (event: KeyboardEvent) => {
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing) return;
    event.preventDefault();
    (event.currentTarget as HTMLTextAreaElement).form?.requestSubmit();
  };
  return html`<form part="composer" class="composer" @submit=${onSubmit}>
    <textarea
      part="input"
      name="message"
      rows="1"
      autocomplete="off"
      enterkeyhint="send"
      maxlength=${MAX_MESSAGE_CHARS}
      aria-label=${strings.inputLabel}
      placeholder=${placeholder}
      @input=${onInput}
      @keydown=${onKeydown}
    ></textarea>
    <button part="send" type="submit" aria-label=${strings.send}>${icon('send')}</button>
  </form>`;
}
