/** `konpro-widget contract`: the live contract run, its verdicts printed and its reports written. */
import { DEFAULT_BASE_URL } from '../../client.js';
import { OBSERVERS, STEPS } from '../../contract/checks/index.js';
import { formatCoverage } from '../../contract/coverage-report.js';
import { type LiveContractReport, runLiveContract } from '../../contract/live-contract.js';
import { parseRateLimit } from '../../contract/pacing.js';
import { writeReports } from '../../contract/reports.js';
import { readEnv } from '../../internal/env.js';
import { type CliCommand, type CliIo, stringValue } from '../command.js';
import { EXIT, UsageError } from '../exit-codes.js';

/** Exit codes of `contract`, by how the run ended. */
export function contractExitCode(report: LiveContractReport): number {
  if (report.stopped?.reason === 'key rejected') return EXIT.usage;
  if (report.stopped?.reason === 'unreachable') return EXIT.network;
  if (report.stopped?.reason === 'interrupted') return EXIT.interrupted;
  return { passed: EXIT.ok, violated: EXIT.api, inconclusive: EXIT.inconclusive }[report.verdict];
}

const MARK = { passed: '✓', violated: '✗', inconclusive: '?', skipped: '-' } as const;

function printText(io: CliIo, report: LiveContractReport, reportDir: string, coverageTable: string): void {
  io.stdout('');
  for (const c of report.checks) {
    const counts =
      c.results.length > 1
        ? ` (${c.results.filter((r) => r.verdict === c.verdict).length} of ${c.results.length})`
        : '';
    const only = c.results.length === 1 ? `: ${c.results[0]!.message}` : '';
    io.stdout(
      `${MARK[c.verdict]} ${c.check}${c.verdict === 'skipped' ? ': not run (opt-in: --deep)' : `${counts}${only}`}`,
    );
    if (c.verdict === 'passed' || (c.results.length === 1 && c.verdict !== 'violated')) continue;
    for (const r of c.results.filter((r) => r.verdict !== 'passed')) {
      const where = r.path ? ` at ${r.path} = ${JSON.stringify(r.value)}` : '';
      if (c.results.length > 1 || r.verdict === 'violated') io.stdout(`    ${r.verdict}: ${r.message}${where}`);
      if (r.verdict === 'violated' && r.reproduction) io.stdout(`    reproduce: ${r.reproduction}`);
      if (r.verdict === 'violated' && r.requestId) io.stdout(`    request_id: ${r.requestId}`);
    }
  }
  io.stdout(`\nContract coverage (${reportDir}/contract-coverage.json):\n${coverageTable}\n`);
  if (report.stopped) io.stdout(`Stopped early: ${report.stopped.message}`);
  const count = (v: string) => report.checks.filter((c) => c.verdict === v).length;
  io.stdout(
    `${report.requests} requests in ${Math.round(report.durationMs / 1000)} s; left active: ${report.leftActive.length}` +
      (report.cleanedFromEarlierRun ? `; deleted ${report.cleanedFromEarlierRun} left by an interrupted run` : ''),
  );
  io.stdout(
    `Verdict: ${report.verdict} (${count('passed')} passed, ${count('violated')} violated, ${count('inconclusive')} inconclusive, ${count('skipped')} skipped)`,
  );
  io.stdout(`Reports: ${reportDir}/contract-summary.md, contract-junit.xml, contract-coverage.json`);
}

