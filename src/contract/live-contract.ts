/**
 * The contract run against a real server (KonPro, or a stand-in): the registry's checks in order,
 * every exchange judged by its observers, paced against the plan's rate limit, within a request
 * budget, a daily budget and a time limit (issues #12 and #22). It first deletes what an
 * interrupted run left behind, deletes everything it creates (also when interrupted or out of
 * time), and says what it could not check (`inconclusive`) apart from what the server got wrong
 * (`violated`).
 */
import { contract as generatedContract } from '../../generated/contract.js';
import { createTransport, DEFAULT_TIMEOUT_MS } from '../internal/gate/transport.js';
import type { FetchLike } from '../types.js';
import { VERSION } from '../version.js';
import { seconds } from './checks/fixtures.js';
import { ALL_CHECKS, CLEANUP, COVERAGE, RUN_ORDER } from './checks/index.js';
import { type Clock, realClock } from './clock.js';
import { ContractChecker } from './contract-checker.js';
import { Exchanger } from './exchange.js';
import { Journal, utcDay } from './journal.js';
import { FREE_TRIAL_RATE_LIMIT, Pacer, type RateLimit } from './pacing.js';
import { planRun, type RunPlan } from './plan.js';
import type { ContractLike } from './runtime-validators.js';
import {
  type CheckContext,
  type CheckResult,
  type Coverage,
  type Exchange,
  type Fixture,
  isExchange,
  isProbeCheck,
  type Profile,
  type RunCheck,
  type SessionRecord,
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
  /**
   * The plan's rate limit the run paces itself to.
   * @default 10 requests a minute (Free Trial); none against a loopback target (the mock, the fake)
   */
  rateLimit?: RateLimit;
  /** Requests the run may send, waits' re-sends included; cleanup is exempt. @default 50 */
  maxRequests?: number;
  /** `full` (every check, at most 20 requests) or `smoke` (at most 8, for pull requests). @default 'full' */
  profile?: Profile;
  /** Also run the opt-in checks (`deep`), which cost time or extra requests. @default false */
  deep?: boolean;
  /** Send every rotating probe this run, not the rotation's share. @default false */
  allProbes?: boolean;
  /**
   * Requests this key may spend on contract runs per UTC day (counted in the journal); a run that
   * would pass it does not start. @default none
   */
  dailyBudget?: number | undefined;
  /** The longest the whole run may take, cleanup included, in milliseconds. @default 900000 */
  timeLimitMs?: number;
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
  /** `skipped`: an opt-in check that was not asked for, or a probe check whose turn it was not. */
  verdict: Verdict | 'skipped';
  results: CheckResult[];
}

export interface LiveContractReport {
  baseUrl: string;
  /** The target's origin: what the coverage matrix files the run under. */
  target: string;
  verdict: Verdict;
  /** Why the run ended early, when it did. */
  stopped: { reason: StopReason; message: string } | undefined;
  checks: CheckSummary[];
  results: CheckResult[];
  violations: CheckResult[];
  coverage: Coverage;
  /** Requests sent, waits' re-sends and cleanup included. */
  requests: number;
  /** What the run planned: its profile, its requests, the probes of this turn of the rotation. */
  plan: {
    profile: Profile;
    requests: number;
    maxRequests: number;
    intervalMs: number;
    probes: string[];
    /** Probes of the rotation this run did not send (a later run will). */
    probesLeft: number;
  };
  /** Requests this key spent on contract runs today (UTC), this run included, and the budget. */
  daily: { day: string; spent: number; budget: number | undefined };
  /** Sessions of this run (or an interrupted one) that could not be deleted. */
  leftActive: string[];
  /** Sessions an interrupted earlier run had left, deleted first. */
  cleanedFromEarlierRun: number;
  durationMs: number;
}

const WORST: Verdict[] = ['violated', 'inconclusive', 'passed'];
/** Of the time limit, what is kept back for cleanup. */
const CLEANUP_RESERVE = 0.2;

/** The worst verdict among results (passed when there are none). */
export function worstVerdict(results: readonly { verdict: Verdict }[]): Verdict {
  return WORST.find((v) => results.some((r) => r.verdict === v)) ?? 'passed';
}

