/**
 * The benchmarks' own dependencies (bench/package.json: the widgets `bench:page` compares with, and
 * `bench:proxy`'s load tool) are kept out of the project's install, so `npm ci` stays light for everyone
 * who does not run the benchmarks. This installs them from bench/package-lock.json when any is missing or
 * not the locked version.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bench = fileURLToPath(new URL('.', import.meta.url));
const readJson = (path) => JSON.parse(readFileSync(`${bench}/${path}`, 'utf8'));

function installedVersion(name) {
  try {
    return readJson(`node_modules/${name}/package.json`).version;
  } catch {
    return undefined;
  }
}

const wanted = Object.entries(readJson('package.json').dependencies);
const stale = wanted.filter(([name, version]) => installedVersion(name) !== version);
if (stale.length > 0) {
  console.error(`bench: installing ${stale.map(([name, version]) => `${name}@${version}`).join(', ')}`);
  execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: bench,
    stdio: 'inherit',
  });
}
