/** `konpro-widget contract`: the live contract run, its verdicts printed and its reports written. */
import { DEFAULT_BASE_URL } from '../../client.js';
import { OBSERVERS, RUN_ORDER } from '../../contract/checks/index.js';
import { formatCoverage } from '../../contract/coverage-report.js';
import { type LiveContractReport, runLiveContract } from '../../contract/live-contract.js';
import { parseRateLimit } from '../../contract/pacing.js';
import { describeCost, describeRequestCounts, plannedRequests } from '../../contract/plan.js';
import { describeResult, MARK, tally } from '../../contract/render-result.js';
import { writeReports } from '../../contract/reports.js';
import { readEnv } from '../../internal/config/env.js';
import { MINUTE_MS, PLANS, type Plan } from '../../internal/config/plans.js';
import { type CliCommand, type CliIo, stringValue } from '../command.js';
import { EXIT, UsageError } from '../exit-codes.js';

/** Of the plan's daily quota, what contract runs may spend by default: the service keeps the rest. */
const DAILY_SHARE = 0.25;

/** Exit codes of `contract`, by how the run ended. */
export function contractExitCode(report: LiveContractReport): number {
  if (report.stopped?.reason === 'key rejected') return EXIT.usage;
  if (report.stopped?.reason === 'unreachable') return EXIT.network;
  if (report.stopped?.reason === 'interrupted') return EXIT.interrupted;
  return { passed: EXIT.ok, violated: EXIT.api, inconclusive: EXIT.inconclusive }[report.verdict];
}

function printText(io: CliIo, report: LiveContractReport, reportDir: string, coverageTable: string): void {
  io.stdout('');
  for (const c of report.checks) {
    if (c.verdict === 'skipped') {
      const why = RUN_ORDER.find((r) => r.name === c.check && 'probes' in r)
        ? 'not its turn in the rotation'
        : 'opt-in: --deep';
      io.stdout(`${MARK.skipped} ${c.check}: not run (${why})`);
      continue;
    }
    const only = c.results.length === 1 ? `: ${c.results[0]!.message}` : ` (${tally(c)})`;
    io.stdout(`${MARK[c.verdict]} ${c.check}${only}`);
    if (c.verdict === 'passed') continue;
    for (const r of c.results.filter((r) => r.verdict !== 'passed')) {
      for (const line of describeResult(r, c.results.length > 1)) io.stdout(`    ${line}`);
    }
  }
  io.stdout(`\nContract coverage (${reportDir}/contract-coverage.json):\n${coverageTable}\n`);
  if (report.stopped) io.stdout(`Stopped early: ${report.stopped.message}`);
  const count = (v: string) => report.checks.filter((c) => c.verdict === v).length;
  const { daily } = report;
  io.stdout(
    `${report.requests} requests in ${Math.round(report.durationMs / 1000)} s (planned ${report.plan.requests}, ${report.plan.profile}); left active: ${report.leftActive.length}` +
      (report.cleanedFromEarlierRun ? `; deleted ${report.cleanedFromEarlierRun} left by an interrupted run` : '') +
      `; today (${daily.day}, UTC) this key spent ${daily.spent}${daily.budget === undefined ? '' : ` of ${daily.budget}`}`,
  );
  if (report.plan.probes.length > 0)
    io.stdout(`Probes this run: ${report.plan.probes.join('; ')} (${report.plan.probesLeft} more in later runs)`);
  io.stdout(
    `Verdict: ${report.verdict} (${count('passed')} passed, ${count('violated')} violated, ${count('inconclusive')} inconclusive, ${count('skipped')} skipped)`,
  );
  io.stdout(`Reports: ${reportDir}/contract-summary.md, contract-junit.xml, contract-coverage.json`);
}

/** A whole number ≥ 1 from a flag or its environment variable, or a UsageError naming both. */
function positive(text: string | undefined, flag: string, env: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^[1-9]\d*$/.test(text))
    throw new UsageError(`--${flag} (or ${env}) must be a whole number ≥ 1, got ${JSON.stringify(text)}`);
  return Number(text);
}

