/** The vocabulary of the contract suite: checks, their verdicts, and the exchanges they judge. */
import type { ParsedBody } from '../internal/gate/json-body.js';
import type { KeyMode } from '../internal/gate/transport.js';
import type { CreatedWidgetSession } from '../types.js';
import type { ContractLike, ContractValidators } from './runtime-validators.js';

export type { KeyMode };

/**
 * - `passed`: the server did what the docs say;
 * - `violated`: it did not (a contract drift: exit code 3);
 * - `inconclusive`: the check could not be made (rate-limited, unavailable, budget spent, an
 *   earlier step failed); it says why, and is never counted as a violation.
 */
export type Verdict = 'passed' | 'violated' | 'inconclusive';

/** One outcome of one check. */
export interface CheckResult {
  /** The check's name, as in the registry. */
  check: string;
  verdict: Verdict;
  message: string;
  operationId?: string | undefined;
  status?: number | undefined;
  /** JSON path of the offending value, for schema conformance. */
  path?: string | undefined;
  value?: unknown;
  /** KonPro's request id of the exchange, to quote to support. */
  requestId?: string | undefined;
  /** A curl command that repeats the exchange (the key written as `$KONPRO_API_KEY`). */
  reproduction?: string | undefined;
}

/** Operation × declared status → exercised. */
export type Coverage = Record<string, Record<string, boolean>>;

/** What the conformance observers need of an exchange. */
export interface ObservedExchange {
  operationId: string;
  status: number;
  contentType: string | null;
  /** The body as text, without the key (the transport removed it). */
  bodyText: string;
  /** The body parsed once, as JSON, or why it is not. */
  parsed: ParsedBody;
  /** Where the server had put the key, before the transport removed it (JSON paths, headers, …). */
  keyFoundAt: readonly string[];
  /** Whether the request was valid by the docs (a 5xx on a valid request is a violation). */
  intent?: 'valid' | 'invalid' | undefined;
}

/** One request a check wants sent. */
export interface Probe {
  operationId: string;
  /** The session id of the path, for get and delete. */
  sessionId?: string;
  /** The JSON body (a string is sent as is). */
  body?: unknown;
  /** @default 'valid' */
  key?: KeyMode;
  /** @default 'valid' */
  intent?: 'valid' | 'invalid';
  /** Sent even when the budget is spent or the run was interrupted (cleanup). */
  essential?: boolean;
}

/** One request and its final response, as seen on the wire. */
export interface Exchange extends ObservedExchange {
  method: string;
  path: string;
  key: KeyMode;
  requestBody: string | undefined;
  headers: Headers;
  /** The body parsed as JSON, or undefined. */
  json: unknown;
  requestId: string | undefined;
  /** When the request was sent and the answer read (the run's clock, epoch ms). */
  sentAt: number;
  receivedAt: number;
  reproduction: string;
}

/** No usable answer: why, and the last exchange if there was one (a 429 after every wait). */
export interface Unobserved {
  unobserved: string;
  exchange?: Exchange | undefined;
}

export const isExchange = (value: Exchange | Unobserved): value is Exchange => !('unobserved' in value);

/** A session the run created, kept for the checks that build on it. */
export interface Fixture {
  /** The create exchange. */
  exchange: Exchange;
  /** The body that was sent. */
  params: { agentic_avatar_id: string; settings: Record<string, unknown> };
  /** What the create answered, as the spec types it. */
  session: CreatedWidgetSession;
}

/** Why a run ended before its last check (or, for the daily budget, before its first). */
export type StopReason = 'key rejected' | 'unreachable' | 'interrupted' | 'time limit' | 'daily budget';

/** Which checks a run makes: `full` (every check), or `smoke` (at most 8 requests, for pull requests). */
export type Profile = 'full' | 'smoke';

/** What the run learnt of one session it created, from every answer about it (issue #22). */
export interface SessionRecord {
  /** The create exchange. */
  create: Exchange;
  /** Every 2xx read of it, in order. */
  reads: Exchange[];
}

