/**
 * Every report of a run, written atomically into the report directory after every run: the
 * coverage matrix, JUnit XML and a Markdown summary (also appended to `$GITHUB_STEP_SUMMARY`).
 */
import { join } from 'node:path';
import type { Redactor } from '../internal/gate/redact.js';
import { appendText, writeFileAtomic } from './atomic-write.js';
import { type CoverageReport, writeCoverageReport } from './coverage-report.js';
import { JUNIT_FILE, renderJunit } from './junit-report.js';
import type { LiveContractReport } from './live-contract.js';
import { renderSummary, SUMMARY_FILE } from './summary-report.js';

export async function writeReports(
  dir: string,
  report: LiveContractReport,
  stepSummary: string | undefined,
  redact: Redactor,
): Promise<CoverageReport> {
  const coverage = await writeCoverageReport(dir, report.target, report.coverage, redact);
  const summary = renderSummary(report);
  await writeFileAtomic(join(dir, JUNIT_FILE), renderJunit(report), redact);
  await writeFileAtomic(join(dir, SUMMARY_FILE), summary, redact);
  if (stepSummary) await appendText(stepSummary, summary, redact);
  return coverage;
}
