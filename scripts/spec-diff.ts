/**
 * `npm run spec:diff [-- --base REF] [-- --changelog]`: the changes to openapi/konpro.yaml since
 * REF, each classified breaking / non-breaking / annotation. The default REF is HEAD while the
 * spec has uncommitted edits (your edit, alone); else the release base the version check uses
 * (see `defaultBase`). `--changelog` drafts a CHANGELOG.md entry, under the heading CHANGELOG.md
 * uses for the next version: `## Unreleased (x.y.z)`.
 */
import { classifySpecChanges, nextVersion, requiredBump, type SpecChange } from './spec-changes.js';
import { baseArgument, currentSpec, defaultBase, specAt, specEdited, versionAt } from './spec-history.js';

const cwd = process.cwd();
const base = baseArgument(process.argv) ?? (specEdited(cwd) ? 'HEAD' : defaultBase(cwd));
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
  console.log(`## Unreleased (${version})\n`);
  for (const [title, items] of sections) if (items.length > 0) console.log(`### ${title}\n\n${items.join('\n')}\n`);
  if (changes.length === 0) console.log('No contract changes.\n');
  process.exit(0);
}

console.log(`Changes to openapi/konpro.yaml since ${base}:`);
if (changes.length === 0) console.log('  none');
for (const change of changes) console.log(`  ${change.level.padEnd(12)} ${change.message}`);
const bump = requiredBump(changes);
console.log(`\nNeeds a ${bump === 'none' ? 'version bump: no (documentation only)' : `${bump} version bump`}.`);
