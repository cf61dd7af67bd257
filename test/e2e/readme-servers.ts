/**
 * The README's Deno and Bun servers ("Mount the proxy in your server"), run as written: the command and
 * the code are read from README.md, so a change there is what the pack test runs. Both runtimes come from
 * the npm registry as plain binaries, installed into the app that installed the packed package.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

export type Runtime = 'Deno' | 'Bun';

/**
 * The runtimes' npm packages, pinned to releases that run here (linux x64, glibc). An app lists them as
 * optional dependencies: on another platform npm leaves them out, and the test says which binary is missing.
 */
export const RUNTIME_PACKAGES: Record<string, string> = {
  '@deno/linux-x64-glibc': '2.9.6',
  '@oven/bun-linux-x64': '1.4.5',
};

/** Where each binary is in an app that installed RUNTIME_PACKAGES. */
const BINARIES: Record<Runtime, string> = {
  Deno: 'node_modules/@deno/linux-x64-glibc/deno',
  Bun: 'node_modules/@oven/bun-linux-x64/bin/bun',
};

export interface ReadmeServer {
  /** As the README writes it, e.g. `deno run --allow-net --allow-env server.ts`. */
  command: string;
  code: string;
}

/** The README's "<Runtime> (`command`):" line and the ts block right under it. */
export function readmeServer(readme: string, runtime: Runtime): ReadmeServer {
  const match = new RegExp(`^${runtime} \\(\`([^\`]+)\`\\):\\n\\n\`\`\`ts\\n([\\s\\S]*?)\`\`\`$`, 'm').exec(
    readme,
  );
  if (!match) throw new Error(`README.md has no "${runtime} (\`command\`):" line followed by a ts block`);
  return { command: match[1]!, code: match[2]! };
}

/** A port nobody listens on right now, for a server that cannot be told to pick one and say which. */
async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

export interface RunningReadmeServer {
  url: string;
  /** What the runtime printed (the proxy's request log, errors). */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Writes the README's code where its command expects it (a folder of its own inside `app`, so
 * `node_modules` is found above it) and runs the command with the runtime from `app`'s node_modules.
 * Resolves once the server answers `GET /healthz`.
 */
export async function startReadmeServer(
  runtime: Runtime,
  { command, code }: ReadmeServer,
  app: string,
  env: Record<string, string>,
): Promise<RunningReadmeServer> {
  const [program, ...args] = command.split(/\s+/);
  if (program !== runtime.toLowerCase()) throw new Error(`the ${runtime} command runs ${program}`);
  const folder = join(app, program);
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, args.at(-1)!), code);

  const port = await freePort();
  // Where each listens, without a change to the README's code: Deno.serve reads DENO_SERVE_ADDRESS,
  // the README's Bun.serve reads PORT.
  const listen: Record<Runtime, Record<string, string>> = {
    Deno: {
      DENO_SERVE_ADDRESS: `tcp:127.0.0.1:${port}`,
      DENO_DIR: join(app, '.deno'),
      DENO_NO_UPDATE_CHECK: '1',
    },
    Bun: { PORT: String(port) },
  };
  const binary = join(app, BINARIES[runtime]);
  if (!existsSync(binary)) {
    throw new Error(`${binary} is not installed (npm installs it only on linux x64 with glibc)`);
  }
  const child = spawn(binary, args, {
    cwd: folder,
    env: { PATH: process.env['PATH'] ?? '', HOME: app, NO_COLOR: '1', ...env, ...listen[runtime] },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const record = (chunk: Buffer) => (output += chunk.toString());
  child.stdout.on('data', record);
  child.stderr.on('data', record);
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    await once(child, 'exit');
  };

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${runtime} exited with ${child.exitCode}:\n${output}`);
    const response = await fetch(`${url}/healthz`).catch(() => undefined);
    await response?.body?.cancel();
    if (response?.ok) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${runtime} did not answer /healthz within 30 s:\n${output}`);
    }
    await delay(100);
  }
  return { url, output: () => output, stop };
}
