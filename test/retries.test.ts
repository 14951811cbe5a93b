import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  createKonproClient,
  InternalServerError,
  KonproAbortError,
  KonproConnectionError,
  KonproTimeoutError,
  RateLimitError,
} from 'konpro-widget-sessions';
import { afterEach, describe, expect, test } from 'vitest';
import { backoffDelay, decideRetry, isRetryableStatus, parseRetryAfter } from '../src/internal/call/retry-policy.js';
import {
  API_KEY,
  AVATAR,
  CREATED,
  errorBody,
  type Handler,
  type LoopbackServer,
  SESSION,
  sendJson,
  startServer,
} from './helpers/loopback-server.js';
import { recordingFetch } from './helpers/recording-fetch.js';

const body = { agentic_avatar_id: AVATAR, settings: {} };
let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function clientFor(handler: Handler, options: { maxRetries?: number; timeoutMs?: number } = {}) {
  server = await startServer(handler);
  return createKonproClient({ apiKey: API_KEY, baseUrl: server.url, ...options });
}

async function timed<T>(run: () => Promise<T>): Promise<{ result: T | unknown; ms: number }> {
  const start = performance.now();
  const result = await run().catch((e: unknown) => e);
  return { result, ms: performance.now() - start };
}

describe('retry policy', () => {
  test('GET and DELETE retry 408, 429 and 5xx; POST only 429 and 503', () => {
    for (const status of [408, 429, 500, 502, 503, 504]) {
      expect(isRetryableStatus('GET', status), `GET ${status}`).toBe(true);
      expect(isRetryableStatus('DELETE', status), `DELETE ${status}`).toBe(true);
    }
    expect([408, 429, 500, 502, 503, 504].filter((s) => isRetryableStatus('POST', s))).toEqual([429, 503]);
    for (const status of [400, 401, 403, 404, 409]) expect(isRetryableStatus('GET', status)).toBe(false);
  });

  test('backoff doubles from 0.5 s to at most 8 s, with up to 25 % jitter', () => {
    expect([0, 1, 2, 3, 4, 5].map((n) => backoffDelay(n, () => 0))).toEqual([500, 1000, 2000, 4000, 8000, 8000]);
    expect(backoffDelay(0, () => 1)).toBe(375);
  });

  const now = Date.parse('Mon, 01 Jan 2024 00:00:00 GMT');
  test.each<[string | null, number | undefined]>([
    ['30', 30_000],
    [' 30 ', 30_000],
    ['0', 0],
    ['Mon, 01 Jan 2024 00:01:00 GMT', 60_000],
    ['Monday, 01-Jan-24 00:01:00 GMT', 60_000],
    ['Mon Jan  1 00:01:00 2024', 60_000],
    ['Sun, 31 Dec 2023 00:00:00 GMT', 0],
    ['-5', undefined],
    ['1.5', undefined],
    ['.5', undefined],
    ['1, 2', undefined],
    ['30s', undefined],
    ['2024-01-01T00:01:00Z', undefined],
    ['Mon, 01 Jan 2024 00:01:00 PST', undefined],
    ['soon', undefined],
    ['', undefined],
    [null, undefined],
  ])('Retry-After %j: %j ms (RFC 9110: delta-seconds or HTTP-date, else the backoff)', (value, ms) => {
    expect(parseRetryAfter(value, now)).toBe(ms);
  });

  test('decideRetry: the one retry decision, pure', () => {
    const input = { method: 'GET', attempt: 0, maxRetries: 2, random: () => 0 };
    const r = (status: number, retryAfter: string | null = null) => ({ status, retryAfter });
    expect(decideRetry({ ...input, outcome: r(503) })).toEqual({ retry: true, delayMs: 500 });
    expect(decideRetry({ ...input, outcome: r(429, '3') })).toEqual({ retry: true, delayMs: 3000 });
    expect(decideRetry({ ...input, outcome: r(429, '-5') })).toEqual({ retry: true, delayMs: 500 });
    expect(decideRetry({ ...input, outcome: r(429, '61') })).toMatchObject({ retry: false });
    expect(decideRetry({ ...input, outcome: r(404) })).toMatchObject({ retry: false });
    expect(decideRetry({ ...input, outcome: r(302) })).toMatchObject({ retry: false });
    expect(decideRetry({ ...input, attempt: 2, outcome: r(503) })).toMatchObject({ retry: false });
    expect(decideRetry({ ...input, method: 'POST', outcome: r(500) })).toMatchObject({ retry: false });
    expect(decideRetry({ ...input, remainingMs: 400, outcome: r(503) })).toMatchObject({ retry: false });
    const timeout = { failure: new Error('x'), timedOut: true };
    expect(decideRetry({ ...input, outcome: timeout })).toEqual({ retry: true, delayMs: 500 });
    expect(decideRetry({ ...input, method: 'POST', outcome: timeout })).toMatchObject({ retry: false });
    const refused = { failure: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }), timedOut: false };
    expect(decideRetry({ ...input, method: 'POST', outcome: refused })).toEqual({ retry: true, delayMs: 500 });
  });
});

