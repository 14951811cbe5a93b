/**
 * Starts the Stoplight Prism mock of a spec as a child process on a loopback port. Prism is an
 * optional peer dependency: the error says how to install it when it is missing.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { KonproConfigError, KonproError } from '../errors.js';

export interface RunningPrism {
  url: string;
  /** Resolves with Prism's exit code when it exits, whoever stopped it. */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

/** Throws `KonproConfigError` when `port` is taken on 127.0.0.1 (Prism would fail, or answer for another server). */
export async function assertPortFree(port: number): Promise<void> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new KonproConfigError(
          'port',
          error.code === 'EADDRINUSE' ? `${port} is already in use` : `${port}: ${error.message}`,
        ),
      ),
    );
    server.listen(port, '127.0.0.1', resolve);
  });
  await new Promise((resolve) => server.close(resolve));
}

/** A port that was free a moment ago on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function prismBin(): string {
  const require = createRequire(import.meta.url);
  try {
    return join(dirname(require.resolve('@stoplight/prism-cli/package.json')), 'dist/index.js');
  } catch {
    throw new KonproError('The mock needs Stoplight Prism: npm install --save-dev @stoplight/prism-cli@5.14.2');
  }
}

/** Prism spawned, perhaps not answering yet. */
export interface SpawnedPrism extends RunningPrism {
  /** Resolves once Prism answers HTTP; rejects with its own output if it exits or does not answer within 30 s. */
  ready: Promise<void>;
}

/**
 * Spawns Prism without waiting for it (a test run starts its tests meanwhile). `seed` makes
 * `Prefer: dynamic=true` answers reproducible.
 */
export async function spawnPrism(
  specFile: string,
  options: { port?: number; seed?: string } = {},
): Promise<SpawnedPrism> {
  const port = options.port ?? (await freePort());
  if (options.port !== undefined) await assertPortFree(port);
  const url = `http://127.0.0.1:${port}`;
  const args = [prismBin(), 'mock', specFile, '--host', '127.0.0.1', '--port', String(port), '--verboseLevel', 'warn'];
  if (options.seed) args.push('--seed', options.seed);
  const child: ChildProcess = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  // Stopped (by a signal) or crashed: either way there is nothing left to wait for.
  const exitedEarly = () =>
    child.exitCode === null && child.signalCode === null
      ? undefined
      : `Prism exited with ${child.exitCode ?? child.signalCode}`;
  const ready = untilAnswering(url, exitedEarly).catch(async (error: Error) => {
    await stop();
    throw new KonproError(`${error.message}:\n${output}`);
  });
  return { url, exited, stop, ready };
}

/** Starts Prism and resolves once it answers HTTP. */
export async function startPrism(
  specFile: string,
  options: { port?: number; seed?: string } = {},
): Promise<RunningPrism> {
  const { ready, ...prism } = await spawnPrism(specFile, options);
  await ready;
  return prism;
}

/**
 * Resolves once something answers HTTP at `url`; rejects as soon as `failure()` names a reason
 * (the server process died), or after 30 s.
 */
export async function untilAnswering(url: string, failure: () => string | undefined = () => undefined): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const reason = failure();
    if (reason) throw new KonproError(reason);
    const up = await fetch(`${url}/v1/api-keys/validate`, { method: 'POST' }).then(
      () => true,
      () => false,
    );
    if (up && !failure()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new KonproError(`Prism did not answer on ${url} within 30 s`);
}
