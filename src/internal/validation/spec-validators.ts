/**
 * The client's checks, with validators compiled ahead of time from the spec by `npm run generate`
 * (generated/*-validators.js): nothing is compiled at run time. This module is loaded on first
 * use (`loadSpecValidators`), as a chunk of its own, so the main entry stays small (issue #14);
 * the response validators load only with `validateResponses`.
 */
import type { OperationId } from '../../../generated/operations.js';
import type { CompiledValidator } from '../../../generated/request-validators.js';
import { validators as requestValidators } from '../../../generated/request-validators.js';
import type { ValidationProblem } from '../../errors.js';
import type { ContractViolationProblem } from '../../types.js';
import { toProblems, toRuleProblems } from './problems.js';

let responseValidators: Promise<Record<string, CompiledValidator>> | undefined;
const loadResponseValidators = () =>
  (responseValidators ??= import('../../../generated/response-validators.js').then((m) => m.validators));

function check(validate: CompiledValidator | undefined, data: unknown, prefix = ''): ValidationProblem[] {
  if (!validate) return [];
  return validate(data) ? [] : toProblems(validate.errors, data, prefix);
}

/** Problems with an operation's request body (empty when valid). */
export function checkRequestBody(operationId: OperationId, body: unknown): ValidationProblem[] {
  return check(requestValidators[`${operationId}/requestBody`], body);
}

/** Problems with one path parameter (empty when valid). */
export function checkPathParameter(operationId: OperationId, name: string, value: unknown): ValidationProblem[] {
  return check(requestValidators[`${operationId}/path/${name}`], value, name);
}

/** Problems with a response body for `status`, or one problem when the status is not declared. */
export async function checkResponseBody(
  operationId: OperationId,
  status: number,
  body: unknown,
): Promise<ValidationProblem[]> {
  const validate = (await loadResponseValidators())[`${operationId}/${status}`];
  if (!validate)
    return [{ path: '(status)', message: `${status} is not a status ${operationId} declares`, value: status }];
  return check(validate, body);
}

/**
 * How a response breaks its schema, rule by rule and without values (for drift reports), or
 * `undefined` when the operation does not declare the status.
 */
export async function responseRuleProblems(
  operationId: OperationId,
  status: number,
  body: unknown,
): Promise<ContractViolationProblem[] | undefined> {
  const validate = (await loadResponseValidators())[`${operationId}/${status}`];
  if (!validate) return undefined;
  return validate(body) ? [] : toRuleProblems(validate.errors);
}
