/**
 * Fault injection: every scenario against every operation, over real loopback sockets. Each
 * asserts the error class and fields, the requests the server saw (a create is never sent twice
 * when the server may have acted on it), a bounded total time, and that the key leaks nowhere.
 * The observations are written to reports/reliability.json for the README's Reliability table.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { inspect } from 'node:util';
import {
  AuthenticationError,
  BadRequestError,
  createKonproClient,
  InternalServerError,
  KonproAbortError,
  type KonproClient,
  KonproConnectionError,
  KonproResponseValidationError,
  KonproTimeoutError,
  RateLimitError,
  RedirectError,
} from 'konpro-widget-sessions';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import {
  API_KEY,
  AVATAR,
  CREATED,
  errorBody,
  type Handler,
  SESSION,
  sendJson,
  startServer,
} from './helpers/loopback-server.js';

/** Per-attempt timeout in the stall scenarios; the others use a roomier one so load cannot trip it. */
const STALL_TIMEOUT_MS = 150;
const TIMEOUT_MS = 5000;
const MAX_RETRIES = 2;
const BACKOFF_BUDGET_MS = 500 + 1000; // the two backoff waits at most (Stainless numbers)
const SLACK_MS = 1500; // shared, noisy 2-core machines

const OPERATIONS = {
  createWidgetSession: {
    method: 'POST',
    status: 201,
    body: CREATED,
    call: (k: KonproClient, signal?: AbortSignal) =>
      k.widgetSessions.create({ agentic_avatar_id: AVATAR, settings: {} }, signal ? { signal } : {}),
  },
  validateApiKey: {
    method: 'POST',
    status: 200,
    body: { valid: true, key_id: 'key-001', scopes: ['read'], metadata: {}, expires_at: null },
    call: (k: KonproClient, signal?: AbortSignal) => k.apiKeys.validate(signal ? { signal } : {}),
  },
  getWidgetSession: {
    method: 'GET',
    status: 200,
    body: SESSION,
    call: (k: KonproClient, signal?: AbortSignal) => k.widgetSessions.get('session-789', signal ? { signal } : {}),
  },
  deleteWidgetSession: {
    method: 'DELETE',
    status: 200,
    body: { message: 'Session terminated successfully', session_id: 'session-789' },
    call: (k: KonproClient, signal?: AbortSignal) => k.widgetSessions.delete('session-789', signal ? { signal } : {}),
  },
} as const;
type Operation = (typeof OPERATIONS)[keyof typeof OPERATIONS];

interface Expectation {
  /** Error class, or undefined for success. */
  error?: abstract new (
    ...args: never[]
  ) => Error;
  fields?: Record<string, unknown>;
  /** Requests the server must see. */
  seen: number;
  /** The least time the scenario must take (a Retry-After honoured). */
  minMs?: number;
  /** The longest wait the server asks for (Retry-After), on top of timeouts and backoff. */
  waitMs?: number;
  maxMs?: number;
}

interface Scenario {
  expected: string;
  handler?: (op: Operation, abort: () => void) => Handler;
  refuse?: boolean;
  validateResponses?: boolean;
  /** Per-attempt timeout, when the scenario needs another than TIMEOUT_MS. */
  timeoutMs?: number;
  expect: (idempotent: boolean) => Expectation;
}

const stall: Handler = () => new Promise(() => {});
const partial = (op: Operation) => (res: ServerResponse) => {
  res.writeHead(op.status, { 'content-type': 'application/json', 'content-length': '4096' });
  res.write(JSON.stringify(op.body).slice(0, 20));
};
const html =
  (status: number, size = 0) =>
  (_req: unknown, res: ServerResponse) => {
    res.writeHead(status, { 'content-type': 'text/html' });
    res.end(`<html><body><h1>${status} from the proxy</h1>${'<p>padding</p>'.repeat(size)}</body></html>`);
  };
const retriedIfIdempotent =
  (error: NonNullable<Expectation['error']>, fields: Record<string, unknown> = {}) =>
  (idempotent: boolean) => ({ error, fields, seen: idempotent ? MAX_RETRIES + 1 : 1 });

