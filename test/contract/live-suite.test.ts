/**
 * The live contract run, proven against the fake KonPro (src/testing/): green on every reading
 * the docs allow, red with the right check for every drift, nothing left active. The fake and
 * the run share a virtual clock, so a Free Trial run paced at 10 requests a minute takes no time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ALL_CHECKS, RUN_ORDER } from '../../src/contract/checks/index.js';
import { type LiveContractOptions, runLiveContract } from '../../src/contract/live-contract.js';
import { createDriftingFake, DRIFTS, type Drift } from '../../src/testing/fake-behaviour.js';
import { createFakeKonpro, type FakeKonpro, type FakeKonproOptions } from '../../src/testing/index.js';
import type { FetchLike } from '../../src/types.js';
import { virtualClock } from '../helpers/virtual-clock.js';

const API_KEY = 'sk-live-fake-0123456789';
const AVATAR = '3deccfb2-cf96-459c-8b69-f601d6767ea5';

interface Setup {
  fake?: Partial<FakeKonproOptions>;
  drift?: Drift;
  run?: Partial<LiveContractOptions>;
  /** Wraps the fake's fetch (to fail a given request, say). */
  wrap?: (fetch: FetchLike, fake: FakeKonpro) => FetchLike;
}

async function runAgainst({ fake: fakeOptions = {}, drift, run = {}, wrap }: Setup = {}) {
  const clock = virtualClock();
  const options = { apiKey: API_KEY, agenticAvatarIds: [AVATAR], now: clock.now, ...fakeOptions };
  const fake = drift ? createDriftingFake(drift, options) : createFakeKonpro(options);
  const lines: string[] = [];
  const report = await runLiveContract({
    baseUrl: 'https://api.konpro.ai',
    apiKey: API_KEY,
    agenticAvatarId: AVATAR,
    fetch: wrap ? wrap(fake.fetch, fake) : fake.fetch,
    clock,
    log: (l) => lines.push(l),
    ...run,
  });
  const active = fake.sessions.filter((s) => s.status === 'active');
  return { report, lines, fake, active, clock };
}

const violatedChecks = (report: Awaited<ReturnType<typeof runLiveContract>>) => [
  ...new Set(report.violations.map((v) => v.check)),
];

