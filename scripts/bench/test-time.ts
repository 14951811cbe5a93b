/**
 * `npm test`'s wall time, as a contributor waits for it (vitest run, its Prism mock included),
 * and the CPU time of all its processes: on a machine of `cores` cores, CPU / cores is the
 * shortest wall time the suite could take, however it is scheduled.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { median } from './harness.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface TestTime {
  /** Median wall time of the passing runs. */
  seconds: number;
  /** Median CPU time (user + system) of the passing runs, every process of the run included. */
  cpuSeconds: number;
  runs: number;
  failures: string[];
}

/**
 * CPU seconds used by this process's finished children and their waited-for descendants
 * (`cutime` + `cstime` of /proc/self/stat, in clock ticks of 1/100 s); NaN off Linux.
 */
function childrenCpuSeconds(): number {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
    // Fields 16 and 17 of the file; the split starts at field 3.
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return Number.NaN;
  }
}

/** The medians of `runs` passing runs; a failing run is reported, not timed (the rest still count). */
export function testTime(runs: number): TestTime {
  const times: number[] = [];
  const cpu: number[] = [];
  const failures: string[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const cpuBefore = childrenCpuSeconds();
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
    cpu.push(childrenCpuSeconds() - cpuBefore);
  }
  const medianOrNaN = (values: number[]) => (values.length > 0 ? median(values) : Number.NaN);
  return { seconds: medianOrNaN(times), cpuSeconds: medianOrNaN(cpu), runs: times.length, failures };
}
