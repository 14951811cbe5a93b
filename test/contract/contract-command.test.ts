/**
 * `konpro-widget contract` as CI runs it: options from flags or the environment, the three
 * verdicts and their exit codes, the reports (written atomically, a corrupt one replaced), and
 * cleanup that survives a kill and a Ctrl-C. The server is the testing kit's fake on loopback.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { ALL_CHECKS } from '../../src/contract/checks/index.js';
import { JOURNAL_FILE } from '../../src/contract/journal.js';
import { createDriftingFake } from '../../src/testing/fake-behaviour.js';
import { createFakeKonpro, type FakeKonpro, type FakeKonproServer } from '../../src/testing/index.js';

const API_KEY = 'sk-contract-cli-0123456789';
const AVATAR = '3deccfb2-cf96-459c-8b69-f601d6767ea5';
const BIN = fileURLToPath(new URL('../../src/cli/bin.ts', import.meta.url));

let dir: string;
let fake: FakeKonpro;
let server: FakeKonproServer;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'konpro-contract-'));
  fake = createFakeKonpro({ apiKey: API_KEY, agenticAvatarIds: [AVATAR] });
  server = await fake.listen();
});
afterEach(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const env = (extra: Record<string, string> = {}) => ({
  KONPRO_API_KEY: API_KEY,
  KONPRO_BASE_URL: server.url,
  KONPRO_AGENTIC_AVATAR_ID: AVATAR,
  KONPRO_CONTRACT_RATE_LIMIT: '6000/min',
  ...extra,
});

async function contract(args: string, environment: Record<string, string | undefined> = env()) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['contract', '--report-dir', dir, ...args.split(' ').filter(Boolean)], {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    env: environment,
  });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

const activeOn = (f: FakeKonpro) => f.sessions.filter((s) => s.status === 'active');

describe('verdicts and exit codes', () => {
  test('passed: exit 0; every report written; the key in none of them', async () => {
    const summaryFile = join(dir, 'step-summary.md');
    writeFileSync(summaryFile, '# earlier step\n');
    const { code, stdout } = await contract('', env({ GITHUB_STEP_SUMMARY: summaryFile }));
    expect(code).toBe(0);
    expect(stdout).toMatch(/left active: 0/);
    const junit = readFileSync(join(dir, 'contract-junit.xml'), 'utf8');
    expect(junit.match(/<testcase /g)).toHaveLength(ALL_CHECKS.length);
    // Skipped: the opt-in expiry, and the probe check whose turn in the rotation it was not.
    expect(junit).toMatch(/failures="0" skipped="2"/);
    const summary = readFileSync(join(dir, 'contract-summary.md'), 'utf8');
    expect(summary).toMatch(/^## KonPro contract: passed\n/);
    expect(readFileSync(summaryFile, 'utf8')).toBe(`# earlier step\n${summary}`);
    for (const file of [
      'contract-junit.xml',
      'contract-summary.md',
      'contract-coverage.json',
      JOURNAL_FILE,
      'step-summary.md',
    ]) {
      expect(readFileSync(join(dir, file), 'utf8'), file).not.toContain(API_KEY);
    }
    expect(activeOn(fake)).toEqual([]);
  });

  test('violated: exit 3; JUnit failures and a reproduction with $KONPRO_API_KEY and the request id', async () => {
    const drifting = createDriftingFake('ignores-max-duration', { apiKey: API_KEY, agenticAvatarIds: [AVATAR] });
    const other = await drifting.listen();
    try {
      const { code, stdout } = await contract('', env({ KONPRO_BASE_URL: other.url }));
      expect(code).toBe(3);
      expect(stdout).toMatch(/^✗ expiry reflects max_duration/m);
      expect(stdout).toMatch(
        /reproduce: curl -i -X POST '.*\/v1\/widget\/sessions' -H "x-api-key: \$KONPRO_API_KEY" -H 'content-type: application\/json' --data-raw '\{"agentic_avatar_id"/,
      );
      expect(stdout).toMatch(/exchange: createWidgetSession 201, request_id req-\d+/);
      const junit = readFileSync(join(dir, 'contract-junit.xml'), 'utf8');
      expect(junit).toMatch(
        /<testcase classname="konpro.contract" name="expiry reflects max_duration">\s*<failure message="/,
      );
      expect(readFileSync(join(dir, 'contract-summary.md'), 'utf8')).toMatch(/### Violations[\s\S]*```sh\n {2}curl /);
      expect(activeOn(drifting)).toEqual([]);
    } finally {
      await other.close();
    }
  });

  test('inconclusive: exit 5; skipped with a reason in JUnit, apart from violations', async () => {
    const { code, stdout } = await contract('--max-requests 12');
    expect(code).toBe(5);
    expect(stdout).toMatch(/Verdict: inconclusive \(\d+ passed, 0 violated, [1-9]\d* inconclusive/);
    expect(readFileSync(join(dir, 'contract-junit.xml'), 'utf8')).toMatch(
      /<skipped message="inconclusive: not run: it needs \d+ more requests/,
    );
    expect(activeOn(fake)).toEqual([]);
  });

  test('a rejected key: exit 2 with one message; unreachable: exit 4', async () => {
    const rejected = await contract('', env({ KONPRO_API_KEY: 'sk-wrong-0123456789' }));
    expect(rejected.code).toBe(2);
    expect(rejected.stderr).toMatch(
      /^The API key was rejected by validateApiKey \(401 INVALID_API_KEY\) and by getWidgetSession \(401\)\. Check KONPRO_API_KEY\.$/,
    );
    const unreachable = await contract('', env({ KONPRO_BASE_URL: 'http://127.0.0.1:9' }));
    expect(unreachable.code).toBe(4);
  });

  test('options from the environment, as a CI job sets them without changing the command', async () => {
    const { stdout } = await contract(
      '',
      env({ KONPRO_CONTRACT_RATE_LIMIT: '3000/min', KONPRO_CONTRACT_MAX_REQUESTS: '40' }),
    );
    expect(stdout).toMatch(/^plan: 20 requests \(full; budget 40\), one every 0\.0 s for 3000 per 60 s/m);
    const flags = await contract('--rate-limit 3000/min --max-requests 45 --json');
    expect(JSON.parse(flags.stdout).plan).toMatchObject({ maxRequests: 45, intervalMs: 21 });
  });

  test.each([
    ['--rate-limit fast', /--rate-limit \(or KONPRO_CONTRACT_RATE_LIMIT\) must look like 10\/min, got "fast"/],
    ['--max-requests 0', /--max-requests \(or KONPRO_CONTRACT_MAX_REQUESTS\) must be a whole number ≥ 1, got "0"/],
  ])('%s: exit 2 naming the flag, as JSON under --json', async (args, message) => {
    const text = await contract(args);
    expect(text.code).toBe(2);
    expect(text.stderr).toMatch(message);
    const json = await contract(`${args} --json`);
    expect(JSON.parse(json.stderr).error.message).toMatch(message);
  });

  test('a corrupt or half-written coverage file is replaced, not fatal', async () => {
    writeFileSync(join(dir, 'contract-coverage.json'), '{"mock": {"createWidgetSession": {"201": tr');
    const { code } = await contract('');
    expect(code).toBe(0);
    // Filed under the real target, beside the mock's column.
    const coverage = JSON.parse(readFileSync(join(dir, 'contract-coverage.json'), 'utf8'));
    expect(coverage[server.url].createWidgetSession['201']).toBe(true);
  });
});

describe('cleanup that survives a crash', () => {
  function startChild(extra: Record<string, string> = {}): ChildProcess {
    return spawn(process.execPath, ['--import', 'tsx', BIN, 'contract', '--report-dir', dir], {
      env: { ...process.env, ...env({ KONPRO_CONTRACT_RATE_LIMIT: '300/min', ...extra }) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  }
  /** Until the journal holds a session, or (with `created`) as many as that says were created (-1: not yet). */
  async function untilJournaled(created?: () => number): Promise<void> {
    const file = join(dir, JOURNAL_FILE);
    for (let i = 0; i < 400; i++) {
      const entries = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')).entries.length : 0;
      if (entries > 0 && (created === undefined || entries === created())) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error('the child never journaled a session');
  }
  const exited = (child: ChildProcess) =>
    new Promise<number | null>((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? -1 : null))));

  test('killed midway (SIGKILL), the next run deletes what it left, and never a session it did not create', async () => {
    const foreign = {
      baseUrl: 'https://other.example',
      key: '0000000000000000',
      sessionId: 'session-not-ours',
      createdAt: '2026-01-01T00:00:00.000Z',
    };
    const child = startChild();
    await untilJournaled();
    // Killed between two requests, not between KonPro's answer and the journal's write (a session
    // lost there is one no journal can know of; it ends by its max_duration): the run's next request
    // stalls (it sends one at a time), and the kill waits for it and for each session created so
    // far to be journaled.
    fake.failNext({ kind: 'stall' });
    const created = () => fake.requests.filter((r) => r.operationId === 'createWidgetSession' && r.status === 201);
    await untilJournaled(() => (fake.requests.some((r) => r.status === 0) ? created().length : -1));
    child.kill('SIGKILL');
    await exited(child);
    expect(activeOn(fake).length, 'the killed run left a session active').toBeGreaterThan(0);
    const file = join(dir, JOURNAL_FILE);
    const journal = JSON.parse(readFileSync(file, 'utf8'));
    writeFileSync(file, JSON.stringify({ ...journal, entries: [...journal.entries, foreign] }));

    const { code, stdout } = await contract('--json');
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.cleanedFromEarlierRun).toBeGreaterThan(0);
    expect(report.leftActive).toEqual([]);
    expect(activeOn(fake)).toEqual([]);
    expect(fake.requests.filter((r) => r.path.endsWith('session-not-ours'))).toEqual([]);
    expect(JSON.parse(readFileSync(file, 'utf8')).entries).toEqual([foreign]);
  }, 30_000);

  test('Ctrl-C (SIGINT): no new check starts, everything created is deleted, reports say so, exit 130', async () => {
    const child = startChild();
    let output = '';
    child.stdout!.on('data', (d) => (output += d));
    await untilJournaled();
    child.kill('SIGINT');
    expect(await exited(child)).toBe(130);
    expect(activeOn(fake)).toEqual([]);
    expect(output).toMatch(/left active: 0/);
    expect(readFileSync(join(dir, 'contract-summary.md'), 'utf8')).toMatch(
      /\*\*Stopped early:\*\* The run was interrupted\./,
    );
  }, 30_000);
});
