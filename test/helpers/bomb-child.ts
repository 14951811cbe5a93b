/**
 * Run in a child process by test/bounded-reads.test.ts so that its peak memory is its own: calls
 * each path of a server that answers with a compression bomb, and prints what each call threw and
 * how long it took.
 */
import { createKonproClient } from '../../src/index.js';

const [baseUrl, ...paths] = process.argv.slice(2);
const konpro = createKonproClient({ apiKey: 'sk-child-0123456789', baseUrl: baseUrl!, timeoutMs: 60_000 });
const results: Record<string, { error: string; message: string; ms: number }> = {};
for (const path of paths) {
  const started = performance.now();
  const error = (await konpro.widgetSessions.get(path).catch((e: Error) => e)) as Error;
  results[path] = { error: error.name, message: error.message, ms: Math.round(performance.now() - started) };
}
process.stdout.write(JSON.stringify({ results, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