export const contract: CliCommand = {
  name: 'contract',
  summary: 'Check a live server against the contract (about 26 requests, paced)',
  options: {
    avatar: {
      type: 'string',
      value: 'ID',
      description: 'an agentic avatar of the account (or KONPRO_AGENTIC_AVATAR_ID)',
    },
    'rate-limit': {
      type: 'string',
      value: 'N/min',
      description: "pace requests to the plan's limit (KONPRO_CONTRACT_RATE_LIMIT; default 10/min, the Free Trial's)",
    },
    'max-requests': {
      type: 'string',
      value: 'N',
      description:
        'spend at most N requests (KONPRO_CONTRACT_MAX_REQUESTS; default 50; the Free Trial allows 100 a day)',
    },
    deep: { type: 'boolean', description: 'also run opt-in checks that cost time (KONPRO_CONTRACT_DEEP=1)' },
    'report-dir': {
      type: 'string',
      value: 'DIR',
      description: 'reports and the journal of created sessions (default reports)',
    },
  },
  description: `Checks a live server (KONPRO_BASE_URL, default https://api.konpro.ai) against the contract with
KONPRO_API_KEY. The server must keep state: KonPro, or \`konpro-widget mock\` (the default fake),
not a Prism mock (\`mock --prism\` keeps no state, so sessions never read back).

Checks (requests each):
${STEPS.map((c) => `  ${c.name.padEnd(30)}${String(c.cost).padStart(2)}${c.deep ? `  (opt-in: --deep; ${c.note})` : ''}`).join('\n')}
  and on every answer: ${OBSERVERS.map((c) => c.name).join(', ')}

A 429 or 503 is waited out; what cannot be checked is inconclusive, apart from violations.
Every session it creates is journaled and deleted, also when interrupted (Ctrl-C); the next run
deletes what a killed run left. Exit 0 passed, 3 violated, 5 inconclusive (nothing violated, but
something could not be checked), 2 usage or a rejected key, 4 server unreachable, 130 interrupted.`,
  async run({ io, redact, values, json }) {
    const apiKey = readEnv('KONPRO_API_KEY', io.env);
    const agenticAvatarId = stringValue(values, 'avatar') ?? readEnv('KONPRO_AGENTIC_AVATAR_ID', io.env);
    if (!apiKey) throw new UsageError('contract needs KONPRO_API_KEY: the key of the account to check');
    if (!agenticAvatarId)
      throw new UsageError('contract needs an agentic avatar of that account: --avatar ID or KONPRO_AGENTIC_AVATAR_ID');
    const rateText = stringValue(values, 'rate-limit') ?? readEnv('KONPRO_CONTRACT_RATE_LIMIT', io.env);
    const rateLimit = rateText === undefined ? undefined : parseRateLimit(rateText);
    if (rateText !== undefined && !rateLimit)
      throw new UsageError(
        `--rate-limit (or KONPRO_CONTRACT_RATE_LIMIT) must look like 10/min, got ${JSON.stringify(rateText)}`,
      );
    const budgetText = stringValue(values, 'max-requests') ?? readEnv('KONPRO_CONTRACT_MAX_REQUESTS', io.env);
    if (budgetText !== undefined && !/^[1-9]\d*$/.test(budgetText))
      throw new UsageError(
        `--max-requests (or KONPRO_CONTRACT_MAX_REQUESTS) must be a whole number ≥ 1, got ${JSON.stringify(budgetText)}`,
      );
    const deep =
      values.deep === true ||
      ['1', 'true', 'yes'].includes(readEnv('KONPRO_CONTRACT_DEEP', io.env)?.toLowerCase() ?? '');
    const reportDir = stringValue(values, 'report-dir') ?? 'reports';
    const baseUrl = readEnv('KONPRO_BASE_URL', io.env) ?? DEFAULT_BASE_URL;

    if (!json) io.stdout(`Live contract run against ${baseUrl}`);
    const report = await runLiveContract({
      baseUrl,
      apiKey,
      agenticAvatarId,
      log: json ? () => {} : io.stdout,
      deep,
      journalDir: reportDir,
      ...(rateLimit ? { rateLimit } : {}),
      ...(budgetText ? { maxRequests: Number(budgetText) } : {}),
      ...(io.signal ? { signal: io.signal } : {}),
    });
    const coverage = await writeReports(reportDir, report, readEnv('GITHUB_STEP_SUMMARY', io.env), redact);
    if (json) {
      const { checks, coverage: own, verdict, stopped, requests, leftActive, cleanedFromEarlierRun, plan } = report;
      io.stdout(
        JSON.stringify(
          { verdict, stopped, requests, plan, leftActive, cleanedFromEarlierRun, checks, coverage: own },
          null,
          2,
        ),
      );
    } else {
      if (report.stopped && report.stopped.reason !== 'interrupted') io.stderr(report.stopped.message);
      printText(io, report, reportDir, formatCoverage(coverage));
    }
    return contractExitCode(report);
  },
};
