/**
 * `npm run spec:diff [-- --base REF] [-- --changelog]`: the changes to openapi/konpro.yaml since
 * REF (default: the latest tag, else the last commit of the previous version, else the merge base
 * with main, else the previous commit), each classified breaking / non-breaking / annotation. `--changelog` drafts a CHANGELOG.md entry.
 */
import { classifySpecChanges, nextVersion, requiredBump, type SpecChange } from './spec-changes.js';
import { baseArgument, currentSpec, defaultBase, specAt, versionAt } from './spec-history.js';

const cwd = process.cwd();
const base = baseArgument(process.argv) ?? defaultBase(cwd);
const before = base === undefined ? undefined : specAt(base, cwd);
if (!before) {
  console.log(`No earlier openapi/konpro.yaml to compare with${base ? ` at ${base}` : ''}: nothing to diff.`);
  process.exit(0);
}
const changes = classifySpecChanges(before, currentSpec(cwd));
const list = (level: SpecChange['level']) => changes.filter((c) => c.level === level).map((c) => `- ${c.message}`);

if (process.argv.includes('--changelog')) {
  const version = nextVersion(
    versionAt(base, cwd) ?? '0.0.0',
    versionAt(undefined, cwd) ?? '0.0.0',
    requiredBump(changes),
  );
  const sections = [
    ['Breaking changes to the contract', list('breaking')],
    ['Other changes to the contract', list('non-breaking')],
    ['Documentation of the contract', list('annotation')],
  ] as const;
  console.log(`## ${version} (${new Date().toISOString().slice(0, 10)})\n`);
  for (const [title, items] of sections) if (items.length > 0) console.log(`### ${title}\n\n${items.join('\n')}\n`);
  if (changes.length === 0) console.log('No contract changes.\n');
  process.exit(0);
}

console.log(`Changes to openapi/konpro.yaml since ${base}:`);
if (changes.length === 0) console.log('  none');
for (const change of changes) console.log(`  ${change.level.padEnd(12)} ${change.message}`);
const bump = requiredBump(changes);
console.log(`\nNeeds a ${bump === 'none' ? 'version bump: no (documentation only)' : `${bump} version bump`}.`);
