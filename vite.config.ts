import { defineConfig } from 'vite';

/** The script-tag build: lit and DOMPurify inside, the panel split off so the launcher paints first. */
export default defineConfig({
  publicDir: false,
  build: {
    target: 'es2022',
    sourcemap: true,
    emptyOutDir: true,
    lib: {
      entry: 'src/index.ts',
      formats: ['es'],
      fileName: () => 'haptik-chat.js',
    },
  },
});
