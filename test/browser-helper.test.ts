/**
 * konpro-widget-sessions/browser: the page's helper, against the real handler over the fake
 * KonPro (through an injected fetch): it holds a session, shares one request among concurrent
 * callers, fetches a new one within the refresh margin, revokes, and reports refusals.
 */
import { createKonproClient } from 'konpro-widget-sessions';
import { createWidgetSessionSource, WidgetSessionError } from 'konpro-widget-sessions/browser';
import { createWidgetSessionHandler } from 'konpro-widget-sessions/server';
import { createFakeKonpro } from 'konpro-widget-sessions/testing';
import { describe, expect, test } from 'vitest';

const KEY = 'sk-browser-helper-0123456789';
const AVATAR = '3deccfb2-cf96-459c-8b69-f601d6767ea5';

function setup(user: string | null = 'alice') {
  let clock = Date.parse('2026-07-01T12:00:00Z');
  const fake = createFakeKonpro({ apiKey: KEY, agenticAvatarIds: [AVATAR], now: () => clock });
  const handler = createWidgetSessionHandler({
    client: createKonproClient({ apiKey: KEY, fetch: fake.fetch }),
    agenticAvatarId: AVATAR,
    settings: { max_duration: 300 },
    authorize: () => user,
    now: () => clock,
  });
  const calls: Array<{ method: string; keepalive: boolean }> = [];
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ method: init?.method ?? 'GET', keepalive: init?.keepalive ?? false });
    return handler(new Request(new URL(String(input), 'https://app.example.com'), init));
  }) as typeof globalThis.fetch;
  const source = createWidgetSessionSource({
    endpoint: '/api/widget-session',
    fetch,
    now: () => clock,
    refreshMarginMs: 60_000,
  });
  return { fake, source, calls, advance: (ms: number) => (clock += ms) };
}

describe('createWidgetSessionSource', () => {
  test('get() holds the session; concurrent calls share one request', async () => {
    const { source, calls, fake } = setup();
    const [a, b, c] = await Promise.all([source.get(), source.get(), source.get()]);
    expect(a).toEqual(b);
    expect(b).toEqual(c);
    expect(calls).toEqual([{ method: 'POST', keepalive: false }]);
    expect(await source.get()).toEqual(a);
    expect(calls).toHaveLength(1);
    expect(fake.sessions).toHaveLength(1);
    expect(Object.keys(a).sort()).toEqual(['expires_at', 'session_id', 'session_token', 'widget_url']);
  });

  test('a session expiring within the margin is replaced by a new one', async () => {
    const { source, advance } = setup();
    const first = await source.get();
    advance(239_000); // 61 s left: still outside the 60 s margin
    expect((await source.get()).session_id).toBe(first.session_id);
    advance(2_000); // 59 s left
    expect((await source.get()).session_id).not.toBe(first.session_id);
  });

  test('revoke() sends DELETE (keepalive when asked) and forgets the session', async () => {
    const { source, calls, fake } = setup();
    await source.get();
    await source.revoke({ keepalive: true });
    expect(calls.at(-1)).toEqual({ method: 'DELETE', keepalive: true });
    expect(fake.sessions[0]?.status).toBe('terminated');
    await source.get();
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(2);
  });

  test("a refusal is a WidgetSessionError with the endpoint's status and code", async () => {
    const { source } = setup(null);
    const error = await source.get().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WidgetSessionError);
    expect(error).toMatchObject({ status: 401, code: 'unauthorized' });
    const again = await source.get().catch((e: unknown) => e);
    expect(again).toBeInstanceOf(WidgetSessionError);
  });
});
