/**
 * The package as a user gets it: `npm pack` (of the build `npm test` just made), installed with npm from
 * the registry (its cache first) into fresh folders: an app with React 19, Vue 3, Deno and Bun, and an app
 * with React 18. Then: what the tarball holds, its types in both apps, importing it in Node (SSR), in
 * Chromium a module script tag, a classic script tag, a React 19 app, `haptik-chat/react` under React 19
 * and under React 18, and a Vue 3 app — the apps built by Vite from the demo's sources, against the
 * installed package — and the README's Deno and Bun servers, as written, serving the proxy.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { build } from 'vite';
import { serve } from '../../proxy/node.js';
import { createDemoBot, demoReplies } from '../../proxy/demo-bot.js';
import { createApp } from '../../proxy/serve.js';
import { CHAT_PATH, WIDGET_HEADER, type HaptikRequestBody } from '../../src/wire.js';
import { demoAppsConfig } from '../../vite.demo.config.js';
import { launchChromium } from './browser.js';
import { chatThroughLauncher, collectProblems, exerciseFrameworkPage } from './pages.js';
import { readmeServer, RUNTIME_PACKAGES, startReadmeServer, type Runtime } from './readme-servers.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  exports: Record<string, string | Record<string, string>>;
  devDependencies: Record<string, string>;
};

/** The oldest React the package promises (`peerDependencies`), with its types: exact versions. */
const REACT_18 = {
  react: '18.3.1',
  'react-dom': '18.3.1',
  '@types/react': '18.3.32',
  '@types/react-dom': '18.3.7',
};
/** The React 18 app is served under this path; everything else comes from the main app. */
const REACT_18_PATH = '/react18/';

/** What a site serving the package would send: the demo's strict CSP, with Vue's Trusted Types policy. */
const CSP =
  "default-src 'self'; img-src 'self' https:; frame-src https:; object-src 'none'; base-uri 'none'; " +
  "frame-ancestors 'none'; require-trusted-types-for 'script'; trusted-types lit-html dompurify haptik-chat vue";

const page = (title: string, head: string, body: string): string =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>${head}</head>` +
  `<body>${body}</body></html>`;
const APP_PAGE = (script: string, from = '/') =>
  page(
    script,
    `<script type="module" src="${from}dist/${script}.js"></script>`,
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
  '/react18-wrapper.html': APP_PAGE('react-wrapper', REACT_18_PATH),
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
let app18: string;
let tarballFiles: string[];
let server: Server;
let baseUrl: string;
let browser: Browser;

/**
 * Writes an app's package.json and installs it as a user would: npm may ask the registry for what its
 * cache lacks (a fresh machine's cache is empty), and takes the rest from the cache.
 */
async function installApp(folder: string, manifest: Record<string, Record<string, string>>): Promise<void> {
  mkdirSync(folder);
  writeFileSync(
    join(folder, 'package.json'),
    JSON.stringify({ name: 'an-app', private: true, type: 'module', ...manifest }),
  );
  await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: folder,
  });
}

/** Builds demo/react and demo/vue as copied into `root`, against the package installed there. */
function buildDemoApps(root: string, only?: string): ReturnType<typeof build> {
  const config = demoAppsConfig({ root, outDir: join(root, 'dist'), fromSource: false });
  const input = config.build!.rolldownOptions!.input as Record<string, string>;
  return build({
    ...config,
    configFile: false,
    build: {
      ...config.build,
      rolldownOptions: {
        ...config.build!.rolldownOptions,
        input: only ? { [only]: input[only]! } : input,
      },
    },
  });
}

/** Packs the package, installs and builds both apps, and starts the pages' server and Chromium. */
async function setUp(): Promise<void> {
  work = mkdtempSync(join(tmpdir(), 'haptik-chat-pack-'));
  app = join(work, 'app');
  app18 = join(work, 'app-react18');
  const [packed] = JSON.parse(
    (await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: ROOT }))
      .stdout,
  ) as Array<{ filename: string; files: Array<{ path: string }> }>;
  tarballFiles = packed!.files.map((file) => file.path);
  const tarball = `file:${join(work, packed!.filename)}`;

  const fromProject = ['react', 'react-dom', 'vue', '@types/react', '@types/react-dom'].map((name) => [
    name,
    pkg.devDependencies[name]!,
  ]);
  await Promise.all([
    installApp(app, {
      dependencies: { 'haptik-chat': tarball, ...Object.fromEntries(fromProject) },
      optionalDependencies: RUNTIME_PACKAGES,
    }),
    installApp(app18, { dependencies: { 'haptik-chat': tarball, ...REACT_18 } }),
  ]);
  cpSync(join(ROOT, 'demo/react'), join(app, 'demo/react'), { recursive: true });
  cpSync(join(ROOT, 'demo/vue'), join(app, 'demo/vue'), { recursive: true });
  cpSync(join(ROOT, 'demo/react'), join(app18, 'demo/react'), { recursive: true });

  const apps = Promise.all([buildDemoApps(app), buildDemoApps(app18, 'react-wrapper')]);
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
      const [root, path] = pathname.startsWith(REACT_18_PATH)
        ? [app18, pathname.slice(REACT_18_PATH.length - 1)]
        : [app, pathname];
      const file = resolve(root, `.${path}`);
      if (!file.startsWith(root + sep) || !['.js', '.map'].includes(extname(file)))
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
}

// Installing from the registry with an empty cache (Deno and Bun are about 75 MB) can take minutes.
before(setUp, { timeout: 300_000 });

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
  const events = ['send', 'message', 'error', 'load-error', 'open', 'close', 'native-action'].map(
    (e) => `haptik-${e}`,
  );
  assert.deepEqual(names(element.events).sort(), [...events].sort(), 'every event');
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

test('apps type-check against the installed package: element, events, React 19 and 18, Vue, proxy', async () => {
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
  const bundler = { ...options, module: 'ESNext', moduleResolution: 'bundler' };
  // A bundler app (the demo apps and the typed use), a Node ESM app (the typed use: SSR, the proxy), and
  // the React 18 app (the wrapper's demo, with React 18's types).
  const projects = [
    { folder: app, file: 'tsconfig.json', compilerOptions: bundler, include: ['typed-use.ts', 'demo'] },
    {
      folder: app,
      file: 'tsconfig.node.json',
      compilerOptions: { ...options, module: 'NodeNext', moduleResolution: 'NodeNext' },
      include: ['typed-use.ts'],
    },
    { folder: app18, file: 'tsconfig.json', compilerOptions: bundler, include: ['demo/react/wrapper.tsx'] },
  ];
  const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
  const outputs = await Promise.all(
    projects.map(async ({ folder, file, compilerOptions, include }) => {
      const project = join(folder, file);
      writeFileSync(project, JSON.stringify({ compilerOptions, include }));
      const result = await run(process.execPath, [tsc, '-p', project], { cwd: folder }).catch(
        (error: { stdout: string }) => error,
      );
      return `${project}: ${result.stdout}`;
    }),
  );
  assert.deepEqual(
    outputs,
    projects.map(({ folder, file }) => `${join(folder, file)}: `),
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
  ['a React 19 app using haptik-chat/react', '/react-wrapper.html'],
  ['a React 18 app using haptik-chat/react', '/react18-wrapper.html'],
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

test('the React 18 app runs React 18, and the React 19 apps React 19', () => {
  /** The React versions named in an app's built scripts (React DOM writes its own into its bundle). */
  const versionsIn = (root: string) =>
    new Set(
      readdirSync(join(root, 'dist'), { recursive: true, encoding: 'utf8' })
        .filter((file) => file.endsWith('.js'))
        .flatMap((file) =>
          [...readFileSync(join(root, 'dist', file), 'utf8').matchAll(/["'`](1[89]\.\d+\.\d+)["'`]/g)].map(
            (match) => match[1],
          ),
        ),
    );
  assert.deepEqual(versionsIn(app18), new Set([REACT_18['react-dom']]));
  assert.deepEqual(versionsIn(app), new Set([pkg.devDependencies['react-dom']]));
});

