/**
 * The runtime claims (issue #24): the client, the token handler and the fake kit work on Bun,
 * Deno and Cloudflare's workerd, not only on Node. test/runtimes/smoke.ts is bundled (esbuild, as
 * a user's bundler would: one ES module, browser conditions, nothing from node:) and run in each
 * runtime against a fake KonPro on a loopback port of this process. The binaries come from their
 * npm packages (`npm run setup:runtimes`, which `.ci/run` runs); without one, its test says so and
 * is skipped.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build, stop as stopEsbuild } from 'esbuild';
import { createFakeKonpro, type FakeKonproServer } from 'konpro-widget-sessions/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { freePort } from '../src/cli/start-prism.js';
import type { SmokeInput, SmokeResult } from './runtimes/smoke.js';

const HERE = fileURLToPath(new URL('./runtimes/', import.meta.url));
const binary = (path: string) => join(HERE, 'node_modules', path);
const API_KEY = 'sk-runtime-smoke-key-0123456789';
const AVATAR = '3deccfb2-cf96-459c-8b69-f601d6767ea5';

/** How each runtime runs the bundle: by a script (Bun, Deno) or serving it (workerd). */
const RUNTIMES: Record<string, { binary: string; run: (bundle: string, input: SmokeInput) => Promise<SmokeResult> }> = {
  bun: {
    binary: binary('@oven/bun-linux-x64/bin/bun'),
    run: (dir, input) => runScript(RUNTIMES.bun!.binary, ['run', join(dir, 'run.js'), JSON.stringify(input)]),
  },
  deno: {
    binary: binary('@deno/linux-x64-glibc/deno'),
    run: (dir, input) =>
      runScript(RUNTIMES.deno!.binary, [
        'run',
        '--no-prompt',
        '--no-config',
        `--allow-net=${new URL(input.baseUrl).host}`,
        join(dir, 'run.js'),
        JSON.stringify(input),
      ]),
  },
  workerd: {
    binary: binary('@cloudflare/workerd-linux-64/bin/workerd'),
    run: (dir, input) => runWorkerd(dir, input),
  },
};

async function runScript(file: string, args: string[]): Promise<SmokeResult> {
  const { stdout } = await promisify(execFile)(file, args, {
    env: { PATH: process.env.PATH, HOME: tmpdir(), NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1' },
    timeout: 30_000,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as SmokeResult;
}

/** workerd with the bundle as its one worker, on a loopback port, reaching the fake on loopback. */
async function runWorkerd(dir: string, input: SmokeInput): Promise<SmokeResult> {
  const port = await freePort();
  writeFileSync(
    join(dir, 'config.capnp'),
    `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = (
      modules = [(name = "smoke.js", esModule = embed "smoke.js")],
      compatibilityDate = "2026-11-01",
      globalOutbound = "loopback",
    )),
    (name = "loopback", network = (allow = ["local", "private"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
);
`,
  );
  const child: ChildProcess = spawn(RUNTIMES.workerd!.binary, ['serve', join(dir, 'config.capnp')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk) => {
    stderr += chunk;
  });
  try {
    const url = `http://127.0.0.1:${port}/?input=${encodeURIComponent(JSON.stringify(input))}`;
    for (let attempt = 0; ; attempt++) {
      try {
        const response = await fetch(url);
        return (await response.json()) as SmokeResult;
      } catch (error) {
        if (attempt > 100 || child.exitCode !== null)
          throw new Error(`workerd did not answer: ${stderr}`, { cause: error });
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  } finally {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill();
      await exited;
    }
  }
}

let dir = '';
let server: FakeKonproServer | undefined;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'konpro-runtimes-'));
  await build({
    entryPoints: { smoke: join(HERE, 'smoke.ts'), run: join(HERE, 'run.ts') },
    outdir: dir,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    splitting: false,
    logLevel: 'silent',
  });
  await stopEsbuild(); // its service process would keep vitest from exiting
  server = await createFakeKonpro({ apiKey: API_KEY, agenticAvatarIds: [AVATAR] }).listen();
}, 60_000);
afterAll(async () => {
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('the bundle a Worker would get imports nothing from node: (the fake kit loads node:http only in listen())', () => {
  const bundle = readFileSync(join(dir, 'smoke.js'), 'utf8');
  expect(bundle).not.toMatch(/\bfrom\s*["']node:|\bimport\s*["']node:|require\(["']node:/);
});

describe.each(Object.entries(RUNTIMES))('%s', (name, runtime) => {
  const present = existsSync(runtime.binary);
  if (!present) console.warn(`SKIPPED the ${name} smoke test: no ${runtime.binary} (npm run setup:runtimes).`);
  test.skipIf(!present)(
    'client, token handler and fake kit answer as on Node',
    async () => {
      const results = await runtime.run(dir, { baseUrl: server!.url, apiKey: API_KEY, avatar: AVATAR });
      expect(Object.keys(results)).toHaveLength(9);
      for (const [step, outcome] of Object.entries(results)) expect(outcome, step).toBe('ok');
      expect(JSON.stringify(results)).not.toContain(API_KEY);
    },
    60_000,
  );
});
