/**
 * `npm run docs [-- OUTPUT]`: renders openapi/konpro.yaml to one self-contained HTML page with
 * Redocly (scripts inlined, nothing fetched), by default docs/index.html.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { SPEC_FILE } from './load-spec.js';

const output = process.argv[2] ?? 'docs/index.html';
const require = createRequire(import.meta.url);
const redocly = join(dirname(require.resolve('@redocly/cli/package.json')), 'bin/cli.js');
const result = spawnSync(
  process.execPath,
  [redocly, 'build-docs', SPEC_FILE, '--inlineBundle', '--title', 'KonPro widget sessions API', '--output', output],
  {
    encoding: 'utf8',
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
  },
);
if (result.status !== 0) {
  console.error(result.stdout, result.stderr);
  process.exit(result.status ?? 1);
}
console.log(`API reference written to ${output}`);
