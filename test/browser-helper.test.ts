/**
 * konpro-widget-sessions/browser: the page's helper, against the real handler over the fake
 * KonPro (through an injected fetch). It holds this tab's session, shares one request among
 * concurrent callers, refreshes on a monotonic clock from the server's `expires_in` (the page's
 * wall clock plays no part), revokes its own session only (and one still being minted), logs out
 * explicitly, retries a 503 with backoff and `Retry-After`, and reports refusals. In a real
 * browser: test/e2e/example-page.test.ts.
 */
import { createKonproClient } from 'konpro-widget-sessions';
import { createWidgetSessionSource, WidgetSessionError } from 'konpro-widget-sessions/browser';
import { createWidgetSessionHandler } from 'konpro-widget-sessions/server';
import { createFakeKonpro } from 'konpro-widget-sessions/testing';
import { describe, expect, test, vi } from 'vitest';

const KEY = 'sk-browser-helper-0123456789';
const AVATAR = '3deccfb2-cf96-459c-8b69-f601d6767ea5';

function setup(options: { user?: string | null; maxDuration?: number; plan?: { perMinute: number } } = {}) {
  const { user = 'alice', maxDuration = 300 } = options;
  let clock = Date.parse('2026-07-01T12:00:00Z');
  const fake = createFakeKonpro({ apiKey: KEY, agenticAvatarIds: [AVATAR], now: () => clock });
  const handler = createWidgetSessionHandler({
    client: createKonproClient({ apiKey: KEY, fetch: fake.fetch }),
    agenticAvatarId: AVATAR,
    settings: { max_duration: maxDuration },
    authorize: () => user,
    perUserLimit: { mints: 100, windowMs: 60_000 },
    logger: { error: () => {}, warn: () => {} },
    ...(options.plan ? { plan: options.plan } : {}),
    now: () => clock,
  });
  const calls: Array<{ method: string; query: string; keepalive: boolean }> = [];
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), 'https://app.example.com');
    calls.push({ method: init?.method ?? 'GET', query: url.search, keepalive: init?.keepalive ?? false });
    return handler(new Request(url, init));
  }) as typeof globalThis.fetch;
  // The page's monotonic clock; the wall clock (`clock`) is the server's and KonPro's.
  let monotonic = 1000;
  const tab = (extra = {}) =>
    createWidgetSessionSource({ endpoint: '/api/widget-session', fetch, now: () => monotonic, ...extra });
  const advance = (ms: number) => {
    clock += ms;
    monotonic += ms;
  };
  return { fake, tab, calls, advance, handler };
}

const statusOf = (fake: ReturnType<typeof createFakeKonpro>, id: string) =>
  fake.sessions.find((s) => s.session_id === id)?.status;

