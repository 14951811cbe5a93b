/**
 * What one part of the package leaves on an object for another part to read (issue #20). The
 * keys are `Symbol.for` keys, so that they read the same across the package's builds (the token
 * handler may come from the CommonJS build and the client from ESM), and the properties are
 * non-enumerable, so that they never show in JSON or in a log.
 */
import type { Redactor } from './redact.js';

const KEY_FOUND_AT = Symbol.for('konpro-widget-sessions.key-found-at');
const REDACTOR = Symbol.for('konpro-widget-sessions.redactor');

/** Marks data (already cleaned of the key) with the places the server had put the key. */
export function markKeyFound<T extends object>(data: T, paths: readonly string[]): T {
  Object.defineProperty(data, KEY_FOUND_AT, { value: [...paths] });
  return data;
}

/** Where the key was in the answer this data came from; empty when it was nowhere. */
export function keyFoundIn(data: unknown): readonly string[] {
  const paths = (data as { [KEY_FOUND_AT]?: unknown } | null)?.[KEY_FOUND_AT];
  return Array.isArray(paths) ? paths : [];
}

/** Gives a client its key's redactor, for the parts built on the client (the token handler). */
export function attachRedactor<T extends object>(client: T, redact: Redactor): T {
  Object.defineProperty(client, REDACTOR, { value: redact });
  return client;
}

/** The redactor of a client's key, if the client is one of ours. */
export function redactorOf(client: unknown): Redactor | undefined {
  const redact = (client as { [REDACTOR]?: Redactor } | null)?.[REDACTOR];
  return typeof redact?.text === 'function' ? redact : undefined;
}
