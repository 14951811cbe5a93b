/**
 * Run in a child process by test/hostile-server.test.ts so that its peak memory is its own:
 * calls a server that streams 1 GiB, as a 2xx and as a 500, and prints what happened.
 */
import { createKonproClient } from '../../src/index.js';

const baseUrl = process.argv[2]!;
const konpro = createKonproClient({ apiKey: 'sk-child-0123456789', baseUrl, maxRetries: 0, timeoutMs: 60_000 });
const success = await konpro.widgetSessions.get('huge').catch((e: Error) => e);
const error = await konpro.widgetSessions.get('huge-error').catch((e: Error) => e);
process.stdout.write(
  JSON.stringify({
    success: (success as Error).name,
    message: (success as Error).message,
    error: (error as Error).name,
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
