/**
 * What a run will send, decided before it sends anything (issue #22): the checks of its profile,
 * as many rotating probes as the profile's cap leaves room for (resuming where the last run of
 * this key stopped), and the cleanup deletes. The CLI prints it, docs/contract-testing.md quotes it, the daily
 * budget is judged by it.
 */
import { CLEANUP_DELETES, REQUEST_CAPS, RUN_ORDER } from './checks/index.js';
import { isProbeCheck, type ProbeCheck, type Profile, type RunCheck, type StepCheck } from './types.js';

/** One probe of a probe check, by its place in the rotation. */
export interface RotatingProbe {
  check: ProbeCheck;
  index: number;
  label: string;
}

/** Every probe of every probe check, in run order: the rotation. */
export const ROTATION: readonly RotatingProbe[] = RUN_ORDER.filter(isProbeCheck).flatMap((check) =>
  check.probes.map((probe, index) => ({ check, index, label: probe.label })),
);

export interface PlanOptions {
  profile: Profile;
  deep: boolean;
  /** Requests the run may send at most (`--max-requests`). */
  maxRequests: number;
  /** Where the rotation resumes (the journal keeps it per key). @default 0 */
  rotationStart?: number;
  /** Send every probe, not a rotation's share (`--all-probes`). @default false */
  allProbes?: boolean;
}

export interface RunPlan {
  profile: Profile;
  deep: boolean;
  /** The step checks this run makes. */
  steps: Set<StepCheck>;
  /** The steps of the profile that do not fit in `maxRequests` (inconclusive). */
  dropped: StepCheck[];
  /** The probes this run sends. */
  probes: RotatingProbe[];
  /** Where the next run's rotation starts. */
  nextRotation: number;
  /** Requests it sends against a compliant server: steps, probes and cleanup. */
  requests: number;
}

const costOf = (check: StepCheck, profile: Profile) => check.cost[profile];

export function planRun({ profile, deep, maxRequests, rotationStart = 0, allProbes = false }: PlanOptions): RunPlan {
  const wanted = RUN_ORDER.filter(
    (c): c is StepCheck => !isProbeCheck(c) && costOf(c, profile) !== undefined && (deep || !c.deep),
  );
  const cleanup = CLEANUP_DELETES[profile];
  const steps = new Set<StepCheck>();
  const dropped: StepCheck[] = [];
  let used = cleanup;
  for (const check of wanted) {
    const cost = costOf(check, profile)!;
    if (used + cost > maxRequests) dropped.push(check);
    else {
      steps.add(check);
      used += cost;
    }
  }
  const deepCost = [...steps].filter((c) => c.deep).reduce((sum, c) => sum + costOf(c, profile)!, 0);
  const cap = Math.min(maxRequests, allProbes ? Number.POSITIVE_INFINITY : REQUEST_CAPS[profile] + deepCost);
  const room = Math.max(0, Math.min(ROTATION.length, cap - used));
  const start = ((rotationStart % ROTATION.length) + ROTATION.length) % ROTATION.length;
  const probes = Array.from({ length: room }, (_, i) => ROTATION[(start + i) % ROTATION.length]!);
  return {
    profile,
    deep,
    steps,
    dropped,
    probes,
    nextRotation: (start + room) % ROTATION.length,
    requests: used + probes.length,
  };
}

/** The requests of a run with the defaults, for the help text and docs/contract-testing.md. */
export function plannedRequests(profile: Profile, deep = false, allProbes = false): number {
  return planRun({ profile, deep, allProbes, maxRequests: Number.POSITIVE_INFINITY }).requests;
}

/** What a check costs, in words: for the help text and the contract guide's table. */
export function describeCost(check: RunCheck): string {
  if (isProbeCheck(check)) return `${check.probes.length} probes, 1 request each, in rotation`;
  const { full, smoke } = check.cost;
  const profiles = smoke === undefined ? ' (full runs only)' : smoke === full ? '' : ` (${smoke} in --smoke)`;
  return `${full ?? 0}${profiles}${check.deep ? ` (opt-in: --deep; ${check.note})` : ''}`;
}

/** The run's request counts in one sentence, from the registry (the CLI's help and the contract guide quote it). */
export function describeRequestCounts(): string {
  const full = plannedRequests('full');
  const deep = plannedRequests('full', true);
  const smoke = plannedRequests('smoke');
  return (
    `A full run sends ${full} requests, cleanup included (${deep} with --deep), ` +
    `${planRun({ profile: 'full', deep: false, maxRequests: Number.POSITIVE_INFINITY }).probes.length} of them rotating probes ` +
    `(${ROTATION.length} in all, so successive runs send every one); a --smoke run sends ${smoke}.`
  );
}
