import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultReporter } from '@web/test-runner';
import { chromeLauncher } from '@web/test-runner-chrome';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { summaryReporter } from './scripts/wtr-summary-reporter.mjs';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  // Reduced motion: no transitions under axe's contrast checks, and a reply's messages all at once (no
  // pacing), so no test depends on timing. The tests of motion and pacing emulate 'no-preference'.
  '--force-prefers-reduced-motion',
];

export default {
  files: 'test/browser/**/*.test.ts',
  nodeResolve: true,
  concurrency: 1,
  testFramework: { config: { timeout: 10000 } },
  reporters: [defaultReporter(), summaryReporter()],
  // The plugin hands esbuild the file's text as it is, without following `extends`: give it the base
  // config, which holds the decorator settings esbuild needs.
  plugins: [esbuildPlugin({ ts: true, tsconfig: 'tsconfig.base.json' })],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: process.env.CHROME_PATH || undefined,
        headless: true,
        args: [...CHROMIUM_ARGS, `--user-data-dir=${mkdtempSync(join(tmpdir(), 'wtr-chrome-'))}`],
      },
    }),
  ],
};
