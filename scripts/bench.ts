/**
 * `npm run bench`: every performance figure of BENCHMARKS.md, measured in one run, side by side,
 * as medians of interleaved rounds (the machines are shared and noisy), with ratios. Needs
 * `npm run build` first (it measures dist/, what users install). Writes BENCHMARKS.md.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, freemem, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import createClient from 'openapi-fetch';
import { validators as requestValidators } from '../generated/request-validators.js';
import { validators as responseValidators } from '../generated/response-validators.js';
import { BUDGET_BYTES, measureSize } from './size.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
// The built package, as users get it (dist/ exists only after `npm run build`).
const { createKonproClient } = (await import(`${ROOT}dist/index.js`)) as typeof import('../src/index.js');
// The analysis under "Notes on the targets" is written by hand and kept across runs.
const NOTES_HEADING = '## Notes on the targets';
const NOTES = existsSync(`${ROOT}BENCHMARKS.md`)
  ? (readFileSync(`${ROOT}BENCHMARKS.md`, 'utf8').split(NOTES_HEADING)[1] ?? '').trim()
  : '';
const CREATED = {
  session_token:
    'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzZXNzaW9uLTc4OSJ9.8PI2swCPv-yHL5VBdZ6OjD_r0y-YGjKikTlEAuPL86E',
  expires_at: '2024-01-01T01:00:00Z',
  widget_url: 'https://widget.konpro.ai/embed',
  session_id: 'session-789',
};
const CREATED_TEXT = JSON.stringify(CREATED);
const BODY = {
  agentic_avatar_id: '3deccfb2-cf96-459c-8b69-f601d6767ea5',
  settings: { max_duration: 3600, allowed_domains: ['example.com'] },
};
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const fmt = (n: number, digits = 1) => n.toFixed(digits);
const log = (line: string) => console.log(line);

/** Interleaved rounds of each variant; returns the median time per operation in ms. */
async function rounds(
  variants: Record<string, () => Promise<unknown>>,
  perRound: number,
  count: number,
): Promise<Record<string, number>> {
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
  for (const fn of Object.values(variants)) for (let i = 0; i < perRound; i++) await fn(); // warm-up
  for (let r = 0; r < count; r++) {
    for (const [name, fn] of Object.entries(variants)) {
      const start = performance.now();
      for (let i = 0; i < perRound; i++) await fn();
      times[name]!.push((performance.now() - start) / perRound);
    }
  }
  return Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
}

async function clientOverhead() {
  const init = { status: 201, headers: { 'content-type': 'application/json' } };
  const stub = async (_request: Request) => new Response(CREATED_TEXT, init);
  const url = 'https://api.konpro.ai/v1/widget/sessions';
  const bare = createClient<{ '/v1/widget/sessions': { post: never } }>({
    baseUrl: 'https://api.konpro.ai',
    fetch: stub,
    headers: { 'x-api-key': 'k' },
  });
  const konpro = createKonproClient({ apiKey: 'k', fetch: (url, init) => stub(new Request(url, init)) });
  return rounds(
    {
      'hand-written fetch (floor)': async () =>
        (
          await stub(
            new Request(url, {
              method: 'POST',
              headers: { 'x-api-key': 'k', 'content-type': 'application/json' },
              body: JSON.stringify(BODY),
            }),
          )
        ).json(),
      'openapi-fetch POST': () =>
        (bare.POST as (p: string, o: object) => Promise<unknown>)('/v1/widget/sessions', { body: BODY }),
      'konpro.widgetSessions.create': () => konpro.widgetSessions.create(BODY),
    },
    2000,
    15,
  );
}

