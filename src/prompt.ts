/**
 * Proactive prompts, loaded at idle only when the page sets `prompts`: the first prompt that matches the
 * page shows beside the closed launcher once the page is idle and its delay has passed, at most once per
 * session or visitor when asked. It never takes focus; its text is announced once.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ChatStrings } from './strings.js';
import type { make, set, setText } from './dom.js';
import type { launcherIcon } from './icon.js';
import { promptStyles } from './prompt.styles.js';

/** An invitation shown beside the closed launcher. */
export interface ChatPrompt {
  /** What the prompt says. Tapping it opens the chat. */
  text: string;
  /** Up to four answers offered under the text; tapping one opens the chat and sends it. */
  quickReplies?: string[];
  /** Time on the page before it shows, in milliseconds (it never shows before the page is idle). */
  delayMs?: number;
  /** Pages it shows on: a path (`/pricing`; ending in `*`, a prefix) or a RegExp tested on the path. Default: all. */
  path?: string | RegExp;
  /** Show it once per browser tab session, or once per visitor (kept in localStorage). Default: every page view. */
  once?: 'session' | 'visitor';
}

/** What the prompt needs from its element. */
export interface PromptHost extends ReactiveControllerHost {
  readonly prompts: readonly ChatPrompt[];
  readonly open: boolean;
  readonly text: ChatStrings;
  show(): void;
  send(text: string): Promise<void>;
}

/**
 * The element's own DOM helpers and icon, lent to the prompt: were this chunk to import them, they would
 * move out of the launcher's file into one more that every page waits for (vite.config.ts).
 */
export interface PromptDrawing {
  make: typeof make;
  set: typeof set;
  setText: typeof setText;
  icon: typeof launcherIcon;
}

const MAX_QUICK_REPLIES = 4;
const STORAGE_KEY = 'haptik-chat:prompt:';

function matches(prompt: ChatPrompt, path: string): boolean {
  const { path: rule } = prompt;
  if (rule === undefined) return true;
  if (rule instanceof RegExp) return rule.test(path);
  return rule.endsWith('*') ? path.startsWith(rule.slice(0, -1)) : path === rule;
}

function storageFor(prompt: ChatPrompt): Storage | undefined {
  try {
    return prompt.once === 'visitor' ? localStorage : prompt.once === 'session' ? sessionStorage : undefined;
  } catch {
    return undefined; // storage blocked: the prompt may show again, which is the lesser harm
  }
}

const keyOf = (prompt: ChatPrompt): string => STORAGE_KEY + prompt.text.slice(0, 200);

function alreadyShown(prompt: ChatPrompt): boolean {
  const storage = storageFor(prompt);
  try {
    return storage ? storage.getItem(keyOf(prompt)) !== null : false;
  } catch {
    return false;
  }
}

function remember(prompt: ChatPrompt): void {
  try {
    storageFor(prompt)?.setItem(keyOf(prompt), String(Date.now()));
  } catch {
    // Full or blocked storage: nothing to keep it in.
  }
}

/** The first prompt for this page that may still show (one shown as often as its `once` allows is passed over). */
function choosePrompt(prompts: readonly ChatPrompt[], path: string): ChatPrompt | undefined {
  return prompts.find(
    (prompt) =>
      typeof prompt?.text === 'string' &&
      prompt.text.trim() &&
      matches(prompt, path) &&
      !alreadyShown(prompt),
  );
}

export class PromptController implements ReactiveController {
  static readonly styles = [promptStyles];

  readonly #host: PromptHost;
  readonly #drawing: PromptDrawing;
  #prompt?: ChatPrompt;
  #visible = false;
  /** Once shown, dismissed or made moot (the chat was opened), this page view shows no prompt. */
  #done = false;
  #timer?: ReturnType<typeof setTimeout>;

  constructor(host: PromptHost, drawing: PromptDrawing) {
    this.#host = host;
    this.#drawing = drawing;
    // A connected host schedules the prompt now (hostConnected), one not on the page yet once it is.
    host.addController(this);
    // The status line is drawn empty first, so the prompt's text is announced when it appears.
    host.requestUpdate();
  }

