/**
 * The live contract run, proven against the fake KonPro (src/testing/): green on every reading
 * the docs allow, red with the right check for every drift, nothing left active. The fake and
 * the run share a virtual clock, so a Free Trial run paced at 10 requests a minute takes no time.
 */
import { describe, expect, test } from 'vitest';
import { ALL_CHECKS, STEPS } from '../../src/contract/checks/index.js';
import { type LiveContractOptions, runLiveContract } from '../../src/contract/live-contract.js';
import type { FetchLike } from '../../src/internal/transport.js';
import { createDriftingFake, DRIFTS, type Drift } from '../../src/testing/fake-behaviour.js';
import { createFakeKonpro, type FakeKonpro, type FakeKonproOptions } from '../../src/testing/index.js';
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
    const { report } = await runAgainst({ run: { deep: true } });
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
    const { report, active } = await runAgainst({ drift, run: { deep: true } });
    expect(violatedChecks(report)).toContain(DRIFTS[drift].check);
    expect(report.verdict).toBe('violated');
    expect(active).toEqual([]);
  });

  test('every check that can fail has a drift proving it', () => {
    const proven = new Set(Object.values(DRIFTS).map((d) => d.check));
    const unproven = STEPS.map((s) => s.name).filter((name) => name !== 'preflight' && !proven.has(name));
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
      message: expect.stringMatching(/^The API key was rejected by validateApiKey \(401 INVALID_API_KEY\)/),
    });
    expect(fake.requests).toHaveLength(1);
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
