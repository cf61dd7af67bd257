/**
 * The keyboard in the panel, as Web Chat has it: the transcript is one tab stop and the arrow keys move
 * through its messages' controls (buttons, links, cards), so past actions stay reachable without twenty
 * tab stops before the composer; Home and End go to the first and last (in a carousel, to its first and
 * last card). A printable key typed elsewhere goes to the text box. While the panel covers the page, Tab
 * cycles inside it.
 */

/** What takes focus: in the transcript (the carousels' scroll buttons are for pointers), and in the panel. */
const CONTROL = ':is(a[href],button,[tabindex]):not(.log,.scroll,:disabled)';
const TAB_STOP = ':is(a[href],button,textarea,iframe,[tabindex]):not(:disabled,[tabindex="-1"])';

const all = (root: ParentNode, selector: string) =>
  [...root.querySelectorAll<HTMLElement>(selector)].filter((element) => element.checkVisibility());

/** Takes the transcript's controls out of the tab order: the transcript itself is the tab stop. */
export function rove(log: HTMLElement): void {
  for (const control of log.querySelectorAll<HTMLElement>(
    'a:not([tabindex]),button:not([tabindex]),[tabindex="0"]',
  ))
    control.tabIndex = -1;
}

/** Where `key` takes focus from `from` in the transcript; undefined leaves the key to the browser. */
function target(log: HTMLElement, from: HTMLElement, key: string): HTMLElement | undefined {
  const controls = all(log, CONTROL);
  const carousel = from.closest<HTMLElement>('.carousel');
  const back =
    key === 'ArrowUp' || key === (getComputedStyle(log).direction === 'rtl' ? 'ArrowRight' : 'ArrowLeft');
  if (from === log) {
    // From the transcript itself, to the first control in sight going down, or the last going up.
    const { top, bottom } = log.getBoundingClientRect();
    if (key === 'ArrowDown') return controls.find((c) => c.getBoundingClientRect().bottom > top);
    if (key === 'ArrowUp') return controls.reverse().find((c) => c.getBoundingClientRect().top < bottom);
  } else if (key === 'Home' || key === 'End') {
    const cards = carousel?.querySelectorAll('.card');
    const card = cards?.[key === 'Home' ? 0 : cards.length - 1];
    card?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    const within = card ? controls.filter((c) => card.contains(c)) : controls;
    return (key === 'Home' ? within[0] : within.at(-1)) ?? carousel ?? undefined;
  } else if (from !== carousel || /Up|Down/.test(key)) {
    // A focused row of cards scrolls sideways with the arrow keys, as any scrolling region does.
    return controls[controls.indexOf(from) + (back ? -1 : 1)];
  }
  return undefined;
}

/** Handles a keydown anywhere in the panel; `modal` when the panel covers the page. */
export function onPanelKeydown(event: KeyboardEvent, panel: HTMLElement, modal: boolean): void {
  const from = event.composedPath()[0] as HTMLElement;
  const log = panel.querySelector<HTMLElement>('.log')!;
  const { key } = event;
  let to: HTMLElement | undefined;
  if (key === 'Tab') {
    const stops = all(panel, TAB_STOP);
    if (modal && from === (event.shiftKey ? stops[0] : stops.at(-1)))
      to = event.shiftKey ? stops.at(-1) : stops[0];
  } else if (event.altKey || event.ctrlKey || event.metaKey) return;
  else if (/^(Arrow|Home|End)/.test(key)) {
    if (log.contains(from)) to = target(log, from, key);
  } else if (key.length === 1 && key !== ' ' && !from.matches('textarea, [part~="webview"] *')) {
    // Typing while a button has focus writes in the text box (focus moves before the key lands).
    panel.querySelector<HTMLElement>('textarea')?.focus();
    return;
  }
  if (!to) return;
  event.preventDefault();
  to.focus();
}

/** A card that takes focus comes fully into view, in its row and in the transcript. */
export function onPanelFocusin(event: FocusEvent): void {
  (event.composedPath()[0] as HTMLElement)
    .closest?.('.card')
    ?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
}
