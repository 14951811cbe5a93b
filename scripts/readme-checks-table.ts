/**
 * `npm run readme:checks`: writes the contract suite's registry into the README (the table doc
 * sentence → check, and the sentences the four operations cannot observe), between its markers.
 * `test/docs.test.ts` fails when the README's copy is not what the registry renders.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CLEANUP, COVERAGE, OBSERVERS, STEPS, UNOBSERVABLE } from '../src/contract/checks/index.js';

export const BEGIN = '<!-- contract-checks:begin -->';
export const END = '<!-- contract-checks:end -->';
const cell = (text: string) => text.replace(/\|/g, '\\|');

export function renderChecksTable(): string {
  const rows = [
    ...OBSERVERS.map((c) => [c.name, c.sentence, c.page, 'on every answer']),
    ...STEPS.map((c) => [c.name, c.sentence, c.page, `${c.cost}${c.deep ? ` (opt-in: \`--deep\`; ${c.note})` : ''}`]),
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

/** The README with its block replaced by `block`. */
export function withBlock(readme: string, block: string): string {
  const start = readme.indexOf(BEGIN);
  const stop = readme.indexOf(END);
  if (start < 0 || stop < start) throw new Error(`README.md has no ${BEGIN} … ${END} markers`);
  return `${readme.slice(0, start + BEGIN.length)}\n${block}\n${readme.slice(stop)}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync('README.md', withBlock(readFileSync('README.md', 'utf8'), renderChecksTable()));
  console.log('README.md: contract checks table updated.');
}