describe('compliant servers: every reading the docs allow passes, nothing is left active', () => {
  const variations: Array<[string, Setup]> = [
    ['the documented defaults', {}],
    ['create answers 200', { fake: { createdStatus: 200 } }],
    ['a wrong key gets 200 "valid": false', { fake: { rejectedKeyAnswer: 'valid-false' } }],
    ['an ended session reads as 404', { fake: { endedSessionRead: 404 } }],
    ['a second delete answers 200 (idempotent)', { fake: { repeatedDelete: 200 } }],
    ['an unknown avatar answers 404', { fake: { unknownAvatarStatus: 404 } }],
    ['a default duration of 10 minutes', { fake: { defaultMaxDuration: 600 } }],
    ['the Free Trial plan, no Retry-After, the default pacing', { fake: { plan: 'free-trial' } }],
    [
      'the Free Trial plan, with Retry-After, run unpaced',
      {
        fake: { plan: 'free-trial', retryAfterOnRateLimit: true },
        run: { rateLimit: { requests: 1000, windowMs: 60_000 } },
      },
    ],
    [
      'the Free Trial plan, no Retry-After, run unpaced',
      { fake: { plan: 'free-trial' }, run: { rateLimit: { requests: 1000, windowMs: 60_000 } } },
    ],
    ['the Pro plan at its own pace', { fake: { plan: 'pro' }, run: { rateLimit: { requests: 60, windowMs: 60_000 } } }],
    [
      'a transient 503 with Retry-After in the middle of the run',
      {
        wrap: (fetch, fake) => {
          let n = 0;
          return (url, init) => {
            if (++n === 6) fake.failNext({ status: 503, retryAfterSeconds: 2 }, 2);
            return fetch(url, init);
          };
        },
      },
    ],
    [
      'a 503 without Retry-After, then answers',
      {
        wrap: (fetch, fake) => {
          fake.failNext({ status: 503 });
          return fetch;
        },
      },
    ],
    [
      'every reading at once, deep',
      {
        fake: {
          createdStatus: 200,
          endedSessionRead: 404,
          repeatedDelete: 200,
          rejectedKeyAnswer: 'valid-false',
          unknownAvatarStatus: 404,
        },
        run: { deep: true },
      },
    ],
  ];

  test.each(variations)('%s', async (_name, setup) => {
    const { report, active, fake } = await runAgainst(setup);
    expect(report.violations).toEqual([]);
    expect(report.results.filter((r) => r.verdict === 'inconclusive')).toEqual([]);
    expect(report.verdict).toBe('passed');
    expect(active).toEqual([]);
    expect(report.leftActive).toEqual([]);
    expect(report.requests).toBeLessThanOrEqual(report.plan.maxRequests + 10);
    expect(fake.requests.length).toBe(report.requests);
  });

  test('a Free Trial run paced by default meets no 429 at all, and stays within the daily 100', async () => {
    const { report, fake, clock } = await runAgainst({ fake: { plan: 'free-trial' } });
    expect(fake.requests.filter((r) => r.status === 429)).toEqual([]);
    expect(report.requests).toBeLessThanOrEqual(50);
    expect(clock.now() - Date.parse('2026-06-01T12:00:00Z')).toBeGreaterThan(report.requests * 6000 * 0.9);
  });

  test('every check of the registry reports, each naming its doc sentence', async () => {
    const { report } = await runAgainst({ run: { deep: true, allProbes: true } });
    expect(report.checks.map((c) => c.check)).toEqual(ALL_CHECKS.map((c) => c.name));
    for (const c of report.checks) {
      expect(c.verdict, c.check).toBe('passed');
      expect(c.sentence.length, c.check).toBeGreaterThan(20);
    }
  });

  test('opt-in checks are skipped unless deep, and say so', async () => {
    const { report } = await runAgainst();
    expect(report.checks.find((c) => c.check === 'expiry')).toMatchObject({ verdict: 'skipped', results: [] });
  });
});

describe('drifting servers: each drift fails the run with its check, nothing is left active', () => {
  test.each(Object.keys(DRIFTS) as Drift[])('%s', async (drift) => {
    const { report, active } = await runAgainst({ drift, run: { deep: true, allProbes: true } });
    expect(violatedChecks(report)).toContain(DRIFTS[drift].check);
    expect(report.verdict).toBe('violated');
    expect(active).toEqual([]);
  });

  test('every check that can fail has a drift proving it', () => {
    const proven = new Set(Object.values(DRIFTS).map((d) => d.check));
    const unproven = RUN_ORDER.map((s) => s.name).filter((name) => !proven.has(name));
    expect(unproven).toEqual([]);
  });

  test('a violation names the check, operation, status, JSON path, value, request id and a reproduction', async () => {
    const { report } = await runAgainst({ drift: 'epoch-timestamps' });
    const violation = report.violations.find((v) => v.check === 'schema conformance' && v.path === '$.expires_at');
    expect(violation).toMatchObject({
      operationId: 'getWidgetSession',
      status: 200,
      path: '$.expires_at',
      value: expect.any(Number),
      requestId: expect.stringMatching(/^req-/),
      reproduction: expect.stringMatching(
        /^curl -i -X GET 'https:\/\/api\.konpro\.ai\/v1\/widget\/sessions\/session-[\w-]+' -H "x-api-key: \$KONPRO_API_KEY"$/,
      ),
    });
    expect(JSON.stringify(report)).not.toContain(API_KEY);
  });
});

