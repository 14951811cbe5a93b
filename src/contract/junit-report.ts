/** The run as JUnit XML, which every CI system renders: one testcase per check. */
import type { LiveContractReport } from './live-contract.js';

export const JUNIT_FILE = 'contract-junit.xml';

const xml = (text: string) =>
  text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);

/** Violations are failures (with the reproduction), inconclusive and opt-in checks are skipped with a reason. */
export function renderJunit(report: LiveContractReport): string {
  const count = (verdict: string) => report.checks.filter((c) => c.verdict === verdict).length;
  const skipped = count('inconclusive') + count('skipped');
  const cases = report.checks.map((c) => {
    const name = `${c.check}`;
    const open = `    <testcase classname="konpro.contract" name="${xml(name)}">`;
    const details = c.results
      .filter((r) => r.verdict === c.verdict)
      .map((r) =>
        [r.message, r.reproduction && `reproduce: ${r.reproduction}`, r.requestId && `request_id: ${r.requestId}`]
          .filter(Boolean)
          .join('\n'),
      )
      .join('\n\n');
    const doc = `Docs (${c.page}): ${c.sentence}`;
    if (c.verdict === 'violated')
      return `${open}\n      <failure message="${xml(c.results.find((r) => r.verdict === 'violated')!.message)}">${xml(`${details}\n\n${doc}`)}</failure>\n    </testcase>`;
    if (c.verdict === 'inconclusive')
      return `${open}\n      <skipped message="${xml(`inconclusive: ${c.results.find((r) => r.verdict === 'inconclusive')!.message}`)}"/>\n    </testcase>`;
    if (c.verdict === 'skipped')
      return `${open}\n      <skipped message="not run (opt-in, or nothing to check)"/>\n    </testcase>`;
    return `${open}</testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="konpro contract" tests="${report.checks.length}" failures="${count('violated')}" skipped="${skipped}" time="${(report.durationMs / 1000).toFixed(1)}">`,
    `  <testsuite name="konpro contract (${xml(report.baseUrl)})" tests="${report.checks.length}" failures="${count('violated')}" skipped="${skipped}" time="${(report.durationMs / 1000).toFixed(1)}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