const SCENARIOS: Record<string, Scenario> = {
  'connection refused': {
    refuse: true,
    expected: 'KonproConnectionError; retried (nothing was sent)',
    expect: () => ({ error: KonproConnectionError, seen: 0 }),
  },
  'reset before headers': {
    expected: 'KonproConnectionError; GET/DELETE retried, POST sent once',
    handler: () => (_req, res) => void res.socket?.destroy(),
    expect: retriedIfIdempotent(KonproConnectionError),
  },
  'reset in the middle of the body': {
    expected: 'KonproConnectionError; GET/DELETE retried, POST sent once',
    handler: (op) => (_req, res) => {
      partial(op)(res);
      setTimeout(() => res.socket?.destroy(), 10);
    },
    expect: retriedIfIdempotent(KonproConnectionError),
  },
  'stall before headers': {
    timeoutMs: STALL_TIMEOUT_MS,
    expected: 'KonproTimeoutError after timeoutMs per attempt; POST not retried',
    handler: () => stall,
    expect: retriedIfIdempotent(KonproTimeoutError),
  },
  'stall in the middle of the body': {
    timeoutMs: STALL_TIMEOUT_MS,
    expected: 'KonproTimeoutError (the timeout covers the body)',
    handler: (op) => (_req, res) => partial(op)(res),
    expect: retriedIfIdempotent(KonproTimeoutError),
  },
  '502 with an HTML page': {
    expected: 'InternalServerError 502, no code; GET/DELETE retried',
    handler: () => html(502),
    expect: retriedIfIdempotent(InternalServerError, { status: 502, code: undefined }),
  },
  '504 with an HTML page': {
    expected: 'InternalServerError 504; GET/DELETE retried',
    handler: () => html(504),
    expect: retriedIfIdempotent(InternalServerError, { status: 504 }),
  },
  'truncated JSON in a 2xx': {
    expected: 'KonproResponseValidationError "not valid JSON"',
    handler: (op) => (_req, res) => {
      res.writeHead(op.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(op.body).slice(0, 25));
    },
    expect: () => ({ error: KonproResponseValidationError, seen: 1 }),
  },
  'invalid JSON in a 400': {
    expected: 'BadRequestError with a useful message',
    handler: () => (_req, res) => {
      res.writeHead(400, { 'content-type': 'application/json', 'x-request-id': 'req-hdr-1' });
      res.end('{"error": {"code": "VALIDATION_');
    },
    expect: () => ({ error: BadRequestError, fields: { status: 400, requestId: 'req-hdr-1' }, seen: 1 }),
  },
  '2xx that breaks the schema': {
    validateResponses: true,
    expected: 'KonproResponseValidationError naming each JSON path',
    handler: (op) => (_req, res) => sendJson(res, op.status, { unexpected: true }),
    expect: () => ({ error: KonproResponseValidationError, seen: 1 }),
  },
  '429 with Retry-After in seconds': {
    expected: 'waits 1 s as told, then succeeds (POST too)',
    handler: (op) => (_req, res) =>
      seenCount(res) === 1
        ? sendJson(res, 429, errorBody('RATE_LIMIT_EXCEEDED', 'slow down'), { 'retry-after': '1' })
        : sendJson(res, op.status, op.body),
    expect: () => ({ seen: 2, minMs: 950, waitMs: 1000 }),
  },
  '429 with Retry-After as an HTTP date': {
    expected: 'waits until that date, then succeeds',
    handler: (op) => (_req, res) =>
      seenCount(res) === 1
        ? sendJson(res, 429, errorBody('RATE_LIMIT_EXCEEDED', 'slow down'), {
            'retry-after': new Date(Date.now() + 2000).toUTCString(),
          })
        : sendJson(res, op.status, op.body),
    expect: () => ({ seen: 2, minMs: 900, waitMs: 2000 }),
  },
  '429 with Retry-After of an hour': {
    expected: 'RateLimitError at once with retryAfterMs; no wait',
    handler: () => (_req, res) =>
      sendJson(res, 429, errorBody('RATE_LIMIT_EXCEEDED', 'daily limit'), { 'retry-after': '3600' }),
    expect: () => ({
      error: RateLimitError,
      fields: { status: 429, code: 'RATE_LIMIT_EXCEEDED', requestId: 'req-123456', retryAfterMs: 3_600_000 },
      seen: 1,
      // No wait: one request (seen), and far under the hour (5 s leaves room for a busy machine).
      maxMs: 5000,
    }),
  },
  '503 twice, then success': {
    expected: 'retried with backoff, then succeeds (POST too: 503 means not acted on)',
    handler: (op) => (_req, res) =>
      seenCount(res) <= 2
        ? sendJson(res, 503, errorBody('SERVICE_UNAVAILABLE', 'later'))
        : sendJson(res, op.status, op.body),
    expect: () => ({ seen: 3 }),
  },
  '2xx body of 5 MB (over maxResponseBytes)': {
    timeoutMs: 10_000,
    expected: 'KonproResponseValidationError after reading 1 MiB; the rest is never buffered; not retried',
    handler: (op) => (_req, res) => sendJson(res, op.status, { ...op.body, padding: 'x'.repeat(5 * 1024 * 1024) }),
    expect: () => ({ error: KonproResponseValidationError, seen: 1 }),
  },
  'redirect to another origin': {
    expected: 'RedirectError with status and Location; never followed, never retried; the key stays home',
    handler: () => (_req, res) => {
      res.writeHead(307, { location: 'http://127.0.0.2:9/steal?key=1' });
      res.end();
    },
    expect: () => ({ error: RedirectError, fields: { status: 307, location: 'http://127.0.0.2:9/steal' }, seen: 1 }),
  },
  'key echoed in status text, headers and body': {
    expected: 'AuthenticationError; the key in no message, field, header or stack',
    handler: () => (_req, res) => {
      res.writeHead(401, `Invalid key ${API_KEY}`, {
        'content-type': 'application/json',
        'x-request-id': API_KEY,
        'x-echo': `key=${API_KEY}`,
      });
      res.end(JSON.stringify(errorBody('INVALID_API_KEY', `key ${API_KEY} rejected`, { key: API_KEY })));
    },
    expect: () => ({ error: AuthenticationError, fields: { status: 401, requestId: 'req-123456' }, seen: 1 }),
  },
  '500 HTML page of 5 MB': {
    timeoutMs: 10_000,
    expected: 'InternalServerError with a short message',
    handler: () => html(500, 350_000),
    expect: retriedIfIdempotent(InternalServerError, { status: 500 }),
  },
  "caller's AbortSignal during a stall": {
    expected: 'KonproAbortError at once, no retry',
    timeoutMs: 10_000,
    // The server aborts the caller's signal 20 ms after it has the request, then stalls.
    handler: (_op, abort) => () => {
      setTimeout(abort, 20);
      return new Promise(() => {});
    },
    expect: () => ({ error: KonproAbortError, seen: 1 }),
  },
};

