/**
 * `npm run bench`: every performance figure of BENCHMARKS.md in one run, side by side, on this
 * machine, then BENCHMARKS.md rewritten from `template.ts`. Measures dist/ (run `npm run build`
 * first): what users install. `BENCH_ROUNDS` (default 15) sets the interleaved rounds. The
 * figures are kept in reports/bench-results.json; `npm run bench -- --render` rewrites
 * BENCHMARKS.md from them without measuring again (after an edit of the template).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { measureSize } from '../size.js';
import { coldStart } from './cold-start.js';
import { startEchoServer } from './harness.js';
import { memory } from './memory.js';
import { sequential } from './sequential.js';
import { type BenchResults, renderBenchmarks, thisMachine } from './template.js';
import { testTime } from './test-time.js';
import { throughput } from './throughput.js';
import { variants } from './variants.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const rounds = Number(process.env.BENCH_ROUNDS ?? 15);
const log = (line: string) => console.log(line);

const RESULTS = `${ROOT}reports/bench-results.json`;

async function measure(): Promise<BenchResults> {
  const server = await startEchoServer();
  try {
    const all = await variants(server.url);
    log(`sequential create and get, ${rounds} rounds…`);
    const sequentialResults = await sequential(all, rounds);
    log('throughput at 1, 16, 128 and 1,024 in flight…');
    const load = await throughput(all, rounds);
    log('memory and GC…');
    const mem = await memory(all, server.url);
    log('cold import and first call…');
    const cold = await coldStart(server.url, rounds);
    log('bundle sizes…');
    const size = await measureSize();
    log('npm test wall time…');
    const tests = testTime(Number(process.env.BENCH_TEST_RUNS ?? 3));
    return {
      machine: thisMachine(),
      rounds,
      sequential: sequentialResults,
      throughput: load,
      memory: mem,
      coldStart: cold,
      size,
      tests,
    };
  } finally {
    server.stop();
  }
}

function lastResults(): BenchResults {
  if (!existsSync(RESULTS)) throw new Error(`--render needs ${RESULTS}, which a run of npm run bench writes`);
  return JSON.parse(readFileSync(RESULTS, 'utf8')) as BenchResults;
}

/** Measures, and keeps the figures for a later `--render`. */
async function measureAndKeep(): Promise<BenchResults> {
  const results = await measure();
  mkdirSync(`${ROOT}reports`, { recursive: true });
  writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
  return results;
}

const results = process.argv.includes('--render') ? lastResults() : await measureAndKeep();
const markdown = renderBenchmarks(results);
writeFileSync(`${ROOT}BENCHMARKS.md`, markdown);
log(markdown);