async function loopback() {
  // The server runs in its own process so it does not share the client's event loop.
  const server = spawn(
    process.execPath,
    [
      '-e',
      `
    const body = ${JSON.stringify(CREATED_TEXT)};
    require('node:http').createServer((req, res) => { req.resume(); req.on('end', () => { res.writeHead(201, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }); res.end(body); }); })
      .listen(0, '127.0.0.1', function () { console.log(this.address().port); });
  `,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const port = await new Promise<number>((resolve) =>
    server.stdout.once('data', (d) => resolve(Number(String(d).trim()))),
  );
  const url = `http://127.0.0.1:${port}`;
  const konpro = createKonproClient({ apiKey: 'k', baseUrl: url });
  const bare = createClient<{ '/v1/widget/sessions': { post: never } }>({
    baseUrl: url,
    headers: { 'x-api-key': 'k' },
  });
  const headers = { 'x-api-key': 'k', 'content-type': 'application/json' };
  const path = `${url}/v1/widget/sessions`;
  try {
    return await rounds(
      {
        'raw fetch': async () => (await fetch(path, { method: 'POST', headers, body: JSON.stringify(BODY) })).json(),
        'konpro.widgetSessions.create': () => konpro.widgetSessions.create(BODY),
        'bare openapi-fetch POST': () =>
          (bare.POST as (p: string, o: object) => Promise<unknown>)('/v1/widget/sessions', { body: BODY }),
        'raw fetch given a Request object': async () =>
          (await fetch(new Request(path, { method: 'POST', headers, body: JSON.stringify(BODY) }))).json(),
      },
      300,
      9,
    );
  } finally {
    server.kill();
  }
}

/** What the client's per-attempt safety costs, piece by piece (stubbed, no I/O). */
async function overheadBreakdown() {
  const url = 'https://api.konpro.ai/v1/widget/sessions';
  const bytes = new TextEncoder().encode(JSON.stringify(BODY));
  const caller = new AbortController().signal;
  return rounds(
    {
      'build the attempt Request (injected fetch only)': async () =>
        new Request(url, { method: 'POST', headers: { 'x-api-key': 'k' }, body: bytes }),
      'AbortController, timeout timer and caller-abort listener': async () => {
        const controller = new AbortController();
        const abort = () => controller.abort();
        caller.addEventListener('abort', abort, { once: true });
        clearTimeout(setTimeout(abort, 30_000));
        caller.removeEventListener('abort', abort);
      },
      'read the whole response body and re-wrap it': async () => {
        const sent = new Response(CREATED_TEXT, { status: 201, headers: { 'content-type': 'application/json' } });
        const content = await sent.arrayBuffer();
        return new Response(content, {
          status: sent.status,
          statusText: sent.statusText,
          headers: sent.headers,
        }).text();
      },
      'the same response, read once (what openapi-fetch does)': async () =>
        new Response(CREATED_TEXT, { status: 201, headers: { 'content-type': 'application/json' } }).text(),
    },
    5000,
    9,
  );
}

function validationCost() {
  const request = requestValidators['createWidgetSession/requestBody']!;
  const response = responseValidators['createWidgetSession/201']!;
  const perCall = (fn: () => unknown) => {
    const samples: number[] = [];
    for (let r = 0; r < 9; r++) {
      const start = performance.now();
      for (let i = 0; i < 100_000; i++) fn();
      samples.push(((performance.now() - start) / 100_000) * 1e6);
    }
    return median(samples);
  };
  return { requestNs: perCall(() => request(BODY)), responseNs: perCall(() => response(CREATED)) };
}

/** Median wall time of a snippet in fresh Node processes (ms), measured inside the process. */
function freshProcess(snippet: string, runs: number): number {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const out = execFileSync(
      process.execPath,
      ['--input-type=module', '-e', `const t = performance.now(); ${snippet}; console.log(performance.now() - t);`],
      { cwd: ROOT, encoding: 'utf8' },
    );
    samples.push(Number(out.trim().split('\n').at(-1)));
  }
  return median(samples);
}

function coldStarts() {
  const ours = [],
    bare = [],
    aot = [],
    compile = [];
  for (let i = 0; i < 15; i++) {
    ours.push(freshProcess(`await import('${ROOT}dist/index.js')`, 1));
    bare.push(freshProcess(`await import('openapi-fetch')`, 1));
  }
  const compileSnippet = `
    const { createContractValidators } = await import('${ROOT}node_modules/.cache/bench-runtime-validators.mjs');
    const { contract } = await import('${ROOT}node_modules/.cache/bench-contract.mjs');
    const v = createContractValidators(contract);
    for (const [id, op] of Object.entries(contract.operations)) { if (op.requestBody) v.requestBody(id, {}); for (const s of Object.keys(op.responses)) v.responseBody(id, Number(s), {}); }`;
  const aotSnippet = `await import('${ROOT}generated/request-validators.js'); await import('${ROOT}generated/response-validators.js')`;
  for (let i = 0; i < 9; i++) {
    aot.push(freshProcess(aotSnippet, 1));
    compile.push(freshProcess(compileSnippet, 1));
  }
  return { ours: median(ours), bare: median(bare), aot: median(aot), compile: median(compile) };
}

async function testSuiteWallTime() {
  const samples: number[] = [];
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    execFileSync('npx', ['vitest', 'run', '--reporter=dot'], { cwd: ROOT, stdio: 'ignore' });
    samples.push((performance.now() - start) / 1000);
  }
  return median(samples);
}

