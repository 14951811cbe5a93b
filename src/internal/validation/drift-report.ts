/**
 * The drift alarm (issue #23): with `validateResponses: 'report'`, every answer the sampling picks
 * is judged against the spec (a declared status, a JSON 2xx, the schema of its body, the
 * documented error shape), and a drift is reported, never thrown: to `onContractViolation`, as a
 * `warn` line (one per operation and problem signature per minute, with a count), and in the
 * totals `konpro.contractViolations()` returns. A report names JSON paths, rules and what the spec
 * expects, never a value (values may be tokens) and never the key. Loaded only by clients in
 * report mode.
 */
import { contract } from '../../../generated/contract.js';
import type { OperationId } from '../../../generated/operations.js';
import type { CallSite } from '../../errors.js';
import type { ContractViolationProblem, ContractViolationReport, ContractViolationTotals } from '../../types.js';
import type { ClientLog } from '../config/log.js';
import type { WireResponse } from '../gate/wire.js';
import { responseRuleProblems } from './spec-validators.js';

export interface DriftSettings {
  onContractViolation?: ((report: ContractViolationReport) => unknown) | undefined;
  /** The share of answers judged, 0 to 1. */
  sampleRate: number;
}

/** The first answers of each operation are always judged, so that a deploy notices a drift at once. */
const ALWAYS_CHECKED = 10;
/** One warn line per operation and signature per this interval; the others are counted into the next. */
const LOG_INTERVAL_MS = 60_000;
const JSON_TYPE = /^application\/json\s*(;|$)/i;
/** Distinct signatures kept apart; past it (a server inventing field names) they are counted as one. */
const MAX_SIGNATURES = 500;
const DOCUMENTED_CODES: readonly string[] = contract.components.schemas.DocumentedErrorCode.enum;

export interface DriftReporter {
  /** Judges one answer (when sampled) and reports what drifts. Never throws. */
  inspect(site: CallSite, wire: WireResponse, requestId: string | undefined): Promise<void>;
  totals(): ContractViolationTotals;
}

export function createDriftReporter(settings: DriftSettings, log: ClientLog, now = Date.now): DriftReporter {
  const seen = new Map<string, number>();
  const counts = new Map<string, { operationId: string; signature: string; count: number }>();
  const logged = new Map<string, { at: number; since: number }>();
  let checked = 0;
  let skipped = 0;

  const problemsOf = async (operationId: OperationId, wire: WireResponse): Promise<ContractViolationProblem[]> => {
    const declared = Object.keys(contract.operations[operationId].responses);
    const body = 'json' in wire.parsed ? wire.parsed.json : undefined;
    const rules = await responseRuleProblems(operationId, wire.status, body);
    if (rules === undefined)
      return [{ path: '(status)', rule: 'declared status', expected: `one of ${declared.join(', ')}` }];
    const problems: ContractViolationProblem[] = [];
    if (!JSON_TYPE.test(wire.headers.get('content-type') ?? ''))
      problems.push({ path: '(content-type)', rule: 'media type', expected: 'application/json' });
    if ('problem' in wire.parsed)
      problems.push({ path: '(root)', rule: 'json', expected: `a JSON body (it ${wire.parsed.problem})` });
    else problems.push(...rules);
    return problems;
  };

  const warn = (report: ContractViolationReport, signature: string) => {
    const key = `${report.operationId} ${signature}`;
    const last = logged.get(key);
    if (last && now() - last.at < LOG_INTERVAL_MS) {
      last.since++;
      return;
    }
    const more = last?.since ? ` (and ${last.since} more like it since the last line)` : '';
    logged.set(key, { at: now(), since: 0 });
    const what = report.problems.map((p) => `${p.path} ${p.rule} (expected ${p.expected})`).join('; ');
    log.write(
      'warn',
      `${report.operationId} ${report.method} ${report.path} answered ${report.status} off the contract: ${what}${report.requestId ? ` (request_id ${report.requestId})` : ''}${more}`,
    );
  };

  const hook = (report: ContractViolationReport) => {
    const failed = (error: unknown) =>
      log.write('warn', `onContractViolation threw: ${error instanceof Error ? error.message : String(error)}`);
    try {
      const result = settings.onContractViolation?.(report) as Promise<unknown> | undefined;
      if (typeof result?.then === 'function') result.then(undefined, failed);
    } catch (error) {
      failed(error);
    }
  };

  return {
    async inspect(site, wire, requestId) {
      const operationId = site.operation as OperationId;
      if (!(operationId in contract.operations)) return;
      const n = (seen.get(operationId) ?? 0) + 1;
      seen.set(operationId, n);
      if (n > ALWAYS_CHECKED && Math.random() >= settings.sampleRate) {
        skipped++;
        return;
      }
      checked++;
      try {
        const problems = await problemsOf(operationId, wire);
        const code = (wire.parsed as { json?: { error?: { code?: unknown } } }).json?.error?.code;
        if (wire.status >= 400 && typeof code === 'string' && !DOCUMENTED_CODES.includes(code))
          log.write(
            'info',
            `${site.operation} answered ${wire.status} with an undocumented error code ${code} (the set is open)`,
          );
        if (problems.length === 0) return;
        const report: ContractViolationReport = {
          operationId,
          method: site.method,
          path: site.path,
          status: wire.status,
          requestId,
          problems,
        };
        const described = `${wire.status} ${problems.map((p) => `${p.path} ${p.rule}`).join(', ')}`;
        const tooMany = counts.size >= MAX_SIGNATURES && !counts.has(`${operationId} ${described}`);
        const signature = tooMany ? `${wire.status} (other signatures)` : described;
        const total = counts.get(`${operationId} ${signature}`) ?? { operationId, signature, count: 0 };
        total.count++;
        counts.set(`${operationId} ${signature}`, total);
        warn(report, signature);
        hook(report);
      } catch (error) {
        log.write(
          'warn',
          `the drift report of ${site.operation} failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    },
    totals: () => ({ checked, skipped, violations: [...counts.values()].map((v) => ({ ...v })) }),
  };
}
