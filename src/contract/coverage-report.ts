/** The coverage matrix: operation × declared status × target, printed and written as JSON. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Redactor } from '../internal/gate/redact.js';
import { writeFileAtomic } from './atomic-write.js';
import type { Coverage } from './types.js';

/** Targets (`mock`, `live`) → coverage. */
export type CoverageReport = Record<string, Coverage>;

export const COVERAGE_FILE = 'contract-coverage.json';

/** Renders the matrix as a text table, one row per operation and status. */
export function formatCoverage(report: CoverageReport): string {
  const targets = Object.keys(report).sort();
  const rows: string[][] = [['operation', 'status', ...targets]];
  const operations = new Map<string, Set<string>>();
  for (const coverage of Object.values(report)) {
    for (const [operationId, statuses] of Object.entries(coverage ?? {})) {
      if (!statuses || typeof statuses !== 'object') continue;
      const set = operations.get(operationId) ?? new Set<string>();
      for (const status of Object.keys(statuses)) set.add(status);
      operations.set(operationId, set);
    }
  }
  for (const [operationId, statuses] of operations) {
    for (const status of [...statuses].sort()) {
      rows.push([operationId, status, ...targets.map((t) => (report[t]?.[operationId]?.[status] ? 'exercised' : '-'))]);
    }
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/**
 * Writes this target's coverage into `dir/contract-coverage.json`, keeping other targets'. A file
 * that is not a JSON object (corrupt, half-written by an older version) is replaced, not fatal.
 */
export async function writeCoverageReport(
  dir: string,
  target: string,
  coverage: Coverage,
  redact: Redactor,
): Promise<CoverageReport> {
  const file = join(dir, COVERAGE_FILE);
  const existing = await readFile(file, 'utf8')
    .then(
      (text) => {
        const parsed: unknown = JSON.parse(text);
        return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as CoverageReport) : {};
      },
      () => ({}),
    )
    .catch(() => ({}));
  const report = { ...existing, [target]: coverage };
  await writeFileAtomic(file, `${JSON.stringify(report, null, 2)}\n`, redact);
  return report;
}
