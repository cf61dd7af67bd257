/**
 * A bot message drawn by one of the page's renderers (`renderers`). A template is the page's own code and
 * is used as it is. A string is HTML from who knows where: it goes through the DOMPurify policy
 * (sanitize.ts, imported only once a renderer returns a string) and is inserted as the nodes DOMPurify
 * returns. In such HTML a `<form>` sends its fields to the chat and a `data-send` button sends its text.
 */
import { html, nothing, type TemplateResult } from 'lit/html.js';
import { guard } from 'lit/directives/guard.js';
import { until } from 'lit/directives/until.js';
import type { BotEntry } from '../conversation.js';
import type { HslRenderer, RendererHelpers, RendererMessage } from '../renderers.js';
import { safeUrl } from '../url-policy.js';
import { isRecord } from '../wire.js';
import type { RenderContext } from './context.js';
import { renderMarkup } from './text.js';

type Sanitizer = typeof import('../sanitize.js');

let sanitizer: Sanitizer | undefined;
let loading: Promise<Sanitizer> | undefined;

function loadSanitizer(): Promise<Sanitizer> {
  loading ??= import('../sanitize.js').then(
    (module) => (sanitizer = module),
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

/** Sanitized HTML by what it was made from: re-renders clone it instead of sanitizing again. */
const fragments = new Map<string, DocumentFragment>();
const CACHE_SIZE = 100;

function cleaned(module: Sanitizer, dirty: string, images: RenderContext['images']): Node {
  const key = `${images}\n${dirty}`;
  let fragment = fragments.get(key);
  if (!fragment) {
    fragment = module.sanitizeToFragment(dirty, images);
    if (fragments.size >= CACHE_SIZE) fragments.delete(fragments.keys().next().value as string);
    fragments.set(key, fragment);
  }
  return fragment.cloneNode(true);
}

function objectOf(value: unknown): Record<string, unknown> {
  if (isRecord(value)) return value;
  if (typeof value !== 'string' || !value.trimStart().startsWith('{')) return {};
  try {
    const parsed: unknown = JSON.parse(value);
    return isRecord(parsed) ? parsed : {};
  } catch {
    return {};
  }
}

function messageOf(entry: BotEntry, type: string): RendererMessage {
  const body = objectOf(entry.source.body);
  return {
    type,
    text: entry.message.text,
    data: objectOf(body['data']),
    id: entry.message.id,
    agent: entry.agent,
    parsed: entry.message,
  };
}

function helpersFor(context: RenderContext): RendererHelpers {
  return {
    strings: context.strings,
    send: (text, body = text) => {
      if (typeof text === 'string' && text.trim()) context.send(text, typeof body === 'string' ? body : text);
    },
    openLink: (url) => {
      const allowed = safeUrl(url, 'link');
      if (allowed) window.open(allowed, '_blank', 'noopener,noreferrer');
      return allowed !== undefined;
    },
    safeUrl: (url, use) => safeUrl(url, use === 'image' ? context.images : use),
  };
}

/** A form in a renderer's HTML sends its filled-in fields as the user's message, one `name: value` a line. */
function onSubmit(event: SubmitEvent, context: RenderContext): void {
  const form = event.target;
  if (!(form instanceof HTMLFormElement)) return;
  event.preventDefault();
  const lines: string[] = [];
  for (const [name, value] of new FormData(form, event.submitter)) {
    if (typeof value === 'string' && value.trim()) lines.push(name ? `${name}: ${value}` : value);
  }
  const text = lines.join('\n');
  if (text) context.send(text, text);
}

/** A `data-send` button (or link) in a renderer's HTML sends that text as the user. */
function onClick(event: MouseEvent, context: RenderContext): void {
  const target = event.target instanceof Element ? event.target.closest('[data-send]') : null;
  const text = target?.getAttribute('data-send')?.trim();
  if (!text || target?.closest('form')) return;
  event.preventDefault();
  context.send(text, text);
}

/**
 * Draws `entry` with `renderer`, or says `undefined` when the renderer leaves it to the widget (returns
 * `null`, or throws: a broken renderer must not lose the message).
 */
export function renderCustom(
  entry: BotEntry,
  type: string,
  renderer: HslRenderer,
  context: RenderContext,
): TemplateResult | undefined {
  let result: ReturnType<HslRenderer>;
  try {
    result = renderer(messageOf(entry, type), helpersFor(context));
  } catch (error) {
    console.error(`haptik-chat: the renderer for ${type} failed; the message is drawn as usual.`, error);
    return undefined;
  }
  if (result === null || result === undefined) return undefined;
  // The same HTML keeps its nodes across re-renders (what the user typed into a form stays).
  const content =
    typeof result !== 'string'
      ? result
      : guard([result, context.images], () =>
          sanitizer
            ? cleaned(sanitizer, result, context.images)
            : until(
                loadSanitizer().then(
                  (module) => cleaned(module, result, context.images),
                  // The sanitizer could not be loaded (a chunk gone after a deploy): the text still shows.
                  () =>
                    html`<div part="bubble" class="bubble" dir="auto">
                      ${renderMarkup(entry.message.text)}
                    </div>`,
                ),
                nothing,
              ),
        );
  // The page's template handles its own events; in sanitized HTML the widget handles forms and buttons.
  return typeof result === 'string'
    ? html`<div
        part="message bot"
        class="message bot custom"
        data-kind="custom"
        data-type=${type}
        @submit=${(event: SubmitEvent) => onSubmit(event, context)}
        @click=${(event: MouseEvent) => onClick(event, context)}
      >
        ${content}
      </div>`
    : html`<div part="message bot" class="message bot custom" data-kind="custom" data-type=${type}>
        ${content}
      </div>`;
}