  hostConnected(): void {
    // Moved on the page while showing, it still listens for Escape.
    if (this.#visible) document.addEventListener('keydown', this.#onKeydown);
    else if (!this.#done && !this.#timer) this.#schedule();
  }

  hostDisconnected(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    document.removeEventListener('keydown', this.#onKeydown);
  }

  hostUpdate(): void {
    // Opening the chat, however it opens, answers the invitation, shown or still to come.
    if (this.#host.open) {
      this.#done = true;
      this.#hide();
    }
  }

  #schedule(): void {
    const prompt = choosePrompt(this.#host.prompts, location.pathname);
    if (!prompt) return;
    this.#prompt = prompt;
    const wait = Math.max(0, (prompt.delayMs ?? 0) - performance.now());
    // Then two frames more: the status line is on screen empty before its text comes (a live region that
    // arrives with its text is often not announced). Hiding or leaving the page meanwhile cancels it.
    const timer = setTimeout(
      () =>
        requestAnimationFrame(() =>
          requestAnimationFrame(() => {
            if (this.#timer !== timer) return;
            this.#timer = undefined;
            if (this.#done || this.#host.open) return;
            this.#visible = true;
            this.#done = true;
            remember(prompt);
            document.addEventListener('keydown', this.#onKeydown);
            this.#host.requestUpdate();
          }),
        ),
      wait,
    );
    this.#timer = timer;
  }

  #hide(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (!this.#visible) return;
    this.#visible = false;
    document.removeEventListener('keydown', this.#onKeydown);
    this.#host.requestUpdate();
  }

  /** Escape dismisses the prompt wherever focus is (it never has focus itself), unless the page took it. */
  readonly #onKeydown = (event: KeyboardEvent): void => {
    if (event.key === 'Escape' && !event.defaultPrevented) this.#hide();
  };

  readonly #dismiss = (): void => this.#hide();

  readonly #accept = (): void => {
    this.#hide();
    this.#host.show();
  };

  #reply(reply: string): void {
    this.#hide();
    this.#host.show();
    void this.#host.send(reply);
  }

  /** The status line that announces the prompt, there from the start so the text is read once it shows. */
  #status?: HTMLElement;
  #box?: HTMLElement;

  /**
   * Draws the prompt into the element's root, before its launcher, with a few DOM calls (the prompt loads
   * without Lit, beside a launcher that has none); nothing where there is no launcher.
   */
  draw(root: HTMLElement, launcher: ChildNode | null, shown: boolean): void {
    const { make, set, setText } = this.#drawing;
    const prompt = shown && this.#visible ? this.#prompt : undefined;
    if (!prompt) {
      this.#box?.remove();
      this.#box = undefined;
    }
    if (!shown) {
      this.#status?.remove();
      this.#status = undefined;
      return;
    }
    let status = this.#status;
    if (!status) {
      status = this.#status = make('div', { class: 'vh prompt-status', role: 'status' });
    }
    if (status.parentNode !== root) root.insertBefore(status, launcher);
    setText(status, prompt?.text ?? '');
    if (prompt && !this.#box) root.insertBefore((this.#box = this.#build(prompt)), launcher);
    const close = this.#box?.lastElementChild;
    if (close) set(close, 'aria-label', this.#host.text.closePrompt);
  }

  /** The prompt: its text, its quick replies and a close button. */
  #build(prompt: ChatPrompt): HTMLElement {
    const box = this.#drawing.make('div', { part: 'prompt', class: 'prompt' });
    box.append(this.#button('prompt-text', prompt.text, this.#accept));
    const replies = (prompt.quickReplies ?? []).filter((reply) => typeof reply === 'string' && reply.trim());
    if (replies.length) {
      const row = this.#drawing.make('div', { class: 'prompt-replies' });
      for (const reply of replies.slice(0, MAX_QUICK_REPLIES))
        row.append(this.#button('prompt-reply', reply, () => this.#reply(reply)));
      box.append(row);
    }
    const close = this.#button('prompt-close', '', this.#dismiss);
    close.append(this.#drawing.icon('close'));
    box.append(close);
    return box;
  }

  /** A button of the prompt, its text in its own direction. */
  #button(className: string, text: string, onclick: () => void): HTMLElement {
    const element = this.#drawing.make('button', { class: className, type: 'button' });
    if (text) {
      element.dir = 'auto';
      element.textContent = text;
    }
    element.onclick = onclick;
    return element;
  }
}
