/** Turns validator errors into problems named by field path, for error messages people can act on. */
import type { ValidationProblem } from '../../errors.js';
import type { ContractViolationProblem } from '../../types.js';

/** The error shape ajv validators (run-time or generated) report. */
export interface ValidatorError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

function valueAt(data: unknown, segments: string[]): unknown {
  return segments.reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], data);
}

/** What `required` and `additionalProperties` say of the property they name, which their path leaves out. */
const NAMED_PROPERTY: Record<string, { param: string; message: string }> = {
  required: { param: 'missingProperty', message: 'is required' },
  additionalProperties: { param: 'additionalProperty', message: 'is not a documented field' },
};

/** An error's field path as segments (its JSON pointer decoded, then the property it names), and what it says there. */
function locate(error: ValidatorError): { segments: string[]; message: string } {
  const segments = error.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
  const named = NAMED_PROPERTY[error.keyword];
  const property = named && error.params[named.param];
  if (typeof property === 'string' && property) return { segments: [...segments, property], message: named.message };
  return { segments, message: error.message ?? 'is invalid' };
}

function formatPath(prefix: string, segments: string[]): string {
  const path = segments.reduce((out, s) => (/^\d+$/.test(s) ? `${out}[${s}]` : out ? `${out}.${s}` : s), prefix);
  return path || '(root)';
}

/** Turns ajv errors into problems named by field path (`settings.max_duration`). */
export function toProblems(
  errors: ValidatorError[] | null | undefined,
  data: unknown,
  prefix = '',
): ValidationProblem[] {
  const seen = new Set<string>();
  const problems: ValidationProblem[] = [];
  for (const error of errors ?? []) {
    const { segments, message } = locate(error);
    const path = formatPath(prefix, segments);
    if (seen.has(`${path} ${message}`)) continue;
    seen.add(`${path} ${message}`);
    const value = error.keyword === 'required' ? undefined : valueAt(data, segments);
    problems.push(value === undefined ? { path, message } : { path, message, value });
  }
  return problems;
}

/** What each rule expects, from the spec's side of an ajv error (its params hold no value of the data). */
const EXPECTED: Record<string, (params: Record<string, unknown>) => string> = {
  required: () => 'present',
  type: (p) => `a ${String(p.type)}`,
  format: (p) => `format ${String(p.format)}`,
  enum: (p) => `one of ${JSON.stringify(p.allowedValues)}`,
  const: (p) => `exactly ${JSON.stringify(p.allowedValue)}`,
  pattern: (p) => `matching ${String(p.pattern)}`,
  additionalProperties: () => 'no field the spec does not declare',
  anyOf: () => 'one of the documented shapes',
  oneOf: () => 'exactly one of the documented shapes',
};

/**
 * Turns ajv errors into rule problems named by field path, without the offending values: one per
 * path, the first ajv reports (for an `anyOf`, its first branch's, before the `anyOf` itself).
 */
export function toRuleProblems(errors: ValidatorError[] | null | undefined): ContractViolationProblem[] {
  const seen = new Set<string>();
  const problems: ContractViolationProblem[] = [];
  for (const error of errors ?? []) {
    const path = formatPath('', locate(error).segments);
    const { limit } = error.params;
    const expected =
      EXPECTED[error.keyword]?.(error.params) ??
      (limit === undefined ? error.keyword : `${error.keyword} ${String(limit)}`);
    if (seen.has(path)) continue;
    seen.add(path);
    problems.push({ path, rule: error.keyword, expected });
  }
  return problems;
}