/** Loopback targets (the mock, the fake) have no plan to pace to. */
function isLoopback(baseUrl: string): boolean {
  const { hostname } = new URL(baseUrl);
  return hostname === 'localhost' || hostname === '[::1]' || /^127\./.test(hostname) || hostname.endsWith('.localhost');
}

const UNPACED: RateLimit = { requests: Number.POSITIVE_INFINITY, windowMs: 60_000 };

export async function runLiveContract(options: LiveContractOptions): Promise<LiveContractReport> {
  const { agenticAvatarId, log = () => {}, deep = false, signal, profile = 'full' } = options;
  // The client's own gate: the base-URL rule is checked here, before anything is sent.
  const transport = createTransport({ apiKey: options.apiKey, baseUrl: options.baseUrl, fetch: options.fetch });
  const { baseUrl } = transport;
  const target = new URL(baseUrl).origin;
  const apiKey = options.apiKey.trim();
  const clock = options.clock ?? realClock;
  const started = clock.now();
  const timeLimitMs = options.timeLimitMs ?? 900_000;
  const deadline = started + timeLimitMs * (1 - CLEANUP_RESERVE);
  const finalDeadline = started + timeLimitMs;
  const rateLimit = options.rateLimit ?? (isLoopback(baseUrl) ? UNPACED : FREE_TRIAL_RATE_LIMIT);
  const maxRequests = options.maxRequests ?? 50;
  const checker = new ContractChecker(options.contract ?? generatedContract, transport.redact);
  const journal = await Journal.open(options.journalDir, baseUrl, apiKey, transport.redact);
  const pacer = new Pacer(rateLimit, clock);
  const sessions = new Map<string, SessionRecord>();
  const creates: Exchange[] = [];
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
    rateLimitWaitMs: Number.isFinite(rateLimit.requests) ? rateLimit.windowMs : FREE_TRIAL_RATE_LIMIT.windowMs,
    deadline,
    finalDeadline,
    sessions,
    creates,
    signal,
    log,
  });
  const plan = planRun({
    profile,
    deep,
    maxRequests,
    rotationStart: journal.rotation,
    allProbes: options.allProbes ?? false,
  });
  const leftovers = [...journal.leftovers];
  const day = utcDay(clock.now());
  const spentBefore = journal.spentOn(clock.now());
  const report = (stopped: LiveContractReport['stopped'], leftActive: string[]): LiveContractReport => ({
    baseUrl,
    target,
    verdict: worstVerdict(checker.results),
    stopped,
    checks: summarise(checker.results),
    results: checker.results,
    violations: checker.violations,
    coverage: checker.coverage(),
    requests: exchanger.requests,
    plan: {
      profile,
      requests: plan.requests,
      maxRequests,
      intervalMs: pacer.intervalMs,
      probes: plan.probes.map((p) => `${p.check.name}: ${p.label}`),
      probesLeft: countLeft(plan),
    },
    daily: { day, spent: spentBefore + exchanger.requests, budget: options.dailyBudget },
    leftActive,
    cleanedFromEarlierRun: leftovers.length - leftovers.filter((id) => leftActive.includes(id)).length,
    durationMs: clock.now() - started,
  });

  // The daily budget is judged before anything is sent: a run that would pass it does not start.
  const budget = options.dailyBudget;
  if (budget !== undefined && spentBefore + plan.requests + leftovers.length > budget) {
    const midnight = Date.parse(`${day}T00:00:00Z`) + 86_400_000;
    const message =
      `Not run: this key has spent ${spentBefore} of its daily budget of ${budget} contract requests today (${day}, UTC), ` +
      `and this run needs ${plan.requests + leftovers.length}. It may run again after 00:00 UTC (in ${seconds(midnight - clock.now())}), ` +
      'or with a larger --daily-budget.';
    checker.record({ check: 'preflight', verdict: 'inconclusive', message });
    log(message);
    return report({ reason: 'daily budget', message }, journal.ids());
  }

  log(
    `plan: ${plan.requests} requests (${profile}${deep ? ', deep' : ''}; budget ${maxRequests}), ` +
      (Number.isFinite(rateLimit.requests)
        ? `one every ${(pacer.intervalMs / 1000).toFixed(1)} s for ${rateLimit.requests} per ${rateLimit.windowMs / 1000} s: about ${seconds(plan.requests * pacer.intervalMs)}`
        : 'unpaced (a loopback target)') +
      `; time limit ${seconds(timeLimitMs)}`,
  );
  if (plan.probes.length > 0)
    log(`probes this run: ${plan.probes.map((p) => `${p.check.name} (${p.label})`).join(', ')}`);

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

  if (leftovers.length > 0) await deleteAll(leftovers, 'left by an interrupted run');

  const fixtures = new Map<string, Fixture>();
  const exchanges = new Map<string, Exchange>();
  let stopped: LiveContractReport['stopped'];
  for (const check of RUN_ORDER) {
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
    const runs = runsOf(check, plan);
    if (runs === 'not in profile') continue;
    if (signal?.aborted && !stopped) stopped = { reason: 'interrupted', message: 'The run was interrupted.' };
    if (!stopped && clock.now() >= deadline)
      stopped = { reason: 'time limit', message: `The run's time limit (${seconds(timeLimitMs)}) was reached.` };
    if (stopped) {
      if (runs !== 'not this turn') result('inconclusive', `not run: ${stopped.message}`);
      continue;
    }
    if (runs === 'not this turn') continue;
    if (runs === 'dropped') {
      result(
        'inconclusive',
        `not run: it needs ${costText(check, profile)} more requests than --max-requests ${maxRequests} allows`,
      );
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
      sessions,
      creates,
      profile,
      timeLeftMs: () => deadline - clock.now(),
      send: (probe) => exchanger.send(probe),
      expect: (passed, message, exchange, extra) => result(passed ? 'passed' : 'violated', message, exchange, extra),
      inconclusive: (message, exchange) => void result('inconclusive', message, exchange),
      stop: (reason, message) => {
        stopped = { reason, message };
      },
      keepForCleanup: async (sessionId) => {
        if (!journal.ids().includes(sessionId)) await journal.add(sessionId, clock.now());
      },
      forget: (sessionId) => journal.remove(sessionId),
      now: () => clock.now(),
      sleep: (ms) => clock.sleep(Math.min(ms, Math.max(0, deadline - clock.now())), signal),
      log,
    };
    try {
      if (isProbeCheck(check)) for (const probe of runs as number[]) await check.probes[probe]!.run(context);
      else await check.run(context);
    } catch (error) {
      if (!signal?.aborted) throw error;
      result('inconclusive', 'interrupted while it ran');
    }
  }

  await deleteAll(journal.ids(), 'created by this run');
  if (!stopped || stopped.reason === 'time limit') await journal.setRotation(plan.nextRotation);
  await journal.spend(exchanger.requests, clock.now());
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
  return report(stopped, leftActive);
}