// The run-time compile baseline needs the contract checker's ajv path as plain ESM.
buildSync({
  entryPoints: [`${ROOT}src/contract/runtime-validators.ts`],
  bundle: true,
  format: 'esm',
  platform: 'node',
  packages: 'external',
  outfile: `${ROOT}node_modules/.cache/bench-runtime-validators.mjs`,
  logLevel: 'warning',
});
buildSync({
  entryPoints: [`${ROOT}generated/contract.ts`],
  format: 'esm',
  outfile: `${ROOT}node_modules/.cache/bench-contract.mjs`,
  logLevel: 'warning',
});

log('1/6 client overhead with a stubbed fetch…');
const overhead = await clientOverhead();
const breakdown = await overheadBreakdown();
log('2/6 loopback round trip…');
const round = await loopback();
log('3/6 validation cost…');
const validation = validationCost();
log('4/6 cold start…');
const cold = coldStarts();
log('5/6 bundle size…');
const size = await measureSize();
log('6/6 test suite wall time (3 runs of npm test)…');
const suite = process.argv.includes('--skip-suite') ? Number.NaN : await testSuiteWallTime();

const [floor, bareFetch, ours] = Object.values(overhead) as [number, number, number];
const overheadRatio = ours / bareFetch;
const [rawLoop, oursLoop, bareLoop, requestLoop] = Object.values(round) as [number, number, number, number];
const loopRatio = oursLoop / rawLoop;
const coldRatio = cold.ours / cold.bare;
const ok = (met: boolean) => (met ? 'met' : '**missed**');
const cpu = cpus()[0]?.model ?? 'unknown CPU';

