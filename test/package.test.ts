/**
 * Packs the package as npm would publish it, installs the tarball into a scratch project (from
 * the npm cache where it can, else the registry) and uses it from ESM and CommonJS, with types.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');
const scratch = mkdtempSync(join(tmpdir(), 'konpro-pack-'));
const run = (cmd: string, args: string[], cwd = scratch) =>
  execFileSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, npm_config_update_notifier: 'false' },
  });

// Uses the installed package for real: a create call over an injected fetch (validators included).
const usage = (importLine: string) => `${importLine}
const fetch = async (request) => new Response(JSON.stringify({
  session_token: 'aaa.bbb.ccc', expires_at: '2024-01-01T01:00:00Z',
  widget_url: 'https://widget.konpro.ai/embed', session_id: 'session-789' }), { status: 201 });
const konpro = createKonproClient({ apiKey: 'sk-pack-test', fetch });
konpro.widgetSessions.create({ agentic_avatar_id: 'a', settings: {} })
  .then(async (s) => {
    const bad = await konpro.widgetSessions.create({ settings: {} }).catch((e) => e);
    // validateResponses loads the response validators on demand (a separate chunk in ESM).
    const strict = createKonproClient({ apiKey: 'sk-pack-test', fetch, validateResponses: true });
    const checked = await strict.widgetSessions.create({ agentic_avatar_id: 'a', settings: {} });
    console.log(JSON.stringify({ id: s.session_id, validation: bad instanceof KonproValidationError, checked: checked.session_id }));
  });
`;

// Tests its own code with the testing kit, as a user's project would: no hand-written fake.
const kitUsage = (importLines: string) => `${importLines}
let clock = Date.parse('2026-01-01T00:00:00Z');
const fake = createFakeKonpro({ apiKey: 'test-key', agenticAvatarIds: ['avatar-1'], now: () => clock });
const konpro = createKonproClient({ apiKey: 'test-key', fetch: fake.fetch });
(async () => {
  const s = await konpro.widgetSessions.create({ agentic_avatar_id: 'avatar-1', settings: { max_duration: 60 } });
  clock += 61_000;
  const expired = (await konpro.widgetSessions.get(s.session_id)).status;
  await konpro.widgetSessions.delete(s.session_id);
  console.log(JSON.stringify({ expired, after: fake.sessions[0].status, requests: fake.requests.length }));
})();
`;

beforeAll(() => {
  const tarball = run('npm', ['pack', '--silent', '--pack-destination', scratch], ROOT).trim().split('\n').at(-1)!;
  writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'scratch', private: true }));
  run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--no-package-lock', join(scratch, tarball)]);
}, 120_000);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the packed package', () => {
  test('imports by name from ESM', () => {
    writeFileSync(
      join(scratch, 'esm.mjs'),
      usage("import { createKonproClient, KonproValidationError } from 'konpro-widget-sessions';"),
    );
    expect(JSON.parse(run('node', ['esm.mjs']))).toEqual({
      id: 'session-789',
      validation: true,
      checked: 'session-789',
    });
  });

  test('requires by name from CommonJS', () => {
    writeFileSync(
      join(scratch, 'cjs.cjs'),
      usage("const { createKonproClient, KonproValidationError } = require('konpro-widget-sessions');"),
    );
    expect(JSON.parse(run('node', ['cjs.cjs']))).toEqual({
      id: 'session-789',
      validation: true,
      checked: 'session-789',
    });
  });

  test.each([
    [
      'ESM',
      'kit.mjs',
      "import { createKonproClient } from 'konpro-widget-sessions';\nimport { createFakeKonpro } from 'konpro-widget-sessions/testing';",
    ],
    [
      'CommonJS',
      'kit.cjs',
      "const { createKonproClient } = require('konpro-widget-sessions');\nconst { createFakeKonpro } = require('konpro-widget-sessions/testing');",
    ],
  ])('konpro-widget-sessions/testing from %s: a user tests their code without writing a fake', (_kind, file, imports) => {
    writeFileSync(join(scratch, file), kitUsage(imports));
    expect(JSON.parse(run('node', [file]))).toEqual({ expired: 'expired', after: 'terminated', requests: 3 });
  });

  // The embed through the installed package: a mint through the handler, asked for by the page's helper.
  const embedUsage = (imports: string) => `${imports}
const fake = createFakeKonpro({ apiKey: 'k-0123456789', agenticAvatarIds: ['a'] });
const client = createKonproClient({ apiKey: 'k-0123456789', fetch: fake.fetch });
const handler = createWidgetSessionHandler({ client, agenticAvatarId: 'a', authorize: () => 'alice' });
const fetch = (url, init) => handler(new Request(url, init));
const source = createWidgetSessionSource({ endpoint: 'https://app.example.com/api/widget-session', fetch });
const state = createRedisState({ eval: async () => 0 });
source.get().then((s) => console.log(JSON.stringify({
  keys: Object.keys(s).sort(), listener: typeof toNodeListener(handler), active: fake.sessions.length,
  redis: Object.keys(state).sort() })));
`;

  test.each([
    [
      'ESM',
      'embed.mjs',
      `import { createKonproClient } from 'konpro-widget-sessions';
import { createFakeKonpro } from 'konpro-widget-sessions/testing';
import { createWidgetSessionHandler, toNodeListener } from 'konpro-widget-sessions/server';
import { createWidgetSessionSource } from 'konpro-widget-sessions/browser';
import { createRedisState } from 'konpro-widget-sessions/redis';`,
    ],
    [
      'CommonJS',
      'embed.cjs',
      `const { createKonproClient } = require('konpro-widget-sessions');
const { createFakeKonpro } = require('konpro-widget-sessions/testing');
const { createWidgetSessionHandler, toNodeListener } = require('konpro-widget-sessions/server');
const { createWidgetSessionSource } = require('konpro-widget-sessions/browser');
const { createRedisState } = require('konpro-widget-sessions/redis');`,
    ],
  ])('konpro-widget-sessions/server, /browser and /redis from %s', (_kind, file, imports) => {
    writeFileSync(join(scratch, file), embedUsage(imports));
    expect(JSON.parse(run('node', [file]))).toEqual({
      keys: ['expires_at', 'expires_in', 'session_id', 'session_token', 'widget_url'],
      listener: 'function',
      active: 1,
      redis: ['budget', 'store', 'userLimiter'],
    });
  });

  test('an error thrown by the ESM build is instanceof the CommonJS build’s classes, and back', () => {
    writeFileSync(
      join(scratch, 'dual.mjs'),
      `import { createRequire } from 'node:module';
import * as esm from 'konpro-widget-sessions';
const cjs = createRequire(import.meta.url)('konpro-widget-sessions');
const fetch = async () => new Response('{"error":{"code":"RESOURCE_NOT_FOUND","message":"no"}}', { status: 404 });
const fromEsm = await esm.createKonproClient({ apiKey: 'k-0123456789', fetch, maxRetries: 0 }).widgetSessions.get('s').catch((e) => e);
const fromCjs = await cjs.createKonproClient({ apiKey: 'k-0123456789', fetch, maxRetries: 0 }).widgetSessions.get('s').catch((e) => e);
console.log(JSON.stringify({
  distinct: esm.KonproError !== cjs.KonproError,
  esmIsCjs: [fromEsm instanceof cjs.KonproError, fromEsm instanceof cjs.NotFoundError, fromEsm instanceof cjs.RateLimitError],
  cjsIsEsm: [fromCjs instanceof esm.KonproError, fromCjs instanceof esm.KonproApiError, fromCjs instanceof esm.KonproConfigError],
}));
`,
    );
    expect(JSON.parse(run('node', ['dual.mjs']))).toEqual({
      distinct: true,
      esmIsCjs: [true, true, false],
      cjsIsEsm: [true, true, false],
    });
  });

  test('ships types for both, and they reject a wrong call', () => {
    const typed = `import { createKonproClient, type CreatedWidgetSession } from 'konpro-widget-sessions';
import { createFakeKonpro } from 'konpro-widget-sessions/testing';
const fake = createFakeKonpro({ apiKey: 'k', agenticAvatarIds: ['a'], createdStatus: 200 });
const konpro = createKonproClient({ apiKey: 'k', fetch: fake.fetch });
export const ok: Promise<CreatedWidgetSession> = konpro.widgetSessions.create({ agentic_avatar_id: 'a', settings: {} });
// @ts-expect-error settings is required
export const bad = konpro.widgetSessions.create({ agentic_avatar_id: 'a' });
// @ts-expect-error the docs list 200 and 201 only
export const wrong = createFakeKonpro({ apiKey: 'k', agenticAvatarIds: [], createdStatus: 202 });
`;
    writeFileSync(join(scratch, 'typed.mts'), typed);
    writeFileSync(join(scratch, 'typed.cts'), typed);
    const flags = [
      '--noEmit',
      '--strict',
      '--module',
      'nodenext',
      '--moduleResolution',
      'nodenext',
      '--skipLibCheck',
      '--types',
      'node',
    ];
    writeFileSync(join(scratch, 'node_modules/@types-stub.d.ts'), '');
    expect(() =>
      run('node', [TSC, ...flags, '--typeRoots', join(ROOT, 'node_modules/@types'), 'typed.mts', 'typed.cts']),
    ).not.toThrow();
  });

  test('npx konpro-widget --help and --version work from the installing project', () => {
    expect(run('npx', ['--no-install', 'konpro-widget', '--help'])).toMatch(
      /^konpro-widget \d+\.\d+\.\d+: create and manage KonPro widget sessions/,
    );
    expect(run('npx', ['--no-install', 'konpro-widget', '--version']).trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  test.each<[string, (child: ChildProcess) => void]>([
    ['SIGTERM to npx', (child) => child.kill('SIGTERM')],
    ['Ctrl-C (SIGINT to the process group)', (child) => process.kill(-child.pid!, 'SIGINT')],
  ])(
    'npx konpro-widget mock stops on %s, child and port included',
    async (_name, stop) => {
      const port = 40_000 + Math.floor(Math.random() * 20_000);
      const child = spawn('npx', ['--no-install', 'konpro-widget', 'mock', '--port', String(port)], {
        cwd: scratch,
        stdio: 'ignore',
        detached: true,
      });
      const url = `http://127.0.0.1:${port}/v1/api-keys/validate`;
      const answers = () =>
        fetch(url, { method: 'POST' }).then(
          () => true,
          () => false,
        );
      for (let i = 0; i < 100 && !(await answers()); i++) await new Promise((r) => setTimeout(r, 100));
      expect(await answers()).toBe(true);
      const exited = new Promise((resolve) => child.on('exit', resolve));
      stop(child);
      await exited;
      let up = true;
      for (let i = 0; i < 40 && up; i++) {
        await new Promise((r) => setTimeout(r, 100));
        up = await answers();
      }
      expect(up, 'the mock still answers after its npx was stopped').toBe(false);
    },
    30_000,
  );

  test('installs from a git URL (until the first release), with a working library and CLI', () => {
    const fromGit = mkdtempSync(join(tmpdir(), 'konpro-git-'));
    try {
      writeFileSync(join(fromGit, 'package.json'), JSON.stringify({ name: 'from-git', private: true }));
      const install = ['install', '--prefer-offline', '--no-audit', '--no-fund', '--no-package-lock'];
      run('npm', [...install, `git+file://${ROOT}`], fromGit);
      writeFileSync(
        join(fromGit, 'kit.mjs'),
        kitUsage(
          "import { createKonproClient } from 'konpro-widget-sessions';\nimport { createFakeKonpro } from 'konpro-widget-sessions/testing';",
        ),
      );
      expect(JSON.parse(run('node', ['kit.mjs'], fromGit))).toMatchObject({ expired: 'expired' });
      expect(run('npx', ['--no-install', 'konpro-widget', '--version'], fromGit).trim()).toMatch(/^\d+\.\d+\.\d+$/);
    } finally {
      rmSync(fromGit, { recursive: true, force: true });
    }
  }, 120_000);

  test('contains only dist (entries and hashed chunks), the spec, README, LICENSE and the package files', () => {
    const files = run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], ROOT);
    const paths = (JSON.parse(files) as Array<{ files: Array<{ path: string }> }>)[0]!.files.map((f) => f.path);
    const chunks = paths.filter((path) => /^dist\/[a-z-]+-[\w-]{8}\.(js|d\.ts|d\.cts)$/.test(path));
    expect(chunks.some((path) => path.startsWith('dist/response-validators-'))).toBe(true);
    expect(paths.filter((path) => !chunks.includes(path)).sort()).toEqual([
      'LICENSE',
      'README.md',
      'browser/package.json',
      'dist/browser.cjs',
      'dist/browser.d.cts',
      'dist/browser.d.ts',
      'dist/browser.js',
      'dist/cli.js',
      'dist/index.cjs',
      'dist/index.d.cts',
      'dist/index.d.ts',
      'dist/index.js',
      'dist/redis.cjs',
      'dist/redis.d.cts',
      'dist/redis.d.ts',
      'dist/redis.js',
      'dist/server.cjs',
      'dist/server.d.cts',
      'dist/server.d.ts',
      'dist/server.js',
      'dist/testing.cjs',
      'dist/testing.d.cts',
      'dist/testing.d.ts',
      'dist/testing.js',
      'openapi/konpro.yaml',
      'package.json',
      'redis/package.json',
      'server/package.json',
      'testing/package.json',
    ]);
  });
});
