import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { compileTemplate } from 'vue/compiler-sfc';
import { defineConfig, type Plugin, type UserConfig } from 'vite';

/** Every element named `haptik-…` is ours, not a Vue component: the compiler leaves it to the browser. */
export const isCustomElement = (tag: string): boolean => tag.startsWith('haptik-');

const VUE_TEMPLATE = '?vue-template';

/**
 * `import { render } from './x.html?vue-template'`: a Vue template compiled at build time with
 * `isCustomElement`, as @vitejs/plugin-vue would compile an SFC's template. The page's CSP has no
 * 'unsafe-eval', so Vue's runtime compiler (which uses `new Function`) cannot run there.
 */
function vueTemplates(): Plugin {
  return {
    name: 'haptik-chat:vue-templates',
    async load(id) {
      if (!id.endsWith(VUE_TEMPLATE)) return null;
      const filename = id.slice(0, -VUE_TEMPLATE.length);
      const { code, errors } = compileTemplate({
        source: await readFile(filename, 'utf8'),
        filename,
        id: filename,
        compilerOptions: { isCustomElement },
      });
      if (errors.length) this.error(`${filename}: ${errors.map(String).join('\n')}`);
      return { code, moduleType: 'js' };
    },
  };
}

const fromRepo = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

export interface DemoAppsOptions {
  /** The folder holding demo/react and demo/vue (the repository, or an app that installed the package). */
  root: string;
  outDir: string;
  /** Resolve `haptik-chat` and `haptik-chat/react` to src/ instead of the installed package. */
  fromSource: boolean;
  /** Also build the theme gallery's script, demo/themes.ts, and the script-tag page's, demo/page.ts. */
  gallery?: boolean;
}

/**
 * The framework demo apps and the theme gallery's script, loaded by demo/*.html as /dist/demo/*.js:
 * React 19 with the element itself, React with `haptik-chat/react`, and Vue 3. JSX needs no plugin.
 */
export function demoAppsConfig({ root, outDir, fromSource, gallery = false }: DemoAppsOptions): UserConfig {
  return {
    root,
    publicDir: false,
    logLevel: 'warn',
    plugins: [vueTemplates()],
    resolve: {
      alias: fromSource
        ? [
            { find: /^haptik-chat$/, replacement: fromRepo('./src/index.ts') },
            { find: /^haptik-chat\/react$/, replacement: fromRepo('./src/react.ts') },
          ]
        : [],
    },
    define: {
      __VUE_OPTIONS_API__: 'false',
      __VUE_PROD_DEVTOOLS__: 'false',
      __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
    },
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
      sourcemap: true,
      modulePreload: false,
      rolldownOptions: {
        input: {
          react: `${root}/demo/react/native.tsx`,
          'react-wrapper': `${root}/demo/react/wrapper.tsx`,
          vue: `${root}/demo/vue/main.ts`,
          ...(gallery ? { themes: `${root}/demo/themes.ts`, page: `${root}/demo/page.ts` } : {}),
        },
        output: { entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
      },
    },
    // Chunks are found relative to the entry that loads them, wherever the pages are served from.
    base: './',
  };
}

export default defineConfig({
  ...demoAppsConfig({
    root: fromRepo('.'),
    outDir: fromRepo('./dist/demo'),
    fromSource: true,
    gallery: true,
  }),
  logLevel: 'info',
});
