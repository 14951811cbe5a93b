/**
 * `npm run docs [-- OUTPUT]`: the reference, fully offline, by default in docs/:
 * - docs/index.html: the HTTP API rendered from openapi/konpro.yaml by Redocly (scripts inlined),
 *   each operation with its TypeScript, CLI and curl call beside it (`x-codeSamples` from the
 *   spec's examples), and the contract version, which is the package version;
 * - docs/sdk/: the package's public API (options, methods, errors, the testing kit, the server
 *   handler and the browser helper), rendered by TypeDoc from its types and JSDoc.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { withCodeSamples } from './code-samples.js';
import { loadSpec } from './load-spec.js';

const output = process.argv[2] ?? 'docs/index.html';
const sdkDir = join(dirname(output), 'sdk');
const require = createRequire(import.meta.url);
const quiet = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' };

function run(script: string, args: string[]): void {
  const result = spawnSync(process.execPath, [script, ...args], { encoding: 'utf8', env: quiet });
  if (result.status !== 0) {
    console.error(result.stdout, result.stderr);
    process.exit(result.status ?? 1);
  }
}

const spec = withCodeSamples(await loadSpec());
const info = spec.info as { description: string };
info.description += `\n\n## The SDK\nEach operation shows its call through the TypeScript client and the \`konpro-widget\` CLI beside the HTTP request. The client's own reference (options, methods, errors, the testing kit) is [the SDK reference](${relative(dirname(output), sdkDir) || '.'}/index.html).\n`;
const work = mkdtempSync(join(tmpdir(), 'konpro-docs-'));
try {
  const specFile = join(work, 'konpro.json');
  writeFileSync(specFile, JSON.stringify(spec));
  mkdirSync(dirname(output), { recursive: true });
  const redocly = join(dirname(require.resolve('@redocly/cli/package.json')), 'bin/cli.js');
  run(redocly, ['build-docs', specFile, '--inlineBundle', '--title', 'KonPro widget sessions API', '--output', output]);
} finally {
  rmSync(work, { recursive: true, force: true });
}
// Redoc loads its attribution logo and icon sets from Redocly's CDN: point them nowhere, so the page
// makes no request at all (the logo is not shown; nothing else depends on them).
const html = readFileSync(output, 'utf8').replace(/https:\/\/cdn\.redoc(?:ly)?\.(?:ly|com)\/[^`"'\s)]*/g, 'data:,');
writeFileSync(output, html);

const typedoc = join(dirname(require.resolve('typedoc/package.json')), 'bin/typedoc');
// tsconfig.docs.json holds only the package's sources: type-checking the tests too took twice as long.
run(typedoc, [
  '--tsconfig',
  'tsconfig.docs.json',
  ...['index', 'testing/index', 'server/index', 'browser/index'].flatMap((entry) => [
    '--entryPoints',
    `src/${entry}.ts`,
  ]),
  '--out',
  sdkDir,
  '--name',
  `konpro-widget-sessions ${(spec.info as { version: string }).version}`,
  '--readme',
  'none',
  '--excludePrivate',
  '--excludeInternal',
  '--disableSources',
  '--logLevel',
  'Error',
]);
console.log(`API reference written to ${output}, the SDK reference to ${sdkDir}/`);
