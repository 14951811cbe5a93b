/** `npm run docs`: the HTTP reference with the SDK's calls beside it, and the SDK reference, offline. */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import * as konpro from 'konpro-widget-sessions';
import { expect, test } from 'vitest';
import packageJson from '../package.json' with { type: 'json' };
import { loadSpec } from '../scripts/load-spec.js';
import { renderReadme } from '../scripts/readme.js';
import { CLIENT_OPTION_NAMES } from '../src/internal/client-config.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/** The README between a heading and the next heading of the same level. */
function section(heading: string): string {
  const start = readme.indexOf(`\n${heading}\n`);
  expect(start, heading).toBeGreaterThan(-1);
  const level = heading.split(' ')[0];
  const end = readme.indexOf(`\n${level} `, start + heading.length + 2);
  return readme.slice(start, end === -1 ? undefined : end);
}

test('the reference renders offline: every operation with its TypeScript, CLI and curl call, and the SDK reference', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'konpro-docs-'));
  try {
    const output = join(dir, 'index.html');
    await promisify(execFile)(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/build-docs.ts', output], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
    });
    const html = readFileSync(output, 'utf8');
    const spec = await loadSpec();
    const operations = Object.values(spec.paths).flatMap((item) =>
      Object.values(item).filter(
        (op): op is { operationId: string; summary: string } =>
          typeof op === 'object' && op !== null && 'operationId' in op,
      ),
    );
    expect(operations).toHaveLength(4);
    for (const { operationId, summary } of operations) {
      expect(html, operationId).toContain(operationId);
      expect(html, summary).toContain(summary);
    }
    for (const call of [
      'konpro.widgetSessions.create(',
      "konpro.widgetSessions.get('session-789')",
      "konpro.widgetSessions.delete('session-789')",
      'konpro.apiKeys.validate()',
      'konpro-widget create --avatar 3deccfb2-cf96-459c-8b69-f601d6767ea5 --max-duration 3600 --domain example.com',
      'konpro-widget get session-789',
      'konpro-widget delete session-789',
      'konpro-widget validate-key',
    ]) {
      expect(html, call).toContain(call);
    }
    // Offline: no script, style, image or icon from anywhere else.
    expect(html).not.toMatch(/<script[^>]+src=["']https?:/);
    expect(html).not.toMatch(/https:\/\/cdn\./);
    const sdk = readFileSync(join(dir, 'sdk/index.html'), 'utf8');
    expect(sdk).toContain(`konpro-widget-sessions ${packageJson.version}`);
    const options = readFileSync(join(dir, 'sdk/interfaces/index.ClientOptions.html'), 'utf8');
    for (const option of ['apiKey', 'baseUrl', 'timeoutMs', 'totalTimeoutMs', 'logLevel', 'fetchOptions']) {
      expect(options, option).toContain(option);
    }
    for (const [page, name] of [
      ['testing.createFakeKonpro', 'createFakeKonpro'],
      ['server.createWidgetSessionHandler', 'createWidgetSessionHandler'],
      ['browser.createWidgetSessionSource', 'createWidgetSessionSource'],
    ]) {
      expect(readFileSync(join(dir, `sdk/functions/${page}.html`), 'utf8')).toContain(name);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 90_000);

test("one version story: the spec's info.version is the contract version the package ships", async () => {
  expect(((await loadSpec()).info as { version: string }).version).toBe(packageJson.version);
});

test("the README's generated blocks are current: the contract checks and the testing example (npm run readme)", () => {
  expect(renderReadme(readme)).toBe(readme);
});

test("the README's options table lists exactly the client's options", () => {
  const table = readme.slice(readme.indexOf('| option | default | meaning |'));
  const rows = table.slice(0, table.indexOf('\n\n')).split('\n').slice(2);
  const names = rows.map((row) => /^\| `(\w+)` \|/.exec(row)?.[1]);
  expect([...names].sort()).toEqual([...CLIENT_OPTION_NAMES].sort());
});

test("the README's Errors section names every error class the package exports", () => {
  const errors = section('## Errors');
  const classes = Object.entries(konpro).filter(
    ([, value]) => typeof value === 'function' && value.prototype instanceof konpro.KonproError,
  );
  expect(classes.length).toBeGreaterThan(10);
  for (const [name] of classes) expect(errors, name).toContain(`\`${name}\``);
});
