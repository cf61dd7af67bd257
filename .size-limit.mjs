/**
 * Size budgets of the script-tag build, gzip level 9 (1 KB = 1000 bytes), checked in `npm test` and by
 * `npm run size`. Run after `vite build`: the launcher's files are read off the built import graph.
 */
import { readFileSync } from 'node:fs';
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

export default [
  {
    name: 'launcher: dist/haptik-chat.js and what it imports statically',
    path: [...withStaticImports('dist/haptik-chat.js')],
    gzip: true,
    limit: '10 KB',
  },
  {
    name: 'everything the module build can load',
    path: ['dist/haptik-chat.js', 'dist/chunks/*.js'],
    gzip: true,
    limit: '25 KB',
  },
  {
    name: 'the classic script, dist/haptik-chat.iife.js',
    path: ['dist/haptik-chat.iife.js'],
    gzip: true,
    limit: '25 KB',
  },
];
