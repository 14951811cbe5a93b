/**
 * `npm run bench`: every performance figure of BENCHMARKS.md in one run, side by side, on this
 * machine, then BENCHMARKS.md rewritten from `template.ts`. Measures dist/ (run `npm run build`
 * first): what users install. `BENCH_ROUNDS` (default 15) sets the interleaved rounds.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { measureSize } from '../size.js';
import { coldStart } from './cold-start.js';
import { startEchoServer } from './harness.js';
import { memory } from './memory.js';
import { sequential } from './sequential.js';
import { renderBenchmarks } from './template.js';
import { testTime } from './test-time.js';
import { throughput } from './throughput.js';
import { variants } from './variants.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const rounds = Number(process.env.BENCH_ROUNDS ?? 15);
const log = (line: string) => console.log(line);

const server = await startEchoServer();
try {
  const all = await variants(server.url);
  log(`sequential create and get, ${rounds} rounds…`);
  const seq = await sequential(all, rounds);
  log('throughput at 1, 16, 128 and 1,024 in flight…');
  const load = await throughput(all, rounds);
  log('memory and GC…');
  const mem = await memory(all, server.url);
  log('cold import and first call…');
  const cold = await coldStart(server.url, rounds);
  log('bundle sizes…');
  const size = await measureSize();
  log('npm test wall time (3 runs)…');
  const tests = testTime(Number(process.env.BENCH_TEST_RUNS ?? 3));
  const markdown = renderBenchmarks({
    rounds,
    sequential: seq,
    throughput: load,
    memory: mem,
    coldStart: cold,
    size,
    tests,
  });
  writeFileSync(`${ROOT}BENCHMARKS.md`, markdown);
  log(markdown);
} finally {
  server.stop();
}
