/**
 * `npm run spec:update`: the whole effect of a spec edit at once: regenerate generated/, type-check,
 * run the contract suite on the mock, and print the spec diff and the version check.
 */
import { spawnSync } from 'node:child_process';

const steps: Array<[string, string[]]> = [
  ['regenerate generated/', ['run', '--silent', 'generate']],
  ['type check', ['run', '--silent', 'typecheck']],
  ['spec lint', ['run', '--silent', 'lint:spec']],
  ['contract suite on the mock', ['exec', '--', 'vitest', 'run', 'test/contract', 'test/spec.test.ts']],
  ['spec diff', ['run', '--silent', 'spec:diff', '--', ...process.argv.slice(2)]],
  ['version check', ['run', '--silent', 'spec:check-version', '--', ...process.argv.slice(2)]],
];
let failed = 0;
for (const [title, args] of steps) {
  console.log(`\n== ${title}`);
  const { status } = spawnSync('npm', args, { stdio: 'inherit' });
  if (status !== 0) {
    failed++;
    console.log(`(${title} failed)`);
  }
}
console.log(failed === 0 ? '\nspec:update: all steps passed.' : `\nspec:update: ${failed} step(s) failed; see above.`);
process.exit(failed === 0 ? 0 : 1);