/** What a step check can do. */
export interface CheckContext {
  readonly avatar: string;
  readonly contract: ContractLike;
  /** Allowed difference between this machine's clock and the server's. */
  readonly clockSkewMs: number;
  /** Allowed difference between two times in the server's own answers (rounding, processing). */
  readonly serverToleranceMs: number;
  /** Sessions created by earlier checks, by name (`documented`, `minimal`, …). */
  readonly fixtures: Map<string, Fixture>;
  /** Exchanges later checks build on, by name (`preflight`, …). */
  readonly exchanges: Map<string, Exchange>;
  /** Every session the run created, with every read of it, by session id, in creation order. */
  readonly sessions: ReadonlyMap<string, SessionRecord>;
  /** Every successful create of the run, in order (repeated ids included). */
  readonly creates: readonly Exchange[];
  /** The run's profile. */
  readonly profile: Profile;
  /** Milliseconds left before the run's time limit (its cleanup reserve aside). */
  timeLeftMs(): number;
  /** Journals a session for cleanup again (one that should have ended but reads as active). */
  keepForCleanup(sessionId: string): Promise<void>;
  /** Takes a session off the cleanup list (one that has ended by itself). */
  forget(sessionId: string): Promise<void>;
  /** Ends the run after this check: nothing else can be checked (a rejected key, no server). */
  stop(reason: StopReason, message: string): void;
  /** Sends one probe, paced and within the budget, waiting out 429 and 503 outside any timeout. */
  send(probe: Probe): Promise<Exchange | Unobserved>;
  /** Records a verdict of this check; returns `passed`. */
  expect(passed: boolean, message: string, exchange?: Exchange, extra?: Partial<CheckResult>): boolean;
  /** Records that this check could not be made, and why. */
  inconclusive(message: string, exchange?: Exchange): void;
  now(): number;
  sleep(ms: number): Promise<void>;
  log(line: string): void;
}

/** What every check, and every report row, says about itself. */
export interface CheckInfo {
  /** Short and unique; the name in every report. */
  name: string;
  /** The sentence of KonPro's docs the check enforces, quoted or closely restated. */
  sentence: string;
  /** Where in the docs. */
  page: string;
}

/** A check that runs as a step of its own. */
export interface StepCheck extends CheckInfo {
  /** The requests it sends in each profile that runs it; a profile it lacks skips it. */
  cost: Partial<Record<Profile, number>>;
  /** Opt-in (`--deep`): it costs time or extra requests. */
  deep?: boolean;
  /** What else it costs, for the help and the contract guide (`waits about 10 s`). */
  note?: string;
  run(context: CheckContext): Promise<void>;
}

/** Records one verdict of an observer. */
export type RecordVerdict = (passed: boolean, message: string, extra?: Partial<CheckResult>) => void;

/** What observers judge an exchange by. */
export interface Conformance {
  contract: ContractLike;
  validators: ContractValidators;
}

/** A check applied to every exchange of the run (cost 0). */
export interface ObserverCheck extends CheckInfo {
  observe(exchange: ObservedExchange, record: RecordVerdict, conformance: Conformance): void;
}

/**
 * A check made of probes that each need a request of their own (wrong inputs, a missing key). A
 * run sends the ones the rotation picks, and the journal remembers where it stopped, so that a week
 * of nightly runs sends every probe (issue #22).
 */
export interface ProbeCheck extends CheckInfo {
  probes: ReadonlyArray<{ label: string; run(context: CheckContext): Promise<void> }>;
}

/** A check the run makes in order: a step, or a set of rotating probes. */
export type RunCheck = StepCheck | ProbeCheck;

export const isProbeCheck = (check: RunCheck): check is ProbeCheck => 'probes' in check;

export type ContractCheck = RunCheck | ObserverCheck;

export const isObserver = (check: ContractCheck): check is ObserverCheck => 'observe' in check;
