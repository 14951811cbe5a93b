/**
 * `konpro-widget-sessions/redis`: the token handler's state on Redis, shared by every instance of a
 * fleet (issue #21). The session store, the per-user limit and the fleet's budget of KonPro calls,
 * each one Lua script per operation (atomic, whatever the other instances do at the same moment),
 * timed by Redis's own clock (instances whose clocks disagree still agree on every window). Every
 * key is written with a TTL, so nothing grows forever. Works with node-redis 4 or 5 (`redis`) and
 * with `ioredis`, both optional peers: pass the client you have.
 *
 * When Redis is down, every operation fails, and the handler answers 503 without minting: nothing
 * is created at KonPro that the store could not record (fail closed). Create the client so that it
 * fails at once instead of queueing: `createClient({ disableOfflineQueue: true })` for node-redis,
 * `new Redis({ enableOfflineQueue: false, maxRetriesPerRequest: 1 })` for ioredis.
 * @module konpro-widget-sessions/redis
 */
import { KonproConfigError } from '../errors.js';
import type { Plan } from '../internal/config/plans.js';
import { isPlan } from '../internal/config/plans.js';
import {
  budgetWindows,
  type CallBudget,
  DEFAULT_PER_USER_LIMIT,
  type UserLimit,
  type UserLimiter,
} from '../server/limits.js';
import { type MintedSession, REVOKED_MINT_TTL_MS, type SessionStore } from '../server/session-store.js';

/** A node-redis (4 or 5) or ioredis client: anything with their `eval`. */
export type RedisClient = { eval(...args: never[]): Promise<unknown> };

/** Runs one script: the one way this module talks to Redis. */
type Evaluate = (script: string, keys: string[], args: Array<string | number>) => Promise<unknown>;

function evaluator(redis: unknown): Evaluate {
  const client = redis as { eval?: unknown; defineCommand?: unknown } | null;
  if (typeof client?.eval !== 'function')
    throw new KonproConfigError('redis', 'must be a node-redis (4 or 5) or ioredis client');
  const call = client.eval.bind(client) as (...args: unknown[]) => Promise<unknown>;
  // ioredis: eval(script, numberOfKeys, ...keys, ...args); node-redis: eval(script, { keys, arguments }).
  return typeof client.defineCommand === 'function'
    ? (script, keys, args) => call(script, keys.length, ...keys, ...args.map(String))
    : (script, keys, args) => call(script, { keys, arguments: args.map(String) });
}

/** Redis's clock, in milliseconds, inside a script. */
const NOW = "local t = redis.call('TIME'); local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)";

/**
 * KEYS: sessions (zset: id → expiry), mint ids (hash: id → mint id), the mint's revoked mark.
 * ARGV: id, expiry ms, mint id. Returns -1 (nothing recorded) when the mint was revoked.
 */
const ADD_SESSION = `${NOW}
if ARGV[3] ~= '' and redis.call('EXISTS', KEYS[3]) == 1 then return -1 end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
if ARGV[3] ~= '' then redis.call('HSET', KEYS[2], ARGV[1], ARGV[3]) end
local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
local ttl = tonumber(last[2]) - now
if ttl <= 0 then redis.call('DEL', KEYS[1], KEYS[2]) return 0 end
redis.call('PEXPIRE', KEYS[1], ttl)
if redis.call('EXISTS', KEYS[2]) == 1 then redis.call('PEXPIRE', KEYS[2], ttl) end
return 1`;

/** Drops the expired sessions, then returns id, expiry, mint id ('' for none) of each live one. */
const LIST_SESSIONS = `${NOW}
local expired = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now)
if #expired > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
  redis.call('HDEL', KEYS[2], unpack(expired))
end
local live = redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
local out = {}
for i = 1, #live, 2 do
  out[#out + 1] = live[i]
  out[#out + 1] = live[i + 1]
  out[#out + 1] = redis.call('HGET', KEYS[2], live[i]) or ''
end
return out`;

