/**
 * Validators compiled at run time from a contract (the spec's schemas), for the contract checker,
 * which checks against openapi/konpro.yaml itself. The client uses the ahead-of-time ones.
 */
import type { ValidateFunction } from 'ajv/dist/2020.js';
import type { ValidationProblem } from '../errors.js';
import { toProblems } from '../internal/validation/problems.js';
import { createAjv } from './create-ajv.js';

/** The shape of a run-time contract: generated/contract.ts, or one built from the YAML. */
export interface ContractLike {
  components: { schemas: Record<string, unknown> };
  operations: Record<string, { method: string; path: string; responses: Record<string, unknown> }>;
}

let contractIds = 0;

/** Validators for one contract (see `createContractValidators`). */
export type ContractValidators = ReturnType<typeof createContractValidators>;

/** Validators for one contract. Each schema is compiled on first use and cached. */
export function createContractValidators(source: ContractLike) {
  const id = `https://konpro-widget-sessions.invalid/contract-${++contractIds}.json`;
  let ajv: ReturnType<typeof createAjv> | undefined;
  const compiled = new Map<string, ValidateFunction>();
  const check = (pointer: string, data: unknown): ValidationProblem[] => {
    let validate = compiled.get(pointer);
    if (!validate) {
      if (!ajv) {
        ajv = createAjv();
        ajv.addSchema({ $id: id, ...source });
      }
      validate = ajv.compile({ $ref: `${id}#${pointer}` });
      compiled.set(pointer, validate);
    }
    return validate(data) ? [] : toProblems(validate.errors, data);
  };
  return {
    /** Problems with an operation's request body (empty when valid). */
    requestBody: (operationId: string, body: unknown) => check(`/operations/${operationId}/requestBody`, body),
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
