/**
 * One version (issue #24): package.json's is the source; the spec's info.version and VERSION follow
 * it through `npm run version:sync`, which npm's `version` lifecycle runs, so a bump is one command
 * that works with a spec edit still uncommitted. A version bump is no contract change.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VERSION } from 'konpro-widget-sessions';
import { expect, test } from 'vitest';
import { parse } from 'yaml';
import packageJson from '../package.json' with { type: 'json' };
import { loadSpec } from '../scripts/load-spec.js';
import { classifySpecChanges } from '../scripts/spec-changes.js';
import { syncVersion } from '../scripts/version-sync.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

test('the spec and VERSION say what package.json says', async () => {
  expect(VERSION).toBe(packageJson.version);
  expect(((await loadSpec()).info as { version: string }).version).toBe(packageJson.version);
});

test('npm version runs the sync (its version lifecycle script), and the sync writes both followers', () => {
  expect(packageJson.scripts.version).toBe('tsx scripts/version-sync.ts');
  const dir = mkdtempSync(join(tmpdir(), 'konpro-version-'));
  try {
    mkdirSync(join(dir, 'openapi'));
    mkdirSync(join(dir, 'src'));
    cpSync(join(ROOT, 'openapi/konpro.yaml'), join(dir, 'openapi/konpro.yaml'));
    cpSync(join(ROOT, 'src/version.ts'), join(dir, 'src/version.ts'));
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ ...packageJson, version: '9.8.7' }));
    expect(syncVersion(dir)).toEqual(['openapi/konpro.yaml', 'src/version.ts']);
    const spec = parse(readFileSync(join(dir, 'openapi/konpro.yaml'), 'utf8'));
    expect(spec.info.version).toBe('9.8.7');
    expect(readFileSync(join(dir, 'src/version.ts'), 'utf8')).toContain("export const VERSION = '9.8.7';");
    // Only that line changed in the spec.
    const before = readFileSync(join(ROOT, 'openapi/konpro.yaml'), 'utf8').split('\n');
    const after = readFileSync(join(dir, 'openapi/konpro.yaml'), 'utf8').split('\n');
    expect(after.filter((line, i) => line !== before[i])).toEqual(['  version: 9.8.7']);
    expect(syncVersion(dir)).toEqual([]);
    // The changelog draft and the version check do not count it as a change of the contract.
    expect(classifySpecChanges(parse(before.join('\n')), spec)).toEqual([]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('spec:diff --changelog drafts under the heading CHANGELOG.md uses', () => {
  const draft = execFileSync(
    process.execPath,
    ['node_modules/tsx/dist/cli.mjs', 'scripts/spec-diff.ts', '--changelog'],
    {
      cwd: ROOT,
      encoding: 'utf8',
    },
  );
  expect(draft).toMatch(/^## Unreleased \(\d+\.\d+\.\d+\)\n/);
  expect(readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8')).toMatch(/^## Unreleased \(\d+\.\d+\.\d+\)$/m);
});
