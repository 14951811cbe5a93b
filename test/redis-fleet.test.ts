/**
 * A fleet on a real Redis (issue #21): three instances of the token handler, each in its own
 * process, share one redis-server (Debian's, started here on a free loopback port) through
 * `konpro-widget-sessions/redis`, with the testing kit's fake as KonPro. A logout on one revokes
 * what another minted; a burst of 30 users on a Free Trial plan sends at most 10 creates; KonPro's
 * 429 on one instance cools down the others; Redis going away answers 503 and mints nothing, and
 * the fleet recovers when it is back; no key is left without a TTL. The same parts on ioredis too.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { createKonproClient } from 'konpro-widget-sessions';
import { createRedisBudget, createRedisSessionStore, createRedisUserLimiter } from 'konpro-widget-sessions/redis';
import { createFakeKonpro } from 'konpro-widget-sessions/testing';
import { createClient } from 'redis';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { type LoopbackServer, startServer } from './helpers/loopback-server.js';
import {
  type CuttableProxy,
  type RedisServer,
  redisAvailable,
  startProxy,
  startRedis,
} from './helpers/redis-server.js';

const present = redisAvailable();
if (!present) console.warn('SKIPPED the Redis tests: no redis-server (apt-get install -y redis-server; .ci/run does).');

const KEY = 'sk-fleet-0123456789abcdef';
const AVATAR = '3deccfb2-cf96-459c-8b69-f601d6767ea5';
const INSTANCE = fileURLToPath(new URL('./helpers/fleet-instance.ts', import.meta.url));

let redis: RedisServer;
let proxy: CuttableProxy;
let inspector: ReturnType<typeof createClient>;
const fake = createFakeKonpro({ apiKey: KEY, agenticAvatarIds: [AVATAR] });
let konpro: LoopbackServer;
const children: ChildProcess[] = [];
let instances: string[] = [];
/** Creates held at KonPro's door until released (a mint kept under way), or undefined. */
let held: { count: number; released: Promise<void>; release(): void } | undefined;

function holdCreates(): NonNullable<typeof held> {
  let resolve = () => {};
  const released = new Promise<void>((done) => (resolve = done));
  held = {
    count: 0,
    released,
    release: () => {
      held = undefined;
      resolve();
    },
  };
  return held;
}

/** The fake on loopback, behind a door that can hold creates (`holdCreates`). */
function serveKonpro(): Promise<LoopbackServer> {
  return startServer(async (req, res) => {
    if (held && req.method === 'POST' && req.url === '/v1/widget/sessions') {
      held.count++;
      await held.released;
    }
    const headers = Object.entries(req.headers).flatMap(([name, value]) =>
      value === undefined ? [] : [[name, String(value)] as [string, string]],
    );
    const answer = await fake.fetch(`http://konpro.test${req.url}`, {
      method: req.method,
      headers,
      ...(req.body ? { body: req.body } : {}),
    });
    const answerHeaders: Record<string, string> = {};
    answer.headers.forEach((value, name) => {
      answerHeaders[name] = value;
    });
    res.writeHead(answer.status, answerHeaders);
    res.end(await answer.text());
  });
}

async function startInstance(): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', INSTANCE], {
    env: {
      ...process.env,
      REDIS_URL: `redis://127.0.0.1:${proxy.port}`,
      KONPRO_BASE_URL: konpro.url,
      KONPRO_API_KEY: KEY,
      KONPRO_AGENTIC_AVATAR_ID: AVATAR,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  child.stderr!.on('data', () => undefined);
  return new Promise<string>((resolve, reject) => {
    child.stdout!.once('data', (d) => resolve(String(d).trim()));
    child.once('exit', (code) => reject(new Error(`a fleet instance exited (${code}) before printing its URL`)));
  });
}

beforeAll(async () => {
  if (!present) return;
  redis = await startRedis();
  proxy = await startProxy(redis.port);
  inspector = createClient({ url: redis.url });
  await inspector.connect();
  konpro = await serveKonpro();
  instances = await Promise.all([startInstance(), startInstance(), startInstance()]);
}, 60_000);

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await inspector?.quit().catch(() => undefined);
  await proxy?.close();
  await konpro?.close();
  await redis?.stop();
});

beforeEach(async () => {
  held?.release(); // a test that failed while holding creates lets them go
  if (!present) return;
  // Each test starts with the fleet's state empty: a fresh minute of budget, no sessions.
  await inspector.flushAll();
});

/** One request to instance `i` for `user`. */
const call = (i: number, method: string, user: string, query = '') =>
  fetch(`${instances[i % instances.length]}/api/widget-session${query}`, { method, headers: { 'x-user': user } });
