import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import packageJson from '../package.json' with { type: 'json' };
import { formatTime } from '../src/cli/format.js';
import { runCli } from '../src/cli/run-cli.js';
import { freePort } from '../src/cli/start-prism.js';
import { createDriftingFake } from '../src/testing/fake-behaviour.js';
import { createFakeKonpro, type FakeKonproServer } from '../src/testing/index.js';

const API_KEY = 'sk-cli-test-key-31337';
const AVATAR = '3deccfb2-cf96-459c-8b69-f601d6767ea5';
let standIn: FakeKonproServer;
beforeAll(async () => {
  standIn = await createFakeKonpro({ apiKey: API_KEY, agenticAvatarIds: [AVATAR] }).listen();
});
afterAll(() => standIn.close());

async function cli(
  args: string,
  env: Record<string, string | undefined> = { KONPRO_API_KEY: API_KEY, KONPRO_BASE_URL: standIn.url },
  signal?: AbortSignal,
) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args.split(' ').filter(Boolean), {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    env,
    ...(signal ? { signal } : {}),
  });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

describe('konpro-widget', () => {
  test('--help, --version, and help on every command', async () => {
    expect((await cli('--help')).stdout).toMatch(/^konpro-widget .*\n\nUsage: konpro-widget <command>/);
    expect(await cli('--version')).toMatchObject({ code: 0, stdout: packageJson.version });
    for (const command of ['create', 'get', 'delete', 'validate-key', 'mock', 'contract']) {
      const { code, stdout } = await cli(`${command} --help`);
      expect(code, command).toBe(0);
      expect(stdout, command).toMatch(new RegExp(`^Usage: konpro-widget ${command}`));
    }
  });

  test('create → get → delete, human output', async () => {
    const created = await cli(
      `create --avatar ${AVATAR} --max-duration 3600 --domain example.com --domain app.example.com --no-voice-input`,
    );
    expect(created.code).toBe(0);
    const id = created.stdout.match(/session id\s+(\S+)/)![1]!;
    expect(created.stdout).toMatch(/widget URL\s+https:\/\/widget\.konpro\.ai\/embed/);
    expect(created.stdout).toMatch(/expires\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(in (59 minutes|1 hour)\)/);
    const got = await cli(`get ${id}`);
    expect(got).toMatchObject({ code: 0 });
    expect(got.stdout).toMatch(/status\s+active/);
    expect((await cli(`delete ${id}`)).stdout).toMatch(/result\s+Session terminated successfully/);
    expect((await cli(`get ${id}`)).stdout).toMatch(/status\s+terminated/);
  });

  test('--json prints the response for scripts', async () => {
    const { code, stdout } = await cli(`create --avatar ${AVATAR} --json`);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      session_id: expect.any(String),
      session_token: expect.stringMatching(/^ey/),
    });
    expect(JSON.parse((await cli('validate-key --json')).stdout)).toMatchObject({ valid: true, key_id: 'key-001' });
  });

  test('exit codes: 2 usage, 3 API error, 4 network error', async () => {
    expect((await cli('')).code).toBe(2);
    expect((await cli('frobnicate')).code).toBe(2);
    expect((await cli('get')).code).toBe(2);
    expect((await cli('create')).code).toBe(2);
    expect((await cli('create --avatar x --max-duration soon')).stderr).toMatch(
      /--max-duration must be a whole number/,
    );
    expect((await cli(`create --avatar ${AVATAR} --max-duration 0`)).stderr).toMatch(
      /^--max-duration must be >= 1 \(got 0\)\nRun konpro-widget --help for usage\.$/,
    );
    expect((await cli('get x', { KONPRO_BASE_URL: standIn.url })).code).toBe(2);
    const missing = await cli('get session-does-not-exist');
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(
      /^NotFoundError: 404 RESOURCE_NOT_FOUND: Widget session not found\. \(getWidgetSession GET \/v1\/widget\/sessions\/session-does-not-exist, request_id req-\d+\)$/,
    );
    const json = await cli('get session-does-not-exist --json');
    expect(JSON.parse(json.stderr)).toMatchObject({
      error: { status: 404, code: 'RESOURCE_NOT_FOUND', requestId: expect.any(String) },
    });
    const port = await freePort();
    const offline = await cli('validate-key', { KONPRO_API_KEY: API_KEY, KONPRO_BASE_URL: `http://127.0.0.1:${port}` });
    expect(offline.code).toBe(4);
    expect(offline.stderr).toMatch(
      /^KonproConnectionError: validateApiKey POST \/v1\/api-keys\/validate failed without a response/,
    );
  }, 20_000);

  test('errors never print the key', async () => {
    const wrong = await cli('validate-key', { KONPRO_API_KEY: 'sk-wrong-cli-key', KONPRO_BASE_URL: standIn.url });
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).toMatch(/^AuthenticationError: 401 INVALID_API_KEY/);
    expect(wrong.stdout + wrong.stderr).not.toContain('sk-wrong-cli-key');
  });

  test('contract: exit 0 against a compliant server, 3 against a drifting one, report written', async () => {
    const reportDir = mkdtempSync(join(tmpdir(), 'konpro-cli-report-'));
    const fast = { KONPRO_CONTRACT_RATE_LIMIT: '6000/min' };
    try {
      const green = await cli(`contract --avatar ${AVATAR} --report-dir ${reportDir}`, {
        KONPRO_API_KEY: API_KEY,
        KONPRO_BASE_URL: standIn.url,
        ...fast,
      });
      expect(green.code).toBe(0);
      expect(green.stdout).toMatch(/\nVerdict: passed \(\d+ passed, 0 violated, 0 inconclusive, 2 skipped\)\n/);
      expect(green.stdout).toMatch(/^✓ coverage: every operation of the spec was exercised$/m);
      expect(
        JSON.parse(readFileSync(join(reportDir, 'contract-coverage.json'), 'utf8'))[standIn.url].createWidgetSession[
          '201'
        ],
      ).toBe(true);
      const drifting = await createDriftingFake('no-widget-url', {
        apiKey: API_KEY,
        agenticAvatarIds: [AVATAR],
      }).listen();
      const red = await cli(`contract --avatar ${AVATAR} --report-dir ${reportDir} --json`, {
        KONPRO_API_KEY: API_KEY,
        KONPRO_BASE_URL: drifting.url,
        ...fast,
      });
      await drifting.close();
      expect(red.code).toBe(3);
      const schema = JSON.parse(red.stdout).checks.find((c: { check: string }) => c.check === 'schema conformance');
      expect(schema.verdict).toBe('violated');
      expect(schema.results).toContainEqual(
        expect.objectContaining({
          verdict: 'violated',
          path: '$.widget_url',
          message: expect.stringContaining('is required'),
        }),
      );
    } finally {
      rmSync(reportDir, { recursive: true, force: true });
    }
  });

  test('mock serves the stateful fake until interrupted: the contract suite passes against it', async () => {
    const port = await freePort();
    const controller = new AbortController();
    const running = cli(`mock --port ${port}`, { KONPRO_API_KEY: API_KEY }, controller.signal);
    const url = `http://127.0.0.1:${port}`;
    await until(() => fetch(`${url}/v1/api-keys/validate`, { method: 'POST' }).then((r) => r.status === 401));
    const env = { KONPRO_API_KEY: API_KEY, KONPRO_BASE_URL: url, KONPRO_CONTRACT_RATE_LIMIT: '6000/min' };
    const reportDir = mkdtempSync(join(tmpdir(), 'konpro-mock-'));
    const contract = await cli(`contract --avatar ${AVATAR} --report-dir ${reportDir}`, env);
    rmSync(reportDir, { recursive: true, force: true });
    expect(contract.code).toBe(0);
    controller.abort();
    const { code, stdout } = await running;
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Fake KonPro on http:\/\/127\.0\.0\.1:\d+ \(stateful\)$/m);
    expect(stdout).toContain(`export KONPRO_BASE_URL=${url}`);
    expect(stdout).toContain('# it accepts the KONPRO_API_KEY of this environment');
    expect(stdout).not.toContain(API_KEY);
    await expect(fetch(`${url}/v1/api-keys/validate`, { method: 'POST' })).rejects.toThrow();
  }, 30_000);

  test('mock --prism serves Prism until interrupted', async () => {
    const port = await freePort();
    const controller = new AbortController();
    const running = cli(`mock --prism --port ${port}`, {}, controller.signal);
    await until(() =>
      fetch(`http://127.0.0.1:${port}/v1/widget/sessions/session-789`, { headers: { 'x-api-key': 'k' } }).then(
        (r) => r.status === 200,
      ),
    );
    controller.abort();
    const { code, stdout } = await running;
    expect(code).toBe(0);
    expect(stdout).toContain(`Prism mock of the KonPro API on http://127.0.0.1:${port} (stateless)`);
  }, 30_000);

  test.each(['', ' --prism'])('mock%s on a port that is taken: exit 2, a clear message', async (flag) => {
    const busy = await createFakeKonpro({ apiKey: API_KEY, agenticAvatarIds: [AVATAR] }).listen();
    try {
      const port = new URL(busy.url).port;
      const { code, stderr } = await cli(`mock${flag} --port ${port}`, {});
      expect(code).toBe(2);
      expect(stderr).toMatch(
        new RegExp(
          `^--port ${port}( on 127\\.0\\.0\\.1)? is already in use: stop what runs there, or pick another port`,
        ),
      );
    } finally {
      await busy.close();
    }
  });
});

