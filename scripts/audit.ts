/**
 * `npm run audit`: `npm audit --omit=dev` on the runtime dependencies. Exits 1 when it reports a
 * vulnerability. When the audit endpoint cannot be reached (offline, or a registry mirror without
 * it), it says so loudly and exits 0, or 1 with `--strict`: it never passes silently.
 */
import { spawnSync } from 'node:child_process';

const strict = process.argv.includes('--strict');
const result = spawnSync('npm', ['audit', '--omit=dev', '--json'], { encoding: 'utf8' });
let report: { vulnerabilities?: Record<string, { severity: string }>; message?: string | undefined } = {};
try {
  report = JSON.parse(result.stdout);
} catch {
  report = { message: (result.stderr || result.stdout || 'no output').trim().split('\n').at(-1) };
}

if (!report.vulnerabilities) {
  console.log(
    `NOT CHECKED: npm audit could not reach the audit endpoint (${report.message ?? `exit ${result.status}`}).`,
  );
  console.log('Runtime dependencies were not audited. Run `npm run audit` where the npm registry is reachable.');
  process.exit(strict ? 1 : 0);
}
const found = Object.entries(report.vulnerabilities);
for (const [name, { severity }] of found) console.log(`${severity}: ${name}`);
console.log(
  found.length === 0
    ? 'npm audit --omit=dev: no known vulnerability in runtime dependencies.'
    : `${found.length} vulnerable runtime dependencies.`,
);
process.exit(found.length === 0 ? 0 : 1);
