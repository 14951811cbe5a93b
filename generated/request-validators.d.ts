// Generated from openapi/konpro.yaml by `npm run generate`. Do not edit.
/** A compiled ajv validator: true when valid, else `errors` says why. */
export interface CompiledValidator {
  (data: unknown): boolean;
  errors?: Array<{ instancePath: string; keyword: string; params: Record<string, unknown>; message?: string }> | null;
}
/** Validators keyed `operationId/requestBody`, `operationId/path/name` or `operationId/status`. */
export declare const validators: Record<string, CompiledValidator>;