describe('retries over loopback', () => {
  test('get: a 500 then a 200 is retried and succeeds', async () => {
    const konpro = await clientFor((_req, res, i) =>
      i === 0 ? sendJson(res, 500, errorBody('PROCESSING_ERROR', 'x')) : sendJson(res, 200, SESSION),
    );
    expect(await konpro.widgetSessions.get('session-789')).toEqual(SESSION);
    expect(server!.requests).toHaveLength(2);
  });

  test('get: gives up after maxRetries with the last error', async () => {
    const konpro = await clientFor((_req, res) => sendJson(res, 502, errorBody('BAD_GATEWAY', 'x')), { maxRetries: 1 });
    await expect(konpro.widgetSessions.get('session-789')).rejects.toBeInstanceOf(InternalServerError);
    expect(server!.requests).toHaveLength(2);
  });

  test.each([500, 502, 504])('create: a %i is never retried (the server may have acted)', async (status) => {
    const konpro = await clientFor((_req, res) => sendJson(res, status, errorBody('PROCESSING_ERROR', 'x')));
    await expect(konpro.widgetSessions.create(body)).rejects.toBeInstanceOf(InternalServerError);
    expect(server!.requests).toHaveLength(1);
  });

  test('create: a 503 then a 201 is retried once', async () => {
    const konpro = await clientFor((_req, res, i) =>
      i === 0 ? sendJson(res, 503, errorBody('SERVICE_UNAVAILABLE', 'x')) : sendJson(res, 201, CREATED),
    );
    expect(await konpro.widgetSessions.create(body)).toEqual(CREATED);
    expect(server!.requests).toHaveLength(2);
  });

  test('create: 429 waits for Retry-After in seconds', async () => {
    const konpro = await clientFor((_req, res, i) =>
      i === 0
        ? sendJson(res, 429, errorBody('RATE_LIMIT_EXCEEDED', 'x'), { 'retry-after': '1' })
        : sendJson(res, 201, CREATED),
    );
    const { result, ms } = await timed(() => konpro.widgetSessions.create(body));
    expect(result).toEqual(CREATED);
    expect(server!.requests).toHaveLength(2);
    expect(ms).toBeGreaterThanOrEqual(950);
  });

  test('create: 429 waits for Retry-After as an HTTP date', async () => {
    const konpro = await clientFor((_req, res, i) =>
      i === 0
        ? sendJson(res, 429, errorBody('RATE_LIMIT_EXCEEDED', 'x'), {
            'retry-after': new Date(Date.now() + 2000).toUTCString(),
          })
        : sendJson(res, 201, CREATED),
    );
    const { result, ms } = await timed(() => konpro.widgetSessions.create(body));
    expect(result).toEqual(CREATED);
    expect(ms).toBeGreaterThanOrEqual(900);
  });

  test('a Retry-After beyond 60 s is not waited for: RateLimitError at once', async () => {
    const konpro = await clientFor((_req, res) =>
      sendJson(res, 429, errorBody('RATE_LIMIT_EXCEEDED', 'x'), { 'retry-after': '3600' }),
    );
    const { result, ms } = await timed(() => konpro.widgetSessions.get('s'));
    expect(result).toBeInstanceOf(RateLimitError);
    expect((result as RateLimitError).retryAfterMs).toBe(3_600_000);
    expect(server!.requests).toHaveLength(1);
    expect(ms).toBeLessThan(1000);
  });

  test('per-call maxRetries overrides the client', async () => {
    const konpro = await clientFor((_req, res) => sendJson(res, 503, errorBody('SERVICE_UNAVAILABLE', 'x')), {
      maxRetries: 2,
    });
    await expect(konpro.widgetSessions.get('s', { maxRetries: 0 })).rejects.toBeInstanceOf(InternalServerError);
    expect(server!.requests).toHaveLength(1);
  });
});

