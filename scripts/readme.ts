/**
 * `npm run readme`: writes the README's generated blocks between their markers: the CLI's
 * commands and the contract suite's checks (doc sentence → check, and what cannot be observed),
 * from their registries, and the testing example, which is a real test file. `test/docs.test.ts` fails when a block is not what this renders.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { COMMANDS } from '../src/cli/commands/index.js';
import { commandHelp } from '../src/cli/help.js';
import { CLEANUP, COVERAGE, OBSERVERS, RUN_ORDER, UNOBSERVABLE } from '../src/contract/checks/index.js';
import { describeCost, describeRequestCounts } from '../src/contract/plan.js';

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
  'example:testing-your-code': () => codeBlock('test/examples/testing-your-code.test.ts'),
  'snippet:nextjs': () => codeBlock('examples/snippets/nextjs-route.ts'),
  'snippet:express': () => codeBlock('examples/snippets/express-app.ts'),
  'snippet:hono': () => codeBlock('examples/snippets/hono-app.ts'),
  'snippet:redis-fleet': () => codeBlock('examples/snippets/redis-fleet.ts'),
  'snippet:drift-metrics': () => codeBlock('examples/snippets/drift-metrics.ts'),
};

/** The README with every generated block rendered afresh. */
export function renderReadme(readme: string): string {
  return Object.entries(BLOCKS).reduce((text, [name, render]) => {
    const begin = `<!-- ${name}:begin -->`;
    const end = `<!-- ${name}:end -->`;
    const start = text.indexOf(begin);
    const stop = text.indexOf(end);
    if (start < 0 || stop < start) throw new Error(`README.md has no ${begin} … ${end} markers`);
    return `${text.slice(0, start + begin.length)}\n${render()}\n${text.slice(stop)}`;
  }, readme);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(`${ROOT}README.md`, renderReadme(readFileSync(`${ROOT}README.md`, 'utf8')));
  console.log('README.md: generated blocks updated.');
}
