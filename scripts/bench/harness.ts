/**
 * The benchmark harness: variants measured in interleaved rounds (each round runs every variant
 * once, in turn), so that a noisy neighbour slows all of them alike; results are medians, and
 * ratios are medians of per-round ratios to a baseline variant.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
export const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

/** One variant's figures in one round. */
export type Figures = Record<string, number>;

const gc = (globalThis as { gc?: () => void }).gc;

/**
 * Runs `measure` for every variant, round after round, interleaved. The order rotates every
 * round and a full GC runs before each measurement (with --expose-gc), so that no variant always
 * pays for the garbage the one before it left.
 */
export async function interleave<V>(
  variants: Record<string, V>,
  rounds: number,
  measure: (variant: V, name: string) => Promise<Figures>,
): Promise<Record<string, Figures[]>> {
  const entries = Object.entries(variants);
  const results: Record<string, Figures[]> = Object.fromEntries(entries.map(([name]) => [name, []]));
  for (const [name, variant] of entries) await measure(variant, name); // warm-up
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < entries.length; i++) {
      const [name, variant] = entries[(i + round) % entries.length]!;
      gc?.();
      results[name]!.push(await measure(variant, name));
    }
  }
  return results;
}

/** The median of a figure, and the median of its per-round ratio to `baseline`. */
export function summarise(results: Record<string, Figures[]>, figure: string, baseline: string) {
  const base = results[baseline]!;
  return Object.fromEntries(
    Object.entries(results).map(([name, rounds]) => [
      name,
      {
        value: median(rounds.map((r) => r[figure]!)),
        ratio: median(rounds.map((r, i) => r[figure]! / base[i]![figure]!)),
      },
    ]),
  );
}

/** Starts the echo server in its own process. */
export async function startEchoServer(): Promise<{ url: string; stop(): void }> {
  const script = fileURLToPath(new URL('./echo-server.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve) =>
    child.stdout.once('data', (d) => resolve(Number(String(d).trim()))),
  );
  return { url: `http://127.0.0.1:${port}`, stop: () => child.kill() };
}

export const fmt = (n: number, digits = 2) => n.toFixed(digits);