/** How the plan has a check run: its probes of this turn, the whole step, or why not. */
function runsOf(check: RunCheck, plan: RunPlan): number[] | 'step' | 'dropped' | 'not this turn' | 'not in profile' {
  if (isProbeCheck(check)) {
    const mine = plan.probes.filter((p) => p.check === check).map((p) => p.index);
    return mine.length > 0 ? mine : 'not this turn';
  }
  if (plan.steps.has(check)) return 'step';
  if (plan.dropped.includes(check)) return 'dropped';
  return 'not in profile';
}

const costText = (check: RunCheck, profile: Profile) => (isProbeCheck(check) ? 1 : (check.cost[profile] ?? 0));

/** Probes of the rotation this run did not send. */
function countLeft(plan: RunPlan): number {
  const total = RUN_ORDER.filter(isProbeCheck).reduce((sum, c) => sum + c.probes.length, 0);
  return total - new Set(plan.probes.map((p) => `${p.check.name}#${p.index}`)).size;
}

/** One summary per registered check, in registry order; a check with no result was skipped. */
function summarise(results: CheckResult[]): CheckSummary[] {
  return ALL_CHECKS.map(({ name, sentence, page }) => {
    const own = results.filter((r) => r.check === name);
    return { check: name, sentence, page, verdict: own.length === 0 ? 'skipped' : worstVerdict(own), results: own };
  });
}