/**
 * KEYS: as for ADD_SESSION. ARGV: mint id, the mark's TTL in ms. Marks the mint revoked and returns
 * id and expiry of its session, or an empty list when it has not landed.
 */
const REVOKE_MINT = `redis.call('SET', KEYS[3], '1', 'PX', ARGV[2])
local mints = redis.call('HGETALL', KEYS[2])
for i = 1, #mints, 2 do
  if mints[i + 1] == ARGV[1] then
    local expiry = redis.call('ZSCORE', KEYS[1], mints[i])
    if expiry then return { mints[i], expiry } end
  end
end
return {}`;

const REMOVE_SESSION = `redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
return 1`;

/** KEYS: the user's mint times (zset). ARGV: limit, window ms, token. Returns 0, or the ms to wait. */
const RESERVE_MINT = `${NOW}
local limit, window = tonumber(ARGV[1]), tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local n = redis.call('ZCARD', KEYS[1])
if n >= limit then
  local oldest = redis.call('ZRANGE', KEYS[1], n - limit, n - limit, 'WITHSCORES')
  return math.max(1, tonumber(oldest[2]) + window - now)
end
redis.call('ZADD', KEYS[1], now, ARGV[3])
redis.call('PEXPIRE', KEYS[1], window)
return 0`;

const RELEASE_MINT = "redis.call('ZREM', KEYS[1], ARGV[1]) return 1";

/**
 * KEYS: one zset per window, then the cool-down key. ARGV: kind, token, then limit and window ms
 * of each window. A create waits out the cool-down and needs room in every window; a delete is
 * counted, never refused. Returns 0, or the ms to wait.
 */
const TAKE_CALL = `${NOW}
local cool = KEYS[#KEYS]
local create = ARGV[1] == 'create'
if create then
  local left = redis.call('PTTL', cool)
  if left > 0 then return left end
end
local wait = 0
for i = 1, #KEYS - 1 do
  local limit, window = tonumber(ARGV[1 + 2 * i]), tonumber(ARGV[2 + 2 * i])
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now - window)
  local n = redis.call('ZCARD', KEYS[i])
  if create and n >= limit then
    local oldest = redis.call('ZRANGE', KEYS[i], n - limit, n - limit, 'WITHSCORES')
    wait = math.max(wait, tonumber(oldest[2]) + window - now, 1)
  end
end
if wait > 0 then return wait end
for i = 1, #KEYS - 1 do
  redis.call('ZADD', KEYS[i], now, ARGV[2])
  redis.call('PEXPIRE', KEYS[i], tonumber(ARGV[2 + 2 * i]))
end
return 0`;

/** KEYS: the cool-down key. ARGV: ms. Extends it, never shortens it. */
const COOL_DOWN = `local ms = tonumber(ARGV[1])
if redis.call('PTTL', KEYS[1]) < ms then redis.call('SET', KEYS[1], '1', 'PX', ms) end
return 1`;

/** Options shared by the Redis parts. */
export interface RedisStateOptions {
  /** Prefix of every key. @default 'konpro-widget-sessions:' */
  prefix?: string;
}

const token = () => `${Date.now()}-${Math.random().toString(36).slice(2)}`;
/** A user's keys share a hash tag, so that one script's keys are in one slot of a Redis Cluster. */
const userKey = (prefix: string, userId: string, what: string) =>
  `${prefix}{user:${encodeURIComponent(userId)}}:${what}`;