describe('timeouts and connection failures', () => {
  const stall: Handler = () => new Promise(() => {});

  test('get: a stall before headers times out per attempt and is retried', async () => {
    const konpro = await clientFor(stall, { timeoutMs: 200, maxRetries: 1 });
    const { result, ms } = await timed(() => konpro.widgetSessions.get('s'));
    expect(result).toBeInstanceOf(KonproTimeoutError);
    expect((result as Error).message).toBe(
      'getWidgetSession GET /v1/widget/sessions/s timed out after 200 ms (attempt 2 of 2)',
    );
    expect(server!.requests).toHaveLength(2);
    expect(ms).toBeLessThan(200 * 2 + 500 + 1000);
  });

  test('create: a timeout is never retried', async () => {
    const konpro = await clientFor(stall, { timeoutMs: 200, maxRetries: 2 });
    await expect(konpro.widgetSessions.create(body)).rejects.toBeInstanceOf(KonproTimeoutError);
    expect(server!.requests).toHaveLength(1);
  });

  test('a stall in the middle of the body times out too', async () => {
    const konpro = await clientFor(
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '500' });
        res.write('{"session_id": "session-');
      },
      { timeoutMs: 300, maxRetries: 0 },
    );
    const { result, ms } = await timed(() => konpro.widgetSessions.get('s', { timeoutMs: 150 }));
    expect(result).toBeInstanceOf(KonproTimeoutError);
    expect(ms).toBeLessThan(1000);
  });

  test('create: a reset in the middle of the body is not retried', async () => {
    const konpro = await clientFor((_req, res) => {
      res.writeHead(201, { 'content-type': 'application/json', 'content-length': '500' });
      res.write('{"session_token": "ey', () => res.socket?.destroy());
    });
    await expect(konpro.widgetSessions.create(body)).rejects.toBeInstanceOf(KonproConnectionError);
    expect(server!.requests).toHaveLength(1);
  });

  test('get: a reset is retried', async () => {
    const konpro = await clientFor(
      (_req, res, i) => (i === 0 ? void res.socket?.destroy() : sendJson(res, 200, SESSION)),
      { maxRetries: 1 },
    );
    expect(await konpro.widgetSessions.get('s')).toEqual(SESSION);
    expect(server!.requests).toHaveLength(2);
  });

  test('connection refused: a clear KonproConnectionError', async () => {
    server = await startServer(() => {});
    const { url } = server;
    await server.close();
    const konpro = createKonproClient({ apiKey: API_KEY, baseUrl: url, maxRetries: 0 });
    const error = await konpro.widgetSessions.create(body).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KonproConnectionError);
    expect(error).not.toBeInstanceOf(KonproTimeoutError);
    expect((error as Error).message).toMatch(
      /^createWidgetSession POST \/v1\/widget\/sessions failed without a response \(attempt 1 of 1\): .*ECONNREFUSED/,
    );
  });

  test('create: retried when the connection was refused (nothing was sent)', async () => {
    const refused = Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
    });
    const fetch = recordingFetch((_r, i) => {
      if (i === 0) throw refused;
      return new Response(JSON.stringify(CREATED), { status: 201 });
    });
    const konpro = createKonproClient({ apiKey: API_KEY, fetch, maxRetries: 1 });
    expect(await konpro.widgetSessions.create(body)).toEqual(CREATED);
    expect(fetch.requests).toHaveLength(2);
    expect(await fetch.requests[1]!.json()).toEqual(body);
  });

  test("the caller's AbortSignal stops at once, with no retry", async () => {
    const konpro = await clientFor(stall, { timeoutMs: 5000, maxRetries: 2 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const { result, ms } = await timed(() => konpro.widgetSessions.get('s', { signal: controller.signal }));
    expect(result).toBeInstanceOf(KonproAbortError);
    expect(server!.requests).toHaveLength(1);
    expect(ms).toBeLessThan(1000);
  });

  test('abort and timeout still arrive after a full garbage collection mid-request', async () => {
    // undici links Request signals through WeakRefs; a Request the client stopped referencing
    // could be collected mid-flight and take the abort with it. Force a full GC to prove it is not.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const controller = new AbortController();
    const konpro = await clientFor(
      () => {
        gc();
        setTimeout(() => controller.abort(), 20);
        return new Promise(() => {});
      },
      { timeoutMs: 10_000, maxRetries: 0 },
    );
    const aborted = await timed(() => konpro.widgetSessions.get('s', { signal: controller.signal }));
    expect(aborted.result).toBeInstanceOf(KonproAbortError);
    expect(aborted.ms).toBeLessThan(1000);
    await server!.close();

    const stalled = await clientFor(
      () => {
        gc();
        return new Promise(() => {});
      },
      { timeoutMs: 200, maxRetries: 0 },
    );
    const timedOut = await timed(() => stalled.widgetSessions.get('s'));
    expect(timedOut.result).toBeInstanceOf(KonproTimeoutError);
    expect(timedOut.ms).toBeLessThan(1500);

    // The same through an injected fetch.
    const injected = createKonproClient({
      apiKey: API_KEY,
      baseUrl: server!.url,
      timeoutMs: 200,
      maxRetries: 0,
      fetch: (url, init) => fetch(url, init),
    });
    const viaInjected = await timed(() => injected.widgetSessions.get('s'));
    expect(viaInjected.result).toBeInstanceOf(KonproTimeoutError);
    expect(viaInjected.ms).toBeLessThan(1500);
  });

  test('an abort during the backoff wait stops at once', async () => {
    const konpro = await clientFor((_req, res) =>
      sendJson(res, 429, errorBody('RATE_LIMIT_EXCEEDED', 'x'), { 'retry-after': '30' }),
    );
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const { result, ms } = await timed(() => konpro.widgetSessions.get('s', { signal: controller.signal }));
    expect(result).toBeInstanceOf(KonproAbortError);
    expect(server!.requests).toHaveLength(1);
    expect(ms).toBeLessThan(1500);
  });
});
