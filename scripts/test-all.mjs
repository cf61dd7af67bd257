#!/usr/bin/env node
/**
 * `npm test`: builds the widget, runs the node:test suites (unit, proxy, end-to-end) and the browser
 * suite, and ends with one line for the whole run: `total: N passed, N failed, N skipped`.
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';

const NODE_SUITES = ['test/unit', 'test/proxy', 'test/e2e'];

function run(command, args, { capture = false } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'], env: process.env });
    let output = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      if (capture) output += chunk.toString();
    });
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

const testFiles = NODE_SUITES.flatMap((dir) =>
  readdirSync(dir)
    .filter((name) => name.endsWith('.test.ts'))
    .map((name) => `${dir}/${name}`),
);

const totals = { passed: 0, failed: 0, skipped: 0 };
const bin = (name) => `node_modules/.bin/${name}`;

const build = await run(bin('vite'), ['build', '--logLevel', 'warn']);
if (build.code !== 0) totals.failed += 1;

const node = await run(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter=tap', '--test-timeout=60000', ...testFiles],
  { capture: true },
);
const tap = (name) => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(node.output)?.[1] ?? 0);
totals.passed += tap('pass');
totals.failed += tap('fail') + tap('cancelled');
totals.skipped += tap('skipped') + tap('todo');
if (node.code !== 0 && tap('fail') + tap('cancelled') === 0) totals.failed += 1;

const browser = await run(bin('wtr'), [], { capture: true });
const line = /browser: (\d+) passed, (\d+) failed, (\d+) skipped/.exec(browser.output);
if (line) {
  totals.passed += Number(line[1]);
  totals.failed += Number(line[2]);
  totals.skipped += Number(line[3]);
}
if (browser.code !== 0 && (!line || Number(line[2]) === 0)) totals.failed += 1;

console.log(`\ntotal: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 ? 1 : 0);
