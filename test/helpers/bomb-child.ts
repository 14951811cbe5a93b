/**
 * Run in a child process by test/bounded-reads.test.ts so that its peak memory is its own: calls
 * each path of a server that answers with a compression bomb, and prints what each call threw and
 * the CPU time it cost (the whole process, zlib's threads included: unlike the wall clock, it does
 * not grow when the machine is busy with other tests).
 */
import { createKonproClient } from '../../src/index.js';

const [baseUrl, ...paths] = process.argv.slice(2);
const konpro = createKonproClient({ apiKey: 'sk-child-0123456789', baseUrl: baseUrl!, timeoutMs: 60_000 });
const results: Record<string, { error: string; message: string; cpuMs: number }> = {};
for (const path of paths) {
  const started = process.cpuUsage();
  const error = (await konpro.widgetSessions.get(path).catch((e: Error) => e)) as Error;
  const { user, system } = process.cpuUsage(started);
  results[path] = { error: error.name, message: error.message, cpuMs: Math.round((user + system) / 1000) };
}
process.stdout.write(JSON.stringify({ results, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
