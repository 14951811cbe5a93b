/**
 * What a backend engineer needs in production (issue #15): logs (never with the key), responses
 * and request ids on success, a total time bound per call, a proxy through `fetchOptions`, and
 * Over real loopback sockets (middleware has its own file: middleware.test.ts).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createKonproClient,
  KonproConfigError,
  KonproPromise,
  KonproTimeoutError,
  KonproTotalTimeoutError,
  NotFoundError,
  RateLimitError,
} from 'konpro-widget-sessions';
import { createProxy } from 'proxy';
import { ProxyAgent, fetch as undiciFetch } from 'undici';
import { afterEach, describe, expect, test, vi } from 'vitest';
import {
  CREATED,
  errorBody,
  type Handler,
  type LoopbackServer,
  SESSION,
  sendJson,
  startServer,
} from './helpers/loopback-server.js';

const KEY = 'sk-daily-use-0123456789';
let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  vi.unstubAllEnvs();
});

async function serve(handler: Handler) {
  server = await startServer(handler);
  return server;
}

function capture() {
  const lines: Array<[string, string]> = [];
  const logger = Object.fromEntries(
    (['error', 'warn', 'info', 'debug'] as const).map((level) => [
      level,
      (message: string) => lines.push([level, message]),
    ]),
  ) as unknown as Console;
  return { lines, logger };
}

describe('logging', () => {
  test('debug: one line per attempt with operation, method, path, status, attempt, duration and request id; the retry and its wait at info', async () => {
    const { url } = await serve((_req, res, i) =>
      i === 0
        ? sendJson(res, 503, errorBody('SERVICE_UNAVAILABLE', 'later'), { 'retry-after': '0' })
        : sendJson(res, 200, SESSION, { 'x-request-id': 'req-ok-2' }),
    );
    const { lines, logger } = capture();
    const konpro = createKonproClient({ apiKey: KEY, baseUrl: url, logLevel: 'debug', logger });
    await konpro.widgetSessions.get('session-789');
    expect(lines).toEqual([
      [
        'debug',
        expect.stringMatching(
          /^konpro: getWidgetSession GET \/v1\/widget\/sessions\/session-789 → 503 in \d+ ms \(attempt 1 of 3, request_id req-123456\)$/,
        ),
      ],
      [
        'info',
        'konpro: retrying getWidgetSession GET /v1/widget/sessions/session-789 in 0 ms after 503 (attempt 1 of 3)',
      ],
      [
        'debug',
        expect.stringMatching(
          /^konpro: getWidgetSession GET \/v1\/widget\/sessions\/session-789 → 200 in \d+ ms \(attempt 2 of 3, request_id req-ok-2\)$/,
        ),
      ],
      ['warn', expect.stringMatching(/only after 1 retry/)],
    ]);
  });

  test('warn (the default): quiet when all is well and on errors (they are thrown); a call that needed retries is a warning', async () => {
    const { url } = await serve((_req, res, i) =>
      i === 0
        ? sendJson(res, 503, errorBody('SERVICE_UNAVAILABLE', 'x'), { 'retry-after': '0' })
        : sendJson(res, 200, SESSION),
    );
    const { lines, logger } = capture();
    const konpro = createKonproClient({ apiKey: KEY, baseUrl: url, logger, logLevel: 'warn' });
    await konpro.widgetSessions.get('s');
    await konpro.widgetSessions.get('s');
    await konpro.widgetSessions.get('s', { maxRetries: 0 });
    expect(lines).toEqual([
      [
        'warn',
        expect.stringMatching(
          /^konpro: getWidgetSession GET \/v1\/widget\/sessions\/s answered 200 only after 1 retry \(\d+ ms in all\)$/,
        ),
      ],
    ]);
  });

  test('info: why an error came at once (a Retry-After too long to wait)', async () => {
    const { url } = await serve((_req, res) =>
      sendJson(res, 429, errorBody('RATE_LIMIT_EXCEEDED', 'x'), { 'retry-after': '3600' }),
    );
    const { lines, logger } = capture();
    const konpro = createKonproClient({ apiKey: KEY, baseUrl: url, logger, logLevel: 'info' });
    await expect(konpro.apiKeys.validate()).rejects.toBeInstanceOf(RateLimitError);
    expect(lines).toEqual([
      [
        'info',
        'konpro: validateApiKey POST /v1/api-keys/validate: not retried after 429: Retry-After of 3600 s is over 60 s',
      ],
    ]);
  });

  test('KONPRO_LOG sets the level; a wrong value is a KonproConfigError naming it', async () => {
    const { url } = await serve((_req, res) => sendJson(res, 200, SESSION));
    vi.stubEnv('KONPRO_LOG', 'DEBUG');
    const { lines, logger } = capture();
    // (vitest.config.ts sets KONPRO_LOG=off for every other test.)
    await createKonproClient({ apiKey: KEY, baseUrl: url, logger }).widgetSessions.get('s');
    expect(lines.map(([level]) => level)).toEqual(['debug']);
    vi.stubEnv('KONPRO_LOG', 'verbose');
    expect(() => createKonproClient({ apiKey: KEY })).toThrow(expect.objectContaining({ option: 'KONPRO_LOG' }));
    expect(() => createKonproClient({ apiKey: KEY, logLevel: 'loud' as never })).toThrow(KonproConfigError);
    expect(() => createKonproClient({ apiKey: KEY, logger: { info() {} } as never })).toThrow(
      /logger must have console's methods; it lacks error, warn, debug/,
    );
  });

  test('the key appears in no log line at any level, whatever the server echoes', async () => {
    const { url } = await serve((_req, res) => {
      res.writeHead(503, `down ${KEY}`, {
        'x-request-id': `req-${KEY}`,
        'content-type': 'application/json',
        location: `/${KEY}`,
      });
      res.end(JSON.stringify(errorBody('SERVICE_UNAVAILABLE', `key ${KEY}`)));
    });
    const { lines, logger } = capture();
    const konpro = createKonproClient({ apiKey: KEY, baseUrl: url, logLevel: 'debug', logger, maxRetries: 1 });
    await konpro.widgetSessions.get('s').catch(() => undefined);
    expect(lines.length).toBeGreaterThanOrEqual(3);
    for (const [, line] of lines) expect(line).not.toContain(KEY);
  });
});

describe('responses and request ids on success', () => {
  test('withResponse() gives data, response and request id; asResponse() the response; await gives the data', async () => {
    const { url } = await serve((_req, res) => sendJson(res, 201, CREATED, { 'x-request-id': 'req-created-1' }));
    const konpro = createKonproClient({ apiKey: KEY, baseUrl: url });
    const body = { agentic_avatar_id: 'a', settings: {} };
    const call = konpro.widgetSessions.create(body);
    expect(call).toBeInstanceOf(KonproPromise);
    const { data, response, requestId } = await call.withResponse();
    expect(data).toEqual(CREATED);
    expect(response.status).toBe(201);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual(CREATED);
    expect(requestId).toBe('req-created-1');
    expect(await call).toEqual(CREATED);
    const raw = await konpro.widgetSessions.create(body).asResponse();
    expect(raw.status).toBe(201);
    expect(server!.requests).toHaveLength(2);
  });

  test('errors reject the same way through await, withResponse and asResponse', async () => {
    const { url } = await serve((_req, res) => sendJson(res, 404, errorBody('RESOURCE_NOT_FOUND', 'gone')));
    const konpro = createKonproClient({ apiKey: KEY, baseUrl: url });
    await expect(konpro.widgetSessions.get('s')).rejects.toBeInstanceOf(NotFoundError);
    await expect(konpro.widgetSessions.get('s').withResponse()).rejects.toBeInstanceOf(NotFoundError);
    await expect(konpro.widgetSessions.get('s').asResponse()).rejects.toBeInstanceOf(NotFoundError);
    const caught = await konpro.widgetSessions.get('s').catch((e: Error) => e.name);
    expect(caught).toBe('NotFoundError');
  });
});

describe('a total time bound per call', () => {
  test('a stalled server: KonproTotalTimeoutError when the total runs out, whatever timeoutMs says', async () => {
    const { url } = await serve(() => new Promise(() => {}));
    const konpro = createKonproClient({ apiKey: KEY, baseUrl: url, timeoutMs: 30_000, totalTimeoutMs: 400 });
    const started = performance.now();
    const error = await konpro.widgetSessions.get('s').catch((e: unknown) => e);
    const ms = performance.now() - started;
    expect(error).toBeInstanceOf(KonproTotalTimeoutError);
    expect(error).toBeInstanceOf(KonproTimeoutError);
    expect((error as Error).message).toMatch(
      /^getWidgetSession GET \/v1\/widget\/sessions\/s ran out of its total time of 400 ms \(1 attempt\)$/,
    );
    expect(ms).toBeGreaterThanOrEqual(380);
    expect(ms).toBeLessThan(1500);
  });

  test('a long Retry-After inside the bound is not waited for: the error comes at once', async () => {
    const { url } = await serve((_req, res) =>
      sendJson(res, 429, errorBody('RATE_LIMIT_EXCEEDED', 'x'), { 'retry-after': '30' }),
    );
    const konpro = createKonproClient({ apiKey: KEY, baseUrl: url });
    const started = performance.now();
    await expect(konpro.widgetSessions.get('s', { totalTimeoutMs: 2000 })).rejects.toMatchObject({
      constructor: RateLimitError,
      retryAfterMs: 30_000,
    });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(server!.requests).toHaveLength(1);
  });

  test('retries happen within the bound, and the last attempt gets only what is left', async () => {
    const { url } = await serve((_req, res, i) =>
      i < 2 ? sendJson(res, 503, errorBody('SERVICE_UNAVAILABLE', 'x'), { 'retry-after': '0' }) : new Promise(() => {}),
    );
    const konpro = createKonproClient({ apiKey: KEY, baseUrl: url, totalTimeoutMs: 500 });
    const started = performance.now();
    await expect(konpro.widgetSessions.get('s')).rejects.toBeInstanceOf(KonproTotalTimeoutError);
    expect(server!.requests).toHaveLength(3);
    expect(performance.now() - started).toBeLessThan(1500);
  });
});

describe('fetchOptions: a proxy through a dispatcher', () => {
  test.each([
    ['the global fetch', undefined],
    ["undici's own fetch", undiciFetch as never],
  ])('with %s, every request goes through a real loopback proxy', async (_name, fetch) => {
    const { url } = await serve((_req, res) => sendJson(res, 200, SESSION));
    const proxy = createProxy(createServer());
    let proxied = 0;
    proxy.on('connect', () => proxied++);
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const dispatcher = new ProxyAgent(`http://127.0.0.1:${(proxy.address() as AddressInfo).port}`);
    try {
      const konpro = createKonproClient({
        apiKey: KEY,
        baseUrl: url,
        fetchOptions: { dispatcher },
        ...(fetch ? { fetch } : {}),
      });
      expect(await konpro.widgetSessions.get('session-789')).toEqual(SESSION);
      expect(proxied).toBe(1);
      expect(server!.requests[0]!.headers['x-api-key']).toBe(KEY);
    } finally {
      await dispatcher.close();
      await new Promise((resolve) => proxy.close(resolve));
    }
  });
});