const creates = () => fake.requests.filter((r) => r.operationId === 'createWidgetSession').length;
const statusOf = (id: string) => fake.sessions.find((s) => s.session_id === id)?.status;

/** Every session id the fleet's store holds, for every user. */
async function tracked(): Promise<Set<string>> {
  const ids = new Set<string>();
  for await (const keys of inspector.scanIterator({ MATCH: '*:sessions' }))
    for (const key of [keys].flat()) for (const id of await inspector.zRange(key, 0, -1)) ids.add(id);
  return ids;
}

describe.skipIf(!present)('three instances sharing a real Redis', () => {
  test('a logout on one instance revokes what the two others minted; a tab’s revoke works from any instance', async () => {
    const one = await (await call(0, 'POST', 'alice')).json();
    const two = await (await call(1, 'POST', 'alice')).json();
    const three = await (await call(2, 'POST', 'alice')).json();
    const bob = await (await call(0, 'POST', 'bob')).json();
    expect((await call(2, 'DELETE', 'alice', `?session_id=${three.session_id}`)).status).toBe(204);
    expect(statusOf(three.session_id)).toBe('terminated');
    expect(statusOf(one.session_id)).toBe('active');
    expect((await call(2, 'DELETE', 'alice', '?all=true')).status).toBe(204);
    expect([statusOf(one.session_id), statusOf(two.session_id)]).toEqual(['terminated', 'terminated']);
    expect(statusOf(bob.session_id)).toBe('active');
    expect([...(await tracked())]).toEqual([bob.session_id]);
  });

  test('a tab closed mid-mint, its DELETE ?mint_id= on another instance: the session is ended as it lands, its POST answers 409', async () => {
    const door = holdCreates();
    const minting = call(0, 'POST', 'hana', '?mint_id=tab-7');
    await expect.poll(() => door.count).toBe(1); // the create is at KonPro, the mint under way on instance 0
    expect((await call(1, 'DELETE', 'hana', '?mint_id=tab-7')).status).toBe(204);
    door.release();
    const answer = await minting;
    expect(answer.status).toBe(409);
    expect((await answer.json()).error.code).toBe('mint_revoked');
    const session = fake.sessions.at(-1)!;
    expect(session.status).toBe('terminated');
    expect((await tracked()).has(session.session_id)).toBe(false);
    const mark = 'konpro-widget-sessions:{user:hana}:revoked-mint:tab-7';
    expect(await inspector.pTTL(mark), 'the mark expires').toBeGreaterThan(0);
  });

  test('a mint that landed on one instance is revoked by its mint id from another', async () => {
    const grant = await (await call(0, 'POST', 'ivan', '?mint_id=tab-8')).json();
    expect((await call(2, 'DELETE', 'ivan', '?mint_id=tab-8')).status).toBe(204);
    expect(statusOf(grant.session_id)).toBe('terminated');
    expect((await tracked()).has(grant.session_id)).toBe(false);
    // Another tab's mint of the same user is untouched.
    const other = await (await call(1, 'POST', 'ivan', '?mint_id=tab-9')).json();
    expect(statusOf(other.session_id)).toBe('active');
  });

  test('the per-user limit is the fleet’s: three mints across three instances, then 429 everywhere', async () => {
    for (let i = 0; i < 3; i++) expect((await call(i, 'POST', 'carol')).status).toBe(201);
    for (let i = 0; i < 3; i++) {
      const refused = await call(i, 'POST', 'carol');
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    }
  });

  test('30 users signing in within a second on a Free Trial plan: at most 10 creates reach KonPro, every other answer is 503 with Retry-After', async () => {
    const before = creates();
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => call(i, 'POST', `burst-${i}`)));
    expect(creates() - before).toBeLessThanOrEqual(10);
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(creates() - before);
    for (const answer of answers.filter((a) => a.status !== 201)) {
      expect(answer.status).toBe(503);
      expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await answer.json()).error.code).toBe('upstream_rate_limited');
    }
  });

  test("KonPro's 429 on one instance cools the others down: they answer 503 without calling KonPro", async () => {
    fake.failNext({ status: 429, retryAfterSeconds: 30 });
    const first = await call(0, 'POST', 'dave');
    expect(first.status).toBe(503);
    expect(first.headers.get('retry-after')).toBe('30');
    const seen = fake.requests.length;
    for (const i of [1, 2]) {
      const cooled = await call(i, 'POST', `dave-${i}`);
      expect(cooled.status).toBe(503);
      expect(Number(cooled.headers.get('retry-after'))).toBeGreaterThan(25);
    }
    expect(fake.requests.length).toBe(seen);
  });

  test('Redis away mid-run: 503 store_unavailable, nothing minted or left untracked; back again, the fleet recovers', async () => {
    const earlier = fake.sessions.length; // sessions of earlier tests (their state was flushed)
    const kept = await (await call(0, 'POST', 'erin')).json();
    const before = creates();
    await proxy.cut();
    try {
      for (let i = 0; i < 3; i++) {
        const answer = await call(i, 'POST', `erin-${i}`);
        expect(answer.status).toBe(503);
        expect((await answer.json()).error.code).toBe('store_unavailable');
      }
      expect((await call(1, 'DELETE', 'erin', '?all=true')).status).toBe(503);
      expect(creates()).toBe(before);
    } finally {
      await proxy.restore();
    }
    await expect.poll(async () => (await call(2, 'POST', 'erin')).status, { timeout: 10_000, interval: 200 }).toBe(201);
    expect(statusOf(kept.session_id)).toBe('active');
    // Every session of this test active at KonPro is one the fleet knows of.
    const active = fake.sessions
      .slice(earlier)
      .filter((s) => s.status === 'active')
      .map((s) => s.session_id);
    expect(active).toHaveLength(2);
    const known = await tracked();
    for (const id of active) expect(known.has(id), id).toBe(true);
  }, 30_000);

  test('after all of it, no key is left without a TTL', async () => {
    await (await call(0, 'POST', 'frank')).json();
    await call(1, 'POST', 'frank');
    fake.failNext({ status: 429, retryAfterSeconds: 5 });
    await call(2, 'POST', 'gina');
    const keys: string[] = [];
    for await (const batch of inspector.scanIterator()) keys.push(...[batch].flat());
    expect(keys.length).toBeGreaterThan(3);
    for (const key of keys) expect(await inspector.pTTL(key), key).toBeGreaterThan(0);
  });
});

