/** Turns validator errors into problems named by field path, for error messages people can act on. */
import type { ValidationProblem } from '../errors.js';

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
