/**
 * `npm run reliability`: runs the fault-injection suite (test/faults.test.ts), then writes what it
 * observed into the reliability guide's table (docs/reliability-and-security.md), between its markers.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';

const run = spawnSync('npx', ['vitest', 'run', 'test/faults.test.ts'], { stdio: 'inherit' });
if (run.status !== 0) process.exit(run.status ?? 1);

interface Observation {
  scenario: string;
  operationId: string;
  outcome: string;
  seen: number;
  ms: number;
}
const report = JSON.parse(readFileSync('reports/reliability.json', 'utf8')) as {
  timeoutMs: number;
  stallTimeoutMs: number;
  maxRetries: number;
  scenarios: Record<string, string>;
  observations: Observation[];
};
const operations = ['createWidgetSession', 'validateApiKey', 'getWidgetSession', 'deleteWidgetSession'];
const cell = (o: Observation | undefined) =>
  o ? `${o.outcome === 'ok' ? 'ok' : o.outcome}, ${o.seen} req, ${(o.ms / 1000).toFixed(2)} s` : 'not run';
const rows = Object.entries(report.scenarios).map(([scenario, expected]) => {
  const cells = operations.map((op) =>
    cell(report.observations.find((o) => o.scenario === scenario && o.operationId === op)),
  );
  return `| ${scenario} | ${expected} | ${cells.join(' | ')} |`;
});
const table = [
  `Observed by \`npm run reliability\` on ${new Date().toISOString().slice(0, 10)} (Node ${process.versions.node}, ${cpus().length} cores, shared machine), with \`maxRetries: ${report.maxRetries}\` and \`timeoutMs: ${report.stallTimeoutMs}\` in the stall scenarios (${report.timeoutMs} elsewhere). "req" counts the requests the fault server saw; times are wall-clock for the whole call, retries and waits included.`,
  '',
  '| scenario | expected behaviour | create (POST) | validate (POST) | get | delete |',
  '|---|---|---|---|---|---|',
  ...rows,
].join('\n');

const GUIDE = 'docs/reliability-and-security.md';
const readme = readFileSync(GUIDE, 'utf8');
const begin = '<!-- reliability:begin -->';
const end = '<!-- reliability:end -->';
const start = readme.indexOf(begin);
const stop = readme.indexOf(end);
if (start < 0 || stop < start) throw new Error(`${GUIDE} has no ${begin} … ${end} markers`);
writeFileSync(GUIDE, `${readme.slice(0, start + begin.length)}\n${table}\n${readme.slice(stop)}`);
console.log(`${GUIDE}: Reliability table updated.`);
