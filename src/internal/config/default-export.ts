/**
 * The default export of a dependency whichever way it was loaded. Under NodeNext types and in
 * bundled CommonJS output (esbuild's node-mode interop), a default import of a CommonJS module can
 * be the module object `{ default: fn, … }` rather than `fn` itself; this unwraps it.
 */
export function defaultExport<T>(imported: T | { default: T }): T {
  const candidate = imported as { default?: T };
  return typeof imported === 'function' ? (imported as T) : (candidate.default ?? (imported as T));
}