// The handler's view of how many requests its server has seen (set per request below).
const counts = new WeakMap<ServerResponse, number>();
const seenCount = (res: ServerResponse) => counts.get(res) ?? 0;

interface Observation {
  scenario: string;
  operationId: string;
  outcome: string;
  seen: number;
  attempts: number;
  ms: number;
}
const observations: Observation[] = [];
const logged: string[] = [];

beforeAll(() => {
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, method).mockImplementation(
      (...args: unknown[]) => void logged.push(args.map((a) => inspect(a)).join(' ')),
    );
  }
});

afterAll(() => {
  vi.restoreAllMocks();
  mkdirSync('reports', { recursive: true });
  writeFileSync(
    'reports/reliability.json',
    `${JSON.stringify({ timeoutMs: TIMEOUT_MS, stallTimeoutMs: STALL_TIMEOUT_MS, maxRetries: MAX_RETRIES, scenarios: Object.fromEntries(Object.entries(SCENARIOS).map(([name, s]) => [name, s.expected])), observations }, null, 2)}\n`,
  );
});

describe.concurrent.each(Object.keys(SCENARIOS))('%s', (name) => {
  const scenario = SCENARIOS[name]!;
  // The scenario in each test's own name, so that a slow-test line says which one it was.
  test.each(Object.keys(OPERATIONS) as Array<keyof typeof OPERATIONS>)(`${name}: %s`, async (operationId) => {
    const op = OPERATIONS[operationId];
    const idempotent = op.method !== 'POST';
    const want = scenario.expect(idempotent);
    const controller = new AbortController();
    let abortedAt: number | undefined;
    const server = await startServer(async (req, res, index) => {
      counts.set(res, index + 1);
      await scenario.handler?.(op, () => {
        abortedAt = performance.now();
        controller.abort();
      })(req, res, index);
    });
    if (scenario.refuse) await server.close();
    let attempts = 0;
    const konpro = createKonproClient({
      apiKey: API_KEY,
      baseUrl: server.url,
      timeoutMs: scenario.timeoutMs ?? TIMEOUT_MS,
      maxRetries: MAX_RETRIES,
      validateResponses: scenario.validateResponses ?? false,
      fetch: (url, init) => {
        attempts++;
        return fetch(url, init);
      },
    });
    const started = performance.now();
    const result: unknown = await op.call(konpro, controller.signal).catch((e: unknown) => e);
    const ms = performance.now() - started;
    await server.close();
    observations.push({
      scenario: name,
      operationId,
      outcome: result instanceof Error ? result.name : 'ok',
      seen: server.requests.length,
      attempts,
      ms: Math.round(ms),
    });

    if (want.error) {
      expect(result).toBeInstanceOf(want.error);
      expect(result).toMatchObject(want.fields ?? {});
      const error = result as Error;
      expect(error.message.length).toBeLessThan(600);
      for (const text of [
        error.message,
        String(error),
        JSON.stringify(error),
        inspect(error, { depth: 10, showHidden: true }),
        error.stack ?? '',
      ]) {
        expect(text).not.toContain(API_KEY);
      }
    } else {
      expect(result).toMatchObject(op.body);
    }
    expect(server.requests.length, 'requests the server saw').toBe(want.seen);
    if (scenario.refuse) expect(attempts, 'attempts').toBe(MAX_RETRIES + 1);
    if (!idempotent && want.error && !scenario.refuse)
      expect(server.requests.length, 'a POST the server may have acted on is sent once').toBeLessThanOrEqual(1);
    const bound =
      want.maxMs ??
      (MAX_RETRIES + 1) * (scenario.timeoutMs ?? TIMEOUT_MS) + BACKOFF_BUDGET_MS + (want.waitMs ?? 0) + SLACK_MS;
    expect(ms).toBeLessThan(bound);
    if (want.minMs) expect(ms).toBeGreaterThanOrEqual(want.minMs);
    if (abortedAt !== undefined) expect(started + ms - abortedAt, 'from the abort to the error').toBeLessThan(250);
  });
});

test('nothing logged the key', () => {
  expect(logged.filter((line) => line.includes(API_KEY))).toEqual([]);
});
