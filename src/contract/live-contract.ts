/**
 * The contract run against a real server (KonPro, or a stand-in): the registry's step checks in
 * order, every exchange judged by its observers, paced against the plan's rate limit and within a
 * request budget. It first deletes what an interrupted run left behind, deletes everything it
 * creates (also when interrupted), and says what it could not check (`inconclusive`) apart from
 * what the server got wrong (`violated`).
 */
import { contract as generatedContract } from '../../generated/contract.js';
import { createTransport, DEFAULT_TIMEOUT_MS, type FetchLike } from '../internal/transport.js';
import { VERSION } from '../version.js';
import { seconds } from './checks/fixtures.js';
import { ALL_CHECKS, CLEANUP, COVERAGE, STEPS } from './checks/index.js';
import { type Clock, realClock } from './clock.js';
import { ContractChecker } from './contract-checker.js';
import { Exchanger } from './exchange.js';
import { Journal } from './journal.js';
import { FREE_TRIAL_RATE_LIMIT, Pacer, type RateLimit } from './pacing.js';
import type { ContractLike } from './runtime-validators.js';
import {
  type CheckContext,
  type CheckResult,
  type Coverage,
  type Exchange,
  type Fixture,
  isExchange,
  type StepCheck,
  type StopReason,
  type Verdict,
} from './types.js';

export interface LiveContractOptions {
  baseUrl: string;
  apiKey: string;
  /** An agentic avatar of the key's account. */
  agenticAvatarId: string;
  /** The contract to check against. @default the generated contract of openapi/konpro.yaml */
  contract?: ContractLike;
  fetch?: FetchLike;
  /** Progress lines (never contain the key). */
  log?: (line: string) => void;
  /** The plan's rate limit the run paces itself to. @default 10 requests a minute (Free Trial) */
  rateLimit?: RateLimit;
  /** Requests the run may send, waits' re-sends included; cleanup is exempt. @default 50 */
  maxRequests?: number;
  /** Also run the opt-in checks (`deep`), which cost time or extra requests. @default false */
  deep?: boolean;
  /** Where the journal of created sessions lives (the report directory); in memory when absent. */
  journalDir?: string | undefined;
  /** Ends the run early (Ctrl-C): no new check starts, cleanup still runs. */
  signal?: AbortSignal;
  /** Per-attempt timeout in milliseconds. @default 30000 */
  timeoutMs?: number;
  /** Allowed clock difference between this machine and the server. @default 120000 */
  clockSkewMs?: number;
  /** Allowed difference between two times in the server's own answers. @default 5000 */
  serverToleranceMs?: number;
  /** Total time the run may wait on 429 and 503. @default 600000 */
  maxWaitMs?: number;
  /** @default the real clock */
  clock?: Clock;
}

/** One check's overall verdict, for reports: the worst of its results. */
export interface CheckSummary {
  check: string;
  sentence: string;
  page: string;
  /** `skipped`: an opt-in check that was not asked for. */
  verdict: Verdict | 'skipped';
  results: CheckResult[];
}

export interface LiveContractReport {
  baseUrl: string;
  verdict: Verdict;
  /** Why the run ended early, when it did. */
  stopped: { reason: StopReason; message: string } | undefined;
  checks: CheckSummary[];
  results: CheckResult[];
  violations: CheckResult[];
  coverage: Coverage;
  /** Requests sent, waits' re-sends and cleanup included. */
  requests: number;
  /** The planned cost and the budget. */
  plan: { requests: number; maxRequests: number; intervalMs: number };
  /** Sessions of this run (or an interrupted one) that could not be deleted. */
  leftActive: string[];
  /** Sessions an interrupted earlier run had left, deleted first. */
  cleanedFromEarlierRun: number;
  durationMs: number;
}

const WORST: Verdict[] = ['violated', 'inconclusive', 'passed'];

/** The worst verdict among results (passed when there are none). */
export function worstVerdict(results: readonly { verdict: Verdict }[]): Verdict {
  return WORST.find((v) => results.some((r) => r.verdict === v)) ?? 'passed';
}

/** The step checks this run includes: opt-in ones only when deep, then as many as the budget allows. */
function plan(deep: boolean, maxRequests: number): { included: Set<StepCheck>; cost: number } {
  const included = new Set<StepCheck>();
  let cost = 0;
  for (const check of STEPS) {
    if (check.deep && !deep) continue;
    if (cost + check.cost > maxRequests) break;
    included.add(check);
    cost += check.cost;
  }
  return { included, cost };
}

