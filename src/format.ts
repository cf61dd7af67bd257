/**
 * HSL text markup → the inline elements to show: `*bold*`, `_italic_`, `~strike~`, `` `underline` ``,
 * line breaks kept as `\n`, bare http(s) and `www.` addresses, e-mail addresses and international phone
 * numbers (`+91 22 6171 9600`) as links, `{…}` metadata removed. Pure (no DOM, no HTML):
 * render/text.ts turns the result into Lit templates, and sanitize.ts's HTML policy describes exactly
 * these elements.
 */
import { phoneUrl, safeUrl } from './url-policy.js';

export type StyleKind = 'strong' | 'em' | 's' | 'u';

export interface Styled {
  kind: StyleKind;
  children: Inline[];
}

export interface Link {
  kind: 'link';
  /** Already checked by the URL policy: http(s), mailto: or tel:. */
  href: string;
  text: string;
}

/** A run of text, a styled span or a link. Text may contain `\n`, shown as a line break. */
export type Inline = string | Styled | Link;

export interface MarkupOptions {
  /** Make addresses and numbers links (default true). Off where a link cannot go, e.g. in a button. */
  links?: boolean;
}

const STYLES: Readonly<Record<string, StyleKind>> = { '*': 'strong', _: 'em', '~': 's', '`': 'u' };
const DELIMITERS = Object.keys(STYLES);
/** Nesting deeper than every style once is never meant; it only costs time. */
const MAX_DEPTH = 4;
const WORD = /[\p{L}\p{N}]/u;
const SPACE = /\s/u;
const URL_CANDIDATE = /(?:https?:\/\/|www\.)[^\s<>"]+/giu;
/** A phone number with its country code: `+`, then digits with spaces, dots, dashes or brackets. */
const PHONE = /\+\d[\d ().-]{5,22}\d/g;
/** An e-mail address; at most 64 characters before the @, which also keeps the search linear. */
const EMAIL = /[\w.%+-]{1,64}@[a-z\d-]+(?:\.[a-z\d-]+)*\.[a-z]{2,}/gi;
const EMAIL_CHAR = /[\w.%+-]/;
/** What ends a sentence or closes markup, never a URL. */
const TRAILING_PUNCTUATION = new Set([...'.,;:!?\'"*_~`']);
/** No URL is longer (url-policy.ts refuses longer ones); a longer candidate is shown as text. */
const MAX_URL_CHARS = 4096;

/** Removes `{…}` metadata (nested braces included). An unmatched brace is shown as it is. */
export function stripMetadata(text: string): string {
  if (!text.includes('{')) return text;
  const open: number[] = [];
  const pairs: [number, number][] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '{') open.push(i);
    else if (text[i] === '}' && open.length) pairs.push([open.pop()!, i + 1]);
  }
  // Pairs from a stack nest or are disjoint: keep the outermost ones, in order.
  pairs.sort((a, b) => a[0] - b[0]);
  let out = '';
  let at = 0;
  for (const [start, end] of pairs) {
    if (start < at) continue;
    out += text.slice(at, start);
    at = end;
  }
  return out + text.slice(at);
}

interface UrlSpan {
  end: number;
  link: Link;
}

const isWordChar = (char: string | undefined) => char !== undefined && WORD.test(char);
const isSpace = (char: string | undefined) => char !== undefined && SPACE.test(char);

/**
 * Drops sentence punctuation and markup delimiters from a URL's end, and `)` that closes nothing. One
 * pass from the end, with the parentheses counted once: linear in the candidate's length.
 */
function trimUrl(candidate: string): string {
  let open = 0;
  let close = 0;
  for (const char of candidate) {
    if (char === '(') open += 1;
    else if (char === ')') close += 1;
  }
  let end = candidate.length;
  while (end > 0) {
    const char = candidate[end - 1]!;
    if (TRAILING_PUNCTUATION.has(char)) end -= 1;
    else if (char === ')' && open < close) {
      close -= 1;
      end -= 1;
    } else break;
  }
  return candidate.slice(0, end);
}

