/**
 * vitest global setup: one Prism mock for the whole run, on a free loopback port. It is spawned,
 * not awaited, so that the run starts meanwhile; the files that use it wait in `beforeAll` with
 * `prismReady()` (test/helpers/prism.ts).
 */
import type { TestProject } from 'vitest/node';
import { SPEC_FILE } from '../../scripts/load-spec.js';
import { spawnPrism } from '../../src/cli/start-prism.js';

declare module 'vitest' {
  export interface ProvidedContext {
    prismUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const prism = await spawnPrism(SPEC_FILE, { seed: 'konpro-widget-sessions' });
  let stopping = false;
  // A failure is reported by the files that wait for it, with Prism's output; a run shorter than
  // Prism's start stops it before it answers, which is no failure.
  prism.ready.catch((error: Error) => stopping || console.error(error.message));
  project.provide('prismUrl', prism.url);
  return () => {
    stopping = true;
    return prism.stop();
  };
}
