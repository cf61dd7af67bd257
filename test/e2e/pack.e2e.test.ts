/**
 * The package as a user gets it: `npm pack` (of the build `npm test` just made), installed into a fresh
 * folder offline from npm's cache, beside React 19 and Vue 3. Then: what the tarball holds, its types in an
 * app, importing it in Node (SSR), and in Chromium a module script tag, a classic script tag, a React 19
 * app, a React app through `haptik-chat/react` and a Vue 3 app — the apps built by Vite from the demo's
 * sources, against the installed package.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { build } from 'vite';
import { serve } from '../../proxy/node.js';
import { createApp } from '../../proxy/serve.js';
import { demoAppsConfig } from '../../vite.demo.config.js';
import { launchChromium } from './browser.js';
import { chatThroughLauncher, collectProblems, exerciseFrameworkPage } from './pages.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  exports: Record<string, string | Record<string, string>>;
  devDependencies: Record<string, string>;
};

/** What a site serving the package would send: the demo's strict CSP, with Vue's Trusted Types policy. */
const CSP =
  "default-src 'self'; img-src 'self' https:; frame-src https:; object-src 'none'; base-uri 'none'; " +
  "frame-ancestors 'none'; require-trusted-types-for 'script'; trusted-types lit-html dompurify haptik-chat vue";

const page = (title: string, head: string, body: string): string =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>${head}</head>` +
  `<body>${body}</body></html>`;
const APP_PAGE = (script: string) =>
  page(
    script,
    `<script type="module" src="/dist/${script}.js"></script>`,
    '<div id="app" data-business-id="343"></div>',
  );
const PAGES: Record<string, string> = {
  '/module.html': page(
    'module',
    '<script type="module" src="/node_modules/haptik-chat/dist/haptik-chat.js"></script>',
    '<haptik-chat business-id="343" persist="none"></haptik-chat>',
  ),
  '/classic.html': page(
    'classic',
    '<script src="/node_modules/haptik-chat/dist/haptik-chat.iife.js"></script>',
    '<haptik-chat business-id="343" persist="none"></haptik-chat>',
  ),
  '/react.html': APP_PAGE('react'),
  '/react-wrapper.html': APP_PAGE('react-wrapper'),
  '/vue.html': APP_PAGE('vue'),
};

/** Type checks an app would do: the element, its events, both React styles, Vue's types, the proxy. */
const TYPED_USE = `
import 'haptik-chat';
import type { HaptikChat, HaptikMessageEvent } from 'haptik-chat';
import { createHaptikProxy } from 'haptik-chat/proxy';

const chat: HaptikChat | null = document.querySelector('haptik-chat');
chat?.addEventListener('haptik-message', (event: HaptikMessageEvent) => event.message.text.toUpperCase());
chat?.addEventListener('haptik-send', (event) => event.preventDefault());
// @ts-expect-error: the element is typed, so a misspelt property is an error.
if (chat) chat.bussinessId = 343;
export const proxy: typeof createHaptikProxy = createHaptikProxy;
`;

let work: string;
let app: string;
let tarballFiles: string[];
let server: Server;
let baseUrl: string;
let browser: Browser;

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'haptik-chat-pack-'));
  app = join(work, 'app');
  mkdirSync(app);
  const [packed] = JSON.parse(
    (await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: ROOT }))
      .stdout,
  ) as Array<{ filename: string; files: Array<{ path: string }> }>;
  tarballFiles = packed!.files.map((file) => file.path);

  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'an-app', private: true, type: 'module' }));
  const versions = ['react', 'react-dom', 'vue', '@types/react', '@types/react-dom'].map(
    (name) => `${name}@${pkg.devDependencies[name]}`,
  );
  await run(
    'npm',
    ['install', '--offline', '--no-audit', '--no-fund', join(work, packed!.filename), ...versions],
    { cwd: app },
  );
  cpSync(join(ROOT, 'demo/react'), join(app, 'demo/react'), { recursive: true });
  cpSync(join(ROOT, 'demo/vue'), join(app, 'demo/vue'), { recursive: true });

  const apps = build({
    ...demoAppsConfig({ root: app, outDir: join(app, 'dist'), fromSource: false }),
    configFile: false,
  });
  const started = (async () => {
    const demo = createApp({});
    server = await serve(async (request) => {
      const { pathname } = new URL(request.url);
      if (pathname.startsWith('/api/')) return demo.handler(request);
      if (pathname === '/favicon.ico') return new Response(null, { status: 204 });
      const html = PAGES[pathname];
      if (html)
        return new Response(html, {
          headers: { 'content-type': 'text/html', 'content-security-policy': CSP },
        });
      const file = resolve(app, `.${pathname}`);
      if (!file.startsWith(app + sep) || !['.js', '.map'].includes(extname(file)))
        return new Response(null, { status: 404 });
      const body = await readFile(file).catch(() => undefined);
      return body
        ? new Response(new Uint8Array(body), { headers: { 'content-type': 'text/javascript' } })
        : new Response(null, { status: 404 });
    }, 0);
    const address = server.address();
    assert.ok(address && typeof address === 'object');
    baseUrl = `http://127.0.0.1:${address.port}`;
  })();
  [browser] = await Promise.all([launchChromium(), apps, started]);
});

