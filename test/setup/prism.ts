/** vitest global setup: one Prism mock for the whole run, on a free loopback port. */
import type { TestProject } from 'vitest/node';
import { SPEC_FILE } from '../../scripts/load-spec.js';
import { startPrism } from '../../src/internal/start-prism.js';

declare module 'vitest' {
  export interface ProvidedContext {
    prismUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const prism = await startPrism(SPEC_FILE, { seed: 'konpro-widget-sessions' });
  project.provide('prismUrl', prism.url);
  return prism.stop;
}
