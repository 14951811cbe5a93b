/**
 * `npm run test:live:stand-in` (CI): `npm run test:live` against the fake KonPro of the testing kit
 * (src/testing/) on a loopback port, rate-limited like the Scale plan (300 requests a minute) and
 * paced to it, so CI exercises the live path, journal and reports without the real API.
 */
import { spawn } from 'node:child_process';
import { createFakeKonpro } from '../src/testing/index.js';

const apiKey = 'sk-stand-in-ci-key';
const agenticAvatarId = '3deccfb2-cf96-459c-8b69-f601d6767ea5';
const fake = createFakeKonpro({ apiKey, agenticAvatarIds: [agenticAvatarId], plan: 'scale' });
const server = await fake.listen();
console.log(`Fake KonPro on ${server.url} (the Scale plan's 300 requests a minute)`);
// Asynchronous on purpose: a synchronous spawn would block the fake's event loop.
const run = await new Promise<number>((resolve) => {
  const child = spawn('npm', ['run', '--silent', 'test:live'], {
    stdio: 'inherit',
    env: {
      ...process.env,
      KONPRO_API_KEY: apiKey,
      KONPRO_BASE_URL: server.url,
      KONPRO_AGENTIC_AVATAR_ID: agenticAvatarId,
      KONPRO_CONTRACT_RATE_LIMIT: '300/min',
    },
  });
  child.on('exit', (code) => resolve(code ?? 1));
});
const active = fake.sessions.filter((s) => s.status === 'active');
await server.close();
if (active.length > 0) {
  console.error(`The run left ${active.length} session(s) active on the fake.`);
  process.exit(1);
}
process.exit(run);