export const contract: CliCommand = {
  name: 'contract',
  summary: `Check a live server against the contract (${describeRequestCounts().match(/sends (\d+) requests/)?.[1]} requests, paced)`,
  options: {
    avatar: {
      type: 'string',
      value: 'ID',
      description: 'an agentic avatar of the account (or KONPRO_AGENTIC_AVATAR_ID)',
    },
    smoke: {
      type: 'boolean',
      description: 'a smoke run of at most 8 requests, for pull requests (KONPRO_CONTRACT_SMOKE=1)',
    },
    plan: {
      type: 'string',
      value: 'PLAN',
      description: `the account's plan: ${Object.keys(PLANS).join(', ')} (KONPRO_CONTRACT_PLAN; default free-trial): the pacing and the daily budget`,
    },
    'rate-limit': {
      type: 'string',
      value: 'N/min',
      description:
        "pace requests to this limit instead of the plan's (KONPRO_CONTRACT_RATE_LIMIT); loopback targets are not paced unless given",
    },
    'daily-budget': {
      type: 'string',
      value: 'N',
      description: `requests contract runs may spend per UTC day (KONPRO_CONTRACT_DAILY_BUDGET; default ${DAILY_SHARE * 100} % of the plan's daily quota, none on loopback)`,
    },
    'max-requests': {
      type: 'string',
      value: 'N',
      description: 'spend at most N requests in this run (KONPRO_CONTRACT_MAX_REQUESTS; default 50)',
    },
    'time-limit': {
      type: 'string',
      value: 'SECONDS',
      description: 'the longest the run may take, cleanup included (KONPRO_CONTRACT_TIME_LIMIT; default 900)',
    },
    deep: { type: 'boolean', description: 'also run opt-in checks that cost time (KONPRO_CONTRACT_DEEP=1)' },
    'all-probes': {
      type: 'boolean',
      description: `send every rotating probe this run (${plannedRequests('full', false, true) - plannedRequests('full')} requests more)`,
    },
    'report-dir': {
      type: 'string',
      value: 'DIR',
      description: 'reports and the journal of created sessions and spent requests (default reports)',
    },
  },
  description: `Checks a live server (KONPRO_BASE_URL, default https://api.konpro.ai) against the contract with
KONPRO_API_KEY. The server must keep state: KonPro, or \`konpro-widget mock\` (the default fake),
not a Prism mock (\`mock --prism\` keeps no state, so sessions never read back).

${describeRequestCounts()}

Checks (requests each):
${RUN_ORDER.map((c) => `  ${c.name.padEnd(36)}${describeCost(c)}`).join('\n')}
  and on every answer: ${OBSERVERS.map((c) => c.name).join(', ')}

A 429 or 503 is waited out, within the time limit; what cannot be checked is inconclusive, apart
from violations. Every session it creates is journaled and deleted, also when interrupted (Ctrl-C)
or out of time; the next run deletes what a killed run left. A run that would pass the daily
budget does not start. Exit 0 passed, 3 violated, 5 inconclusive (nothing violated, but something
could not be checked, or the daily budget is spent), 2 usage or a rejected key, 4 server
unreachable, 130 interrupted.`,
  async run({ io, redact, values, json }) {
    const env = (name: string) => readEnv(name, io.env);
    const flag = (name: string, variable: string) => stringValue(values, name) ?? env(variable);
    const isOn = (name: string, variable: string) =>
      values[name] === true || ['1', 'true', 'yes'].includes(env(variable)?.toLowerCase() ?? '');
    const apiKey = env('KONPRO_API_KEY');
    const agenticAvatarId = stringValue(values, 'avatar') ?? env('KONPRO_AGENTIC_AVATAR_ID');
    if (!apiKey) throw new UsageError('contract needs KONPRO_API_KEY: the key of the account to check');
    if (!agenticAvatarId)
      throw new UsageError('contract needs an agentic avatar of that account: --avatar ID or KONPRO_AGENTIC_AVATAR_ID');
    const planName = flag('plan', 'KONPRO_CONTRACT_PLAN');
    if (planName !== undefined && !(planName in PLANS))
      throw new UsageError(
        `--plan (or KONPRO_CONTRACT_PLAN) must be one of ${Object.keys(PLANS).join(', ')}, got ${JSON.stringify(planName)}`,
      );
    const plan = PLANS[(planName ?? 'free-trial') as Exclude<Plan, object>];
    const rateText = flag('rate-limit', 'KONPRO_CONTRACT_RATE_LIMIT');
    const rateLimit = rateText === undefined ? undefined : parseRateLimit(rateText);
    if (rateText !== undefined && !rateLimit)
      throw new UsageError(
        `--rate-limit (or KONPRO_CONTRACT_RATE_LIMIT) must look like 10/min, got ${JSON.stringify(rateText)}`,
      );
    const maxRequests = positive(
      flag('max-requests', 'KONPRO_CONTRACT_MAX_REQUESTS'),
      'max-requests',
      'KONPRO_CONTRACT_MAX_REQUESTS',
    );
    const timeLimit = positive(
      flag('time-limit', 'KONPRO_CONTRACT_TIME_LIMIT'),
      'time-limit',
      'KONPRO_CONTRACT_TIME_LIMIT',
    );
    const givenBudget = positive(
      flag('daily-budget', 'KONPRO_CONTRACT_DAILY_BUDGET'),
      'daily-budget',
      'KONPRO_CONTRACT_DAILY_BUDGET',
    );
    const baseUrl = env('KONPRO_BASE_URL') ?? DEFAULT_BASE_URL;
    const loopback = /^https?:\/\/(localhost|127\.|\[::1\])/i.test(baseUrl);
    const dailyBudget = givenBudget ?? (loopback ? undefined : Math.floor(plan.perDay * DAILY_SHARE));
    const reportDir = stringValue(values, 'report-dir') ?? 'reports';

    if (!json) io.stdout(`Live contract run against ${baseUrl}`);
    const report = await runLiveContract({
      baseUrl,
      apiKey,
      agenticAvatarId,
      log: json ? () => {} : io.stdout,
      profile: isOn('smoke', 'KONPRO_CONTRACT_SMOKE') ? 'smoke' : 'full',
      deep: isOn('deep', 'KONPRO_CONTRACT_DEEP'),
      allProbes: values['all-probes'] === true,
      journalDir: reportDir,
      dailyBudget,
      // Loopback targets are unpaced unless a limit is given; others are paced to the plan.
      ...(rateLimit ? { rateLimit } : loopback ? {} : { rateLimit: { requests: plan.perMinute, windowMs: MINUTE_MS } }),
      ...(maxRequests ? { maxRequests } : {}),
      ...(timeLimit ? { timeLimitMs: timeLimit * 1000 } : {}),
      ...(io.signal ? { signal: io.signal } : {}),
    });
    const coverage = await writeReports(reportDir, report, env('GITHUB_STEP_SUMMARY'), redact);
    if (json) {
      const {
        checks,
        coverage: own,
        verdict,
        stopped,
        requests,
        leftActive,
        cleanedFromEarlierRun,
        plan: planned,
        daily,
        target,
      } = report;
      io.stdout(
        JSON.stringify(
          {
            verdict,
            stopped,
            target,
            requests,
            plan: planned,
            daily,
            leftActive,
            cleanedFromEarlierRun,
            checks,
            coverage: own,
          },
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
