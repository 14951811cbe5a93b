/**
 * The one way options are checked (issue #24), for the client, the fake KonPro and the token
 * handler alike: a registry of checks, one per option, so the list of options has one home; a
 * mistake is a `KonproConfigError` naming the option, and a typo gets a suggestion.
 */
import { KonproConfigError } from '../../errors.js';
import { suggestion } from './suggest.js';

/** Checks one option's value; throws `KonproConfigError` naming `option` when it is wrong. */
export type Check = (value: unknown, option: string) => void;

export const fail = (option: string, problem: string): never => {
  throw new KonproConfigError(option, problem);
};

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const boolean: Check = (value, option) => {
  if (typeof value !== 'boolean') fail(option, `must be true or false (got ${typeof value})`);
};

export const fn: Check = (value, option) => {
  if (typeof value !== 'function') fail(option, `must be a function (got ${typeof value})`);
};

/** A number in `[min, max]` (a whole number unless `fractions`). */
export const range =
  (min: number, max: number, what: string, fractions = false): Check =>
  (value, option) => {
    if (typeof value !== 'number' || (!fractions && !Number.isInteger(value)) || !(value >= min && value <= max))
      fail(option, `must be ${what} from ${min} to ${max} (got ${String(value)})`);
  };

/** One of the values listed. */
export const oneOf =
  (...allowed: unknown[]): Check =>
  (value, option) => {
    if (!allowed.includes(value))
      fail(option, `must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')} (got ${JSON.stringify(value)})`);
  };

/** An object with these methods (a store, a logger, a limiter). */
export const withMethods =
  (...methods: string[]): Check =>
  (value, option) => {
    const missing = methods.filter((m) => typeof (value as Record<string, unknown> | null)?.[m] !== 'function');
    if (missing.length > 0) fail(option, `must have the methods ${methods.join(', ')}; it lacks ${missing.join(', ')}`);
  };

/**
 * Checks `options` against `registry`: an unknown name is refused with a suggestion, each given
 * value is checked, and each of `required` must be given.
 */
export function checkOptions(
  options: unknown,
  registry: Record<string, Check>,
  what: string,
  required: readonly string[] = [],
): void {
  if (options === undefined && required.length === 0) return;
  if (!isRecord(options)) fail(what, `must be an object (got ${options === null ? 'null' : typeof options})`);
  const given = options as Record<string, unknown>;
  for (const [name, value] of Object.entries(given)) {
    const check = registry[name];
    if (!check) fail(name, `is not an option of ${what}${suggestion(name, Object.keys(registry))}`);
    if (value !== undefined) check!(value, name);
  }
  for (const name of required) if (given[name] === undefined) fail(name, `is required by ${what}`);
}
