/**
 * Many calls in flight at once, as a busy token endpoint makes them: calls per second, p50 and p99
 * latency, and CPU per call (this process only; the server runs in its own), per variant.
 */
import { type Figures, interleave, median, percentile } from './harness.js';
import type { Variant } from './variants.js';

export const IN_FLIGHT = [1, 16, 128, 1024] as const;

async function measure(variant: Variant, inFlight: number): Promise<Figures> {
  const total = Math.max(300, inFlight * 4);
  const latencies: number[] = [];
  let next = 0;
  const cpu = process.cpuUsage();
  const start = performance.now();
  const worker = async () => {
    while (next < total) {
      next++;
      const t = performance.now();
      await variant.create();
      latencies.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  latencies.sort((a, b) => a - b);
  return {
    perSecond: (total / ms) * 1000,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    cpuUs: (used.user + used.system) / total,
  };
}

/** Per level of concurrency, each figure's median and its median ratio to raw fetch. */
export async function throughput(variants: Record<string, Variant>, rounds: number) {
  const levels: Record<number, Record<string, Record<string, { value: number; ratio: number }>>> = {};
  for (const inFlight of IN_FLIGHT) {
    const results = await interleave(variants, rounds, (variant) => measure(variant, inFlight));
    const base = results['raw fetch']!;
    levels[inFlight] = Object.fromEntries(
      Object.entries(results).map(([name, perRound]) => [
        name,
        Object.fromEntries(
          ['perSecond', 'p50', 'p99', 'cpuUs'].map((figure) => [
            figure,
            {
              value: median(perRound.map((r) => r[figure]!)),
              ratio: median(perRound.map((r, i) => r[figure]! / base[i]![figure]!)),
            },
          ]),
        ),
      ]),
    );
  }
  return levels;
}
