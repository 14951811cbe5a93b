/**
 * `npm run readme`: writes the generated blocks of the README and the guides between their
 * markers: the CLI's commands, the contract suite's checks (doc sentence → check, and what cannot
 * be observed) and request counts, the token endpoint's error codes, from their registries; and
 * the snippets and the testing example, which are real, type-checked files. `test/docs.test.ts`
 * fails when a block is not what this renders, or is missing.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { COMMANDS } from '../src/cli/commands/index.js';
import { commandHelp } from '../src/cli/help.js';
import { CLEANUP, COVERAGE, OBSERVERS, RUN_ORDER, UNOBSERVABLE } from '../src/contract/checks/index.js';
import { describeCost, describeRequestCounts, plannedRequests } from '../src/contract/plan.js';
import { WIDGET_SESSION_ERRORS } from '../src/server/widget-session-handler.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const cell = (text: string) => text.replace(/\|/g, '\\|');

function renderChecksTable(): string {
  const rows = [
    ...OBSERVERS.map((c) => [c.name, c.sentence, c.page, 'on every answer']),
    ...RUN_ORDER.map((c) => [c.name, c.sentence, c.page, describeCost(c)]),
    ...[CLEANUP, COVERAGE].map((c) => [c.name, c.sentence, c.page, 'at the end']),
  ];
  return [
    '| check | doc sentence it enforces | page | requests |',
    '|---|---|---|---|',
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
    '',
    'What the docs say that no run of the four operations can observe:',
    '',
    '| doc sentence | page | why it cannot be checked |',
    '|---|---|---|',
    ...UNOBSERVABLE.map((u) => `| ${cell(u.sentence)} | ${cell(u.page)} | ${cell(u.why)} |`),
  ].join('\n');
}

/** The token endpoint's error codes, from the handler's own table. */
function renderEndpointErrors(): string {
  return [
    '| code | status | message the page may show |',
    '|---|---|---|',
    ...Object.entries(WIDGET_SESSION_ERRORS).map(
      ([code, [status, message]]) => `| \`${code}\` | ${status} | ${cell(message)} |`,
    ),
  ].join('\n');
}

/** The front door's two contract commands, with the counts the plan gives them. */
function renderContractCommands(): string {
  return [
    '```sh',
    'export KONPRO_API_KEY=... KONPRO_AGENTIC_AVATAR_ID=...   # a key and an avatar of your account',
    `npx konpro-widget contract                 # a full run: ${plannedRequests('full')} requests, paced to your plan`,
    `npx konpro-widget contract --smoke         # ${plannedRequests('smoke')} requests, for pull requests`,
    '```',
  ].join('\n');
}

function renderCliCommands(): string {
  const rows = COMMANDS.map((c) => {
    const usage = commandHelp(c)
      .split('\n')[0]!
      .replace(/^Usage: /, '');
    return `| \`${usage.replace(/\|/g, '\\|')}\` | ${cell(c.summary)} |`;
  });
  return ['| command | what it does |', '|---|---|', ...rows].join('\n');
}

/** A file of the repository as a TypeScript block: the README shows code that is type-checked and run. */
const codeBlock = (file: string) => `\`\`\`ts\n${readFileSync(`${ROOT}${file}`, 'utf8')}\`\`\``;

/** Each generated block of the README, by marker name. */
export const BLOCKS: Record<string, () => string> = {
  'cli-commands': renderCliCommands,
  'contract-checks': renderChecksTable,
  'contract-requests': describeRequestCounts,
  'contract-commands': renderContractCommands,
  'endpoint-errors': renderEndpointErrors,
  'snippet:shared': () => codeBlock('examples/snippets/shared.ts'),
  'snippet:client': () => codeBlock('examples/snippets/client-quickstart.ts'),
  'example:testing-your-code': () => codeBlock('test/examples/testing-your-code.test.ts'),
  'example:quickstart': () => codeBlock('test/examples/quickstart.test.ts'),
  'snippet:nextjs': () => codeBlock('examples/snippets/nextjs-route.ts'),
  'snippet:express': () => codeBlock('examples/snippets/express-app.ts'),
  'snippet:hono': () => codeBlock('examples/snippets/hono-app.ts'),
  'snippet:redis-fleet': () => codeBlock('examples/snippets/redis-fleet.ts'),
  'snippet:drift-metrics': () => codeBlock('examples/snippets/drift-metrics.ts'),
};

/** The files that hold generated blocks: the README and the guides. */
export const DOC_FILES = [
  'README.md',
  'docs/client.md',
  'docs/serving-sessions.md',
  'docs/testing-your-code.md',
  'docs/contract-testing.md',
  'docs/reliability-and-security.md',
  'docs/changing-the-spec.md',
];

/** A document with every generated block it holds rendered afresh (the reliability table has its own script). */
export function renderBlocks(text: string): string {
  return Object.entries(BLOCKS).reduce((out, [name, render]) => {
    const begin = `<!-- ${name}:begin -->`;
    const end = `<!-- ${name}:end -->`;
    const start = out.indexOf(begin);
    const stop = out.indexOf(end);
    if (start < 0) return out;
    if (stop < start) throw new Error(`${begin} has no ${end}`);
    return `${out.slice(0, start + begin.length)}\n${render()}\n${out.slice(stop)}`;
  }, text);
}

/** The documents each block is rendered into (the front door repeats the Next.js one from its guide). */
export function blockHomes(): Record<string, string[]> {
  const texts = DOC_FILES.map((file) => [file, readFileSync(`${ROOT}${file}`, 'utf8')] as const);
  return Object.fromEntries(
    Object.keys(BLOCKS).map((name) => [
      name,
      texts.filter(([, text]) => text.includes(`<!-- ${name}:begin -->`)).map(([file]) => file),
    ]),
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const file of DOC_FILES) writeFileSync(`${ROOT}${file}`, renderBlocks(readFileSync(`${ROOT}${file}`, 'utf8')));
  console.log(`${DOC_FILES.join(', ')}: generated blocks updated.`);
}
