/**
 * undici links a `Request`'s signal to the one it was built from through a WeakRef: once nothing
 * holds the `Request`, a garbage collection silently cuts the link and an abort no longer reaches
 * the request. Found when the fake's stall never ended in a worker thread. Each case here stalls a
 * call, collects garbage, then expects the abort or the timeout to end it.
 */
import { createKonproClient, KonproAbortError, KonproTimeoutError } from 'konpro-widget-sessions';
import { createFakeKonpro } from 'konpro-widget-sessions/testing';
import { describe, expect, test } from 'vitest';
import { collectGarbage } from './helpers/collect-garbage.js';
import { startServer } from './helpers/loopback-server.js';

const KEY = 'sk-abort-under-gc-0123456789';
const AVATAR = '3deccfb2-cf96-459c-8b69-f601d6767ea5';

// Provoking a full collection takes 2–5 s when the whole suite loads both cores (measured); the
// abort itself then ends the call in about 0.1 s.
describe('an abort still arrives after a garbage collection', { timeout: 20_000 }, () => {
  test("the fake's stall ends when the client's attempt times out", async () => {
    const fake = createFakeKonpro({ apiKey: KEY, agenticAvatarIds: [AVATAR] });
    const konpro = createKonproClient({ apiKey: KEY, fetch: fake.fetch, timeoutMs: 200, maxRetries: 0 });
    fake.failNext({ kind: 'stall' });
    const call = konpro.apiKeys.validate().catch((error: unknown) => error);
    await collectGarbage();
    expect(await call).toBeInstanceOf(KonproTimeoutError);
  });

  test("the fake's stall ends when a Request's own signal aborts", async () => {
    const fake = createFakeKonpro({ apiKey: KEY, agenticAvatarIds: [AVATAR] });
    fake.failNext({ kind: 'stall' });
    const controller = new AbortController();
    const call = fake
      .fetch(new Request('https://api.konpro.ai/v1/api-keys/validate', { method: 'POST', signal: controller.signal }))
      .catch((error: unknown) => error);
    await collectGarbage();
    controller.abort(new Error('given up'));
    expect(await call).toMatchObject({ message: 'given up' });
  });

  const REPLACE_REQUEST = {
    onRequest: ({ request }: { request: Request }) => new Request(request, { headers: request.headers }),
  };
  test.each([
    ['raw', []],
    ['raw, with a middleware that replaces the request', [REPLACE_REQUEST]],
  ])('%s: the caller’s abort still ends the call', async (_name, middleware) => {
    const server = await startServer(() => new Promise(() => {}));
    try {
      const konpro = createKonproClient({ apiKey: KEY, baseUrl: server.url, maxRetries: 0, middleware });
      const controller = new AbortController();
      const call = konpro.raw.POST('/v1/api-keys/validate', { signal: controller.signal }).catch((e: unknown) => e);
      await new Promise((resolve) => setTimeout(resolve, 50));
      await collectGarbage();
      controller.abort();
      expect(await call).toBeInstanceOf(KonproAbortError);
    } finally {
      await server.close();
    }
  });
});
