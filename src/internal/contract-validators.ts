/**
 * Validators compiled from the spec's own schemas (generated/contract.ts), never a hand copy.
 * Each is compiled on first use and cached, so importing the client compiles nothing.
 */
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { contract } from '../../generated/contract.js';
import type { ValidationProblem } from '../errors.js';
import { createAjv } from './create-ajv.js';

/** The operation ids the spec declares. */
export type OperationId = keyof typeof contract.operations;

/** The shape of a run-time contract: generated/contract.ts, or one built from the YAML. */
export interface ContractLike {
  components: { schemas: Record<string, unknown> };
  operations: Record<string, { method: string; path: string; responses: Record<string, unknown> }>;
}

let contractIds = 0;

/** Validators for one contract. Each schema is compiled on first use and cached. */
export function createContractValidators(source: ContractLike) {
  const id = `https://konpro-widget-sessions.invalid/contract-${++contractIds}.json`;
  let ajv: ReturnType<typeof createAjv> | undefined;
  const compiled = new Map<string, ValidateFunction>();
  const check = (pointer: string, data: unknown, prefix = ''): ValidationProblem[] => {
    let validate = compiled.get(pointer);
    if (!validate) {
      if (!ajv) {
        ajv = createAjv();
        ajv.addSchema({ $id: id, ...source });
      }
      validate = ajv.compile({ $ref: `${id}#${pointer}` });
      compiled.set(pointer, validate);
    }
    return validate(data) ? [] : toProblems(validate.errors, data, prefix);
  };
  return {
    /** Problems with an operation's request body (empty when valid). */
    requestBody: (operationId: string, body: unknown) => check(`/operations/${operationId}/requestBody`, body),
    /** Problems with one path parameter (empty when valid). */
    pathParameter: (operationId: string, name: string, value: unknown) =>
      check(`/operations/${operationId}/pathParameters/${name}`, value, name),
    /** Problems with a response body for `status`, or one problem when the status is not declared. */
    responseBody(operationId: string, status: number, body: unknown): ValidationProblem[] {
      const declared = source.operations[operationId]?.responses ?? {};
      if (!(String(status) in declared)) {
        return [{ path: '(status)', message: `${status} is not a status ${operationId} declares`, value: status }];
      }
      return check(`/operations/${operationId}/responses/${status}`, body);
    },
  };
}

/** Validators of the generated contract, used by the client. */
export const specValidators = createContractValidators(contract);

function valueAt(data: unknown, segments: string[]): unknown {
  return segments.reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], data);
}

function formatPath(prefix: string, segments: string[]): string {
  const path = segments.reduce((out, s) => (/^\d+$/.test(s) ? `${out}[${s}]` : out ? `${out}.${s}` : s), prefix);
  return path || '(root)';
}

/** Turns ajv errors into problems named by field path (`settings.max_duration`). */
export function toProblems(errors: ErrorObject[] | null | undefined, data: unknown, prefix = ''): ValidationProblem[] {
  const seen = new Set<string>();
  const problems: ValidationProblem[] = [];
  for (const error of errors ?? []) {
    const segments = error.instancePath
      .split('/')
      .slice(1)
      .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
    let message = error.message ?? 'is invalid';
    const params = error.params as { missingProperty?: string; additionalProperty?: string };
    if (error.keyword === 'required' && params.missingProperty) {
      segments.push(params.missingProperty);
      message = 'is required';
    } else if (error.keyword === 'additionalProperties' && params.additionalProperty) {
      segments.push(params.additionalProperty);
      message = 'is not a documented field';
    }
    const path = formatPath(prefix, segments);
    if (seen.has(`${path} ${message}`)) continue;
    seen.add(`${path} ${message}`);
    const value = error.keyword === 'required' ? undefined : valueAt(data, segments);
    problems.push(value === undefined ? { path, message } : { path, message, value });
  }
  return problems;
}
