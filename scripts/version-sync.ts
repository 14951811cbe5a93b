/**
 * `npm run version:sync` (and npm's `version` lifecycle: `npm version minor --no-git-tag-version`
 * runs it): package.json's version is the one version (issue #24). This writes it into the spec's
 * `info.version` and `src/version.ts`, so that a bump is one command, in any order with a spec edit.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The files that restate the version, and how to write it into each. */
const FOLLOWERS: Array<[string, (text: string, version: string) => string]> = [
  // The first `version:` under `info:`, as the spec writes it (a comment or a nested key is left alone).
  [
    'openapi/konpro.yaml',
    (text, version) => text.replace(/^(info:\n(?:[ \t]+.*\n)*?[ \t]+version:[ \t]*).*$/m, `$1${version}`),
  ],
  [
    'src/version.ts',
    (text, version) => text.replace(/export const VERSION = '[^']*';/, `export const VERSION = '${version}';`),
  ],
];

/** Writes package.json's version into every follower; returns the files it changed. */
export function syncVersion(root: string): string[] {
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  const changed: string[] = [];
  for (const [file, write] of FOLLOWERS) {
    const before = readFileSync(join(root, file), 'utf8');
    const after = write(before, version);
    if (after === before) continue;
    writeFileSync(join(root, file), after);
    changed.push(file);
  }
  return changed;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const changed = syncVersion(process.cwd());
  console.log(changed.length === 0 ? 'version: every file already says so.' : `version: wrote ${changed.join(', ')}.`);
}
