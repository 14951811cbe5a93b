/**
 * Judges exchanges by the observer checks of the registry (status, content type and schema
 * conformance after Schemathesis' checks; no 5xx on a valid request), keeps every result, and
 * records which declared statuses each operation exercised. Every result is recorded here, and
 * only here, through the key's redactor: what a report can show has passed the gate.
 */
import type { Redactor } from '../internal/gate/redact.js';
import { OBSERVERS } from './checks/index.js';
import { type ContractLike, createContractValidators } from './runtime-validators.js';
import type { CheckResult, Conformance, Coverage, ObservedExchange, Verdict } from './types.js';

export class ContractChecker {
  readonly results: CheckResult[] = [];
  readonly #conformance: Conformance;
  readonly #seen = new Set<string>();
  readonly #redact: Redactor | undefined;

  constructor(contract: ContractLike, redact?: Redactor) {
    this.#conformance = { contract, validators: createContractValidators(contract) };
    this.#redact = redact;
  }

  get contract(): ContractLike {
    return this.#conformance.contract;
  }

  /** Failed checks so far. */
  get violations(): CheckResult[] {
    return this.results.filter((r) => r.verdict === 'violated');
  }

  /** Records one result and returns whether it passed. */
  record(result: CheckResult): boolean {
    this.results.push(this.#redact ? this.#redact.value(result) : result);
    return result.verdict === 'passed';
  }

  /** Applies every observer to one exchange; returns whether all passed. `extra` goes on violations. */
  checkExchange(exchange: ObservedExchange, extra: Partial<CheckResult> = {}): boolean {
    const { operationId, status } = exchange;
    if (String(status) in (this.contract.operations[operationId]?.responses ?? {}))
      this.#seen.add(`${operationId} ${status}`);
    let ok = true;
    for (const observer of OBSERVERS) {
      observer.observe(
        exchange,
        (passed, message, details = {}) => {
          const verdict: Verdict = passed ? 'passed' : 'violated';
          const more = passed ? details : { ...extra, ...details };
          ok = this.record({ check: observer.name, operationId, verdict, message, ...more }) && ok;
        },
        this.#conformance,
      );
    }
    return ok;
  }

  /** Which declared statuses of each operation were seen. */
  coverage(): Coverage {
    return Object.fromEntries(
      Object.entries(this.contract.operations).map(([operationId, op]) => [
        operationId,
        Object.fromEntries(
          Object.keys(op.responses).map((status) => [status, this.#seen.has(`${operationId} ${status}`)]),
        ),
      ]),
    );
  }

  /** Operations of the contract that no exchange exercised at all. */
  untestedOperations(): string[] {
    return Object.entries(this.coverage())
      .filter(([, statuses]) => !Object.values(statuses).some(Boolean))
      .map(([operationId]) => operationId);
  }
}
