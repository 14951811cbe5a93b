// A session store shared by every instance, on Redis (node-redis 4 or 5: pass it `createClient()`)
import type { MintedSession, SessionStore } from 'konpro-widget-sessions/server';

/** The three hash commands the store needs, as node-redis's client offers them. */
export interface RedisHashes {
  hSet(key: string, field: string, value: string): Promise<number>;
  hGetAll(key: string): Promise<Record<string, string>>;
  hDel(key: string, field: string): Promise<number>;
}

/** One hash per user: session id → expiry. Expired sessions are dropped as they are listed. */
export function createRedisSessionStore(redis: RedisHashes, now = Date.now): SessionStore {
  const key = (userId: string) => `konpro-widget-sessions:${userId}`;
  return {
    async add(userId, { sessionId, expiresAt }) {
      await redis.hSet(key(userId), sessionId, expiresAt);
    },
    async list(userId) {
      const live: MintedSession[] = [];
      for (const [sessionId, expiresAt] of Object.entries(await redis.hGetAll(key(userId)))) {
        if (Date.parse(expiresAt) > now()) live.push({ sessionId, expiresAt });
        else await redis.hDel(key(userId), sessionId);
      }
      return live;
    },
    async remove(userId, sessionId) {
      await redis.hDel(key(userId), sessionId);
    },
  };
}