describe("speaking the CLI's language", () => {
  test.each<[string, RegExp]>([
    ['create --domains example.com', /^unknown option --domains \(did you mean --domain\?\)/],
    ['craete --avatar x', /^unknown command "craete" \(did you mean create\?\)/],
    ['create --avatar', /^--avatar needs a value \(--avatar ID\)/],
    ['contract --deep=yes', /^--deep takes no value/],
    [
      `create --avatar ${AVATAR} --domain https://example.com/`,
      /^--domain must be a domain name such as app\.example\.com/,
    ],
    ['get a b', /^get takes exactly SESSION_ID/],
    ['validate-key extra', /^validate-key takes no argument \(got "extra"\)/],
  ])('%s', async (args, message) => {
    const text = await cli(args);
    expect(text.code).toBe(2);
    expect(text.stderr).toMatch(message);
    const json = await cli(`${args} --json`);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stderr).error).toMatchObject({
      name: 'UsageError',
      message: expect.stringMatching(message),
    });
  });

  test('no key: names the variable, not a function of the library', async () => {
    const { code, stderr } = await cli('get session-789', { KONPRO_BASE_URL: standIn.url });
    expect(code).toBe(2);
    expect(stderr).toMatch(/^get needs KONPRO_API_KEY: the API key of your KonPro account/);
  });
});

async function until(ready: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 150; i++) {
    if (await ready().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the server never became ready');
}

describe('formatTime', () => {
  test('absolute UTC time and a relative one in the largest whole unit', () => {
    const now = Date.parse('2024-01-01T00:00:00Z');
    expect(formatTime('2024-01-01T01:00:00Z', now)).toBe('2024-01-01 01:00:00 UTC (in 1 hour)');
    expect(formatTime('2024-01-03T00:00:00Z', now)).toBe('2024-01-03 00:00:00 UTC (in 2 days)');
    expect(formatTime('2023-12-31T23:59:30Z', now)).toBe('2023-12-31 23:59:30 UTC (30 seconds ago)');
    expect(formatTime('not a date', now)).toBe('not a date');
    expect(formatTime('2024-01-01T01:00:00Z', now + 1400)).toBe('2024-01-01 01:00:00 UTC (in 1 hour)');
    expect(formatTime('2024-01-01T01:30:00Z', now)).toBe('2024-01-01 01:30:00 UTC (in 1 hour)');
  });
});
