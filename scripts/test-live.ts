/**
 * `npm run test:live`: the contract suite against the live KonPro API, or whatever
 * KONPRO_BASE_URL points at (the same as `konpro-widget contract`). Without KONPRO_API_KEY it
 * says why it skipped and exits 0; otherwise it exits non-zero on any violation.
 */
import { runCli } from '../src/cli/run-cli.js';
import { readEnv } from '../src/internal/config/env.js';

if (!readEnv('KONPRO_API_KEY')) {
  console.log('SKIPPED live contract tests: KONPRO_API_KEY is not set.');
  console.log(
    'Set KONPRO_API_KEY and KONPRO_AGENTIC_AVATAR_ID (and KONPRO_BASE_URL for a server other than the real API) to run them.',
  );
  process.exit(0);
}
process.exitCode = await runCli(['contract', ...process.argv.slice(2)], {
  stdout: (text) => console.log(text),
  stderr: (text) => console.error(text),
  env: process.env,
});