describe('truth on every plan: the run reports what it could not check, apart', () => {
  test('a budget too small: the checks that do not fit are inconclusive, not violated', async () => {
    const { report, active } = await runAgainst({ run: { maxRequests: 10 } });
    expect(report.verdict).toBe('inconclusive');
    expect(report.violations).toEqual([]);
    expect(report.results.filter((r) => r.verdict === 'inconclusive').map((r) => r.message)).toContainEqual(
      expect.stringMatching(/needs \d+ more requests than --max-requests 10 allows/),
    );
    expect(active).toEqual([]);
  });

  test('rate-limited past every wait: inconclusive, and the exchange it reports is its own', async () => {
    const { report, active } = await runAgainst({
      fake: { plan: { perMinute: 1000, perDay: 12 } },
      run: { maxWaitMs: 60_000 },
    });
    expect(report.violations).toEqual([]);
    expect(report.verdict).toBe('inconclusive');
    expect(report.results).toContainEqual(
      expect.objectContaining({ verdict: 'inconclusive', message: expect.stringMatching(/rate-limited \(429\)/) }),
    );
    expect(report.leftActive.length + active.length).toBeGreaterThanOrEqual(0);
  });

  test('a server that is always unavailable: inconclusive, never a violation', async () => {
    const { report } = await runAgainst({
      wrap: (fetch, fake) => (url, init) => {
        fake.failNext({ status: 503 });
        return fetch(url, init);
      },
    });
    expect(report.violations).toEqual([]);
    expect(report.stopped?.reason).toBe('unreachable');
    expect(report.verdict).toBe('inconclusive');
  });

  test('a rejected key stops the run at once with one clear message', async () => {
    const { report, fake } = await runAgainst({ run: { apiKey: 'sk-wrong-key-abcdef' } });
    expect(report.stopped).toMatchObject({
      reason: 'key rejected',
      message: expect.stringMatching(
        /^The API key was rejected by validateApiKey \(401 INVALID_API_KEY\) and by getWidgetSession \(401\)/,
      ),
    });
    // The preflight, and the one authenticated request that tells a rejected key from a drifting validate.
    expect(fake.requests.map((r) => r.operationId)).toEqual(['validateApiKey', 'getWidgetSession']);
    expect(JSON.stringify(report)).not.toContain('sk-wrong-key-abcdef');
  });

  test('a 204 answer does not crash the run: it is a status the contract does not declare', async () => {
    const { report } = await runAgainst({
      wrap: (fetch) => async (url, init) => {
        const response = await fetch(url, init);
        return init.method === 'DELETE' && response.status === 200 ? new Response(null, { status: 204 }) : response;
      },
    });
    expect(report.violations).toContainEqual(expect.objectContaining({ check: 'status conformance', status: 204 }));
  });

  test('interrupted: no new check starts, cleanup still runs, the run says so', async () => {
    const controller = new AbortController();
    const { report, active } = await runAgainst({
      run: { signal: controller.signal },
      wrap: (fetch, fake) => (url, init) => {
        if (fake.requests.length === 8) controller.abort();
        return fetch(url, init);
      },
    });
    expect(report.stopped?.reason).toBe('interrupted');
    expect(active).toEqual([]);
    expect(report.leftActive).toEqual([]);
  });
});

