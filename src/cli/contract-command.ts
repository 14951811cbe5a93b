/** `konpro-widget contract`: the live contract run, its verdicts printed and its reports written. */
import { DEFAULT_BASE_URL } from '../client.js';
import { formatCoverage } from '../contract/coverage-report.js';
import { type LiveContractReport, runLiveContract } from '../contract/live-contract.js';
import { parseRateLimit } from '../contract/pacing.js';
import { writeReports } from '../contract/reports.js';
import { readEnv } from '../internal/env.js';
import { EXIT } from './format.js';
import type { CliIo } from './run-cli.js';

export interface ContractCommandOptions {
  avatar?: string | undefined;
  reportDir: string;
  json: boolean;
  rateLimit?: string | undefined;
  maxRequests?: string | undefined;
  deep?: boolean | undefined;
}

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

export async function runContractCommand(io: CliIo, options: ContractCommandOptions): Promise<number> {
  const apiKey = readEnv('KONPRO_API_KEY', io.env);
  const agenticAvatarId = options.avatar ?? readEnv('KONPRO_AGENTIC_AVATAR_ID', io.env);
  const usage = (message: string) => {
    io.stderr(options.json ? JSON.stringify({ error: { name: 'UsageError', message } }) : message);
    return EXIT.usage;
  };
  if (!apiKey) return usage('contract needs KONPRO_API_KEY: the key of the account to check.');
  if (!agenticAvatarId)
    return usage('contract needs an agentic avatar of that account: --avatar ID or KONPRO_AGENTIC_AVATAR_ID.');
  const rateText = options.rateLimit ?? readEnv('KONPRO_CONTRACT_RATE_LIMIT', io.env);
  const rateLimit = rateText === undefined ? undefined : parseRateLimit(rateText);
  if (rateText !== undefined && !rateLimit)
    return usage(`--rate-limit (or KONPRO_CONTRACT_RATE_LIMIT) must look like 10/min, got ${JSON.stringify(rateText)}`);
  const budgetText = options.maxRequests ?? readEnv('KONPRO_CONTRACT_MAX_REQUESTS', io.env);
  if (budgetText !== undefined && !/^[1-9]\d*$/.test(budgetText))
    return usage(
      `--max-requests (or KONPRO_CONTRACT_MAX_REQUESTS) must be a whole number ≥ 1, got ${JSON.stringify(budgetText)}`,
    );
  const deep =
    options.deep ?? ['1', 'true', 'yes'].includes(readEnv('KONPRO_CONTRACT_DEEP', io.env)?.toLowerCase() ?? '');
  const baseUrl = readEnv('KONPRO_BASE_URL', io.env) ?? DEFAULT_BASE_URL;

  if (!options.json) io.stdout(`Live contract run against ${baseUrl}`);
  const report = await runLiveContract({
    baseUrl,
    apiKey,
    agenticAvatarId,
    log: options.json ? () => {} : io.stdout,
    deep,
    journalDir: options.reportDir,
    ...(rateLimit ? { rateLimit } : {}),
    ...(budgetText ? { maxRequests: Number(budgetText) } : {}),
    ...(io.signal ? { signal: io.signal } : {}),
  });
  const coverage = await writeReports(options.reportDir, report, readEnv('GITHUB_STEP_SUMMARY', io.env));
  if (options.json) {
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
    printText(io, report, options.reportDir, formatCoverage(coverage));
  }
  return contractExitCode(report);
}
