/**
 * openapi/konpro.yaml → generated/. With `--check`, writes nothing and fails when generated/
 * differs from what the spec produces (CI runs it so that generated/ never drifts).
 *
 * - generated/schema.ts: openapi-typescript types (`paths`, `components`, `operations`).
 * - generated/operations.ts: each operation's method, path template and whether it has a body.
 * - generated/examples.ts: the named request-body examples (the contract suite's positive data).
 * - generated/contract.ts: what run-time code needs from the spec: the component schemas
 *   (descriptions and examples stripped) and, per operation, its method, path, request body and
 *   the response schema of each declared status.
 * - generated/request-validators.js and response-validators.js (with .d.ts): those schemas
 *   compiled ahead of time by ajv (standalone code), so the client compiles nothing at run time.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { buildContract } from './build-contract.js';
import { renderValidators } from './build-validators.js';
import { loadSpec, type OpenApiDocument, SPEC_PATH } from './load-spec.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const HEADER = '// Generated from openapi/konpro.yaml by `npm run generate`. Do not edit.\n';

/** The method, path template and body flag of each operation: all the typed client needs to send. */
function renderOperations(contract: ReturnType<typeof buildContract>): string {
  const operations = Object.fromEntries(
    Object.entries(contract.operations).map(([id, op]) => [
      id,
      { method: op.method, path: op.path, hasBody: op.requestBody !== null },
    ]),
  );
  return (
    `${HEADER}\n/** How to send each operation of the spec. */\n` +
    `export const operations = ${JSON.stringify(operations, null, 2)} as const;\n\n` +
    '/** The operation ids the spec declares. */\nexport type OperationId = keyof typeof operations;\n'
  );
}

/** The named request-body examples of each operation: the contract suite's positive data. */
function renderExamples(spec: OpenApiDocument): string {
  const examples: Record<string, Record<string, unknown>> = {};
  for (const item of Object.values(spec.paths)) {
    for (const op of Object.values(item) as Array<{ operationId?: string; requestBody?: unknown }>) {
      const content = (
        op?.requestBody as { content?: Record<string, { examples?: Record<string, { value: unknown }> }> }
      )?.content?.['application/json'];
      if (!op?.operationId || !content?.examples) continue;
      examples[op.operationId] = Object.fromEntries(
        Object.entries(content.examples).map(([name, e]) => [name, e.value]),
      );
    }
  }
  return (
    `${HEADER}\n/** The spec's named request-body examples, by operation and name. */\n` +
    `export const requestExamples = ${JSON.stringify(examples, null, 2)} as const;\n`
  );
}

/** Renders every generated file, keyed by its path relative to the repository root. */
export async function renderGenerated(spec: OpenApiDocument): Promise<Map<string, string>> {
  const ast = await openapiTS(structuredClone(spec) as never, { alphabetize: false, defaultNonNullable: false });
  const contract = buildContract(spec);
  return new Map([
    ['generated/schema.ts', `${HEADER}\n${astToString(ast)}`],
    [
      'generated/contract.ts',
      `${HEADER}\n/** Run-time copy of the spec's schemas and operations, for the validators. */\n` +
        `export const contract = ${JSON.stringify(contract, null, 2)} as const;\n`,
    ],
    ['generated/operations.ts', renderOperations(contract)],
    ['generated/examples.ts', renderExamples(spec)],
    ...renderValidators(contract, HEADER),
  ]);
}

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const files = await renderGenerated(await loadSpec());
  const stale: string[] = [];
  for (const [relative, content] of files) {
    const path = `${ROOT}${relative}`;
    if (check) {
      const current = await readFile(path, 'utf8').catch(() => undefined);
      if (current !== content) stale.push(relative);
    } else {
      await mkdir(`${ROOT}generated`, { recursive: true });
      await writeFile(path, content);
      console.log(`wrote ${relative}`);
    }
  }
  if (stale.length > 0) {
    console.error(
      `generate:check failed: ${stale.join(', ')} ${stale.length === 1 ? 'is' : 'are'} not what ` +
        `${SPEC_PATH} produces.\nRun \`npm run generate\` and commit generated/ with the spec change.`,
    );
    process.exit(1);
  }
  if (check) console.log(`generate:check ok: generated/ matches ${SPEC_PATH}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
