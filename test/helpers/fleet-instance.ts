/**
 * One instance of a fleet, in its own process (test/redis-fleet.test.ts starts three): the token
 * handler on node:http, its state on the shared Redis, KonPro at KONPRO_BASE_URL. The signed-in
 * user is the x-user header. Prints its URL, then serves until killed.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClient } from 'redis';
import { createKonproClient } from '../../src/index.js';
import { createRedisState } from '../../src/redis/index.js';
import { createWidgetSessionHandler, toNodeListener } from '../../src/server/index.js';

const redis = createClient({
  url: process.env.REDIS_URL!,
  // Fail at once while Redis is away (the handler answers 503), and reconnect quickly.
  disableOfflineQueue: true,
  socket: { reconnectStrategy: () => 100, connectTimeout: 1000 },
});
redis.on('error', () => undefined);
await redis.connect();

const handler = createWidgetSessionHandler({
  client: createKonproClient({ apiKey: process.env.KONPRO_API_KEY!, baseUrl: process.env.KONPRO_BASE_URL! }),
  agenticAvatarId: process.env.KONPRO_AGENTIC_AVATAR_ID!,
  settings: { max_duration: 600 },
  authorize: (request) => request.headers.get('x-user'),
  stateTimeoutMs: 500,
  logger: { error: (m) => process.stderr.write(`${m}\n`), warn: (m) => process.stderr.write(`${m}\n`) },
  ...createRedisState(redis, { plan: 'free-trial', perUserLimit: { mints: 3, windowMs: 60_000 } }),
});
const server = createServer(toNodeListener(handler));
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
});
