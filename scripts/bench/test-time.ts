/** `npm test`'s wall time, as a contributor waits for it (vitest run, its Prism mock included). */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { median } from './harness.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export function testTime(runs: number): { seconds: number; runs: number } {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const result = spawnSync('npx', ['vitest', 'run'], { cwd: ROOT, stdio: 'ignore' });
    if (result.status !== 0) throw new Error('npm test failed while being timed');
    times.push((performance.now() - start) / 1000);
  }
  return { seconds: median(times), runs };
}
