/** `npm run docs` renders the spec to one self-contained page that shows every operation. */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';
import { loadSpec } from '../scripts/load-spec.js';
import { renderReadme } from '../scripts/readme.js';

test('the API reference renders offline and shows every operation of the spec', async () => {
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
    expect(html).not.toMatch(/<script[^>]+src=["']https?:/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);

test("the README's generated blocks are current: the contract checks and the testing example (npm run readme)", () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  expect(renderReadme(readme)).toBe(readme);
});
