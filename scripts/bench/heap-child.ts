/**
 * Run by memory.ts in a fresh process (node --expose-gc): one variant's heap after a full GC
 * following 10,000 warm-up calls, then every 20,000 calls up to 60,000 more. Prints JSON.
 */
import { variants } from './variants.js';

const [url, name] = process.argv.slice(2) as [string, string];
const gc = (globalThis as { gc?: () => void }).gc!;
const variant = (await variants(url))[name]!;
const shutdown = new AbortController();
const call = () => (variant.createWith ? variant.createWith(shutdown.signal) : variant.create());
const heap: Array<{ calls: number; mb: number }> = [];
let done = 0;
for (const target of [10_000, 30_000, 50_000, 70_000]) {
  for (; done < target; done++) await call();
  gc();
  gc();
  heap.push({ calls: target, mb: process.memoryUsage().heapUsed / 1024 / 1024 });
}
process.stdout.write(JSON.stringify(heap));
