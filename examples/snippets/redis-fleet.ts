// Several instances behind a load balancer: the handler's state on one Redis (node-redis or ioredis)
import { createKonproClient } from 'konpro-widget-sessions';
import { createRedisState } from 'konpro-widget-sessions/redis';
import { createWidgetSessionHandler } from 'konpro-widget-sessions/server';
import { createClient } from 'redis';
import { currentUserId } from './shared.js';

const konpro = createKonproClient({ apiKey: process.env.KONPRO_API_KEY });
// Fail at once while Redis is away (the handler then answers 503 and mints nothing), not queue.
const redis = createClient({ url: process.env.REDIS_URL ?? 'redis://localhost:6379', disableOfflineQueue: true });
await redis.connect();

export const handler = createWidgetSessionHandler({
  client: konpro,
  agenticAvatarId: process.env.KONPRO_AGENTIC_AVATAR_ID ?? '3deccfb2-cf96-459c-8b69-f601d6767ea5',
  settings: { max_duration: 900, allowed_domains: ['app.example.com'] },
  authorize: currentUserId,
  // The sessions, the per-user limit and the fleet's budget of KonPro calls, shared by every
  // instance; the budget keeps the whole fleet within the plan, and KonPro's 429 cools all of it.
  ...createRedisState(redis, { plan: 'pro', perUserLimit: { mints: 5, windowMs: 60_000 } }),
});
