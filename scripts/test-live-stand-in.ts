/**
 * Runs `npm run test:live` against the stand-in of the documented API (test/stand-in/), with a
 * free-tier-like rate limit, so CI exercises the live path without the real API.
 */
import { spawn } from 'node:child_process';
import { startStandIn } from '../test/stand-in/konpro-stand-in.js';

const apiKey = 'sk-stand-in-ci-key';
const agenticAvatarId = '3deccfb2-cf96-459c-8b69-f601d6767ea5';
const standIn = await startStandIn({
  apiKey,
  avatarIds: [agenticAvatarId],
  rateLimit: { requests: 10, windowMs: 3000 },
});
console.log(`Stand-in of the KonPro API on ${standIn.url} (10 requests per 3 s)`);
// Asynchronous on purpose: a synchronous spawn would block the stand-in's event loop.
const run = await new Promise<number>((resolve) => {
  const child = spawn('npm', ['run', '--silent', 'test:live'], {
    stdio: 'inherit',
    env: {
      ...process.env,
      KONPRO_API_KEY: apiKey,
      KONPRO_BASE_URL: standIn.url,
      KONPRO_AGENTIC_AVATAR_ID: agenticAvatarId,
    },
  });
  child.on('exit', (code) => resolve(code ?? 1));
});
await standIn.close();
process.exit(run);
