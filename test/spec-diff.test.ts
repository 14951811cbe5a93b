import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { stringify } from 'yaml';
import { loadSpec, SPEC_FILE } from '../scripts/load-spec.js';
import { classifySpecChanges, nextVersion, requiredBump } from '../scripts/spec-changes.js';
import { checkSpecVersion } from '../scripts/spec-version-check.js';
import { applyFixture, SPEC_CHANGE_FIXTURES } from './fixtures/spec-changes.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const spec = await loadSpec();

describe('spec changes are classified', () => {
  test.each(Object.entries(SPEC_CHANGE_FIXTURES))('%s', (_name, fixture) => {
    const changes = classifySpecChanges(spec, applyFixture(spec, fixture));
    expect(changes).toContainEqual({ level: fixture.level, message: fixture.message });
    expect(
      changes.every((c) => c.level === fixture.level),
      JSON.stringify(changes),
    ).toBe(true);
  });

  test('the documents compared are left as they were', () => {
    const before = structuredClone(spec);
    const after = applyFixture(spec, SPEC_CHANGE_FIXTURES['a type changed']!);
    const afterCopy = structuredClone(after);
    classifySpecChanges(before, after);
    expect(before).toEqual(spec);
    expect(after).toEqual(afterCopy);
  });

  test('an unchanged spec has no changes and needs no bump', () => {
    expect(classifySpecChanges(spec, structuredClone(spec))).toEqual([]);
    expect(requiredBump([])).toBe('none');
  });
});

describe('the CI version check', () => {
  const repo = mkdtempSync(join(tmpdir(), 'konpro-spec-check-'));
  afterAll(() => rmSync(repo, { recursive: true, force: true }));
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', ...args], {
      cwd: repo,
      stdio: 'ignore',
    });
  const write = (version: string, document: unknown) => {
    writeFileSync(join(repo, 'package.json'), JSON.stringify({ name: 'x', version }));
    writeFileSync(join(repo, 'openapi/konpro.yaml'), stringify(document));
  };
  const check = () => {
    const { ok, lines } = checkSpecVersion(repo);
    return { status: ok ? 0 : 1, output: lines.join('\n') };
  };
  mkdirSync(join(repo, 'openapi'));
  git('init', '-q', '-b', 'main');
  write('1.0.0', spec);
  writeFileSync(join(repo, 'openapi/konpro.yaml'), readFileSync(SPEC_FILE, 'utf8'));
  git('add', '-A');
  git('commit', '-q', '-m', 'base');

  test('a breaking change without a major bump fails, saying which change and what to do', () => {
    write('1.1.0', applyFixture(spec, SPEC_CHANGE_FIXTURES['a response field removed']!));
    const { status, output } = check();
    expect(status).toBe(1);
    expect(output).toContain('breaking: response property `widget_url` removed from createWidgetSession 201');
    expect(output).toContain('needs a major version bump to 2.0.0: run npm version major --no-git-tag-version');
  });

  test('as a command, it exits 1 and prints the same', () => {
    write('1.1.0', applyFixture(spec, SPEC_CHANGE_FIXTURES['a response field removed']!));
    const run = spawnSync(
      process.execPath,
      [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'scripts/spec-version-check.ts')],
      { cwd: repo, encoding: 'utf8' },
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('breaking: response property `widget_url` removed from createWidgetSession 201');
  });

  test('a breaking change with a major bump passes', () => {
    write('2.0.0', applyFixture(spec, SPEC_CHANGE_FIXTURES['a response field removed']!));
    expect(check().status).toBe(0);
  });

  test('a non-breaking change without a bump fails; with a patch or minor bump it passes', () => {
    const after = applyFixture(spec, SPEC_CHANGE_FIXTURES['an optional request field added']!);
    write('1.0.0', after);
    const { status, output } = check();
    expect(status).toBe(1);
    expect(output).toContain('non-breaking: request property `settings.locale` added to createWidgetSession');
    expect(output).toContain('needs a minor or patch bump');
    write('1.0.1', after);
    expect(check().status).toBe(0);
  });

  test('a description change needs no bump', () => {
    write('1.0.0', applyFixture(spec, SPEC_CHANGE_FIXTURES['a description reworded']!));
    expect(check().status).toBe(0);
  });
}, 60_000);

describe('spec:diff --changelog drafts the heading with the version the changes need', () => {
  test.each([
    ['0.2.0', '0.2.0', 'minor or patch', '0.3.0'],
    ['0.2.0', '0.3.0', 'minor or patch', '0.3.0'],
    ['0.2.0', '0.2.1', 'minor or patch', '0.2.1'],
    ['1.2.3', '1.2.3', 'major', '2.0.0'],
    ['1.2.3', '1.3.0', 'major', '2.0.0'],
    ['1.2.3', '2.0.0', 'major', '2.0.0'],
    ['1.2.3', '1.2.3', 'none', '1.2.3'],
  ] as const)('base %s, package.json %s, %s change → %s', (base, current, bump, expected) => {
    expect(nextVersion(base, current, bump)).toBe(expected);
  });
});
