import { rmSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { transformSync } from 'esbuild';
import MagicString from 'magic-string';
import { defineConfig, parseAst, type Plugin } from 'vite';

/**
 * The script-tag files, everything they use inside (lit; DOMPurify where it is used), from one `vite build`:
 * - `dist/haptik-chat.js`, a module: the launcher and what it imports statically; the panel is a chunk in
 *   `dist/chunks/` that the launcher imports with a relative specifier, so it is found next to the module.
 * - `dist/haptik-chat.iife.js`, one classic script (Vite inlines dynamic imports for `iife`), exposing
 *   the exports as `window.HaptikChat`.
 * The unbundled build for bundlers (lit and DOMPurify as dependencies) is tsc's: tsconfig.build.json.
 * `npm run analyze` (`--mode analyze`) also prints what each chunk is made of.
 */
export default defineConfig(({ mode }) => ({
  publicDir: false,
  plugins: [
    cleanOwnOutput(),
    minifyCssLiterals(),
    oneFileForIife(),
    launcherStandsAlone(),
    compileLauncherAtOnce(),
    collapseTemplateLines(),
    ...(mode === 'analyze' ? [chunkContents()] : []),
  ],
  build: {
    target: 'es2022',
    // terser with three passes, then rolldown's own minifier: 0.25 kB gzip less than either alone.
    minify: 'terser',
    terserOptions: { module: true, compress: { passes: 3 } },
    sourcemap: true,
    // dist/ also holds the tsc build and the demo apps, made by other steps: clean only what this makes.
    emptyOutDir: false,
    lib: {
      entry: 'src/register.ts',
      name: 'HaptikChat',
      formats: ['es', 'iife'],
      fileName: (format) => (format === 'iife' ? 'haptik-chat.iife.js' : 'haptik-chat.js'),
    },
    rolldownOptions: {
      preserveEntrySignatures: 'allow-extension',
      // terser's three passes are most of the build's time, which rolldown would otherwise report.
      checks: { pluginTimings: false },
      // Constants another module imports are written where they are used: the close icon's path is the
      // launcher's (icon.ts) and the panel's (render/icons.ts) without the panel importing the launcher.
      // A long string (a style) imported in two places would be written twice: the size budgets catch it.
      optimization: { inlineConst: { mode: 'all' } },
      // DOMPurify's module makes its default instance on import, which bundlers must otherwise keep even
      // when nothing calls it; it changes nothing global, so it is bundled only where it is used.
      treeshake: {
        moduleSideEffects: [{ test: /[\\/]node_modules[\\/]dompurify[\\/]/, sideEffects: false }],
      },
      output: {
        // These files go straight to browsers, not through another bundler: minify them fully
        // (Vite's library default keeps the whitespace of `es` output).
        minify: true,
        // Bundler hints (`/* @__PURE__ */`) mean nothing to a browser: these files go straight to one.
        comments: { annotation: false, jsdoc: false },
        chunkFileNames: 'chunks/[name]-[hash].js',
        // The launcher is one file that imports nothing statically: a second file would be fetched only
        // once the first had arrived and been parsed, and the button would wait for both. So no chunk
        // imports what the launcher's file holds (the entry: a page that loads it with a query string,
        // `?v=2`, would load it twice) nor anything beside it: the panel adds the launcher's strings to its
        // own through the element, the prompt borrows its DOM helpers, load errors go through the element,
        // styles are plain strings (minifyCssLiterals), the close icon's path is inlined (inlineConst).
        codeSplitting: {
          groups: [
            {
              // Lit, and what the panel shares with its own on-demand chunks (carousel, web view,
              // renderers): one file that loads with the panel (or the prompt), not one per module. The
              // launcher draws itself without Lit.
              name: 'panel-shared',
              test: /node_modules[\\/](lit-html[\\/](lit-html|directive|directive-helpers)|@lit[\\/]reactive-element[\\/](reactive-element|css-tag)|lit-element[\\/]lit-element|lit[\\/]index)\.js|src[\\/](url-policy|render[\\/](opener|css-property))\.ts/,
            },
          ],
        },
      },
    },
  },
}));

/**
 * Fails the build if the launcher's file imports another statically (the page would wait for a second
 * request before the button shows) or a chunk imports the launcher's file (see `codeSplitting`).
 */
function launcherStandsAlone(): Plugin {
  return {
    name: 'haptik-chat:launcher-stands-alone',
    apply: 'build',
    generateBundle(options, bundle) {
      if (options.format !== 'es') return;
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        if (chunk.isEntry && chunk.imports.length) {
          this.error(`${chunk.fileName} imports ${chunk.imports.join(', ')}: the launcher must be one file`);
        }
        const entry = [...chunk.imports, ...chunk.dynamicImports].find(
          (file) => bundle[file]?.type === 'chunk' && bundle[file].isEntry,
        );
        if (entry)
          this.error(`${chunk.fileName} imports the launcher's file (${entry}): it would load twice`);
      }
    },
  };
}

/**
 * Marks the launcher's file for V8 to compile whole as it loads (Chrome 136's explicit compile hint): nearly
 * all of it runs before the button shows, and compiling each function on its first call, on the main
 * thread, was a third of the launcher's script time (bench:page). Browsers without the hint ignore a
 * comment. Not on the classic script, most of which (the panel) runs only when wanted.
 */
