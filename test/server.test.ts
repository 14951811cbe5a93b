/**
 * konpro-widget-sessions/server: the token endpoint, against the fake KonPro. Every status it
 * answers, who may revoke what, coalescing, the per-user limit, KonPro's failures mapped for the
 * page, and the key in no response and no log line.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createKonproClient } from 'konpro-widget-sessions';
import { createWidgetSessionHandler, toNodeListener } from 'konpro-widget-sessions/server';
import { createFakeKonpro, type FakeKonpro } from 'konpro-widget-sessions/testing';
import { describe, expect, test } from 'vitest';
import { createRedisSessionStore, type RedisHashes } from '../examples/snippets/redis-store.js';

const KEY = 'sk-server-handler-0123456789';
const AVATAR = '3deccfb2-cf96-459c-8b69-f601d6767ea5';
const ENDPOINT = 'https://app.example.com/api/widget-session';

function setup(extra: Partial<Parameters<typeof createWidgetSessionHandler>[0]> = {}, fakeOptions = {}) {
  let clock = Date.parse('2026-05-01T09:00:00Z');
  const fake = createFakeKonpro({ apiKey: KEY, agenticAvatarIds: [AVATAR], now: () => clock, ...fakeOptions });
  const logged: string[] = [];
  const logger = { error: (m: string) => logged.push(m), warn: (m: string) => logged.push(m) };
  const client = createKonproClient({ apiKey: KEY, fetch: fake.fetch, maxRetries: 0 });
  const handler = createWidgetSessionHandler({
    client,
    agenticAvatarId: AVATAR,
    settings: { max_duration: 900, allowed_domains: ['app.example.com'] },
    // The demo's authentication: the user named in a header (yours reads a session cookie).
    authorize: (request) => request.headers.get('x-demo-user'),
    logger,
    now: () => clock,
    ...extra,
  });
  const call = (method: string, user?: string, init: { origin?: string; query?: string } = {}) =>
    handler(
      new Request(`${ENDPOINT}${init.query ?? ''}`, {
        method,
        headers: {
          ...(user ? { 'x-demo-user': user } : {}),
          ...(init.origin === undefined
            ? { origin: 'https://app.example.com' }
            : init.origin
              ? { origin: init.origin }
              : {}),
        },
      }),
    );
  return { fake, handler, call, logged, advance: (ms: number) => (clock += ms), now: () => clock };
}

const active = (fake: FakeKonpro) => fake.sessions.filter((s) => s.status === 'active');

describe('POST mints a session for the authorised user', () => {
  test('201 with exactly the four fields the page needs, no-store, CORS for the allowed origin', async () => {
    const { call, fake } = setup();
    const response = await call('POST', 'alice');
    expect(response.status).toBe(201);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    const body = await response.json();
    expect(Object.keys(body).sort()).toEqual(['expires_at', 'session_id', 'session_token', 'widget_url']);
    expect(active(fake).map((s) => s.session_id)).toEqual([body.session_id]);
  });

  test.each<[string, string | undefined, { origin?: string }, number, string]>([
    ['not signed in', undefined, {}, 401, 'unauthorized'],
    ['from a page on another site', 'alice', { origin: 'https://evil.example' }, 403, 'forbidden_origin'],
    ['from an allowed name over plain http', 'alice', { origin: 'http://app.example.com' }, 403, 'forbidden_origin'],
  ])('%s: %i', async (_name, user, init, status, code) => {
    const { call, fake } = setup();
    const response = await call('POST', user, init);
    expect(response.status).toBe(status);
    expect(await response.json()).toEqual({ error: { code, message: expect.any(String) } });
    expect(fake.requests).toEqual([]);
  });

  test('no Origin header (a server-side caller) is allowed', async () => {
    const { call } = setup();
    expect((await call('POST', 'alice', { origin: '' })).status).toBe(201);
  });

  test('other methods: 405 with Allow; OPTIONS: a preflight for the allowed origin', async () => {
    const { call } = setup();
    const get = await call('GET', 'alice');
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST, DELETE, OPTIONS');
    const preflight = await call('OPTIONS');
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toBe('POST, DELETE, OPTIONS');
  });

  test('concurrent mints of one user are one KonPro call; different users are not coalesced', async () => {
    const { call, fake } = setup();
    const answers = await Promise.all([
      call('POST', 'alice'),
      call('POST', 'alice'),
      call('POST', 'alice'),
      call('POST', 'bob'),
    ]);
    const ids = await Promise.all(answers.map(async (a) => (await a.json()).session_id));
    expect(new Set(ids.slice(0, 3)).size).toBe(1);
    expect(ids[3]).not.toBe(ids[0]);
    expect(fake.requests.filter((r) => r.operationId === 'createWidgetSession')).toHaveLength(2);
  });

  test('the per-user limit stops a session storm: 429 with Retry-After, other users unaffected, reset after the window', async () => {
    const { call, fake, advance } = setup({ perUserLimit: { mints: 2, windowMs: 60_000 } });
    expect((await call('POST', 'alice')).status).toBe(201);
    expect((await call('POST', 'alice')).status).toBe(201);
    const limited = await call('POST', 'alice');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('60');
    expect((await call('POST', 'bob')).status).toBe(201);
    advance(60_001);
    expect((await call('POST', 'alice')).status).toBe(201);
    expect(fake.requests.filter((r) => r.operationId === 'createWidgetSession')).toHaveLength(4);
  });

  test('the avatar may depend on the user', async () => {
    const { call, fake } = setup({ agenticAvatarId: async (user) => (user === 'alice' ? AVATAR : 'unknown') });
    expect((await call('POST', 'alice')).status).toBe(201);
    expect(fake.sessions[0]?.agentic_avatar_id).toBe(AVATAR);
  });
});

describe("KonPro's failures, mapped for the page", () => {
  test.each<[string, Parameters<FakeKonpro['failNext']>[0] | 'wrong key' | 'bad avatar', number, string]>([
    ['429 (the plan is busy)', { status: 429, retryAfterSeconds: 20 }, 503, 'upstream_rate_limited'],
    ['500', { status: 500 }, 502, 'upstream_error'],
    ['503', { status: 503 }, 502, 'upstream_error'],
    ['a dropped connection', { kind: 'drop' }, 502, 'upstream_error'],
    ['a rejected server key', 'wrong key', 500, 'server_error'],
    ['an avatar not of the account (configuration)', 'bad avatar', 500, 'server_error'],
  ])('%s → %i %s, details only in the server log, never the key', async (_name, failure, status, code) => {
    const { call, fake, logged } = setup(
      failure === 'bad avatar' ? { agenticAvatarId: 'not-ours' } : {},
      failure === 'wrong key' ? { apiKey: 'sk-another-key-0000000' } : {},
    );
    if (typeof failure === 'object') fake.failNext(failure);
    const response = await call('POST', 'alice');
    expect(response.status).toBe(status);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ error: { code, message: expect.any(String) } });
    if (status === 503) expect(response.headers.get('retry-after')).toBe('20');
    expect(text).not.toMatch(/INVALID_API_KEY|PROCESSING_ERROR|req-/);
    expect(logged.join('\n')).toMatch(/^konpro: minting a widget session for user alice failed: \w+Error: /);
    for (const line of [text, ...logged]) expect(line).not.toContain(KEY);
  });

  test('a timeout → 504', async () => {
    const fake = createFakeKonpro({ apiKey: KEY, agenticAvatarIds: [AVATAR] });
    const handler = createWidgetSessionHandler({
      client: createKonproClient({ apiKey: KEY, fetch: fake.fetch, timeoutMs: 50, maxRetries: 0 }),
      agenticAvatarId: AVATAR,
      authorize: () => 'alice',
      logger: { error: () => {}, warn: () => {} },
    });
    fake.failNext({ kind: 'stall' });
    expect((await handler(new Request(ENDPOINT, { method: 'POST' }))).status).toBe(504);
  });
});

describe('DELETE revokes what this handler minted for the same user, and nothing else', () => {
  test("204; the user's sessions are terminated at KonPro; another user's stay active", async () => {
    const { call, fake } = setup({ perUserLimit: { mints: 10, windowMs: 60_000 } });
    const alice = await (await call('POST', 'alice')).json();
    await new Promise((resolve) => setTimeout(resolve, 0));
    const bob = await (await call('POST', 'bob')).json();
    const response = await call('DELETE', 'alice');
    expect(response.status).toBe(204);
    expect(fake.sessions.find((s) => s.session_id === alice.session_id)?.status).toBe('terminated');
    expect(fake.sessions.find((s) => s.session_id === bob.session_id)?.status).toBe('active');
  });

  test("naming another user's session: 404, and KonPro is not asked", async () => {
    const { call, fake } = setup();
    const bob = await (await call('POST', 'bob')).json();
    const before = fake.requests.length;
    const response = await call('DELETE', 'alice', { query: `?session_id=${bob.session_id}` });
    expect(response.status).toBe(404);
    expect(fake.requests).toHaveLength(before);
    expect(active(fake).map((s) => s.session_id)).toEqual([bob.session_id]);
  });

  test('a session already ended at KonPro is simply forgotten; not signed in: 401', async () => {
    const { call, fake, advance } = setup();
    await call('POST', 'alice');
    advance(1000);
    const [session] = fake.sessions;
    await createKonproClient({ apiKey: KEY, fetch: fake.fetch }).widgetSessions.delete(session!.session_id);
    expect((await call('DELETE', 'alice')).status).toBe(204);
    expect((await call('DELETE')).status).toBe(401);
  });

  test("the README's Redis store: a logout on one instance revokes what another minted; expired sessions drop", async () => {
    const hashes = new Map<string, Map<string, string>>();
    const redis: RedisHashes = {
      hSet: async (key, field, value) => {
        hashes.set(key, (hashes.get(key) ?? new Map()).set(field, value));
        return 1;
      },
      hGetAll: async (key) => Object.fromEntries(hashes.get(key) ?? []),
      hDel: async (key, field) => Number(hashes.get(key)?.delete(field) ?? false),
    };
    const one = setup({ store: createRedisSessionStore(redis, () => one.now()) });
    const first = await (await one.call('POST', 'alice')).json();
    one.advance(901_000); // the first session has expired
    const second = await (await one.call('POST', 'alice')).json();
    const two = createWidgetSessionHandler({
      client: createKonproClient({ apiKey: KEY, fetch: one.fake.fetch }),
      agenticAvatarId: AVATAR,
      authorize: () => 'alice',
      store: createRedisSessionStore(redis, () => one.now()),
    });
    expect((await two(new Request(ENDPOINT, { method: 'DELETE' }))).status).toBe(204);
    expect(one.fake.sessions.find((s) => s.session_id === second.session_id)?.status).toBe('terminated');
    // Only the live session was revoked (the expired one was dropped from the store, not deleted).
    expect(one.fake.requests.filter((r) => r.method === 'DELETE').map((r) => r.path)).toEqual([
      `/v1/widget/sessions/${second.session_id}`,
    ]);
    expect(first.session_id).not.toBe(second.session_id);
    expect(hashes.get('konpro-widget-sessions:alice')?.size).toBe(0);
  });

  test('with the default memory store, another instance cannot revoke (why the README asks for a shared store)', async () => {
    const one = setup();
    const minted = await (await one.call('POST', 'alice')).json();
    const two = createWidgetSessionHandler({
      client: createKonproClient({ apiKey: KEY, fetch: one.fake.fetch }),
      agenticAvatarId: AVATAR,
      authorize: () => 'alice',
    });
    expect((await two(new Request(ENDPOINT, { method: 'DELETE' }))).status).toBe(204);
    expect(one.fake.sessions.find((s) => s.session_id === minted.session_id)?.status).toBe('active');
  });
});

describe('toNodeListener', () => {
  test('serves the handler on node:http', async () => {
    const { handler, fake } = setup();
    const server = createServer(toNodeListener(handler));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/widget-session`;
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'x-demo-user': 'alice', origin: 'https://app.example.com' },
      });
      expect(response.status).toBe(201);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect((await response.json()).session_id).toBe(fake.sessions[0]?.session_id);
      expect((await fetch(url, { method: 'DELETE', headers: { 'x-demo-user': 'alice' } })).status).toBe(204);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  test('bad options: KonproConfigError naming the option', () => {
    expect(() =>
      createWidgetSessionHandler({ client: {} as never, authorize: () => null, agenticAvatarId: AVATAR }),
    ).toThrow(expect.objectContaining({ option: 'client' }));
  });
});
