/**
 * Size budgets of the script-tag build, gzip level 9 (1 KB = 1000 bytes), checked in `npm test` and by
 * `npm run size`. Run after `vite build`: each budget's files are read off the built import graph, so a
 * budget counts what its path really loads and nothing another path already loaded.
 * - the launcher: what every page that embeds the widget loads up front;
 * - chatting: the launcher and the panel (English comes with it), what a visitor who opens the chat loads;
 * - each chunk loaded only when needed (a language, the web view, custom renderers, prompts, the agents'
 *   event stream) has its own budget;
 * - the classic script is one file holding everything (README: "Put it on a website").
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** A file and every chunk it imports statically (`import … from "./x.js"`, not `import("./x.js")`). */
function withStaticImports(file, seen = new Set()) {
  if (seen.has(file)) return seen;
  seen.add(file);
  const code = readFileSync(file, 'utf8');
  for (const [, specifier] of code.matchAll(/\b(?:import|from)\s*["'](\.\.?\/[^"']+)["']/g)) {
    withStaticImports(join(dirname(file), specifier), seen);
  }
  return seen;
}

/** The built chunk of a source module (`chunks/<name>-<hash>.js`). */
function chunk(name) {
  const files = readdirSync('dist/chunks').filter(
    (file) => file.startsWith(`${name}-`) && file.endsWith('.js'),
  );
  if (files.length !== 1) throw new Error(`expected one dist/chunks/${name}-*.js, found ${files.length}`);
  return join('dist/chunks', files[0]);
}

/** The files `entry` loads (with their static imports) beyond those already in `loaded`. */
const added = (entry, loaded) => [...withStaticImports(entry)].filter((file) => !loaded.includes(file));

const launcher = [...withStaticImports('dist/haptik-chat.js')];
/** In English, which comes with the panel; another language adds its own chunk (below). */
const chatting = [...launcher, ...added(chunk('chat-panel'), launcher)];
/** Two on-demand chunks' files, without counting what both load twice. */
const union = (...lists) => [...new Set(lists.flat())];

/** Every built-in language but English, each a chunk of its own. */
const LANGUAGES = ['hi', 'ar', 'es', 'fr', 'de', 'pt', 'id'];

export default [
  {
    name: 'launcher: dist/haptik-chat.js and what it imports statically',
    path: launcher,
    gzip: true,
    // Was 10 KB while the element was a LitElement; drawn without Lit, it is about 5.7 KB; as one file
    // (no shared chunk, no second request), about 5.4 KB.
    limit: '5.4 KB',
  },
  {
    name: 'chatting in English: the launcher and the panel',
    path: chatting,
    gzip: true,
    // Was 25 KB. Issues 10, 12, 13 and 15 added times and day lines, tabs sharing one conversation, thumbs,
    // the start message, pacing, keyboard travel, bottom stacking, slow-reply and failure wording, agents'
    // messages and the transcript in blocks: about 6 KB, each measured in its own merge. 32.1: reading each
    // stored or other tab's entry once (an attack review found a repeated id could resend a message
    // without end), after the transcript's window had used the last bytes of 32. 30.6: the launcher
    // without Lit, and every style as text, leave out Lit's ReactiveElement, LitElement and css tag (30.9:
    // the launcher and the prompt share their DOM helpers, dom.ts, from the shared chunk). 30.5: the
    // launcher is one file and the chunks import nothing from it (the shared chunk is gone). 30.7: the
    // store writes once per task from each entry's JSON made once (an exchange kept in local storage
    // had cost about twice what drawing it does), and updates look for a carousel only in what changed.
    // 31: tabs that agree (a review found a cleared conversation coming back, another tab's messages
    // shown failed with a retry that sent them twice, an offline message resent by two tabs, a cleared
    // conversation's stream delivering into the new one, and a full storage keeping an older record).
    // 31.1: and that order made strict (a second review found two tabs posting to each other for ever).
    // 31.2: agents' late messages in Haptik's order, and two tabs sending at once showing one order.
    // 31.5: that order worked out exchange by exchange (a third review found tabs still disagreeing, and a
    // reply moved away from its question), and a copy relayed by a third tab no longer undoing a newer state.
    // 31.6: a tab that goes away mid-send (or an element removed) leaves its messages failed, with a retry,
    // in the other tabs (they showed them on their way until reloaded); back from the back-forward cache
    // (or put back) it reads what they wrote meanwhile and sends what had not gone out: 31.60. 31.7: only
    // while nothing was said since and within ten minutes (a review: it came out of place): 31.64.
    limit: '31.7 KB',
  },
  {
    name: 'on demand: the menu, the new-conversation question and the rating form (panel-extras)',
    path: [chunk('panel-extras')],
    gzip: true,
    limit: '4 KB',
  },
  {
    name: 'custom renderers, on demand: their module and the DOMPurify policy (only for HTML strings)',
    path: union(added(chunk('custom'), chatting), added(chunk('sanitize'), chatting)),
    gzip: true,
    limit: '15 KB',
  },
  {
    name: "the agents' event stream, after a send",
    path: added(chunk('agent-stream'), chatting),
    gzip: true,
    limit: '2 KB',
  },
  {
    name: 'carousels, with the first one to show',
    path: added(chunk('carousel'), chatting),
    gzip: true,
    limit: '3 KB',
  },
  {
    name: 'the web view, on first use',
    path: added(chunk('webview'), chatting),
    gzip: true,
    limit: '3.5 KB',
  },
  ...LANGUAGES.map((language) => ({
    name: `the ${language} translation (with the plural rules' helper), when the widget's lang asks for it`,
    path: added(chunk(language), chatting),
    gzip: true,
    // Every UI string, the menu's and the rating form's included (about 90 texts).
    limit: '2 KB',
  })),
  {
    name: 'proactive prompts, at idle when `prompts` is set',
    path: added(chunk('prompt'), launcher),
    gzip: true,
    // Drawn without Lit, like the launcher it stands beside: Lit loads with the panel, not for a prompt.
    limit: '2 KB',
  },
  {
    name: 'the classic script, dist/haptik-chat.iife.js: everything in one file',
    path: ['dist/haptik-chat.iife.js'],
    gzip: true,
    // Everything in one file, DOMPurify and the seven other languages included. 59.7: the tabs' reviews
    // (59.6 with them). 59.9: a tab going away mid-send and coming back (as above; 59.84).
    limit: '59.9 KB',
  },
];
