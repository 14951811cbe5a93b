/**
 * Validators compiled from the spec's own schemas (generated/contract.ts), never a hand copy.
 * Each is compiled on first use and cached, so importing the client compiles nothing.
 */
import type { ValidateFunction, ErrorObject } from 'ajv/dist/2020.js';
import { contract } from '../../generated/contract.js';
import type { ValidationProblem } from '../errors.js';
import { createAjv } from './create-ajv.js';

/** The operation ids the spec declares. */
export type OperationId = keyof typeof contract.operations;

const CONTRACT_ID = 'https://konpro-widget-sessions.invalid/contract.json';
let ajv: ReturnType<typeof createAjv> | undefined;
const compiled = new Map<string, ValidateFunction>();

function validatorFor(pointer: string): ValidateFunction {
  let validate = compiled.get(pointer);
  if (!validate) {
    if (!ajv) {
      ajv = createAjv();
      ajv.addSchema({ $id: CONTRACT_ID, ...contract });
    }
    validate = ajv.compile({ $ref: `${CONTRACT_ID}#${pointer}` });
    compiled.set(pointer, validate);
  }
  return validate;
}

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
    const segments = error.instancePath.split('/').slice(1).map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
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

function check(pointer: string, data: unknown, prefix = ''): ValidationProblem[] {
  const validate = validatorFor(pointer);
  return validate(data) ? [] : toProblems(validate.errors, data, prefix);
}

/** Problems with an operation's request body (empty when valid). */
export function checkRequestBody(operationId: OperationId, body: unknown): ValidationProblem[] {
  return check(`/operations/${operationId}/requestBody`, body);
}

/** Problems with one path parameter (empty when valid). */
export function checkPathParameter(operationId: OperationId, name: string, value: unknown): ValidationProblem[] {
  return check(`/operations/${operationId}/pathParameters/${name}`, value, name);
}

/** Problems with a response body for `status`, or one problem when the status is not declared. */
export function checkResponseBody(operationId: OperationId, status: number, body: unknown): ValidationProblem[] {
  const declared: Record<string, unknown> = contract.operations[operationId].responses;
  if (!(String(status) in declared)) {
    return [{ path: '(status)', message: `${status} is not a status ${operationId} declares`, value: status }];
  }
  return check(`/operations/${operationId}/responses/${status}`, body);
}
