/** The import-circle check (issue #24): it finds a circle, type-only imports included, and src/ has none. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { findCycles } from '../scripts/check-cycles.js';

test('a circle of type-only imports is found, named by its files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'konpro-cycles-'));
  try {
    writeFileSync(join(dir, 'a.ts'), "import type { B } from './b.js';\nexport type A = B;\n");
    writeFileSync(join(dir, 'b.ts'), "export type B = import('./c.js').C;\n");
    writeFileSync(join(dir, 'c.ts'), "export { type A } from './a.js';\nexport type C = string;\n");
    writeFileSync(join(dir, 'd.ts'), "import './a.js';\n");
    expect(findCycles(`${dir}/`)).toEqual([['a.ts', 'b.ts', 'c.ts', 'a.ts']]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('src/ has no import circle', () => {
  expect(findCycles()).toEqual([]);
});
