/** The run's Prism mock (spawned by test/setup/prism.ts), once it answers. */
import { inject } from 'vitest';
import { untilAnswering } from '../../src/cli/start-prism.js';

/** Resolves with Prism's URL once it answers; throws after 30 s (the global setup logs why). */
export async function prismReady(): Promise<string> {
  const url = inject('prismUrl');
  await untilAnswering(url);
  return url;
}
