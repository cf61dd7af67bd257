/**
 * When messages were sent, written as the page's language writes it (`Intl`, `<html lang>`): a time
 * under the last message of each run (one sender, one minute) and a day line where the day changes.
 */
import { html, type TemplateResult } from 'lit/html.js';
import type { Entry } from '../conversation.js';

/** What is drawn around the entries, one slot each: the day line before it, the `<time>` under it. */
export interface TimeMarks {
  days: (string | undefined)[];
  times: (TemplateResult | undefined)[];
}

const formats = new Map<string, Intl.DateTimeFormat>();

function format(at: number, options: Intl.DateTimeFormatOptions): string {
  const locale = document.documentElement.lang || undefined;
  const key = `${locale} ${JSON.stringify(options)}`;
  let formatter = formats.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, options);
    formats.set(key, formatter);
  }
  return formatter.format(at);
}

/** The calendar day of a moment, in the page's time zone, as a day count (DST does not shift it). */
const dayOf = (at: number): number => {
  const date = new Date(at);
  return Date.UTC(date.getFullYear(), date.getMonth(), date.getDate()) / 864e5;
};

/** "Today", "Yesterday" (in the page's language), or the date. */
function dayLabel(day: number, today: number): string {
  const locale = document.documentElement.lang || undefined;
  if (today - day > 1 || today < day) return format(day * 864e5, { dateStyle: 'medium', timeZone: 'UTC' });
  const words = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(day - today, 'day');
  return words.charAt(0).toLocaleUpperCase(locale) + words.slice(1);
}

/** Worked out once per entry (entries are replaced, never changed): its day, minute and `<time>`. */
interface Stamp {
  day: number;
  minute: string;
  time: TemplateResult;
}
const stamps = new WeakMap<Entry, Stamp>();

function stampOf(entry: Entry): Stamp | undefined {
  if (entry.at === undefined) return undefined;
  let stamp = stamps.get(entry);
  if (!stamp) {
    const minute = format(entry.at, { timeStyle: 'short' });
    const iso = new Date(entry.at).toISOString();
    stamp = {
      day: dayOf(entry.at),
      minute,
      time: html`<time part="time" class="time" datetime=${iso}>${minute}</time>`,
    };
    stamps.set(entry, stamp);
  }
  return stamp;
}

/** Who a run is by; undefined for what is not drawn (hidden messages that went out, silent ones). */
function senderOf(entry: Entry): string | undefined {
  if (entry.role === 'user') return entry.hidden && entry.status !== 'failed' ? undefined : 'user';
  const { kind } = entry.message;
  return kind === 'silent' || kind === 'native-action' ? undefined : kind === 'system' ? 'system' : 'bot';
}

/**
 * The day lines and times of a transcript; only run ends and day changes fill a slot. Appending must stay
 * cheap on long transcripts, so each call redoes only what follows the part of the transcript that is
 * unchanged since the last call (entries are replaced, never changed, so identity tells).
 */
export class TimeLine {
  #entries: readonly Entry[] = [];
  #today = NaN;
  readonly #marks: TimeMarks = { days: [], times: [] };

  marks(entries: readonly Entry[], now = Date.now()): TimeMarks {
    const { days, times } = this.#marks;
    const today = dayOf(now);
    let same = 0;
    if (today === this.#today) {
      const previous = this.#entries;
      while (same < entries.length && entries[same] === previous[same]) same += 1;
    }
    // The last message drawn before the change: its time depends on what follows it, so it is redone.
    let from = same;
    while (from > 0 && !senderOf(entries[from - 1]!)) from -= 1;
    from = Math.max(0, from - 1);
    days.length = times.length = entries.length;
    days.fill(undefined, from);
    times.fill(undefined, from);
    let last: { index: number; sender: string; stamp?: Stamp | undefined } | undefined;
    for (let i = from - 1; i >= 0 && !last; i -= 1) {
      const sender = senderOf(entries[i]!);
      if (sender) last = { index: i, sender, stamp: stampOf(entries[i]!) };
    }
    const endRun = () => {
      if (last?.stamp && last.sender !== 'system') times[last.index] = last.stamp.time;
    };
    for (let index = from; index < entries.length; index += 1) {
      const entry = entries[index]!;
      const sender = senderOf(entry);
      if (!sender) continue;
      const stamp = stampOf(entry);
      if (stamp && stamp.day !== last?.stamp?.day) days[index] = dayLabel(stamp.day, today);
      if (sender !== last?.sender || stamp?.day !== last.stamp?.day || stamp?.minute !== last.stamp?.minute) {
        endRun();
      }
      last = { index, sender, stamp };
    }
    endRun();
    this.#entries = entries;
    this.#today = today;
    return this.#marks;
  }
}
