/**
 * `npm run test:live`: the contract run against the live KonPro API, or whatever
 * KONPRO_BASE_URL points at. Skips (exit 0, saying why) without KONPRO_API_KEY; exits 1 on any
 * contract violation or a rejected key, 2 on a configuration error.
 */

import { DEFAULT_BASE_URL } from '../src/client.js';
import { formatCoverage, writeCoverageReport } from '../src/contract/coverage-report.js';
import { LivePreflightError, runLiveContract } from '../src/contract/live-contract.js';

const apiKey = process.env.KONPRO_API_KEY;
if (!apiKey) {
  console.log('SKIPPED live contract tests: KONPRO_API_KEY is not set.');
  console.log(
    'Set KONPRO_API_KEY and KONPRO_AGENTIC_AVATAR_ID (and KONPRO_BASE_URL for a server other than the real API) to run them.',
  );
  process.exit(0);
}
const agenticAvatarId = process.env.KONPRO_AGENTIC_AVATAR_ID;
if (!agenticAvatarId) {
  console.error(
    'KONPRO_AGENTIC_AVATAR_ID is not set: the live run needs an agentic avatar of your account to create sessions for.',
  );
  process.exit(2);
}
const baseUrl = process.env.KONPRO_BASE_URL || DEFAULT_BASE_URL;

console.log(`Live contract run against ${baseUrl}`);
try {
  const report = await runLiveContract({ baseUrl, apiKey, agenticAvatarId, log: (line) => console.log(line) });
  console.log('');
  for (const r of report.results) {
    const where = r.path ? ` at ${r.path} = ${JSON.stringify(r.value)}` : '';
    console.log(`${r.passed ? '✓' : '✗'} ${r.check}: ${r.message}${where}`);
  }
  const coverage = await writeCoverageReport('reports', 'live', report.coverage);
  console.log(`\nContract coverage (reports/contract-coverage.json):\n${formatCoverage(coverage)}\n`);
  console.log(`${report.requests} requests sent`);
  const failed = report.violations.length;
  console.log(`${report.results.length - failed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
} catch (error) {
  console.error(
    error instanceof LivePreflightError ? error.message : `Live contract run failed: ${(error as Error).message}`,
  );
  process.exit(error instanceof LivePreflightError ? 1 : 2);
}
