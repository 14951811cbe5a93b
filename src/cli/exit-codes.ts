/** Exit codes scripts can rely on, and the one place that maps an error to its code. */
import {
  KonproApiError,
  KonproConfigError,
  KonproConnectionError,
  KonproResponseValidationError,
  KonproValidationError,
} from '../errors.js';

export const EXIT = { ok: 0, unexpected: 1, usage: 2, api: 3, network: 4, inconclusive: 5, interrupted: 130 } as const;

/** A mistake in how the command was called: an unknown option, a missing value, a bad flag value. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Error classes → exit codes, most specific first; anything else is `unexpected`. */
const EXIT_CODES: Array<[abstract new (...args: never[]) => Error, number]> = [
  [UsageError, EXIT.usage],
  [KonproValidationError, EXIT.usage],
  [KonproConfigError, EXIT.usage],
  [KonproApiError, EXIT.api],
  [KonproResponseValidationError, EXIT.api],
  [KonproConnectionError, EXIT.network],
];

/** The exit code for an error. */
export function exitCodeFor(error: unknown): number {
  return EXIT_CODES.find(([ErrorClass]) => error instanceof ErrorClass)?.[1] ?? EXIT.unexpected;
}
