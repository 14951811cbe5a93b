/** The run as Markdown, for people: the verdict, what to look at, and a table of every check. */
import type { LiveContractReport } from './live-contract.js';
import { describeResult } from './render-result.js';

export const SUMMARY_FILE = 'contract-summary.md';

const SYMBOL = { passed: '✅', violated: '❌', inconclusive: '⚠️', skipped: '➖' } as const;
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderSummary(report: LiveContractReport): string {
  const lines = [
    `## KonPro contract: ${report.verdict}`,
    '',
    `Against ${report.baseUrl}: ${report.requests} requests in ${Math.round(report.durationMs / 1000)} s (${report.plan.profile} run); left active: ${report.leftActive.length}` +
      (report.cleanedFromEarlierRun
        ? `; ${report.cleanedFromEarlierRun} left by an interrupted run deleted first`
        : '') +
      '.',
  ];
  if (report.stopped) lines.push('', `**Stopped early:** ${report.stopped.message}`);
  const violations = report.results.filter((r) => r.verdict === 'violated');
  if (violations.length > 0) {
    lines.push('', '### Violations', '');
    for (const v of violations) {
      const [what, exchange] = describeResult({ ...v, reproduction: undefined }, false);
      lines.push(`- **${v.check}**: ${what}${exchange ? ` (${exchange})` : ''}`);
      if (v.reproduction) lines.push('', '  ```sh', `  ${v.reproduction}`, '  ```');
    }
  }
  const inconclusive = report.results.filter((r) => r.verdict === 'inconclusive');
  if (inconclusive.length > 0) {
    lines.push('', '### Inconclusive (not checked, not a violation)', '');
    for (const r of inconclusive) lines.push(`- **${r.check}**: ${r.message}`);
  }
  if (report.plan.probes.length > 0)
    lines.push(
      '',
      `**Probes this run:** ${report.plan.probes.join('; ')} (${report.plan.probesLeft} more in later runs).`,
    );
  lines.push('', '### Checks', '', '| | check | doc sentence |', '|---|---|---|');
  for (const c of report.checks)
    lines.push(`| ${SYMBOL[c.verdict]} | ${cell(c.check)} | ${cell(c.sentence)} (${cell(c.page)}) |`);
  return `${lines.join('\n')}\n`;
}