describe('contract suite v3: consistent across reads and sessions, bounded, half the requests (issue #22)', () => {
  test.each([
    ['a full run', {}, 20],
    ['a deep run', { deep: true }, 22],
    ['a smoke run', { profile: 'smoke' as const }, 8],
  ])('%s against a compliant server: every check passes within %#: at most the cap, cleanup included', async (_name, run, cap) => {
    const { report, fake, active } = await runAgainst({ run });
    expect(report.verdict).toBe('passed');
    expect(report.requests).toBeLessThanOrEqual(cap);
    expect(fake.requests).toHaveLength(report.requests);
    expect(report.requests).toBe(report.plan.requests);
    expect(active).toEqual([]);
  });

  test('a smoke run still checks the essentials: a session created, read, terminated, and read as ended', async () => {
    const { report } = await runAgainst({ run: { profile: 'smoke' } });
    const ran = report.checks.filter((c) => c.verdict !== 'skipped').map((c) => c.check);
    for (const check of [
      'preflight',
      'wrong key rejected',
      'documented example accepted',
      'session readable',
      'termination',
      'termination is permanent',
      'times agree',
      'key never in an answer',
    ])
      expect(ran).toContain(check);
  });

  test('successive runs rotate the probes: three runs send every one, the journal keeps the turn', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'konpro-rotation-'));
    try {
      const sent = new Set<string>();
      for (let i = 0; i < 3; i++) {
        const { report } = await runAgainst({ run: { journalDir: dir } });
        expect(report.verdict).toBe('passed');
        for (const probe of report.plan.probes) sent.add(probe);
      }
      const all = RUN_ORDER.flatMap((c) => ('probes' in c ? c.probes.map((p) => `${c.name}: ${p.label}`) : []));
      expect([...sent].sort()).toEqual(all.sort());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the daily budget: two runs on one day, the second does not start and says when it may; the next day it runs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'konpro-daily-'));
    try {
      const clock = virtualClock();
      const fake = createFakeKonpro({ apiKey: API_KEY, agenticAvatarIds: [AVATAR], now: clock.now });
      const run = () =>
        runLiveContract({
          baseUrl: 'https://api.konpro.ai',
          apiKey: API_KEY,
          agenticAvatarId: AVATAR,
          fetch: fake.fetch,
          clock,
          journalDir: dir,
          dailyBudget: 30,
        });
      const first = await run();
      expect(first.verdict).toBe('passed');
      expect(first.daily).toMatchObject({ spent: first.requests, budget: 30 });
      const seen = fake.requests.length;
      const second = await run();
      expect(second.stopped?.reason).toBe('daily budget');
      expect(second.verdict).toBe('inconclusive');
      expect(second.stopped?.message).toMatch(
        /spent 20 of its daily budget of 30 .* may run again after 00:00 UTC \(in \d+/,
      );
      expect(fake.requests).toHaveLength(seen);
      await clock.sleep(24 * 3600_000);
      const nextDay = await run();
      expect(nextDay.verdict).toBe('passed');
      expect(nextDay.daily.spent).toBe(nextDay.requests);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a truthful preflight: validate says "valid": false for a key the API accepts: a violation, and the run goes on', async () => {
    const { report } = await runAgainst({ drift: 'validate-says-invalid' });
    expect(report.stopped).toBeUndefined();
    expect(report.violations).toContainEqual(
      expect.objectContaining({ check: 'preflight', message: expect.stringMatching(/validate contradicts the API/) }),
    );
    expect(report.checks.find((c) => c.check === 'termination')?.verdict).toBe('passed');
  });

  test('expiry never comes (a server that ignores max_duration): the wait is what the run asked for, not the server’s day', async () => {
    const { report, lines, active } = await runAgainst({
      drift: 'ignores-max-duration',
      run: { deep: true, rateLimit: { requests: 6000, windowMs: 60_000 } },
    });
    expect(lines).toContainEqual(expect.stringMatching(/expiry: waiting 10 s/));
    expect(report.violations.map((v) => v.check)).toContain('expiry');
    expect(report.durationMs, 'on the virtual clock').toBeLessThan(60_000);
    expect(active).toEqual([]);
  });

  test('the time limit bounds the whole run, whatever the server does: checks past it are inconclusive, cleanup still runs', async () => {
    // Paced to the Free Trial, the run would take about 2 minutes; the limit is 60 s.
    const { report, active } = await runAgainst({ run: { timeLimitMs: 60_000 } });
    expect(report.stopped?.reason).toBe('time limit');
    expect(report.verdict).toBe('inconclusive');
    expect(report.violations).toEqual([]);
    expect(report.durationMs).toBeLessThanOrEqual(60_000);
    expect(active).toEqual([]);
    expect(report.leftActive).toEqual([]);
  });

  test('a loopback target is not paced unless asked; a remote one is paced to the Free Trial', async () => {
    const local = await runAgainst({ run: { baseUrl: 'http://127.0.0.1:4010' } });
    expect(local.report.plan.intervalMs).toBe(0);
    expect(local.report.durationMs).toBeLessThan(1000);
    const remote = await runAgainst();
    expect(remote.report.plan.intervalMs).toBeGreaterThan(6000);
  });

  test('a violation names the exchange that showed it: the read that moved the expiry, with that read’s reproduction', async () => {
    const { report } = await runAgainst({ drift: 'expiry-moves' });
    const moved = report.violations.find((v) => v.check === 'times agree' && /moved/.test(v.message));
    expect(moved).toMatchObject({
      operationId: 'getWidgetSession',
      status: 200,
      path: '$.expires_at',
      requestId: expect.stringMatching(/^req-/),
      reproduction: expect.stringMatching(/^curl -i -X GET /),
    });
  });
});