after(async () => {
  await browser?.close();
  server?.closeAllConnections();
  server?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

test('npm pack ships the builds, their types and the manifest, and nothing else', () => {
  const shipped =
    /^(dist\/(src|proxy)\/.+\.(js|d\.ts)|dist\/chunks\/[\w-]+\.js(\.map)?|dist\/haptik-chat(\.iife)?\.js(\.map)?|custom-elements\.json|package\.json|README\.md|LICENSE)$/;
  assert.deepEqual(
    tarballFiles.filter((path) => !shipped.test(path)),
    [],
    'no tests, demo, sources, keys or anything else',
  );
  const targets = Object.values(pkg.exports).flatMap((target) =>
    typeof target === 'string' ? [target] : Object.values(target),
  );
  for (const target of targets)
    assert.ok(tarballFiles.includes(target.replace(/^\.\//, '')), `ships ${target}`);
  assert.ok(!tarballFiles.some((path) => path.startsWith('dist/demo/')), 'not the demo apps');
});

interface Documented {
  name: string;
  description?: string;
  fieldName?: string;
  type?: { text: string };
}
interface ElementDeclaration {
  customElement?: boolean;
  tagName?: string;
  attributes?: Documented[];
  members?: Array<Documented & { kind: string }>;
  events?: Documented[];
  cssParts?: Documented[];
  cssProperties?: Documented[];
}

/** Part names and custom properties the widget's templates and styles use, read from src/. */
function usedInSource(): { parts: Set<string>; properties: Set<string> } {
  const parts = new Set<string>();
  const properties = new Set<string>();
  const files = readdirSync(join(ROOT, 'src'), { recursive: true, encoding: 'utf8' }).filter((f) =>
    f.endsWith('.ts'),
  );
  for (const file of files) {
    const source = readFileSync(join(ROOT, 'src', file), 'utf8');
    for (const [, names] of source.matchAll(/\bpart="([^"]*)"/g))
      names!.split(/\s+/).forEach((n) => n && parts.add(n));
    // part=${cond ? 'a' : 'b'}: the quoted names it can take (not the values it compares with).
    for (const [, expression] of source.matchAll(/\bpart=\$\{([^}]*)\}/g)) {
      for (const [, comparison, names] of expression!.matchAll(/([=!]==?\s*)?'([^']*)'/g)) {
        if (!comparison) names!.split(/\s+/).forEach((n) => n && parts.add(n));
      }
    }
    for (const [, name] of source.matchAll(/var\((--haptik-chat-[\w-]+)/g)) properties.add(name!);
  }
  return { parts, properties };
}

test('the shipped custom-elements.json documents the whole public API', () => {
  const manifest = JSON.parse(
    readFileSync(join(app, 'node_modules/haptik-chat/custom-elements.json'), 'utf8'),
  ) as { modules: Array<{ path: string; declarations?: ElementDeclaration[] }> };
  const element = manifest.modules.flatMap((m) => m.declarations ?? []).find((d) => d.customElement);
  assert.ok(element, 'an element is described');
  assert.equal(element.tagName, 'haptik-chat');
  for (const module of manifest.modules)
    assert.ok(tarballFiles.includes(module.path), `${module.path} is shipped`);

  const names = (list: Documented[] = []) => list.map((item) => item.name);
  const undescribed = (list: Documented[] = []) => names(list.filter((item) => !item.description?.trim()));
  assert.deepEqual(
    [
      'endpoint',
      'business-id',
      'auth-id',
      'auth-token',
      'heading',
      'placeholder',
      'mode',
      'open',
      'persist',
    ].filter((name) => !names(element.attributes).includes(name)),
    [],
    'every documented attribute',
  );
  const methods = names(element.members?.filter((member) => member.kind === 'method'));
  for (const method of ['send', 'show', 'hide', 'toggle', 'clear'])
    assert.ok(methods.includes(method), method);
  const events = ['send', 'message', 'error', 'open', 'close', 'native-action'].map((e) => `haptik-${e}`);
  assert.deepEqual(names(element.events).sort(), [...events].sort(), 'the six events');
  assert.ok(
    element.events!.every((event) => event.type?.text.endsWith('Event')),
    'each event names its class',
  );

  // Every part a template sets and every custom property a style reads is documented, with a description.
  // A part may be documented as a modifier of another (`message`: "also `bot` or `user`").
  const { parts, properties } = usedInSource();
  const partDocs = (element.cssParts ?? []).flatMap((part) => [
    part.name,
    ...[...(part.description ?? '').matchAll(/`([\w-]+)`/g)].map((m) => m[1]!),
  ]);
  assert.deepEqual([...parts].filter((part) => !partDocs.includes(part)).sort(), [], 'undocumented parts');
  assert.deepEqual(
    [...properties].filter((property) => !names(element.cssProperties).includes(property)).sort(),
    [],
    'undocumented custom properties',
  );
  for (const list of [element.attributes, element.events, element.cssParts, element.cssProperties]) {
    assert.deepEqual(undescribed(list), [], 'every entry has a description');
  }
});

test('the theme gallery styles the element only through what custom-elements.json documents', () => {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'custom-elements.json'), 'utf8')) as {
    modules: Array<{ declarations?: ElementDeclaration[] }>;
  };
  const element = manifest.modules.flatMap((m) => m.declarations ?? []).find((d) => d.customElement)!;
  const css = readFileSync(join(ROOT, 'demo/themes.css'), 'utf8');
  const properties = new Set([...css.matchAll(/(--haptik-chat-[\w-]+)/g)].map((m) => m[1]!));
  const parts = new Set([...css.matchAll(/::part\(([\w-]+)\)/g)].map((m) => m[1]!));
  const documented = (list: Documented[] = []) => new Set(list.map((item) => item.name));
  assert.deepEqual(
    [...properties].filter((p) => !documented(element.cssProperties).has(p)),
    [],
  );
  assert.deepEqual(
    [...parts].filter((p) => !documented(element.cssParts).has(p)),
    [],
  );
  assert.ok(!css.includes('--_'), 'no private (--_) properties');
  const html = readFileSync(join(ROOT, 'demo/themes.html'), 'utf8');
  assert.ok(!/\sstyle=|<style|<script(?![^>]*\ssrc=)/.test(html), 'no inline styles or scripts');
});

test('an app type-checks against the installed package: element, events, React, Vue, proxy', async () => {
  writeFileSync(join(app, 'typed-use.ts'), TYPED_USE);
  const options = {
    target: 'ES2022',
    lib: ['ES2022', 'DOM', 'DOM.Iterable'],
    jsx: 'react-jsx',
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
  };
  // A bundler app (the demo apps and the typed use), and a Node ESM app (the typed use: SSR, the proxy).
  const projects = {
    'tsconfig.json': {
      ...options,
      module: 'ESNext',
      moduleResolution: 'bundler',
      include: ['typed-use.ts', 'demo'],
    },
    'tsconfig.node.json': {
      ...options,
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      include: ['typed-use.ts'],
    },
  };
  const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
  const outputs = await Promise.all(
    Object.entries(projects).map(async ([file, { include, ...compilerOptions }]) => {
      writeFileSync(join(app, file), JSON.stringify({ compilerOptions, include }));
      const result = await run(process.execPath, [tsc, '-p', join(app, file)], { cwd: app }).catch(
        (error: { stdout: string }) => error,
      );
      return `${file}: ${result.stdout}`;
    }),
  );
  assert.deepEqual(
    outputs,
    Object.keys(projects).map((file) => `${file}: `),
    'no type errors',
  );
});

test('importing the installed package in Node (SSR) does not throw', async () => {
  const code = `
    const element = await import('haptik-chat');
    const react = await import('haptik-chat/react');
    const proxy = await import('haptik-chat/proxy');
    if (typeof element.HaptikChat !== 'function' || !react.HaptikChat || typeof proxy.createHaptikProxy !== 'function') process.exit(1);
    if (typeof window !== 'undefined' || typeof document !== 'undefined') process.exit(2);`;
  await run(process.execPath, ['--input-type=module', '-e', code], { cwd: app });
});

test('a module script tag: the launcher loads its panel from beside itself', async () => {
  const tab = await browser.newPage();
  const problems = collectProblems(tab);
  const scripts: string[] = [];
  tab.on('request', (request) => {
    if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
  });
  await tab.goto(`${baseUrl}/module.html`);
  await chatThroughLauncher(tab);
  assert.ok(
    scripts.some((path) => path.startsWith('/node_modules/haptik-chat/dist/chunks/chat-panel-')),
    `the panel chunk came from next to the module: ${scripts.join(', ')}`,
  );
  assert.deepEqual(problems, []);
  await tab.close();
});

test('a classic script tag: one file, no chunks', async () => {
  const tab = await browser.newPage();
  const problems = collectProblems(tab);
  const scripts: string[] = [];
  tab.on('request', (request) => {
    if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
  });
  await tab.goto(`${baseUrl}/classic.html`);
  await chatThroughLauncher(tab);
  assert.deepEqual(scripts, ['/node_modules/haptik-chat/dist/haptik-chat.iife.js']);
  assert.deepEqual(problems, []);
  await tab.close();
});

for (const [name, path] of [
  ['a React 19 app using the element itself', '/react.html'],
  ['a React app using haptik-chat/react', '/react-wrapper.html'],
  ['a Vue 3 app', '/vue.html'],
]) {
  test(`${name}: mount, chat, the handler fires, unmount leaves nothing listening`, async () => {
    const tab = await browser.newPage();
    const problems = collectProblems(tab);
    await tab.goto(`${baseUrl}${path}`);
    await exerciseFrameworkPage(tab);
    assert.deepEqual(problems, []);
    await tab.close();
  });
}
