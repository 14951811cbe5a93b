/**
 * `npm run docs [-- OUTPUT] [-- --serve]`: the reference, fully offline, by default in
 * docs/reference/ (built, not committed):
 * - index.html: the HTTP API rendered from openapi/konpro.yaml by Redocly (scripts inlined), each
 *   operation with its TypeScript, CLI and curl call beside it (`x-codeSamples` from the spec's
 *   examples), and the contract version, which is the package version;
 * - sdk/: the package's public API by entry point (`konpro-widget-sessions`, `/server`, `/redis`,
 *   `/browser`, `/testing`), rendered by TypeDoc from its types and JSDoc.
 * `--serve` then serves the directory on a loopback port until Ctrl-C: TypeDoc's pages load their
 * icon sprite with a request that browsers refuse over file://.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { SAMPLE_LANGUAGES, withCodeSamples } from './code-samples.js';
import { loadSpec } from './load-spec.js';

const args = process.argv.slice(2);
const serve = args.includes('--serve');
const output = args.find((a) => !a.startsWith('--')) ?? 'docs/reference/index.html';
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
  // Redocly shows a sample only if its language is in this list (JSON is YAML).
  const configFile = join(work, 'redocly.yaml');
  writeFileSync(
    configFile,
    JSON.stringify({ openapi: { codeSamples: { languages: Object.values(SAMPLE_LANGUAGES) } } }),
  );
  mkdirSync(dirname(output), { recursive: true });
  const redocly = join(dirname(require.resolve('@redocly/cli/package.json')), 'bin/cli.js');
  run(redocly, [
    'build-docs',
    specFile,
    '--inlineBundle',
    '--config',
    configFile,
    '--title',
    'KonPro widget sessions API',
    '--output',
    output,
  ]);
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
  ...['index', 'server/index', 'redis/index', 'browser/index', 'testing/index'].flatMap((entry) => [
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

if (serve) {
  const { createServer } = await import('node:http');
  const { extname, resolve } = await import('node:path');
  const root = resolve(dirname(output));
  const TYPES: Record<string, string> = {
    '.html': 'text/html',
    '.js': 'text/javascript',
    '.css': 'text/css',
    '.svg': 'image/svg+xml',
  };
  const server = createServer((req, res) => {
    const path = resolve(root, `.${decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)}`);
    const file = path.endsWith('/') || path === root ? join(path, 'index.html') : path;
    try {
      if (!file.startsWith(root)) throw new Error('outside');
      res
        .writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' })
        .end(readFileSync(file));
    } catch {
      res.writeHead(404).end();
    }
  });
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as { port: number };
    console.log(`Serving the reference on http://127.0.0.1:${port}/ (Ctrl-C to stop)`);
  });
}
