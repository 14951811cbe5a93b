/**
 * Memory over many calls (run with --expose-gc): garbage collections and their time over 10,000
 * calls against raw fetch, and the heap that stays after a full GC over 60,000 calls (the
 * client's sharing one AbortSignal), each measured in a fresh process of its own.
 */
import { execFile } from 'node:child_process';
import { PerformanceObserver } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { REPORT_MODE, type Variant } from './variants.js';

const HEAP_CHILD = fileURLToPath(new URL('./heap-child.ts', import.meta.url));

async function heapOf(url: string, name: string): Promise<Array<{ calls: number; mb: number }>> {
  const { stdout } = await promisify(execFile)(process.execPath, [
    '--expose-gc',
    '--import',
    'tsx',
    HEAP_CHILD,
    url,
    name,
  ]);
  return JSON.parse(stdout);
}

const gc = (globalThis as { gc?: () => void }).gc;

async function gcDuring(run: () => Promise<void>): Promise<{ count: number; ms: number }> {
  let count = 0;
  let ms = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      count++;
      ms += entry.duration;
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  await run();
  await new Promise((resolve) => setImmediate(resolve));
  observer.disconnect();
  return { count, ms };
}

export async function memory(variants: Record<string, Variant>, url: string) {
  if (!gc) throw new Error('run the benchmarks with node --expose-gc');
  const gcs: Record<string, { count: number; ms: number }> = {};
  for (const name of ['raw fetch', 'konpro client']) {
    const variant = variants[name]!;
    gc();
    gcs[name] = await gcDuring(async () => {
      for (let i = 0; i < 10_000; i++) await variant.create();
    });
  }
  const heap: Record<string, Array<{ calls: number; mb: number }>> = {};
  for (const name of ['raw fetch', 'konpro client', REPORT_MODE]) heap[name] = await heapOf(url, name);
  return { gcs, heap };
}
