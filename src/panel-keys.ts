/**
 * The keyboard in the panel, as Web Chat has it: the transcript is one tab stop and the arrow keys move
 * through its messages' controls (buttons, links, cards), so past actions stay reachable without twenty
 * tab stops before the composer; Home and End go to the first and last (of a carousel, its first and last
 * card). A printable key typed elsewhere goes to the text box. While the panel covers the page, Tab cycles
 * inside it.
 */

/** What can take focus inside the transcript; the carousels' scroll buttons are for pointers only. */
const CONTROLS = ':is(a[href], button, [tabindex]):not(.log, .scroll, :disabled)';
/** What Tab reaches in the panel. */
const TABBABLE = ':is(a[href], button, textarea, iframe, [tabindex]):not(:disabled, [tabindex="-1"])';

/** Takes the transcript's controls out of the tab order (the transcript itself is the tab stop). */
export function rove(log: HTMLElement): void {
  for (const control of log.querySelectorAll<HTMLElement>(
    'a[href]:not([tabindex]), button:not([tabindex]), [tabindex="0"]',
  )) {
    control.tabIndex = -1;
  }
}

/** Where `key` moves focus from `from` in the transcript, or undefined to leave the key alone. */
function target(log: HTMLElement, from: HTMLElement, key: string): HTMLElement | undefined {
  const controls = [...log.querySelectorAll<HTMLElement>(CONTROLS)].filter((c) => c.checkVisibility());
  const rtl = getComputedStyle(log).direction === 'rtl';
  const forward = key === 'ArrowDown' || key === (rtl ? 'ArrowLeft' : 'ArrowRight');
  if (from === log) {
    // From the transcript itself: the first control in sight going down, the last going up.
    const { top, bottom } = log.getBoundingClientRect();
    if (key === 'ArrowDown') return controls.find((c) => c.getBoundingClientRect().bottom > top);
    if (key === 'ArrowUp') return controls.reverse().find((c) => c.getBoundingClientRect().top < bottom);
    return undefined;
  }
  const carousel = from.closest<HTMLElement>('.carousel');
  if (key === 'Home' || key === 'End') {
    if (!carousel) return key === 'Home' ? controls[0] : controls.at(-1);
    const cards = carousel.querySelectorAll<HTMLElement>('.card');
    const card = cards[key === 'Home' ? 0 : cards.length - 1];
    card?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    return controls.find((c) => card?.contains(c)) ?? carousel;
  }
  // A focused row of cards scrolls sideways with the arrow keys, as any scrolling region does.
  if (from === carousel && !/Up|Down/.test(key)) return undefined;
  return controls[controls.indexOf(from) + (forward ? 1 : -1)];
}

/** Handles a keydown anywhere in the panel; `modal` when the panel covers the page. */
export function onPanelKeydown(event: KeyboardEvent, panel: HTMLElement, modal: boolean): void {
  const from = event.composedPath()[0] as HTMLElement;
  const log = panel.querySelector<HTMLElement>('[part~="log"]');
  const { key } = event;
  if (key === 'Tab' && modal) {
    const stops = [...panel.querySelectorAll<HTMLElement>(TABBABLE)].filter((e) => e.checkVisibility());
    const edge = event.shiftKey ? stops[0] : stops.at(-1);
    if (from === edge || !panel.contains(from)) {
      event.preventDefault();
      (event.shiftKey ? stops.at(-1) : stops[0])?.focus();
    }
    return;
  }
  if (event.altKey || event.ctrlKey || event.metaKey) return;
  if (log?.contains(from) && /^(Arrow|Home|End)/.test(key)) {
    const to = target(log, from, key);
    if (!to) return;
    event.preventDefault();
    to.focus();
    return;
  }
  // Typing while a button has focus writes in the text box (the key lands there: focus moves first).
  if (key.length === 1 && key !== ' ' && !from.matches('textarea, input, [part~="webview"] *')) {
    panel.querySelector<HTMLElement>('[part~="input"]')?.focus();
  }
}

/** A card that takes focus comes fully into view, in its row and in the transcript. */
export function onPanelFocusin(event: FocusEvent): void {
  const card = (event.composedPath()[0] as HTMLElement).closest?.('.card');
  card?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
}
