// `import { render } from './x.html?vue-template'`: compiled at build time by vite.demo.config.ts.
declare module '*?vue-template' {
  import type { RenderFunction } from 'vue';
  export const render: RenderFunction;
}