describe.skipIf(!present)('the same parts on ioredis', () => {
  test('store (revoked mints included), per-user limit and budget behave the same', async () => {
    const client = new Redis({ port: redis.port, host: '127.0.0.1', lazyConnect: true, enableOfflineQueue: false });
    await client.connect();
    try {
      const store = createRedisSessionStore(client, { prefix: 'io:' });
      const expiresAt = new Date(Date.now() + 60_000).toISOString();
      await store.add('alice', { sessionId: 's-1', expiresAt, mintId: 'tab-1' });
      await store.add('alice', { sessionId: 's-2', expiresAt: new Date(Date.now() - 1000).toISOString() });
      expect(await store.list('alice')).toEqual([{ sessionId: 's-1', expiresAt, mintId: 'tab-1' }]);
      await store.remove('alice', 's-1');
      expect(await store.list('alice')).toEqual([]);
      // A revoked mint: its landed session is returned, a later one is refused.
      await store.add('bob', { sessionId: 's-3', expiresAt, mintId: 'tab-2' });
      expect(await store.revokeMint!('bob', 'tab-2')).toEqual({ sessionId: 's-3', expiresAt, mintId: 'tab-2' });
      expect(await store.revokeMint!('bob', 'tab-3')).toBeUndefined();
      expect(await store.add('bob', { sessionId: 's-4', expiresAt, mintId: 'tab-3' })).toBe('revoked');
      expect(await store.add('bob', { sessionId: 's-5', expiresAt })).toBeUndefined();
      expect((await store.list('bob')).map((s) => s.sessionId)).toEqual(['s-3', 's-5']);

      const limiter = createRedisUserLimiter(client, { mints: 1, windowMs: 60_000 }, { prefix: 'io:' });
      const first = await limiter.reserve('alice');
      expect(first.granted).toBe(true);
      expect(await limiter.reserve('alice')).toMatchObject({ granted: false });
      if (first.granted) await first.release();
      expect((await limiter.reserve('alice')).granted).toBe(true);

      const budget = createRedisBudget(client, { plan: { perMinute: 1 }, prefix: 'io:' });
      expect(await budget.take('create')).toBe(0);
      expect(await budget.take('create')).toBeGreaterThan(59_000);
      expect(await budget.take('delete')).toBe(0);
      await budget.coolDown(10_000);
      expect(await client.pttl('io:{budget}:cool-down')).toBeGreaterThan(9_000);
    } finally {
      client.disconnect();
    }
  });

  test('a client that is neither is refused, naming the option', () => {
    expect(() => createRedisSessionStore({} as never)).toThrow(expect.objectContaining({ option: 'redis' }));
    expect(createKonproClient).toBeTypeOf('function');
  });
});
