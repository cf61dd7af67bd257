/**
 * The Worker as wrangler.toml deploys it, for the workerd tests: the file's settings, and the entry
 * bundled the way wrangler bundles it (ESM, browser-like conditions), in memory.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { build } from 'esbuild';

const ROOT = new URL('../../', import.meta.url);

/** wrangler.toml's text. */
export const wrangler = await readFile(new URL('wrangler.toml', ROOT), 'utf8');

/** A top-level string setting of wrangler.toml (`main`, `compatibility_date`…); asserts it is there. */
export const setting = (name: string): string => {
  const value = new RegExp(`^${name}\\s*=\\s*"([^"]+)"`, 'm').exec(wrangler)?.[1];
  assert.ok(value, `wrangler.toml sets ${name}`);
  return value;
};

const bundled = await build({
  entryPoints: [new URL(setting('main'), ROOT).pathname],
  bundle: true,
  format: 'esm',
  platform: 'browser',
  conditions: ['workerd', 'worker', 'browser'],
  target: 'es2022',
  write: false,
  logLevel: 'silent',
});

/** The bundled Worker module. */
export const script = bundled.outputFiles[0]!.text;