/** The session store on Redis: a sorted set of session ids by expiry per user, its TTL the last expiry. */
export function createRedisSessionStore(
  redis: RedisClient,
  { prefix = 'konpro-widget-sessions:' }: RedisStateOptions = {},
): SessionStore {
  const run = evaluator(redis);
  const keys = (userId: string, mintId = '') => [
    userKey(prefix, userId, 'sessions'),
    userKey(prefix, userId, 'mint-ids'),
    userKey(prefix, userId, `revoked-mint:${encodeURIComponent(mintId)}`),
  ];
  return {
    async add(userId, { sessionId, expiresAt, mintId }) {
      const recorded = await run(ADD_SESSION, keys(userId, mintId), [sessionId, Date.parse(expiresAt), mintId ?? '']);
      return Number(recorded) === -1 ? 'revoked' : undefined;
    },
    async revokeMint(userId, mintId) {
      const [sessionId, expiry] = (await run(REVOKE_MINT, keys(userId, mintId), [
        mintId,
        REVOKED_MINT_TTL_MS,
      ])) as string[];
      return sessionId ? { sessionId, expiresAt: new Date(Number(expiry)).toISOString(), mintId } : undefined;
    },
    async list(userId) {
      const flat = (await run(LIST_SESSIONS, keys(userId), [])) as string[];
      const sessions: MintedSession[] = [];
      for (let i = 0; i < flat.length; i += 3) {
        const mintId = flat[i + 2];
        sessions.push({
          sessionId: flat[i]!,
          expiresAt: new Date(Number(flat[i + 1])).toISOString(),
          ...(mintId ? { mintId } : {}),
        });
      }
      return sessions;
    },
    async remove(userId, sessionId) {
      await run(REMOVE_SESSION, keys(userId), [sessionId]);
    },
  };
}

/** The per-user limit on Redis: a sorted set of mint times per user, its TTL the window. */
export function createRedisUserLimiter(
  redis: RedisClient,
  { mints, windowMs }: UserLimit,
  { prefix = 'konpro-widget-sessions:' }: RedisStateOptions = {},
): UserLimiter {
  const run = evaluator(redis);
  return {
    async reserve(userId) {
      const key = userKey(prefix, userId, 'mints');
      const id = token();
      const wait = Number(await run(RESERVE_MINT, [key], [mints, windowMs, id]));
      if (wait > 0) return { granted: false, retryAfterMs: wait };
      return {
        granted: true,
        release: async () => {
          await run(RELEASE_MINT, [key], [id]);
        },
      };
    },
  };
}

/** The fleet's budget on Redis: a sorted set of call times per window, and KonPro's cool-down. */
export function createRedisBudget(
  redis: RedisClient,
  { plan, prefix = 'konpro-widget-sessions:' }: RedisStateOptions & { plan?: Plan | undefined } = {},
): CallBudget {
  if (plan !== undefined && !isPlan(plan))
    throw new KonproConfigError('plan', "must be 'free-trial', 'pro', 'scale', or { perMinute, perDay? }");
  const run = evaluator(redis);
  const windows = budgetWindows(plan);
  const cool = `${prefix}{budget}:cool-down`;
  const keys = [...windows.map((w) => `${prefix}{budget}:calls-${w.windowMs}`), cool];
  return {
    async take(kind) {
      return Number(await run(TAKE_CALL, keys, [kind, token(), ...windows.flatMap((w) => [w.limit, w.windowMs])]));
    },
    async coolDown(ms) {
      await run(COOL_DOWN, [cool], [Math.max(1, Math.round(ms))]);
    },
  };
}

/**
 * All three, ready to spread into `createWidgetSessionHandler`'s options.
 *
 * @example
 * import { createClient } from 'redis';
 * import { createRedisState } from 'konpro-widget-sessions/redis';
 *
 * const redis = await createClient({ url: process.env.REDIS_URL, disableOfflineQueue: true }).connect();
 * const handler = createWidgetSessionHandler({
 *   client: konpro,
 *   agenticAvatarId: AVATAR,
 *   authorize,
 *   ...createRedisState(redis, { plan: 'pro' }),
 * });
 */
export function createRedisState(
  redis: RedisClient,
  options: RedisStateOptions & { plan?: Plan | undefined; perUserLimit?: UserLimit | undefined } = {},
): { store: SessionStore; userLimiter: UserLimiter; budget: CallBudget } {
  const { perUserLimit = DEFAULT_PER_USER_LIMIT, ...rest } = options;
  return {
    store: createRedisSessionStore(redis, rest),
    userLimiter: createRedisUserLimiter(redis, perUserLimit, rest),
    budget: createRedisBudget(redis, rest),
  };
}
