/**
 * The live contract run, proven against the stand-in of the documented API: green when the
 * stand-in keeps the contract, red (with the right check) for each way it can drift.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { LivePreflightError, runLiveContract } from '../../src/contract/live-contract.js';
import { DRIFTS, type Drift, type StandIn, type StandInOptions, startStandIn } from '../stand-in/konpro-stand-in.js';

const API_KEY = 'sk-live-standin-0123456789';
const AVATAR = '3deccfb2-cf96-459c-8b69-f601d6767ea5';
let standIn: StandIn | undefined;
afterEach(async () => {
  await standIn?.close();
  standIn = undefined;
});

async function runAgainst(options: Partial<StandInOptions> = {}, apiKey = API_KEY) {
  standIn = await startStandIn({ apiKey: API_KEY, avatarIds: [AVATAR], ...options });
  const lines: string[] = [];
  const report = await runLiveContract({
    baseUrl: standIn.url,
    apiKey,
    agenticAvatarId: AVATAR,
    log: (l) => lines.push(l),
  });
  return { report, lines };
}

describe('live contract run against the stand-in', () => {
  test('a compliant server: every check passes, within the request budget, nothing left behind', async () => {
    const { report, lines } = await runAgainst();
    expect(report.violations).toEqual([]);
    expect(report.requests).toBeLessThanOrEqual(16);
    expect(standIn!.requests()).toBe(report.requests);
    expect(standIn!.activeSessions()).toEqual([]);
    const checks = new Set(report.results.map((r) => r.check));
    for (const check of [
      'preflight',
      'status conformance',
      'content-type conformance',
      'schema conformance',
      'not a server error',
      'positive data accepted',
      'negative data rejected',
      'auth enforced',
      'resource availability',
      'use after delete',
      'token shape',
      'cleanup',
    ]) {
      expect(checks, check).toContain(check);
    }
    for (const [operationId, statuses] of Object.entries(report.coverage)) {
      expect(Object.values(statuses).some(Boolean), operationId).toBe(true);
    }
    expect(lines.join('\n')).not.toContain(API_KEY);
  });

  const expected: Record<Drift, string> = {
    'created-202': 'status conformance',
    'text-errors': 'content-type conformance',
    'no-widget-url': 'schema conformance',
    'opaque-token': 'token shape',
    'accepts-zero-duration': 'negative data rejected',
    'ignores-max-duration': 'resource availability',
    'delete-keeps-active': 'use after delete',
    'any-key': 'auth enforced',
    'key-checked-only-on-validate': 'auth enforced',
    'minimal-settings-500': 'not a server error',
    'epoch-timestamps': 'schema conformance',
  };
  test.each(Object.keys(DRIFTS) as Drift[])('a server that drifts (%s) fails the run', async (drift) => {
    const { report } = await runAgainst({ drift });
    expect(report.violations.map((v) => v.check)).toContain(expected[drift]);
    expect(standIn!.activeSessions()).toEqual([]);
  });

  test('a schema violation names the operation, status, JSON path and value', async () => {
    const { report } = await runAgainst({ drift: 'epoch-timestamps' });
    expect(report.violations).toContainEqual(
      expect.objectContaining({
        check: 'schema conformance',
        operationId: 'createWidgetSession',
        status: 201,
        path: '$.expires_at',
        value: expect.any(Number),
      }),
    );
  });

  test('on 429 it waits as told and goes on', async () => {
    const { report, lines } = await runAgainst({ rateLimit: { requests: 8, windowMs: 1500 } });
    expect(report.violations).toEqual([]);
    expect(lines.some((l) => /429 on \w+: waiting \d+ s as told/.test(l))).toBe(true);
  });

  test('a rejected key ends the run at once with one clear message', async () => {
    const error = await runAgainst({}, 'sk-wrong-key-abcdef').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LivePreflightError);
    expect((error as Error).message).toMatch(/^The API key was rejected by validateApiKey: 401 INVALID_API_KEY/);
    expect((error as Error).message).not.toContain('sk-wrong-key-abcdef');
    expect(standIn!.requests()).toBe(1);
  });
});