export async function runLiveContract(options: LiveContractOptions): Promise<LiveContractReport> {
  const { baseUrl, agenticAvatarId, log = () => {}, deep = false, signal } = options;
  // The client's own gate: the base-URL rule is checked here, before anything is sent.
  const transport = createTransport({ apiKey: options.apiKey, baseUrl, fetch: options.fetch });
  const apiKey = options.apiKey.trim();
  const clock = options.clock ?? realClock;
  const started = clock.now();
  const rateLimit = options.rateLimit ?? FREE_TRIAL_RATE_LIMIT;
  const maxRequests = options.maxRequests ?? 50;
  const checker = new ContractChecker(options.contract ?? generatedContract, transport.redact);
  const journal = await Journal.open(options.journalDir, transport.baseUrl, apiKey, transport.redact);
  const pacer = new Pacer(rateLimit, clock);
  const exchanger = new Exchanger({
    transport,
    userAgent: `konpro-widget-sessions/${VERSION} (contract suite)`,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    checker,
    journal,
    pacer,
    clock,
    maxRequests,
    maxWaitMs: options.maxWaitMs ?? 600_000,
    rateLimitWaitMs: rateLimit.windowMs,
    signal,
    log,
  });
  const { included, cost } = plan(deep, maxRequests);
  log(
    `plan: ${cost} requests (budget ${maxRequests}), one every ${(pacer.intervalMs / 1000).toFixed(1)} s ` +
      `for ${rateLimit.requests} per ${rateLimit.windowMs / 1000} s: about ${seconds(cost * pacer.intervalMs)}`,
  );

  const record = (result: CheckResult) => checker.record(result);
  const deleteAll = async (ids: readonly string[], what: string) => {
    for (const id of ids) {
      log(`  cleanup: deleteWidgetSession ${id} (${what})`);
      const answer = await exchanger.send({ operationId: 'deleteWidgetSession', sessionId: id, essential: true });
      const gone = isExchange(answer) && ((answer.status >= 200 && answer.status < 300) || answer.status === 404);
      record({
        check: CLEANUP.name,
        operationId: 'deleteWidgetSession',
        verdict: gone ? 'passed' : isExchange(answer) ? 'violated' : 'inconclusive',
        message: `${what} ${id}: ${isExchange(answer) ? `delete answered ${answer.status}` : answer.unobserved}`,
      });
    }
  };

  const leftovers = [...journal.leftovers];
  if (leftovers.length > 0) await deleteAll(leftovers, 'left by an interrupted run');

  const fixtures = new Map<string, Fixture>();
  const exchanges = new Map<string, Exchange>();
  let stopped: LiveContractReport['stopped'];
  for (const check of STEPS) {
    if (check.deep && !deep) continue;
    const result = (verdict: Verdict, message: string, exchange?: Exchange, extra: Partial<CheckResult> = {}) =>
      record({
        check: check.name,
        verdict,
        message,
        ...(exchange && {
          operationId: exchange.operationId,
          status: exchange.status,
          ...(verdict === 'passed' ? {} : { requestId: exchange.requestId, reproduction: exchange.reproduction }),
        }),
        ...extra,
      });
    if (signal?.aborted && !stopped) stopped = { reason: 'interrupted', message: 'The run was interrupted.' };
    if (stopped) {
      result('inconclusive', `not run: ${stopped.message}`);
      continue;
    }
    if (!included.has(check)) {
      result('inconclusive', `not run: it needs ${check.cost} more requests than --max-requests ${maxRequests} allows`);
      continue;
    }
    log(`${check.name}`);
    const context: CheckContext = {
      avatar: agenticAvatarId,
      contract: checker.contract,
      clockSkewMs: options.clockSkewMs ?? 120_000,
      serverToleranceMs: options.serverToleranceMs ?? 5_000,
      fixtures,
      exchanges,
      send: (probe) => exchanger.send(probe),
      expect: (passed, message, exchange, extra) => result(passed ? 'passed' : 'violated', message, exchange, extra),
      inconclusive: (message, exchange) => void result('inconclusive', message, exchange),
      stop: (reason, message) => {
        stopped = { reason, message };
      },
      keepForCleanup: async (sessionId) => {
        if (!journal.ids().includes(sessionId)) await journal.add(sessionId, clock.now());
      },
      now: () => clock.now(),
      sleep: (ms) => clock.sleep(ms, signal),
      log,
    };
    try {
      await check.run(context);
    } catch (error) {
      if (!signal?.aborted) throw error;
      result('inconclusive', 'interrupted while it ran');
    }
  }

  await deleteAll(journal.ids(), 'created by this run');
  const leftActive = journal.ids();
  for (const operationId of checker.untestedOperations()) {
    if (!stopped)
      record({
        check: COVERAGE.name,
        operationId,
        verdict: 'violated',
        message: `${operationId} has no contract check`,
      });
  }
  if (!stopped && checker.untestedOperations().length === 0)
    record({ check: COVERAGE.name, verdict: 'passed', message: 'every operation of the spec was exercised' });

  const checks = summarise(checker.results);
  return {
    baseUrl,
    verdict: worstVerdict(checker.results),
    stopped,
    checks,
    results: checker.results,
    violations: checker.violations,
    coverage: checker.coverage(),
    requests: exchanger.requests,
    plan: { requests: cost, maxRequests, intervalMs: pacer.intervalMs },
    leftActive,
    cleanedFromEarlierRun: leftovers.length - leftovers.filter((id) => leftActive.includes(id)).length,
    durationMs: clock.now() - started,
  };
}

/** One summary per registered check, in registry order; a check with no result was skipped. */
function summarise(results: CheckResult[]): CheckSummary[] {
  return ALL_CHECKS.map(({ name, sentence, page }) => {
    const own = results.filter((r) => r.check === name);
    return { check: name, sentence, page, verdict: own.length === 0 ? 'skipped' : worstVerdict(own), results: own };
  });
}
