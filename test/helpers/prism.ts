/** The run's Prism mock (spawned by test/setup/prism.ts), once it answers. */
import { inject } from 'vitest';
import { answers } from '../../src/internal/start-prism.js';

/** Resolves with Prism's URL once it answers; throws after 30 s (the global setup logs why). */
export async function prismReady(): Promise<string> {
  const url = inject('prismUrl');
  const deadline = Date.now() + 30_000;
  while (!(await answers(url))) {
    if (Date.now() > deadline) throw new Error(`Prism did not answer on ${url} within 30 s (see its output above)`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return url;
}
