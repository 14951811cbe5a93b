/** `npm test`'s wall time, as a contributor waits for it (vitest run, its Prism mock included). */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { median } from './harness.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The median wall time of `runs` passing runs; a failing run is reported, not timed (the rest still count). */
export function testTime(runs: number): { seconds: number; runs: number; failures: string[] } {
  const times: number[] = [];
  const failures: string[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const result = spawnSync('npx', ['vitest', 'run'], {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    });
    if (result.status !== 0) {
      const plain = `${result.stdout}${result.stderr}`;
      failures.push(
        ...plain
          .split('\n')
          .filter((line) => /^\s*(FAIL|×)/.test(line))
          .map((line) => line.trim()),
      );
      continue;
    }
    times.push((performance.now() - start) / 1000);
  }
  return { seconds: times.length > 0 ? median(times) : Number.NaN, runs: times.length, failures };
}