function compileLauncherAtOnce(): Plugin {
  const HINT = '//# allFunctionsCalledOnLoad\n';
  return {
    name: 'haptik-chat:compile-launcher-at-once',
    apply: 'build',
    generateBundle(options, bundle) {
      if (options.format !== 'es') return;
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk' || !chunk.isEntry) continue;
        chunk.code = HINT + chunk.code;
        // One line more above the code: its source map's mappings start a line later.
        const map = bundle[`${chunk.fileName}.map`];
        if (map?.type === 'asset' && typeof map.source === 'string') {
          const json = JSON.parse(map.source) as { mappings: string };
          map.source = JSON.stringify({ ...json, mappings: `;${json.mappings}` });
        } else if (options.sourcemap) {
          this.error(`no ${chunk.fileName}.map to shift: the launcher's source map would be a line off`);
        }
      }
    },
  };
}

/** The classic script is one file (Vite inlines its dynamic imports): it has no chunks to group. */
function oneFileForIife(): Plugin {
  return {
    name: 'haptik-chat:one-file-for-iife',
    apply: 'build',
    outputOptions(options) {
      if (options.format === 'iife') return { ...options, codeSplitting: false };
      return null;
    },
  };
}

/** Removes the previous script-tag files, so no stale chunk is shipped or counted against the budget. */
function cleanOwnOutput(): Plugin {
  let cleaned = false; // once per `vite build`, which runs a build for each format
  return {
    name: 'haptik-chat:clean-own-output',
    apply: 'build',
    buildStart() {
      if (cleaned) return;
      cleaned = true;
      for (const path of ['dist/chunks', 'dist/haptik-chat.js', 'dist/haptik-chat.iife.js']) {
        for (const suffix of path.endsWith('.js') ? ['', '.map'] : ['']) {
          rmSync(`${path}${suffix}`, { recursive: true, force: true });
        }
      }
    },
  };
}

/**
 * Minifies the CSS inside the css`…` literals in src/ (css.ts; the JS minifier leaves template text as it
 * is) and leaves each a plain string; a literal with `${…}` or a backslash is left alone. The literals live
 * in *.styles.ts modules that hold little else, so mapping their collapsed lines to the first one
 * (`map: null`) costs the source map little.
 */
function minifyCssLiterals(): Plugin {
  const literal = /\bcss`([^`$\\]*)`/g;
  return {
    name: 'haptik-chat:minify-css-literals',
    transform(code, id) {
      if (!id.includes('/src/') || !code.includes('css`')) return null;
      const minified = code.replace(literal, (_whole, text: string) => {
        // utf8: esbuild would otherwise escape `content: '☆'` as `"\2606"`, an escape a template
        // literal cannot hold (Lit's css tag would get an undefined string).
        const css = transformSync(text, { loader: 'css', minify: true, charset: 'utf8' }).code.trim();
        // A plain template literal: the `css` tag is gone from the build, and with it css.ts, which each
        // chunk of styles would otherwise import (from the launcher's file, or from one more file).
        return `\`${css}\``;
      });
      return minified === code ? null : { code: minified, map: null };
    },
  };
}

/**
 * Collapses each line break and the indentation after it to one space in the static text of Lit's
 * html`…` and svg`…` templates in src/. Outside `white-space: pre*` that renders the same; the widget
 * keeps line breaks out of templates whose text is pre-line (bubbles), so it renders the same there too.
 */
function collapseTemplateLines(): Plugin {
  type Node = { type: string; start: number; end: number; [key: string]: unknown };
  return {
    name: 'haptik-chat:collapse-template-lines',
    transform(code, id) {
      if (!id.includes('/src/') || !/\b(?:html|svg)`/.test(code)) return null;
      const spans: [number, number][] = [];
      const visit = (value: unknown): void => {
        if (Array.isArray(value)) return value.forEach(visit);
        if (!value || typeof value !== 'object') return;
        const node = value as Node;
        const tag = node['tag'] as Node | undefined;
        if (node.type === 'TaggedTemplateExpression' && tag?.type === 'Identifier') {
          const name = tag['name'];
          if (name === 'html' || name === 'svg') {
            for (const quasi of (node['quasi'] as { quasis: Node[] }).quasis)
              spans.push([quasi.start, quasi.end]);
          }
        }
        for (const key in node) if (key !== 'type') visit(node[key]);
      };
      visit(parseAst(code));
      const out = new MagicString(code);
      for (const [start, end] of spans) {
        const text = code.slice(start, end);
        const collapsed = text.replace(/\n[ \t]*/g, ' ');
        if (collapsed !== text) out.overwrite(start, end, collapsed);
      }
      return out.hasChanged() ? { code: out.toString(), map: out.generateMap({ hires: true }) } : null;
    },
  };
}

const kB = (bytes: number): string => `${(bytes / 1000).toFixed(2)} kB`;

/** Prints each chunk of the module build with its modules, largest first (bytes before minifying). */
function chunkContents(): Plugin {
  return {
    name: 'haptik-chat:chunk-contents',
    generateBundle({ format }, bundle) {
      if (format !== 'es') return;
      const lines: string[] = [];
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        const gzip = gzipSync(chunk.code, { level: 9 }).length;
        lines.push(`\n${chunk.fileName}: ${kB(gzip)} gzip, ${kB(chunk.code.length)} minified`);
        const modules = Object.entries(chunk.modules).sort(
          ([, a], [, b]) => b.renderedLength - a.renderedLength,
        );
        const total = modules.reduce((sum, [, module]) => sum + module.renderedLength, 0);
        for (const [id, { renderedLength }] of modules) {
          if (!renderedLength) continue;
          const share = `${((100 * renderedLength) / total).toFixed(1)}%`.padStart(6);
          lines.push(
            `  ${share}  ${kB(renderedLength).padStart(9)}  ${id.replace(`${process.cwd()}/`, '').replace('\0', '')}`,
          );
        }
      }
      process.stdout.write(`${lines.join('\n')}\n`);
    },
  };
}
