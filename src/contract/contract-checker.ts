/**
 * Checks observed responses against the contract (status, content type and schema conformance,
 * after Schemathesis' checks) and records which declared statuses each operation exercised.
 */
import { type ContractLike, createContractValidators } from './runtime-validators.js';

/** The checks a contract run performs; README "Contract testing" says what each means. */
export type CheckName =
  | 'preflight'
  | 'status conformance'
  | 'content-type conformance'
  | 'schema conformance'
  | 'not a server error'
  | 'positive data accepted'
  | 'negative data rejected'
  | 'auth enforced'
  | 'resource availability'
  | 'use after delete'
  | 'token shape'
  | 'cleanup'
  | 'coverage';

/** One check's outcome. A failed one is a contract violation. */
export interface CheckResult {
  check: CheckName;
  operationId: string;
  passed: boolean;
  message: string;
  status?: number;
  /** JSON path of the offending value, for schema conformance. */
  path?: string;
  value?: unknown;
}

/** One request and its response, as seen on the wire. */
export interface Exchange {
  operationId: string;
  status: number;
  contentType: string | null;
  bodyText: string;
}

/** Operation × declared status → exercised. */
export type Coverage = Record<string, Record<string, boolean>>;

export class ContractChecker {
  readonly results: CheckResult[] = [];
  readonly #contract: ContractLike;
  readonly #validators: ReturnType<typeof createContractValidators>;
  readonly #seen = new Set<string>();

  constructor(contract: ContractLike) {
    this.#contract = contract;
    this.#validators = createContractValidators(contract);
  }

  /** Failed checks so far. */
  get violations(): CheckResult[] {
    return this.results.filter((r) => !r.passed);
  }

  /** Records one check's outcome and returns whether it passed. */
  record(result: CheckResult): boolean {
    this.results.push(result);
    return result.passed;
  }

  /** Shorthand for `record` when a condition decides. */
  expect(
    check: CheckName,
    operationId: string,
    passed: boolean,
    message: string,
    extra: Partial<CheckResult> = {},
  ): boolean {
    return this.record({ check, operationId, passed, message, ...extra });
  }

  /** The operation a method and URL path address, by the contract's path templates. */
  operationFor(method: string, pathname: string): string | undefined {
    for (const [operationId, op] of Object.entries(this.#contract.operations)) {
      const pattern = new RegExp(`^${op.path.replace(/\{[^}]+\}/g, '[^/]+')}$`);
      if (op.method === method.toUpperCase() && pattern.test(pathname)) return operationId;
    }
    return undefined;
  }

  /** Status, content-type and schema conformance of one exchange. */
  checkExchange({ operationId, status, contentType, bodyText }: Exchange): boolean {
    const declared = this.#contract.operations[operationId]?.responses ?? {};
    const base = { operationId, status };
    if (
      !this.expect(
        'status conformance',
        operationId,
        String(status) in declared,
        `${operationId} answered ${status}`,
        base,
      )
    ) {
      return false;
    }
    this.#seen.add(`${operationId} ${status}`);
    const json = /^application\/json\s*(;|$)/i.test(contentType ?? '');
    let ok = this.expect(
      'content-type conformance',
      operationId,
      json,
      `${operationId} ${status} content-type is ${contentType ?? 'missing'}`,
      base,
    );
    let body: unknown;
    try {
      body = JSON.parse(bodyText);
    } catch {
      const start = bodyText.slice(0, 120);
      return (
        this.expect('schema conformance', operationId, false, `${operationId} ${status} body is not JSON`, {
          ...base,
          path: '$',
          value: start,
        }) && ok
      );
    }
    const problems = this.#validators.responseBody(operationId, status, body);
    for (const p of problems) {
      const path = p.path === '(root)' ? '$' : `$.${p.path}`;
      ok = this.expect('schema conformance', operationId, false, `${operationId} ${status} ${path} ${p.message}`, {
        ...base,
        path,
        value: p.value,
      });
    }
    if (problems.length === 0)
      this.expect('schema conformance', operationId, true, `${operationId} ${status} body matches the schema`, base);
    return ok && problems.length === 0;
  }

  /** Which declared statuses of each operation were seen. */
  coverage(): Coverage {
    return Object.fromEntries(
      Object.entries(this.#contract.operations).map(([operationId, op]) => [
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
