/** Loads `spec-validators.ts` (and the generated validators) on first use; afterwards without an await. */
type SpecValidators = typeof import('./spec-validators.js');

let loaded: SpecValidators | undefined;
let loading: Promise<SpecValidators> | undefined;

export function loadSpecValidators(): SpecValidators | Promise<SpecValidators> {
  if (loaded) return loaded;
  loading ??= import('./spec-validators.js').then((module) => (loaded = module));
  return loading;
}

/** Whether the validators have loaded (without starting to load them). */
export const specValidatorsLoaded = (): boolean => loaded !== undefined;