describe('createWidgetSessionSource', () => {
  test('get() holds the session; concurrent calls share one request', async () => {
    const { tab, calls, fake } = setup();
    const source = tab();
    const [a, b, c] = await Promise.all([source.get(), source.get(), source.get()]);
    expect(a).toEqual(b);
    expect(b).toEqual(c);
    expect(calls.map((call) => call.method)).toEqual(['POST']);
    expect(calls[0]!.query).toMatch(/^\?mint_id=[a-z0-9]+$/);
    expect(await source.get()).toEqual(a);
    expect(calls).toHaveLength(1);
    expect(fake.sessions).toHaveLength(1);
    expect(Object.keys(a).sort()).toEqual(['expires_at', 'expires_in', 'session_id', 'session_token', 'widget_url']);
  });

  test('a session ending within the margin is replaced, timed by expires_in on the monotonic clock', async () => {
    const { tab, advance } = setup();
    const source = tab({ refreshMarginMs: 60_000 });
    const first = await source.get();
    advance(239_000); // 61 s left: still outside the 60 s margin
    expect((await source.get()).session_id).toBe(first.session_id);
    advance(2_000); // 59 s left
    expect((await source.get()).session_id).not.toBe(first.session_id);
  });

  test.each([
    ['2 h ahead', 2 * 3600_000],
    ['2 h behind', -2 * 3600_000],
  ])('a page whose wall clock is %s: one mint per lifetime, never an expired session', async (_name, skew) => {
    const { tab, advance, calls, fake } = setup({ maxDuration: 10 });
    vi.spyOn(Date, 'now').mockImplementation(() => Date.parse('2026-07-01T12:00:00Z') + skew);
    try {
      const source = tab();
      const handedOut = new Set<string>();
      for (let ms = 0; ms < 30_000; ms += 500) {
        const grant = await source.get();
        expect(statusOf(fake, grant.session_id), `at ${ms} ms`).toBe('active');
        handedOut.add(grant.session_id);
        advance(500);
      }
      // 30 s of 10 s sessions, each refreshed a fifth of its lifetime before it ends: 4 mints.
      expect(calls.filter((c) => c.method === 'POST')).toHaveLength(4);
      expect(handedOut.size).toBe(4);
    } finally {
      vi.restoreAllMocks();
    }
  });

  test("revoke() ends this tab's session only (keepalive when asked): the user's other tab keeps its own", async () => {
    const { tab, calls, fake } = setup();
    const [one, two] = [tab(), tab()];
    const first = await one.get();
    const second = await two.get();
    await one.revoke({ keepalive: true });
    expect(calls.at(-1)).toEqual({ method: 'DELETE', query: `?session_id=${first.session_id}`, keepalive: true });
    expect(statusOf(fake, first.session_id)).toBe('terminated');
    expect(statusOf(fake, second.session_id)).toBe('active');
    expect(await two.get()).toEqual(second);
    expect((await one.get()).session_id).not.toBe(first.session_id);
  });

  test('revoke() while the mint is under way: the session is ended when it lands, not orphaned', async () => {
    const { tab, fake } = setup();
    const source = tab();
    const minting = source.get().catch((e: unknown) => e);
    await source.revoke();
    expect(await minting).toMatchObject({ code: 'revoked' });
    expect(fake.sessions.map((s) => s.status)).toEqual(['terminated']);
  });

  test("logout() ends all of the user's sessions, every tab's", async () => {
    const { tab, calls, fake } = setup();
    const [one, two] = [tab(), tab()];
    await one.get();
    await two.get();
    await two.logout();
    expect(calls.at(-1)).toMatchObject({ method: 'DELETE', query: '?all=true' });
    expect(fake.sessions.map((s) => s.status)).toEqual(['terminated', 'terminated']);
  });

  test('onExpiring is called once the session is within the margin of its end', async () => {
    vi.useFakeTimers();
    try {
      const { tab } = setup({ maxDuration: 100 });
      const expiring: string[] = [];
      const source = tab({ onExpiring: (grant: { session_id: string }) => expiring.push(grant.session_id) });
      const grant = await source.get();
      await vi.advanceTimersByTimeAsync(79_000);
      expect(expiring).toEqual([]);
      await vi.advanceTimersByTimeAsync(1_000);
      expect(expiring).toEqual([grant.session_id]);
    } finally {
      vi.useRealTimers();
    }
  });

  test('a 503 is retried with the Retry-After it names; past the retries, a WidgetSessionError with it', async () => {
    vi.useFakeTimers();
    try {
      const { tab, fake, calls } = setup();
      fake.failNext({ status: 503 }, 1);
      const source = tab();
      const minting = source.get();
      await vi.advanceTimersByTimeAsync(5_000); // the handler's Retry-After: 5 s
      expect((await minting).session_id).toBe(fake.sessions[0]?.session_id);
      expect(calls.filter((c) => c.method === 'POST')).toHaveLength(2);
      await source.revoke();
      fake.failNext({ status: 503 }, 3);
      const failing = source.get().catch((e: unknown) => e);
      await vi.advanceTimersByTimeAsync(20_000);
      expect(await failing).toMatchObject({ status: 503, code: 'upstream_unavailable', retryAfterMs: 5000 });
    } finally {
      vi.useRealTimers();
    }
  });

  test('a Retry-After longer than maxRetryWaitMs is not waited for', async () => {
    const { tab } = setup({ plan: { perMinute: 1 } });
    const other = tab();
    await other.get();
    const error = await tab({ maxRetryWaitMs: 30_000 })
      .get()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 503, code: 'upstream_rate_limited', retryAfterMs: 60_000 });
  });

  test("a refusal is a WidgetSessionError with the endpoint's status and code", async () => {
    const { tab } = setup({ user: null });
    const source = tab();
    const error = await source.get().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WidgetSessionError);
    expect(error).toMatchObject({ status: 401, code: 'unauthorized' });
    expect(await source.get().catch((e: unknown) => e)).toBeInstanceOf(WidgetSessionError);
  });
});
