/**
 * Packs the package as npm would publish it, installs the tarball into a scratch project (from
 * the npm cache where it can, else the registry) and uses it from ESM and CommonJS, with types.
 */
import { execFileSync } from 'node:child_process';
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

  test('ships types for both, and they reject a wrong call', () => {
    const typed = `import { createKonproClient, type CreatedWidgetSession } from 'konpro-widget-sessions';
const konpro = createKonproClient({ apiKey: 'k' });
export const ok: Promise<CreatedWidgetSession> = konpro.widgetSessions.create({ agentic_avatar_id: 'a', settings: {} });
// @ts-expect-error settings is required
export const bad = konpro.widgetSessions.create({ agentic_avatar_id: 'a' });
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

  test('contains only dist (entries and hashed chunks), the spec, README and package.json', () => {
    const files = run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], ROOT);
    const paths = (JSON.parse(files) as Array<{ files: Array<{ path: string }> }>)[0]!.files.map((f) => f.path);
    const chunks = paths.filter((path) => /^dist\/[\w-]+-[A-Z0-9]{8}\.js$/.test(path));
    expect(chunks.some((path) => path.startsWith('dist/response-validators-'))).toBe(true);
    expect(paths.filter((path) => !chunks.includes(path)).sort()).toEqual([
      'README.md',
      'dist/cli.js',
      'dist/index.cjs',
      'dist/index.d.cts',
      'dist/index.d.ts',
      'dist/index.js',
      'openapi/konpro.yaml',
      'package.json',
    ]);
  });
});