const markdown = `# Benchmarks

Generated by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}. Machine: ${cpus().length} × ${cpu},
${fmt(totalmem() / 2 ** 30, 0)} GiB RAM (${fmt(freemem() / 2 ** 30, 0)} GiB free at the start), Node ${process.versions.node},
${process.platform}/${process.arch}. The machine is shared and noisy: every figure is a median of
interleaved rounds, and the ratios (measured side by side in the same run) matter more than the
absolute numbers.

| # | benchmark | result | target | |
|---|---|---|---|---|
| 1 | client overhead, stubbed fetch: create ÷ bare openapi-fetch POST | ${fmt(overheadRatio, 2)}× | ≤ 1.30× | ${ok(overheadRatio <= 1.3)} |
| 2 | loopback round trip: create ÷ raw fetch | ${fmt(loopRatio, 3)}× | ≤ 1.05× | ${ok(loopRatio <= 1.05)} |
| 3 | validation per call: request / response | ${fmt(validation.requestNs, 0)} ns / ${fmt(validation.responseNs, 0)} ns | no run-time compile | met |
| 4 | cold start: import the package ÷ import openapi-fetch | ${fmt(coldRatio, 2)}× | ≤ 1.50× | ${ok(coldRatio <= 1.5)} |
| 5 | bundle: ESM entry + runtime deps, min+gz | ${fmt(size.mainBytes / 1024, 2)} kB | ≤ ${fmt(BUDGET_BYTES / 1024, 0)} kB | ${ok(size.mainBytes <= BUDGET_BYTES)} |
| 6 | \`npm test\` wall time | ${Number.isNaN(suite) ? 'not measured' : `${fmt(suite, 1)} s`} | < 20 s | ${Number.isNaN(suite) ? '' : ok(suite < 20)} |

## 1. Client overhead with a stubbed \`fetch\`

\`fetch\` resolves a prepared \`Response\` at once (the openapi-fetch method), so only client code
is measured. 15 interleaved rounds of 2,000 sequential calls; median time per call.

| variant | µs per call | calls per second | ÷ openapi-fetch |
|---|---|---|---|
| hand-written \`fetch\` call (the floor) | ${fmt(floor * 1000)} | ${fmt(1000 / floor, 0)} | ${fmt(floor / bareFetch, 2)}× |
| bare openapi-fetch \`POST\` | ${fmt(bareFetch * 1000)} | ${fmt(1000 / bareFetch, 0)} | 1.00× |
| \`konpro.widgetSessions.create\` (request validation on) | ${fmt(ours * 1000)} | ${fmt(1000 / ours, 0)} | ${fmt(overheadRatio, 2)}× |

Where the difference goes: the pieces of one attempt, measured alone the same way.

| piece | µs |
|---|---|
${Object.entries(breakdown)
  .map(([name, ms]) => `| ${name} | ${fmt(ms * 1000)} |`)
  .join('\n')}

## 2. Loopback round trip

A minimal HTTP server in its own process on 127.0.0.1 answers the documented create response.
9 interleaved rounds of 300 sequential requests; median time per request.

| variant | µs per request | ÷ raw fetch |
|---|---|---|
| raw \`fetch\` + \`json()\` | ${fmt(rawLoop * 1000)} | 1.000× |
| \`konpro.widgetSessions.create\` | ${fmt(oursLoop * 1000)} | ${fmt(loopRatio, 3)}× |
| bare openapi-fetch \`POST\` | ${fmt(bareLoop * 1000)} | ${fmt(bareLoop / rawLoop, 3)}× |
| raw \`fetch\` given a \`Request\` object (what openapi-fetch does) | ${fmt(requestLoop * 1000)} | ${fmt(requestLoop / rawLoop, 3)}× |

## 3. Validation cost

Validators are compiled ahead of time by \`npm run generate\` (ajv standalone code in
\`generated/\`), so no schema is compiled at run time. Median of 9 × 100,000 calls.

| | |
|---|---|
| request validation (create body) | ${fmt(validation.requestNs, 0)} ns per call |
| response validation (created session, formats and JWT pattern) | ${fmt(validation.responseNs, 0)} ns per call |
| loading every validator, ahead-of-time code, fresh process | ${fmt(cold.aot, 1)} ms |
| compiling the same schemas with ajv at start-up, fresh process | ${fmt(cold.compile, 1)} ms |
| cold-start saving | ${fmt(cold.compile - cold.aot, 1)} ms (${fmt(cold.compile / cold.aot, 1)}× faster) |

## 4. Cold start

Time to \`import()\` in a fresh Node process, measured inside it; median of 15 interleaved runs.

| | ms |
|---|---|
| \`import('openapi-fetch')\` alone | ${fmt(cold.bare, 1)} |
| \`import('konpro-widget-sessions')\` (dist/index.js) | ${fmt(cold.ours, 1)} |
| ratio | ${fmt(coldRatio, 2)}× |

## 5. Bundle size

\`dist/index.js\` bundled with its runtime dependencies by esbuild, minified, gzip -9
(\`npm run size\`, which CI runs and which fails above the budget).

| | min+gz |
|---|---|
| client main entry, everything it imports statically | ${fmt(size.mainBytes / 1024, 2)} kB |
| of which would be openapi-fetch alone | ${fmt(size.openapiFetchBytes / 1024, 2)} kB |
| loaded on demand: response validators (\`validateResponses: true\`) | ${fmt(size.lazyBytes / 1024, 2)} kB |

## 6. Test suite wall time

\`npx vitest run\` end to end (one Prism mock for the run, 4 workers on ${cpus().length} cores): median of 3 runs:
${Number.isNaN(suite) ? 'not measured in this run.' : `${fmt(suite, 1)} s.`}

${NOTES_HEADING}

${NOTES || '(Write the analysis of each missed target here; npm run bench keeps this section.)'}
`;
writeFileSync(`${ROOT}BENCHMARKS.md`, markdown);
log(markdown);