/** The host a URL's text names, as written (between `//` and the path, query or fragment), lower-cased. */
const writtenHost = (text: string): string =>
  text
    .slice(text.indexOf('//') + 2)
    .split(/[/?#\\]/, 1)[0]!
    .toLowerCase();

/**
 * A link for a URL in bot text. When the text does not name the host the browser would go to (a
 * look-alike such as `https://bank.com⁄login.evil.test/`, whose `⁄` is not a slash), the link shows the
 * URL it really opens, punycode and all, so nobody is led to another host than the one they read.
 */
function linkFor(url: string, text = url): Link | undefined {
  const href = safeUrl(url, 'link');
  if (!href || url.length <= 'https://'.length) return undefined;
  const host = new URL(href).host;
  return { kind: 'link', href, text: writtenHost(url) === host ? text : href };
}

/** Links for the addresses, e-mail addresses and phone numbers in a line, by where each starts. */
function findUrls(line: string): Map<number, UrlSpan> {
  const spans = new Map<number, UrlSpan>();
  const covered = new Uint8Array(line.length);
  /** Takes `text` at `start` unless it overlaps what is taken (a link, or a URL that may not be one). */
  const take = (start: number, text: string, link?: Link) => {
    const end = start + text.length;
    if (covered.subarray(start, end).includes(1)) return;
    covered.fill(1, start, end);
    if (link) spans.set(start, { end, link });
  };
  for (const { 0: match, index: start } of line.matchAll(URL_CANDIDATE)) {
    // Not inside a word, and `www.` not inside an e-mail address or a longer host name either.
    const before = line[start - 1];
    if (
      isWordChar(before) ||
      (match[0] === 'w' && /[@./-]/.test(before ?? '')) ||
      match.length > MAX_URL_CHARS
    )
      continue;
    const text = trimUrl(match);
    take(start, text, linkFor(/^h/i.test(text) ? text : `https://${text}`, text));
  }
  for (const { 0: text, index } of line.matchAll(EMAIL)) {
    const href = EMAIL_CHAR.test(line[index - 1] ?? '') ? undefined : safeUrl(`mailto:${text}`, 'action');
    if (href) take(index, text, { kind: 'link', href, text });
  }
  for (const { 0: text, index } of line.matchAll(PHONE)) {
    const href = isWordChar(line[index - 1]) ? undefined : phoneUrl(text);
    // Seven digits at least: `tel:+` and seven.
    if (href && href.length >= 12) take(index, text, { kind: 'link', href, text });
  }
  return spans;
}

/** One line: URLs are found first and never styled inside; delimiters pair up within the line. */
class LineParser {
  readonly #line: string;
  readonly #urls: Map<number, UrlSpan>;
  readonly #covered: Uint8Array;
  /** For each delimiter, the positions that may close a span, ascending. */
  readonly #closers = new Map<string, number[]>();

  constructor(line: string, links: boolean) {
    this.#line = line;
    this.#urls = links ? findUrls(line) : new Map();
    this.#covered = new Uint8Array(line.length);
    for (const [start, { end }] of this.#urls) this.#covered.fill(1, start, end);
    for (const delimiter of DELIMITERS) this.#closers.set(delimiter, []);
    for (let j = 1; j < line.length; j++) {
      const char = line[j]!;
      const positions = this.#closers.get(char);
      if (positions && !this.#covered[j] && !isSpace(line[j - 1]) && !isWordChar(line[j + 1])) {
        positions.push(j);
      }
    }
  }

  parse(): Inline[] {
    return this.#range(0, this.#line.length, 0);
  }

  #range(start: number, end: number, depth: number): Inline[] {
    const line = this.#line;
    const out: Inline[] = [];
    let text = '';
    const flush = () => {
      if (text) out.push(text);
      text = '';
    };
    let i = start;
    while (i < end) {
      const url = this.#urls.get(i);
      if (url && url.end <= end) {
        flush();
        out.push(url.link);
        i = url.end;
        continue;
      }
      const char = line[i]!;
      const close = depth < MAX_DEPTH ? this.#closerFor(char, i, end) : -1;
      if (close > 0) {
        flush();
        out.push({ kind: STYLES[char]!, children: this.#range(i + 1, close, depth + 1) });
        i = close + 1;
        continue;
      }
      text += char;
      i++;
    }
    flush();
    return out;
  }

  /** Where the span opened by the delimiter at `i` closes, or -1 when `i` opens nothing. */
  #closerFor(char: string, i: number, end: number): number {
    const positions = this.#closers.get(char);
    if (!positions || this.#covered[i]) return -1;
    const line = this.#line;
    const next = line[i + 1];
    if (i + 1 >= end || next === char || isSpace(next) || isWordChar(line[i - 1])) return -1;
    // The first closing position after a non-empty content, by binary search.
    let low = 0;
    let high = positions.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (positions[mid]! < i + 2) low = mid + 1;
      else high = mid;
    }
    const close = positions[low];
    return close !== undefined && close < end ? close : -1;
  }
}

/** Parses HSL text markup. Never throws; the result's text is the input's, minus markup and metadata. */
export function parseMarkup(text: string, options: MarkupOptions = {}): Inline[] {
  const links = options.links ?? true;
  const lines = stripMetadata(text).replace(/\r\n?/g, '\n').trim().split('\n');
  const out: Inline[] = [];
  lines.forEach((line, index) => {
    if (index > 0) out.push('\n');
    for (const node of new LineParser(line, links).parse()) out.push(node);
  });
  // Adjacent strings (line breaks between plain lines) read better as one.
  return out.reduce<Inline[]>((merged, node) => {
    const last = merged.at(-1);
    if (typeof node === 'string' && typeof last === 'string') merged[merged.length - 1] = last + node;
    else if (node !== '') merged.push(node);
    return merged;
  }, []);
}

/** The visible text of parsed markup. */
export function inlineText(nodes: readonly Inline[]): string {
  return nodes
    .map((node) =>
      typeof node === 'string' ? node : node.kind === 'link' ? node.text : inlineText(node.children),
    )
    .join('');
}

/** What a bot string shows as plain text (labels, alt text): no metadata, no markup delimiters. */
export const plainText = (text: string): string => inlineText(parseMarkup(text, { links: false }));
