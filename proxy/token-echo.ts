/**
 * Does a reply show the bot's token? An upstream that echoes what it was sent would hand the token to
 * the browser, and not only as a plain substring: the widget decodes strings that hold JSON (bots
 * double-encode bodies and data), removes `{…}` metadata and markup delimiters, so `tok_SECRET{x}_rest`,
 * `tok_*SECRET*` or a `\u`-escaped body all show the token. So every string of the reply is checked in
 * the forms the widget can show it, with strings that hold JSON decoded and checked in turn.
 */
import { plainText, stripMetadata } from '../src/format.js';

/** Tokens this short (only ever seen in tests) cannot be searched for without false alarms. */
const MIN_TOKEN_CHARS = 12;
/**
 * Strings inside strings deeper than this, and objects nested deeper than that, are not read: a reply
 * that has them is treated as showing the token. No bot encodes its bodies more than two or three
 * times, or nests a reply a hundred levels deep.
 */
const MAX_DECODINGS = 6;
const MAX_NESTING = 256;
/**
 * The markup delimiters of src/format.ts. Removing all of them, wherever they are, covers every way
 * the widget may pair them (it removes only paired ones), links included, where it removes none.
 */
const DELIMITERS = /[*_~`]/g;
/** A string the widget (or a later decoding) may read as JSON. */
const HOLDS_JSON = /^\s*[{["]/;

const withoutDelimiters = (text: string): string => text.replace(DELIMITERS, '');

/** Says whether a reply would show `token` (true, too, for a reply too deeply encoded to read). */
export type TokenEchoCheck = (reply: unknown) => boolean;

export function createTokenEchoCheck(token: string): TokenEchoCheck {
  if (token.length < MIN_TOKEN_CHARS) return () => false;
  const bare = withoutDelimiters(token);
  const searchBare = bare.length >= MIN_TOKEN_CHARS;

  /**
   * The forms of one string the widget may show, each checked for the token. What the widget shows
   * of a string is it without metadata and with some delimiters removed, so a string that shows the
   * token holds it, delimiters aside, once metadata is gone: the `bare` test implies the widget's own
   * `plainText`, and costs a fraction of it. Only a token that is mostly delimiters needs the latter.
   */
  function showsToken(text: string): boolean {
    if (text.includes(token)) return true;
    if (text.length < bare.length) return false;
    if (searchBare) {
      if (withoutDelimiters(stripMetadata(text)).includes(bare)) return true;
    } else if (plainText(text).includes(token)) return true;
    if (text.includes('%')) {
      try {
        // A link that carries the token percent-encoded sends it to another site when followed.
        if (decodeURIComponent(text).includes(token)) return true;
      } catch {
        // Not percent-encoding: nothing more to see.
      }
    }
    return false;
  }

  /** Visits every string, number and nested value; `nesting` counts objects and arrays, `decodings` JSON strings. */
  function visit(value: unknown, nesting: number, decodings: number): boolean {
    if (typeof value === 'string') {
      if (showsToken(value)) return true;
      if (!HOLDS_JSON.test(value)) return false;
      let decoded: unknown;
      try {
        decoded = JSON.parse(value);
      } catch {
        return false;
      }
      return decodings >= MAX_DECODINGS || visit(decoded, nesting + 1, decodings + 1);
    }
    if (typeof value === 'number') return String(value).includes(token);
    if (typeof value !== 'object' || value === null) return false;
    if (nesting >= MAX_NESTING) return true;
    if (Array.isArray(value)) {
      for (const item of value) if (visit(item, nesting + 1, decodings)) return true;
    } else {
      for (const key in value)
        if (visit((value as Record<string, unknown>)[key], nesting + 1, decodings)) return true;
    }
    return false;
  }

  return (reply) => visit(reply, 0, 0);
}
