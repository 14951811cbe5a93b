/**
 * `npm run size`: the size of the client's ESM entry, minified and gzipped with its runtime
 * dependencies, as a user's bundler would ship it. Code loaded on demand (the validators, and
 * openapi-fetch behind `raw`) is reported apart. Fails above the budget.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/**
 * The budget for the main entry, min+gz, in bytes. Issue #14's target is 8 kB; the entry was
 * 9.6 kB, and the key's gates (issue #20: the transport, the redactor that finds every escape and
 * base64 form, the bounded streaming read, the depth check) added 2.2 kB that every response
 * needs, so they cannot load on demand. Report mode (issue #23) adds 0.26 kB of option checks and
 * the two methods that load its reporter (6.9 kB, with the contract it judges by) on first use.
 * BENCHMARKS.md says where the bytes go; CI holds the line at 12.5 kB.
 */
export const BUDGET_BYTES = 12.5 * 1024;

/** The budget for the page's helper (`konpro-widget-sessions/browser`), min+gz (issue #16). */
export const BROWSER_BUDGET_BYTES = 1.5 * 1024;

export interface SizeReport {
  /** `konpro-widget-sessions/browser`, as a page ships it. */
  browserBytes: number;
  /** The entry chunk plus everything it imports statically. */
  mainBytes: number;
  /** The same chunks gzipped as one stream: what the split into chunks costs, by difference. */
  mainJoinedBytes: number;
  /** Chunks only reached through dynamic import(). */
  lazyBytes: number;
  /** Everything in one file, as a bundler without code splitting ships it. */
  wholeBytes: number;
  /** openapi-fetch alone, bundled the same way, for comparison. */
  openapiFetchBytes: number;
}

async function bundle(entry: string, splitting = true): Promise<{ main: number; joined: number; lazy: number }> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    splitting,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    conditions: ['import'],
    external: ['node:*'],
    outdir: 'out',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const outputs = result.metafile.outputs;
  const files = new Map(result.outputFiles.map((f) => [f.path.slice(f.path.lastIndexOf('out/')), f.contents]));
  const gz = new Map([...files].map(([name, contents]) => [name, gzipSync(contents, { level: 9 }).length]));
  const entryName = Object.keys(outputs).find((name) => outputs[name]!.entryPoint)!;
  const main = new Set<string>();
  const visit = (name: string) => {
    if (main.has(name)) return;
    main.add(name);
    for (const imported of outputs[name]!.imports)
      if (imported.kind === 'import-statement' && outputs[imported.path]) visit(imported.path);
  };
  visit(entryName);
  const size = (names: string[]) =>
    names.reduce((sum, name) => sum + (gz.get(name.slice(name.lastIndexOf('out/'))) ?? 0), 0);
  const all = Object.keys(outputs).filter((name) => name.endsWith('.js'));
  const joined = Buffer.concat(
    [...main].map((name) => files.get(name.slice(name.lastIndexOf('out/'))) ?? new Uint8Array()),
  );
  return {
    main: size([...main]),
    joined: gzipSync(joined, { level: 9 }).length,
    lazy: size(all.filter((n) => !main.has(n))),
  };
}

export async function measureSize(): Promise<SizeReport> {
  const client = await bundle('dist/index.js');
  const whole = await bundle('dist/index.js', false);
  const openapiFetch = await bundle('node_modules/openapi-fetch/dist/index.mjs');
  const browser = await bundle('dist/browser.js');
  return {
    browserBytes: browser.main,
    mainBytes: client.main,
    mainJoinedBytes: client.joined,
    lazyBytes: client.lazy,
    wholeBytes: whole.main,
    openapiFetchBytes: openapiFetch.main,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (!existsSync('dist/index.js')) {
    console.log('dist/ is not built yet: building it first (npm run build).');
    if (spawnSync('npm', ['run', 'build'], { stdio: 'inherit' }).status !== 0) process.exit(1);
  }
  const { mainBytes, mainJoinedBytes, lazyBytes, wholeBytes, openapiFetchBytes, browserBytes } = await measureSize();
  const kb = (n: number) => `${(n / 1024).toFixed(2)} kB`;
  console.log(
    `client main entry (dist/index.js + runtime deps), min+gz: ${kb(mainBytes)} (budget ${kb(BUDGET_BYTES)})`,
  );
  console.log(`  the same chunks gzipped as one file:                 ${kb(mainJoinedBytes)}`);
  console.log(`openapi-fetch alone, for comparison:                   ${kb(openapiFetchBytes)}`);
  console.log(`loaded on demand (validators; openapi-fetch for raw):  ${kb(lazyBytes)}`);
  console.log(`everything in one file (no code splitting), min+gz:   ${kb(wholeBytes)}`);
  console.log(
    `browser helper (konpro-widget-sessions/browser), min+gz: ${kb(browserBytes)} (budget ${kb(BROWSER_BUDGET_BYTES)})`,
  );
  if (mainBytes > BUDGET_BYTES) console.error(`Size budget exceeded by ${kb(mainBytes - BUDGET_BYTES)}.`);
  if (browserBytes > BROWSER_BUDGET_BYTES)
    console.error(`Browser helper budget exceeded by ${kb(browserBytes - BROWSER_BUDGET_BYTES)}.`);
  if (mainBytes > BUDGET_BYTES || browserBytes > BROWSER_BUDGET_BYTES) process.exit(1);
}
