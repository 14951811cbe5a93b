/**
 * The client's log (issue #15). Every line passes through the key's redactor.
 * - `warn`: what the caller cannot see in the result: a call that succeeded only after retries.
 * - `info`: each retry and its wait, and why an error was not retried (a `Retry-After` too long).
 * - `debug`: one line per attempt (operation, method, path, status, attempt, duration, request id).
 * Errors are thrown, not logged: the caller decides what an error is worth.
 */
import type { Logger, LogLevel } from '../../types.js';
import type { Redactor } from '../gate/redact.js';

export const LOG_LEVELS: readonly LogLevel[] = ['off', 'error', 'warn', 'info', 'debug'];

/** Logs at a level when the client's level lets it through. */
export interface ClientLog {
  readonly level: LogLevel;
  enabled(level: Exclude<LogLevel, 'off'>): boolean;
  write(level: Exclude<LogLevel, 'off'>, message: string): void;
}

export function createLog(level: LogLevel, logger: Logger, redact: Redactor): ClientLog {
  const rank = LOG_LEVELS.indexOf(level);
  return {
    level,
    enabled: (at) => LOG_LEVELS.indexOf(at) <= rank,
    write(at, message) {
      if (LOG_LEVELS.indexOf(at) <= rank) logger[at](`konpro: ${redact.text(message)}`);
    },
  };
}