describe("the README's Deno and Bun servers, as written, against the installed package", () => {
  const TOKEN = 'fake-haptik-token';
  const CLIENT_ID = 'fake-client';
  const BUSINESS_ID = 343;
  let haptik: Server;
  let env: Record<string, string>;

  /** A fake Haptik on loopback: the demo bot, which checks the token and client id as Haptik does. */
  before(async () => {
    haptik = await serve(createDemoBot({ token: TOKEN, clientId: CLIENT_ID, businessIds: [BUSINESS_ID] }), 0);
    const address = haptik.address();
    assert.ok(address && typeof address === 'object');
    env = {
      HAPTIK_API_URL: `http://127.0.0.1:${address.port}/webhook`,
      HAPTIK_TOKEN: TOKEN,
      HAPTIK_CLIENT_ID: CLIENT_ID,
      HAPTIK_BUSINESS_IDS: String(BUSINESS_ID),
    };
  });

  after(() => {
    haptik?.closeAllConnections();
    haptik?.close();
  });

  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  for (const runtime of ['Deno', 'Bun'] satisfies Runtime[]) {
    test(`${runtime}: a chat request gets the bot's reply, a bad body a JSON 400`, async (t) => {
      const running = await startReadmeServer(runtime, readmeServer(readme, runtime), app, env);
      t.after(() => running.stop());
      const chat = (body: unknown) =>
        fetch(`${running.url}${CHAT_PATH}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [WIDGET_HEADER]: '1' },
          body: JSON.stringify(body),
        });
      const valid: HaptikRequestBody = {
        // Without an identity secret the proxy takes anonymous ids only: `anon-` and a UUID.
        user: { auth_id: `anon-${randomUUID()}` },
        message_body: 'hi',
        message_type: 0,
        business_id: BUSINESS_ID,
      };

      const reply = await chat(valid);
      assert.equal(reply.status, 200, running.output());
      const { message } = (await reply.json()) as { message: Array<{ body: { text: string } }> };
      assert.deepEqual(
        message.map(({ body }) => body.text),
        demoReplies('hi', 0).map(({ text }) => text),
        "the fake Haptik's reply",
      );

      const refused = await chat({ ...valid, message_body: 5 });
      assert.equal(refused.status, 400);
      assert.match(refused.headers.get('content-type') ?? '', /^application\/json/);
      assert.equal(
        ((await refused.json()) as { error: { code: string } }).error.code,
        'invalid_message_body',
      );
    });
  }
});
