#!/usr/bin/env node
/**
 * `npm test`: builds everything (`npm run build`), checks the size budgets (.size-limit.mjs), runs the
 * node:test suites (unit, proxy, end-to-end) and the browser suite, and ends with one line for the whole
 * run: `total: N passed, N failed, N skipped`. Each size budget counts as one test.
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';

const NODE_SUITES = ['test/unit', 'test/proxy', 'test/e2e'];

function run(command, args, { capture = false, echo = true } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'], env: process.env });
    let output = '';
    child.stdout.on('data', (chunk) => {
      if (echo) process.stdout.write(chunk);
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
/** What failed, by name, repeated just above the closing line so the tail of a long log says it. */
const failures = [];

/** The failed tests of a TAP report (not the suites that hold them), each with its error and location. */
function tapFailures(output) {
  const lines = output.split('\n');
  const found = [];
  lines.forEach((text, index) => {
    const failed = /^\s*not ok \d+ - (.*)$/.exec(text);
    // A todo or skipped test that fails is not counted as failed (the summary's own counts); a `#` in a
    // test's name is escaped (`\#`), so only an unescaped one starts a directive.
    if (!failed || /(?<!\\)# (TODO|SKIP)\b/i.test(failed[1])) return;
    const details = {};
    for (const [offset, next] of lines.slice(index + 1, index + 60).entries()) {
      if (/^\s*\.\.\.$/.test(next)) break;
      const field = /^\s*(location|error): (.*)$/.exec(next);
      if (!field) continue;
      // A multi-line YAML value (`|-`) starts on the next line.
      const value = /^\|-?$/.test(field[2]) ? (lines[index + offset + 2]?.trim() ?? '') : field[2];
      details[field[1]] = value.replace(/^'(.*)'$|^"(.*)"$/, '$1$2');
    }
    if (/^\d+ subtests? failed$/.test(details.error ?? '')) return;
    found.push(`node: ${failed[1]}: ${details.error ?? ''} (${details.location ?? 'no location'})`);
  });
  return found;
}

const bin = (name) => `node_modules/.bin/${name}`;

// The build's report is long; it is shown only when the build fails.
const build = await run('npm', ['run', 'build', '--silent'], { capture: true, echo: false });
if (build.code !== 0) {
  process.stdout.write(build.output);
  totals.failed += 1;
}

const size = await run(bin('size-limit'), ['--json'], { capture: true, echo: false });
let budgets = [];
try {
  budgets = JSON.parse(size.output);
} catch {
  // Not JSON: shown below as it is.
}
if (!Array.isArray(budgets)) budgets = [];
if (budgets.length === 0) process.stdout.write(`size-limit failed:\n${size.output}\n`);
for (const { name, passed, size: bytes, sizeLimit } of budgets) {
  const kB = (n) => `${(n / 1000).toFixed(2)} kB`;
  console.log(`# size ${passed ? 'ok' : 'OVER BUDGET'}: ${name}: ${kB(bytes)} gzip of ${kB(sizeLimit)}`);
  if (passed) totals.passed += 1;
  else totals.failed += 1;
}
if (budgets.length === 0) {
  totals.failed += 1;
  failures.push('size-limit gave no budgets (its output is above)');
}

const node = await run(
  process.execPath,
  // Three files at a time: most of their time is spent waiting on servers, Redis and Chromium, and every
  // file starts its own on free ports (Node's default on two cores is one file at a time).
  [
    '--import',
    'tsx',
    '--test',
    '--test-concurrency=3',
    '--test-reporter=tap',
    '--test-timeout=180000',
    ...testFiles,
  ],
  { capture: true },
);
failures.push(...tapFailures(node.output));
const tap = (name) => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(node.output)?.[1] ?? 0);
totals.passed += tap('pass');
totals.failed += tap('fail') + tap('cancelled');
totals.skipped += tap('skipped') + tap('todo');
if (node.code !== 0 && tap('fail') + tap('cancelled') === 0) {
  totals.failed += 1;
  failures.push(`node: the test runner exited with code ${node.code} and no failed test`);
}

const browser = await run(bin('wtr'), [], { capture: true });
failures.push(...browser.output.split('\n').filter((text) => text.startsWith('browser failed: ')));
const line = /browser: (\d+) passed, (\d+) failed, (\d+) skipped/.exec(browser.output);
if (line) {
  totals.passed += Number(line[1]);
  totals.failed += Number(line[2]);
  totals.skipped += Number(line[3]);
}
if (browser.code !== 0 && (!line || Number(line[2]) === 0)) {
  totals.failed += 1;
  failures.push(
    `browser: web-test-runner exited with code ${browser.code}${line ? '' : ' before its closing line'}`,
  );
}

if (build.code !== 0) failures.unshift('build failed (its report is above)');
if (budgets.some((budget) => !budget.passed)) failures.unshift('a size budget is exceeded (above)');
if (failures.length > 0) console.log(`\nfailed:\n${failures.map((text) => `  ${text}`).join('\n')}`);
console.log(`\ntotal: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 ? 1 : 0);
