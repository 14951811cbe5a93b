/**
 * The drift alarm in production (issue #23): `validateResponses: 'report'` hands KonPro's data on
 * as it came and reports every drift (the hook, a de-duplicated warn line, the totals), sampled,
 * never throwing, never quoting a value or the key. Reuses the contract suite's drifts: each one
 * the fake can show in an answer is reported while the calls succeed.
 */

import {
  type ContractViolationReport,
  createKonproClient,
  InternalServerError,
  KonproConfigError,
} from 'konpro-widget-sessions';
import { createWidgetSessionHandler } from 'konpro-widget-sessions/server';
import { createFakeKonpro } from 'konpro-widget-sessions/testing';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { runCli } from '../src/cli/run-cli.js';
import { createDriftingFake, DRIFTS, type Drift } from '../src/testing/fake-behaviour.js';
import { AVATAR, CREATED, SESSION } from './helpers/loopback-server.js';
import { json } from './helpers/recording-fetch.js';

const KEY = 'sk-drift-report-0123456789';
const TOKEN_LIKE = 'eyJhbGciOiJIUzI1NiJ9.c2VjcmV0LXZhbHVl.c2ln';

function reporting(fetch: (url: string, init: RequestInit) => Promise<Response>, extra = {}) {
  const reports: ContractViolationReport[] = [];
  const lines: string[] = [];
  const logger = {
    error: (m: string) => lines.push(m),
    warn: (m: string) => lines.push(m),
    info: (m: string) => lines.push(`info: ${m}`),
    debug: () => {},
  };
  const konpro = createKonproClient({
    apiKey: KEY,
    fetch,
    validateResponses: 'report',
    onContractViolation: (report) => void reports.push(report),
    logger,
    logLevel: 'info',
    maxRetries: 0,
    ...extra,
  });
  return { konpro, reports, lines };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("validateResponses: 'report'", () => {
  test('a 2xx that breaks its schema: the call succeeds with the data as it came, and the drift is reported', async () => {
    const { widget_url: _dropped, ...withoutUrl } = CREATED;
    const { konpro, reports, lines } = reporting(async () =>
      json(201, { ...withoutUrl, session_id: 42, extra: TOKEN_LIKE }, { 'x-request-id': 'req-drift-1' }),
    );
    const created = await konpro.widgetSessions.create({ agentic_avatar_id: AVATAR, settings: {} });
    expect(created).toMatchObject({ session_id: 42, extra: TOKEN_LIKE });
    expect(reports).toEqual([
      {
        operationId: 'createWidgetSession',
        method: 'POST',
        path: '/v1/widget/sessions',
        status: 201,
        requestId: 'req-drift-1',
        problems: expect.arrayContaining([
          { path: 'widget_url', rule: 'required', expected: 'present' },
          { path: 'session_id', rule: 'type', expected: 'a string' },
        ]),
      },
    ]);
    expect(lines).toEqual([
      expect.stringMatching(
        /^konpro: createWidgetSession POST \/v1\/widget\/sessions answered 201 off the contract: .*widget_url required \(expected present\).*\(request_id req-drift-1\)$/,
      ),
    ]);
    // Never a value: not the number the server sent, not the token-like string, not the key.
    for (const text of [JSON.stringify(reports), ...lines]) {
      expect(text).not.toContain(TOKEN_LIKE);
      expect(text).not.toMatch(/\b42\b/);
      expect(text).not.toContain(KEY);
    }
  });

  test.each<[string, () => Response, RegExp]>([
    [
      'a status the operation does not declare',
      () => json(202, SESSION),
      /\(status\) declared status \(expected one of 200, 400/,
    ],
    [
      'a 2xx whose media type is not JSON',
      () => new Response(JSON.stringify(SESSION), { status: 200, headers: { 'content-type': 'text/plain' } }),
      /\(content-type\) media type \(expected application\/json\)/,
    ],
  ])('%s: reported, and the call succeeds', async (_name, answer, line) => {
    const { konpro, reports, lines } = reporting(async () => answer());
    expect(await konpro.widgetSessions.get('session-789')).toEqual(SESSION);
    expect(reports).toHaveLength(1);
    expect(lines[0]).toMatch(line);
  });

  test('an error body of another shape: the call throws its API error as ever, and the shape is reported', async () => {
    const { konpro, reports } = reporting(async () => json(500, { message: 'upstream blew up' }));
    await expect(konpro.widgetSessions.get('session-789')).rejects.toBeInstanceOf(InternalServerError);
    expect(reports[0]?.problems).toEqual(
      expect.arrayContaining([{ path: 'error', rule: 'required', expected: 'present' }]),
    );
  });

  test('an undocumented error code is noted at info (the set is open), not reported as a drift', async () => {
    const { konpro, reports, lines } = reporting(async () =>
      json(404, { error: { code: 'SESSION_GONE', message: 'gone' }, request_id: 'req-1' }),
    );
    await expect(konpro.widgetSessions.get('session-789')).rejects.toMatchObject({ code: 'SESSION_GONE' });
    expect(reports).toEqual([]);
    expect(lines).toEqual([
      expect.stringMatching(
        /^info: konpro: getWidgetSession answered 404 with an undocumented error code SESSION_GONE/,
      ),
    ]);
  });

  test('a hook that throws, or rejects, never breaks the call: it is logged', async () => {
    for (const onContractViolation of [
      () => {
        throw new Error('dashboard down');
      },
      () => Promise.reject(new Error('dashboard down')),
    ]) {
      const { konpro, lines } = reporting(async () => json(200, { ...SESSION, status: 7 }), { onContractViolation });
      expect(await konpro.widgetSessions.get('session-789')).toMatchObject({ status: 7 });
      await new Promise((resolve) => setImmediate(resolve));
      expect(lines).toContainEqual(expect.stringMatching(/onContractViolation threw: dashboard down/));
    }
  });

  test('de-duplicated: 300 drifting calls in a minute log one line; the next minute says how many more', async () => {
    let now = Date.parse('2026-12-01T10:00:00Z');
    vi.spyOn(Date, 'now').mockImplementation(() => now);
    const { konpro, reports, lines } = reporting(async () => json(200, { ...SESSION, status: 7 }));
    for (let i = 0; i < 300; i++) await konpro.widgetSessions.get('session-789');
    expect(reports).toHaveLength(300);
    expect(lines).toHaveLength(1);
    now += 60_000;
    await konpro.widgetSessions.get('session-789');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/\(and 299 more like it since the last line\)$/);
    expect(konpro.contractViolations()).toEqual({
      checked: 301,
      skipped: 0,
      violations: [{ operationId: 'getWidgetSession', signature: '200 status type', count: 301 }],
    });
  });

  test('sampled: the first 10 answers of each operation are always judged, then sampleRate of them', async () => {
    const { konpro, reports } = reporting(async () => json(200, { ...SESSION, status: 7 }), { sampleRate: 0.25 });
    const draws = [0.1, 0.5, 0.3, 0.2, 0.9, 0.24, 0.26, 0.0, 0.99, 0.7];
    vi.spyOn(Math, 'random').mockImplementation(() => draws.shift() ?? 0.5);
    for (let i = 0; i < 20; i++) await konpro.widgetSessions.get('session-789');
    // 10 always, then 0.1, 0.2, 0.24 and 0.0 fall under 0.25.
    expect(reports).toHaveLength(14);
    expect(konpro.contractViolations()).toMatchObject({ checked: 14, skipped: 6 });
  });

  test('per call, validateResponses overrides the client’s; a client without report mode reports nothing and counts nothing', async () => {
    const answer = async () => json(200, { ...SESSION, status: 7 });
    const plain = createKonproClient({ apiKey: KEY, fetch: answer });
    expect(await plain.widgetSessions.get('s')).toMatchObject({ status: 7 });
    expect(plain.contractViolations()).toEqual({ checked: 0, skipped: 0, violations: [] });
    const reports: ContractViolationReport[] = [];
    const onContractViolation = (r: ContractViolationReport) => void reports.push(r);
    const client = createKonproClient({ apiKey: KEY, fetch: answer, onContractViolation, logLevel: 'off' });
    await client.widgetSessions.get('s', { validateResponses: 'report' });
    expect(reports).toHaveLength(1);
    await expect(client.widgetSessions.get('s', { validateResponses: true })).rejects.toThrow(/status must be/);
  });

  test.each([
    [{ validateResponses: 'yes' }, 'validateResponses'],
    [{ sampleRate: 1.5 }, 'sampleRate'],
    [{ sampleRate: Number.NaN }, 'sampleRate'],
    [{ onContractViolation: 'log' }, 'onContractViolation'],
  ])('bad options: %j → KonproConfigError naming %s', (options, option) => {
    expect(() => createKonproClient({ apiKey: KEY, ...(options as object) })).toThrow(
      expect.objectContaining({ option, constructor: KonproConfigError }),
    );
  });
});

describe("the contract suite's drifts, seen in production", () => {
  const ANSWER_DRIFTS = (Object.keys(DRIFTS) as Drift[]).filter((d) =>
    ['schema conformance', 'status conformance', 'content-type conformance'].includes(DRIFTS[d].check),
  );

  test.each(ANSWER_DRIFTS)('%s: reported, and every 2xx call still succeeds', async (drift) => {
    const fake = createDriftingFake(drift, { apiKey: KEY, agenticAvatarIds: [AVATAR] });
    const { konpro, reports } = reporting(fake.fetch);
    const created = await konpro.widgetSessions.create({ agentic_avatar_id: AVATAR, settings: {} });
    await konpro.widgetSessions.get(created.session_id);
    await konpro.apiKeys.validate();
    await konpro.widgetSessions.get('session-never-created').catch(() => undefined);
    await konpro.widgetSessions.delete(created.session_id);
    expect(reports.length, DRIFTS[drift].description).toBeGreaterThan(0);
  });
});

describe('the rest of the package reports too', () => {
  test("the token handler's client is in report mode by default: a drift in what the page receives is a warn line on the server", async () => {
    const createDrift = createDriftingFake('no-widget-url', { apiKey: KEY, agenticAvatarIds: [AVATAR] });
    const lines: string[] = [];
    const logger = {
      error: (m: string) => lines.push(m),
      warn: (m: string) => lines.push(m),
      info: () => {},
      debug: () => {},
    };
    const handler = createWidgetSessionHandler({
      // The client's own default: validateResponses false; the handler makes its calls in report mode.
      client: createKonproClient({ apiKey: KEY, fetch: createDrift.fetch, logger, logLevel: 'warn' }),
      agenticAvatarId: AVATAR,
      authorize: () => 'alice',
      logger: { error: () => {}, warn: () => {} },
    });
    await handler(new Request('https://app.example.com/api/widget-session', { method: 'POST' }));
    expect(lines).toContainEqual(
      expect.stringMatching(
        /createWidgetSession POST \/v1\/widget\/sessions answered 201 off the contract: widget_url required/,
      ),
    );
  });

  test('konpro-widget prints a warning line on drift, and the command still succeeds', async () => {
    const fake = createDriftingFake('epoch-timestamps', { apiKey: KEY, agenticAvatarIds: [AVATAR] });
    const server = await fake.listen();
    try {
      const created = await createKonproClient({ apiKey: KEY, baseUrl: server.url }).widgetSessions.create({
        agentic_avatar_id: AVATAR,
        settings: {},
      });
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli(['get', created.session_id], {
        stdout: (t) => out.push(t),
        stderr: (t) => err.push(t),
        env: { KONPRO_API_KEY: KEY, KONPRO_BASE_URL: server.url },
      });
      expect(code).toBe(0);
      expect(err.join('\n')).toMatch(
        /^konpro: getWidgetSession GET \/v1\/widget\/sessions\/session-[\w-]+ answered 200 off the contract: created_at type/m,
      );
    } finally {
      await server.close();
    }
  });

  test('a compliant fake: report mode reports nothing', async () => {
    const fake = createFakeKonpro({ apiKey: KEY, agenticAvatarIds: [AVATAR] });
    const { konpro, reports } = reporting(fake.fetch);
    const created = await konpro.widgetSessions.create({ agentic_avatar_id: AVATAR, settings: { max_duration: 60 } });
    await konpro.widgetSessions.get(created.session_id);
    await konpro.widgetSessions.delete(created.session_id);
    await konpro.apiKeys.validate();
    expect(reports).toEqual([]);
    expect(konpro.contractViolations()).toEqual({ checked: 4, skipped: 0, violations: [] });
  });
});

describe("the README's OpenTelemetry recipe", () => {
  test('observes the drifts by operation and signature, and the answers checked', async () => {
    const { exportContractViolations } = await import('../examples/snippets/drift-metrics.js');
    const callbacks = new Map<
      string,
      (result: { observe(value: number, attributes?: Record<string, string>): void }) => void
    >();
    const meter = {
      createObservableCounter: (name: string) => ({ addCallback: (read: never) => void callbacks.set(name, read) }),
    };
    const { konpro } = reporting(async () => json(200, { ...SESSION, status: 7 }));
    exportContractViolations(meter, konpro);
    for (let i = 0; i < 3; i++) await konpro.widgetSessions.get('session-789');
    const observed: Array<[string, number, Record<string, string> | undefined]> = [];
    for (const [name, read] of callbacks)
      read({ observe: (value, attributes) => observed.push([name, value, attributes]) });
    expect(observed).toEqual([
      ['konpro.contract_violations', 3, { operation: 'getWidgetSession', signature: '200 status type' }],
      ['konpro.answers_checked', 3, undefined],
    ]);
  });
});
