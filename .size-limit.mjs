/**
 * Size budgets of the script-tag build, gzip level 9 (1 KB = 1000 bytes), checked in `npm test` and by
 * `npm run size`. Run after `vite build`: files are read off the built import graph.
 * - the launcher: what every page that embeds the widget loads up front;
 * - chatting: the launcher and the panel, what a visitor who opens the chat loads;
 * - each chunk loaded only when needed (the agents' event stream after a send) has its own budget;
 * - the classic script is one file holding everything.
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

/** The built chunk whose name starts with `name` (chunks are named `name-hash.js`). */
const chunk = (name) => {
  const file = readdirSync('dist/chunks').find((f) => f.startsWith(`${name}-`) && f.endsWith('.js'));
  if (!file) throw new Error(`no chunk ${name} in dist/chunks`);
  return join('dist/chunks', file);
};

const launcher = [...withStaticImports('dist/haptik-chat.js')];

export default [
  {
    name: 'launcher: dist/haptik-chat.js and what it imports statically',
    path: launcher,
    gzip: true,
    limit: '10 KB',
  },
  {
    name: 'chatting: the launcher and the panel with what it imports statically',
    path: [...new Set([...launcher, ...withStaticImports(chunk('chat-panel'))])],
    gzip: true,
    limit: '25 KB',
  },
  {
    name: "on demand: the agents' event stream (after a send)",
    path: [chunk('agent-stream')],
    gzip: true,
    limit: '2 KB',
  },
  {
    name: 'the classic script, dist/haptik-chat.iife.js',
    path: ['dist/haptik-chat.iife.js'],
    gzip: true,
    limit: '27 KB',
  },
];
