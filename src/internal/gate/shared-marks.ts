/**
 * What one part of the package leaves on an object for another part to read (issue #20). The
 * keys are `Symbol.for` keys, so that they read the same across the package's builds (the token
 * handler may come from the CommonJS build and the client from ESM), and the properties are
 * non-enumerable, so that they never show in JSON or in a log.
 */
import type { Redactor } from './redact.js';

const KEY_FOUND_AT = Symbol.for('konpro-widget-sessions.key-found-at');
const INTERNALS = Symbol.for('konpro-widget-sessions.client-internals');

/** What the parts built on a client (the token handler) may read of it: no key, only what protects it. */
export interface ClientInternals {
  /** The client's key redactor (functions only: the key stays in their closure). */
  redact: Redactor;
  /** The client's own `validateResponses`. */
  validateResponses: boolean | 'report';
}

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

/** Leaves a client's internals on it, for the parts built on the client (the token handler). */
export function attachInternals<T extends object>(client: T, internals: ClientInternals): T {
  Object.defineProperty(client, INTERNALS, { value: Object.freeze({ ...internals }) });
  return client;
}

/** A client's internals, if the client is one of ours. */
export function internalsOf(client: unknown): ClientInternals | undefined {
  const internals = (client as { [INTERNALS]?: ClientInternals } | null)?.[INTERNALS];
  return typeof internals?.redact?.text === 'function' ? internals : undefined;
}
