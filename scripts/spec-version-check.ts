/**
 * `npm run spec:check-version [-- --base REF]` (CI): a breaking change to the spec needs a major
 * bump of package.json's version, a non-breaking one at least a minor or patch bump. Fails with
 * the changes and what to do.
 */
import { fileURLToPath } from 'node:url';
import { classifySpecChanges, requiredBump } from './spec-changes.js';
import { baseArgument, currentSpec, defaultBase, specAt, versionAt } from './spec-history.js';

/** The check's verdict and the lines it prints. */
export function checkSpecVersion(cwd: string, explicitBase?: string): { ok: boolean; lines: string[] } {
  const base = explicitBase ?? defaultBase(cwd);
  const before = base === undefined ? undefined : specAt(base, cwd);
  if (!before || base === undefined)
    return { ok: true, lines: ['spec version check: no earlier spec to compare with; nothing to check.'] };
  const changes = classifySpecChanges(before, currentSpec(cwd));
  const bump = requiredBump(changes);
  const [from, to] = [versionAt(base, cwd) ?? '0.0.0', versionAt(undefined, cwd) ?? '0.0.0'];
  const [fromMajor, fromMinor, fromPatch] = from.split('.').map(Number) as [number, number, number];
  const [toMajor, toMinor, toPatch] = to.split('.').map(Number) as [number, number, number];
  const majorBumped = toMajor > fromMajor;
  const anyBumped =
    majorBumped || (toMajor === fromMajor && (toMinor > fromMinor || (toMinor === fromMinor && toPatch > fromPatch)));
  if (bump === 'none' || (bump === 'major' ? majorBumped : anyBumped)) {
    return {
      ok: true,
      lines: [`spec version check ok: ${changes.length} change(s) since ${base}, version ${from} → ${to}.`],
    };
  }
  const relevant = changes.filter((c) => (bump === 'major' ? c.level === 'breaking' : c.level !== 'annotation'));
  return {
    ok: false,
    lines: [
      `spec version check failed: openapi/konpro.yaml changed since ${base} but package.json's version went ${from} → ${to}.`,
      ...relevant.map((change) => `  ${change.level}: ${change.message}`),
      bump === 'major'
        ? `\nA breaking change needs a major version bump to ${fromMajor + 1}.0.0: run npm version major --no-git-tag-version (it works with the spec edit uncommitted, and writes the version into the spec and src/version.ts), add a CHANGELOG.md entry (npm run spec:diff -- --changelog drafts it), or make the change backwards compatible.`
        : `\nA non-breaking change needs a minor or patch bump to ${fromMajor}.${fromMinor + 1}.0: run npm version minor --no-git-tag-version (it works with the spec edit uncommitted, and writes the version into the spec and src/version.ts) and add a CHANGELOG.md entry (npm run spec:diff -- --changelog drafts it).`,
    ],
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { ok, lines } = checkSpecVersion(process.cwd(), baseArgument(process.argv));
  for (const line of lines) (ok ? console.log : console.error)(line);
  process.exit(ok ? 0 : 1);
}
