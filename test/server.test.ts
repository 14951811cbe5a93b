/**
 * konpro-widget-sessions/server: the token endpoint, against the fake KonPro. Every status it
 * answers, per-tab sessions and logout, who may revoke what, the per-user limit, the fleet's
 * budget and KonPro's 429, every failure of its state (it never throws, never orphans a session),
 * KonPro's failures mapped for the page, and the key in no response and no log line. The fleet on
 * a real Redis is test/redis-fleet.test.ts.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createKonproClient } from 'konpro-widget-sessions';
import {
  createMemorySessionStore,
  createWidgetSessionHandler,
  type SessionStore,
  toNodeListener,
  type WidgetSessionHandlerOptions,
} from 'konpro-widget-sessions/server';
import { createFakeKonpro, type FakeKonpro } from 'konpro-widget-sessions/testing';
import { describe, expect, test } from 'vitest';

const KEY = 'sk-server-handler-0123456789';
const AVATAR = '3deccfb2-cf96-459c-8b69-f601d6767ea5';
const ENDPOINT = 'https://app.example.com/api/widget-session';

function setup(extra: Partial<WidgetSessionHandlerOptions> = {}, fakeOptions = {}) {
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
  const mint = async (user: string, query = '') => (await call('POST', user, { query })).json();
  return { fake, handler, call, mint, logged, advance: (ms: number) => (clock += ms), now: () => clock };
}

const active = (fake: FakeKonpro) => fake.sessions.filter((s) => s.status === 'active').map((s) => s.session_id);
const creates = (fake: FakeKonpro) => fake.requests.filter((r) => r.operationId === 'createWidgetSession').length;
const statusOf = (fake: FakeKonpro, id: string) => fake.sessions.find((s) => s.session_id === id)?.status;

describe('POST mints a session for this tab of the authorised user', () => {
  test('201 with the five fields the page needs, no-store, CORS for the allowed origin', async () => {
    const { call, fake } = setup();
    const response = await call('POST', 'alice');
    expect(response.status).toBe(201);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    const body = await response.json();
    expect(Object.keys(body).sort()).toEqual(['expires_at', 'expires_in', 'session_id', 'session_token', 'widget_url']);
    expect(body.expires_in).toBe(899); // 900 s by KonPro's Date, less the second it may have rounded off
    expect(active(fake)).toEqual([body.session_id]);
  });

  test.each([
    ['2 h ahead of', 2 * 3600_000],
    ['30 s ahead of', 30_000],
    ['2 h behind', -2 * 3600_000],
  ])('expires_in is what is left by KonPro’s clock (its Date), with this server’s clock %s it', async (_name, skewMs) => {
    const base = setup();
    const { mint } = setup({
      now: () => base.now() + skewMs,
      client: createKonproClient({ apiKey: KEY, fetch: base.fake.fetch }),
    });
    // KonPro's Date is in whole seconds, so a second is taken off: never a second too many.
    expect((await mint('alice')).expires_in).toBe(899);
  });

  test('this server’s clock 2 h ahead of KonPro’s: a logout still ends every session KonPro holds', async () => {
    const base = setup();
    const { mint, handler } = setup({
      now: () => base.now() + 2 * 3600_000,
      client: createKonproClient({ apiKey: KEY, fetch: base.fake.fetch }),
    });
    const one = await mint('alice');
    const two = await mint('alice');
    expect(await handler.logout('alice')).toEqual({ revoked: 2, failed: 0 });
    expect([statusOf(base.fake, one.session_id), statusOf(base.fake, two.session_id)]).toEqual([
      'terminated',
      'terminated',
    ]);
  });

  test.each([
    ['30 s ahead of', 30_000, 870],
    ['2 h ahead of', 2 * 3600_000, 0],
    ['2 h behind', -2 * 3600_000, 900],
  ])('without a Date from KonPro, by this server’s clock %s KonPro’s (%i ms): %i s left, never more than max_duration', async (_name, skewMs, left) => {
    const base = setup();
    const undated: typeof fetch = async (url, init) => {
      const answer = await base.fake.fetch(url as string, init);
      const headers = new Headers(answer.headers);
      headers.delete('date');
      return new Response(answer.body, { status: answer.status, headers });
    };
    const { mint } = setup({
      now: () => base.now() + skewMs,
      client: createKonproClient({ apiKey: KEY, fetch: undated }),
    });
    expect((await mint('alice')).expires_in).toBe(left);
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

  test('each tab gets its own session: concurrent mints of one user are distinct sessions', async () => {
    const { mint, fake } = setup();
    const ids = (await Promise.all([mint('alice'), mint('alice'), mint('bob')])).map((b) => b.session_id);
    expect(new Set(ids).size).toBe(3);
    expect(creates(fake)).toBe(3);
  });

  test('the per-user limit stops a session storm: 429 with Retry-After, other users unaffected, reset after the window', async () => {
    const { call, fake, advance } = setup({ perUserLimit: { mints: 2, windowMs: 60_000 } });
    expect((await call('POST', 'alice')).status).toBe(201);
    advance(1000);
    expect((await call('POST', 'alice')).status).toBe(201);
    const limited = await call('POST', 'alice');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('59');
    expect((await call('POST', 'bob')).status).toBe(201);
    advance(59_001);
    expect((await call('POST', 'alice')).status).toBe(201);
    expect(creates(fake)).toBe(4);
  });

  test('the per-user limit counts mints that succeeded: KonPro failing five times does not lock the user out', async () => {
    const { call, fake } = setup({ perUserLimit: { mints: 2, windowMs: 60_000 } });
    fake.failNext({ status: 500 }, 5);
    for (let i = 0; i < 5; i++) expect((await call('POST', 'alice')).status).toBe(502);
    expect((await call('POST', 'alice')).status).toBe(201);
    expect((await call('POST', 'alice')).status).toBe(201);
    expect((await call('POST', 'alice')).status).toBe(429);
  });

  test('the avatar may depend on the user', async () => {
    const { call, fake } = setup({ agenticAvatarId: async (user) => (user === 'alice' ? AVATAR : 'unknown') });
    expect((await call('POST', 'alice')).status).toBe(201);
    expect(fake.sessions[0]?.agentic_avatar_id).toBe(AVATAR);
  });
});

describe("the fleet's budget, fed by KonPro", () => {
  test('past the plan, a mint answers 503 with Retry-After without calling KonPro; the next minute it mints', async () => {
    const { call, fake, advance } = setup({ plan: { perMinute: 2 } });
    expect((await call('POST', 'alice')).status).toBe(201);
    expect((await call('POST', 'bob')).status).toBe(201);
    const busy = await call('POST', 'carol');
    expect(busy.status).toBe(503);
    expect(await busy.json()).toEqual({ error: { code: 'upstream_rate_limited', message: expect.any(String) } });
    expect(busy.headers.get('retry-after')).toBe('60');
    expect(creates(fake)).toBe(2);
    advance(60_001);
    expect((await call('POST', 'carol')).status).toBe(201);
  });

  test("KonPro's 429 cools every mint down for its Retry-After, and the handler does not retry it", async () => {
    const { call, fake, advance } = setup();
    fake.failNext({ status: 429, retryAfterSeconds: 20 });
    const first = await call('POST', 'alice');
    expect(first.status).toBe(503);
    expect(first.headers.get('retry-after')).toBe('20');
    expect(creates(fake)).toBe(1);
    const during = await call('POST', 'bob');
    expect(during.status).toBe(503);
    expect(Number(during.headers.get('retry-after'))).toBeLessThanOrEqual(20);
    expect(fake.requests).toHaveLength(1);
    advance(20_001);
    expect((await call('POST', 'bob')).status).toBe(201);
  });

  test("a 429 without Retry-After cools down for a minute; a failed mint gives the user's reservation back", async () => {
    const { call, fake, advance } = setup({ perUserLimit: { mints: 1, windowMs: 600_000 } });
    fake.failNext({ status: 429 });
    expect((await call('POST', 'alice')).headers.get('retry-after')).toBe('60');
    advance(59_000);
    expect((await call('POST', 'alice')).status).toBe(503);
    advance(1_001);
    expect((await call('POST', 'alice')).status).toBe(201);
  });

  test('a revoke is counted but never refused by the budget', async () => {
    const { call, mint, fake } = setup({ plan: { perMinute: 1 } });
    const { session_id } = await mint('alice');
    expect((await call('POST', 'alice')).status).toBe(503);
    expect((await call('DELETE', 'alice', { query: `?session_id=${session_id}` })).status).toBe(204);
    expect(statusOf(fake, session_id)).toBe('terminated');
  });
});

describe('DELETE revokes what this handler minted for the same user, and nothing else', () => {
  test("?session_id= ends that tab's session only: the user's other tab keeps its session", async () => {
    const { call, mint, fake } = setup();
    const tabOne = await mint('alice');
    const tabTwo = await mint('alice');
    expect((await call('DELETE', 'alice', { query: `?session_id=${tabOne.session_id}` })).status).toBe(204);
    expect(statusOf(fake, tabOne.session_id)).toBe('terminated');
    expect(statusOf(fake, tabTwo.session_id)).toBe('active');
  });

  test("?all=true logs out: all of the user's sessions end, another user's stay active", async () => {
    const { call, mint, fake } = setup();
    const alice = [await mint('alice'), await mint('alice')];
    const bob = await mint('bob');
    expect((await call('DELETE', 'alice', { query: '?all=true' })).status).toBe(204);
    for (const s of alice) expect(statusOf(fake, s.session_id)).toBe('terminated');
    expect(statusOf(fake, bob.session_id)).toBe('active');
  });

  test('a bare DELETE names nothing: 400, nothing ended (closing a tab must not log the user out)', async () => {
    const { call, mint, fake } = setup();
    const { session_id } = await mint('alice');
    const response = await call('DELETE', 'alice');
    expect(response.status).toBe(400);
    expect((await response.json()).error.code).toBe('session_id_required');
    expect(statusOf(fake, session_id)).toBe('active');
  });

  test("naming another user's session: 404, and KonPro is not asked", async () => {
    const { call, mint, fake } = setup();
    const bob = await mint('bob');
    const before = fake.requests.length;
    const response = await call('DELETE', 'alice', { query: `?session_id=${bob.session_id}` });
    expect(response.status).toBe(404);
    expect(fake.requests).toHaveLength(before);
    expect(active(fake)).toEqual([bob.session_id]);
  });

  test('?mint_id= ends a session whose mint was still under way (a tab closed mid-mint): it lands, then ends', async () => {
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const fake = createFakeKonpro({ apiKey: KEY, agenticAvatarIds: [AVATAR] });
    const slowFetch = async (url: string, init: RequestInit) => {
      if (init.method === 'POST') await held;
      return fake.fetch(url, init);
    };
    const handler = createWidgetSessionHandler({
      client: createKonproClient({ apiKey: KEY, fetch: slowFetch }),
      agenticAvatarId: AVATAR,
      authorize: () => 'alice',
    });
    const minting = handler(new Request(`${ENDPOINT}?mint_id=tab-1`, { method: 'POST' }));
    const revoking = handler(new Request(`${ENDPOINT}?mint_id=tab-1`, { method: 'DELETE' }));
    await new Promise((resolve) => setTimeout(resolve, 20));
    release();
    expect((await minting).status).toBe(201);
    expect((await revoking).status).toBe(204);
    expect(fake.sessions.map((s) => s.status)).toEqual(['terminated']);
  });

  test('a logout waits for a mint under way, so that the new session does not outlive it', async () => {
    let release = () => {};
    let reached = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const atKonpro = new Promise<void>((resolve) => (reached = resolve));
    const fake = createFakeKonpro({ apiKey: KEY, agenticAvatarIds: [AVATAR] });
    const handler = createWidgetSessionHandler({
      client: createKonproClient({
        apiKey: KEY,
        fetch: async (url, init) => {
          if (init.method === 'POST') {
            reached();
            await held;
          }
          return fake.fetch(url, init);
        },
      }),
      agenticAvatarId: AVATAR,
      authorize: () => 'alice',
    });
    const minting = handler(new Request(ENDPOINT, { method: 'POST' }));
    await atKonpro;
    const loggingOut = handler.logout('alice');
    release();
    await minting;
    expect(await loggingOut).toEqual({ revoked: 1, failed: 0 });
    expect(fake.sessions.map((s) => s.status)).toEqual(['terminated']);
  });

  test('handler.logout(userId) for your own logout route; a session already ended at KonPro is simply forgotten', async () => {
    const { handler, mint, fake } = setup();
    const one = await mint('alice');
    await mint('alice');
    await createKonproClient({ apiKey: KEY, fetch: fake.fetch }).widgetSessions.delete(one.session_id);
    expect(await handler.logout('alice')).toEqual({ revoked: 2, failed: 0 });
    expect(active(fake)).toEqual([]);
    expect(await handler.logout('alice')).toEqual({ revoked: 0, failed: 0 });
  });

  test('with the default memory store, another instance cannot revoke (why a fleet needs konpro-widget-sessions/redis)', async () => {
    const one = setup();
    const minted = await one.mint('alice');
    const two = createWidgetSessionHandler({
      client: createKonproClient({ apiKey: KEY, fetch: one.fake.fetch }),
      agenticAvatarId: AVATAR,
      authorize: () => 'alice',
    });
    expect(await two.logout('alice')).toEqual({ revoked: 0, failed: 0 });
    expect(statusOf(one.fake, minted.session_id)).toBe('active');
  });
});

describe('a handler that never throws and never orphans', () => {
  const failing = (what: keyof SessionStore, how: 'rejects' | 'hangs'): SessionStore => {
    const store = createMemorySessionStore();
    return {
      ...store,
      [what]: () => (how === 'rejects' ? Promise.reject(new Error('store down')) : new Promise(() => {})),
    } as SessionStore;
  };

  test.each([
    'rejects',
    'hangs',
  ] as const)('store.add %s: 503 store_unavailable with Retry-After, and the session KonPro created is terminated', async (how) => {
    const { call, fake, logged } = setup({ store: failing('add', how), stateTimeoutMs: 50 });
    const response = await call('POST', 'alice');
    expect(response.status).toBe(503);
    expect((await response.json()).error.code).toBe('store_unavailable');
    expect(response.headers.get('retry-after')).toBe('5');
    expect(fake.sessions.map((s) => s.status)).toEqual(['terminated']);
    expect(logged.join('\n')).toMatch(/the session store (failed: Error: store down|did not answer within 50 ms)/);
  });

  test.each(['rejects', 'hangs'] as const)('store.list %s on DELETE: a JSON 503, the handler resolves', async (how) => {
    const { call } = setup({ store: failing('list', how), stateTimeoutMs: 50 });
    const response = await call('DELETE', 'alice', { query: '?all=true' });
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toBe('application/json');
  });

  test('the limiter or the budget failing: 503, nothing minted', async () => {
    const broken = () => Promise.reject(new Error('redis down'));
    for (const extra of [{ userLimiter: { reserve: broken } }, { budget: { take: broken, coolDown: broken } }]) {
      const { call, fake } = setup(extra);
      expect((await call('POST', 'alice')).status).toBe(503);
      expect(fake.requests).toEqual([]);
    }
  });

  test('authorize or the avatar function throwing: 500, a log line, nothing minted', async () => {
    for (const extra of [
      { authorize: () => Promise.reject(new Error('auth down')) },
      { agenticAvatarId: () => Promise.reject(new Error('no avatar')) },
    ]) {
      const { call, fake, logged } = setup(extra);
      expect((await call('POST', 'alice')).status).toBe(500);
      expect(logged).toHaveLength(1);
      expect(active(fake)).toEqual([]);
    }
  });

  test('an answer that held the key: 502, the session terminated, the log says why (not the key)', async () => {
    const fake = createFakeKonpro({ apiKey: KEY, agenticAvatarIds: [AVATAR] });
    const leaking = async (url: string, init: RequestInit) => {
      const response = await fake.fetch(url, init);
      if (init.method !== 'POST') return response;
      const body = await response.json();
      return Response.json({ ...body, widget_url: `https://widget.konpro.ai/embed?api_key=${KEY}` }, { status: 201 });
    };
    const logged: string[] = [];
    const handler = createWidgetSessionHandler({
      client: createKonproClient({ apiKey: KEY, fetch: leaking, logLevel: 'off' }),
      agenticAvatarId: AVATAR,
      authorize: () => 'alice',
      logger: { error: (m) => logged.push(m), warn: (m) => logged.push(m) },
    });
    const response = await handler(new Request(ENDPOINT, { method: 'POST' }));
    expect(response.status).toBe(502);
    expect(await response.text()).not.toContain(KEY);
    expect(fake.sessions.map((s) => s.status)).toEqual(['terminated']);
    expect(logged.join('\n')).toMatch(/held the API key in widget_url/);
    expect(logged.join('\n')).not.toContain(KEY);
  });
});

describe("KonPro's failures, mapped for the page", () => {
  test.each<[string, Parameters<FakeKonpro['failNext']>[0] | 'wrong key' | 'bad avatar', number, string]>([
    ['500', { status: 500 }, 502, 'upstream_error'],
    ['503', { status: 503 }, 503, 'upstream_unavailable'],
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
    expect(text).not.toMatch(/INVALID_API_KEY|PROCESSING_ERROR|req-/);
    expect(logged.join('\n')).toMatch(/^konpro: minting a widget session for user alice failed: \w+Error: /);
    expect(creates(fake)).toBe(1);
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

describe('toNodeListener', () => {
  test("serves the handler on node:http, and hands authorize node's own request (an Express app's req.user)", async () => {
    const fake = createFakeKonpro({ apiKey: KEY, agenticAvatarIds: [AVATAR] });
    const handler = createWidgetSessionHandler({
      client: createKonproClient({ apiKey: KEY, fetch: fake.fetch }),
      agenticAvatarId: AVATAR,
      authorize: (_request, native) => (native as IncomingMessage & { user?: { id: string } }).user?.id,
    });
    const listener = toNodeListener(handler);
    // What an Express authentication middleware does before the route runs.
    const server = createServer((req, res) => {
      if (req.headers['x-session'] === 'alice-cookie') Object.assign(req, { user: { id: 'alice' } });
      listener(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/widget-session`;
      expect((await fetch(url, { method: 'POST' })).status).toBe(401);
      const response = await fetch(url, { method: 'POST', headers: { 'x-session': 'alice-cookie' } });
      expect(response.status).toBe(201);
      expect(response.headers.get('cache-control')).toBe('no-store');
      const { session_id } = await response.json();
      expect(session_id).toBe(fake.sessions[0]?.session_id);
      const revoke = await fetch(`${url}?session_id=${session_id}`, {
        method: 'DELETE',
        headers: { 'x-session': 'alice-cookie' },
      });
      expect(revoke.status).toBe(204);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  test('bad options: KonproConfigError naming the option', () => {
    expect(() =>
      createWidgetSessionHandler({ client: {} as never, authorize: () => null, agenticAvatarId: AVATAR }),
    ).toThrow(expect.objectContaining({ option: 'client' }));
    const client = createKonproClient({ apiKey: KEY, fetch: async () => new Response() });
    expect(() =>
      createWidgetSessionHandler({ client, authorize: () => null, agenticAvatarId: AVATAR, plan: 'free' as never }),
    ).toThrow(expect.objectContaining({ option: 'plan' }));
  });

  test.each([
    [
      'perUserLimt',
      { perUserLimt: { mints: 1, windowMs: 1 } },
      'perUserLimt is not an option of createWidgetSessionHandler (did you mean perUserLimit?)',
    ],
    [
      'stateTimeout',
      { stateTimeout: 100 },
      'stateTimeout is not an option of createWidgetSessionHandler (did you mean stateTimeoutMs?)',
    ],
    [
      'a store without list',
      { store: { add() {}, remove() {} } },
      'store must have the methods add, list, remove; it lacks list',
    ],
    ['no authorize', { authorize: undefined }, 'authorize is required by createWidgetSessionHandler'],
  ])('options, as the client checks them: %s', (_name, extra, message) => {
    const client = createKonproClient({ apiKey: KEY, fetch: async () => new Response() });
    expect(() =>
      createWidgetSessionHandler({ client, authorize: () => null, agenticAvatarId: AVATAR, ...(extra as object) }),
    ).toThrow(message);
  });
});
