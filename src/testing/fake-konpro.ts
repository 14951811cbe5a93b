/**
 * `createFakeKonpro`: one stateful, in-memory KonPro that behaves as the vendor documents it, for
 * your own tests. Use `fake.fetch` as the client's `fetch` (no socket), or `fake.listen()` for a
 * loopback server. The project's own contract suite runs against it, which keeps it honest.
 */
import type { OperationId } from '../../generated/operations.js';
import { boolean, type Check, checkOptions, fail, fn, oneOf, range } from '../internal/config/check-options.js';
import { isPlan, PLANS, type Plan, RateLimiter } from '../internal/config/plans.js';
import { matchOperation, type OperationMatch } from '../internal/validation/find-operation.js';
import { checkRequestBody } from '../internal/validation/spec-validators.js';
import type { ApiKeyValidation, CreatedWidgetSession, WidgetSession } from '../types.js';
import type {
  FakeAnswer,
  FakeBehaviour,
  FakeInput,
  FakeKonproOptions,
  FakeKonproServer,
  FakeState,
  StoredSession,
} from './fake-types.js';
import { fakeJwt } from './jwt.js';

/** A failure the next request meets instead of its answer (see `failNext`). */
export type FakeFailure =
  | { status: 429 | 500 | 502 | 503 | 504; retryAfterSeconds?: number }
  | { kind: 'drop' }
  | { kind: 'stall' };

/** One request the fake received: never its headers, so never the key. */
export interface FakeRequest {
  method: string;
  path: string;
  /** The operation it addressed, when it addressed one. */
  operationId: OperationId | undefined;
  /** The status answered; 0 for a dropped or stalled connection. */
  status: number;
  requestId: string | undefined;
}

/** What `createFakeKonpro` returns. */
export interface FakeKonpro {
  /** A `fetch` that answers as KonPro would: pass it to `createKonproClient({ fetch })`, or to msw. */
  fetch(input: string | URL | Request, init?: RequestInit): Promise<Response>;
  /** Every session the fake holds, in the documented GET shape, oldest first. */
  readonly sessions: WidgetSession[];
  /** Every request received so far, oldest first. */
  readonly requests: readonly FakeRequest[];
  /** The next `count` requests (default 1) fail so, whatever they ask. */
  failNext(failure: FakeFailure, count?: number): void;
  /** Serves the same fake on a loopback port (node only). */
  listen(options?: { port?: number; host?: string }): Promise<FakeKonproServer>;
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The scope each operation needs (validating the key needs none). */
const NEEDED_SCOPE: Partial<Record<OperationId, string>> = {
  createWidgetSession: 'write',
  deleteWidgetSession: 'write',
  getWidgetSession: 'read',
};

const avatarIds: Check = (value, option) => {
  if (!Array.isArray(value) || value.some((id) => typeof id !== 'string' || id === ''))
    fail(option, 'must be an array of avatar ids (non-empty strings)');
};

/** The options of `createFakeKonpro` and their checks (a typo is refused with a suggestion). */
const FAKE_OPTIONS: Record<keyof FakeKonproOptions, Check> = {
  apiKey: (value, option) => {
    if (typeof value !== 'string' || value.trim() === '') fail(option, 'must be a non-empty string');
  },
  agenticAvatarIds: avatarIds,
  now: fn,
  plan: (value, option) => {
    if (!isPlan(value)) fail(option, `must be one of ${Object.keys(PLANS).join(', ')}, or { perMinute, perDay? }`);
  },
  retryAfterOnRateLimit: boolean,
  createdStatus: oneOf(200, 201),
  defaultMaxDuration: range(1, 31_536_000, 'a whole number of seconds'),
  rejectedKeyAnswer: oneOf(401, 'valid-false'),
  endedSessionRead: oneOf('status', 404),
  repeatedDelete: oneOf(404, 200),
  unknownAvatarStatus: oneOf(400, 404),
  scopes: (value, option) => {
    if (!Array.isArray(value) || !value.every((s) => typeof s === 'string'))
      fail(option, 'must be an array of strings');
  },
};

/** The shared core; `createFakeKonpro` is it with KonPro's documented behaviour only. */
export function createFake(options: FakeKonproOptions, behaviour: FakeBehaviour = {}): FakeKonpro {
  checkOptions(options, FAKE_OPTIONS, 'createFakeKonpro', ['apiKey', 'agenticAvatarIds']);
  const now = options.now ?? Date.now;
  const scopes = options.scopes ?? ['read', 'write'];
  const state: FakeState = {
    sessions: new Map(),
    avatars: new Set(options.agenticAvatarIds),
    options,
    now,
  };
  const limiter = options.plan ? new RateLimiter(options.plan) : undefined;
  const failures: FakeFailure[] = [];
  const requests: FakeRequest[] = [];
  let requestCount = 0;

  const json = (status: number, body: unknown, headers: Record<string, string> = {}): FakeAnswer => ({
    status,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const error = (
    status: number,
    code: string,
    message: string,
    extra: { details?: unknown; headers?: Record<string, string> } = {},
  ) => {
    const requestId = `req-${100000 + requestCount}`;
    const body = {
      error: { code, message, ...(extra.details === undefined ? {} : { details: extra.details }) },
      request_id: requestId,
    };
    return json(status, body, { 'x-request-id': requestId, ...extra.headers });
  };
  const ok = (status: number, body: unknown) => json(status, body, { 'x-request-id': `req-${100000 + requestCount}` });

  const view = (s: StoredSession): WidgetSession => ({
    session_id: s.session_id,
    agentic_avatar_id: s.agentic_avatar_id,
    status: s.terminated ? 'terminated' : now() >= s.expires ? 'expired' : 'active',
    created_at: iso(s.created),
    expires_at: iso(s.expires),
  });

  const handlers: Record<OperationId, (input: FakeInput, id: string | undefined) => FakeAnswer> = {
    validateApiKey: (input) => {
      if (
        input.apiKey !== undefined &&
        input.apiKey !== options.apiKey &&
        options.rejectedKeyAnswer === 'valid-false'
      ) {
        return ok(200, { valid: false, key_id: 'key-unknown', scopes: [], metadata: {}, expires_at: null });
      }
      const key: ApiKeyValidation = {
        valid: true,
        key_id: 'key-001',
        scopes: ['read', 'write'],
        metadata: {},
        expires_at: null,
      };
      return ok(200, key);
    },
    createWidgetSession: (input) => {
      let body: unknown;
      try {
        body = JSON.parse(input.bodyText);
      } catch {
        return error(400, 'VALIDATION_ERROR', 'The request body is not valid JSON.');
      }
      const [problem] = checkRequestBody('createWidgetSession', body);
      if (problem) {
        const details = { field: problem.path, reason: problem.message };
        return error(400, 'VALIDATION_ERROR', `${problem.path} ${problem.message}`, { details });
      }
      const { agentic_avatar_id, settings } = body as {
        agentic_avatar_id: string;
        settings: { max_duration?: number };
      };
      if (!state.avatars.has(agentic_avatar_id)) {
        const details = { field: 'agentic_avatar_id', reason: 'Avatar not found' };
        return options.unknownAvatarStatus === 404
          ? error(404, 'RESOURCE_NOT_FOUND', 'Agentic avatar not found.', { details })
          : error(400, 'INVALID_REQUEST', 'The request was invalid.', { details });
      }
      const created = now();
      const seconds = settings.max_duration ?? options.defaultMaxDuration ?? 3600;
      const session: StoredSession = {
        session_id: behaviour.sessionId?.() ?? `session-${crypto.randomUUID()}`,
        agentic_avatar_id,
        created,
        expires: created + seconds * 1000,
        terminated: false,
      };
      state.sessions.set(session.session_id, session);
      const answer: CreatedWidgetSession = {
        session_token: fakeJwt({
          sub: session.session_id,
          agentic_avatar_id,
          iat: Math.floor(created / 1000),
          exp: Math.floor(session.expires / 1000),
        }),
        expires_at: iso(session.expires),
        widget_url: 'https://widget.konpro.ai/embed',
        session_id: session.session_id,
      };
      return ok(options.createdStatus ?? 201, answer);
    },
    getWidgetSession: (_input, id) => {
      const session = state.sessions.get(id ?? '');
      const ended = session && view(session).status !== 'active';
      if (!session || (ended && options.endedSessionRead === 404))
        return error(404, 'RESOURCE_NOT_FOUND', 'Widget session not found.');
      return ok(200, view(session));
    },
    deleteWidgetSession: (_input, id) => {
      const session = state.sessions.get(id ?? '');
      if (!session || (session.terminated && options.repeatedDelete !== 200))
        return error(404, 'RESOURCE_NOT_FOUND', 'Widget session not found.');
      session.terminated = true;
      return ok(200, { message: 'Session terminated successfully', session_id: session.session_id });
    },
  };

  function answer(input: FakeInput, match: OperationMatch | undefined): FakeAnswer {
    requestCount++;
    const failure = failures.shift();
    if (failure) {
      if ('kind' in failure) return failure;
      const headers =
        failure.retryAfterSeconds === undefined ? {} : { 'retry-after': String(failure.retryAfterSeconds) };
      const [code, message] = FAILURE_BODIES[failure.status];
      return error(failure.status, code, message, { headers });
    }
    if (limiter) {
      const wait = limiter.take(now());
      if (wait !== undefined) {
        const headers: Record<string, string> = options.retryAfterOnRateLimit
          ? { 'retry-after': String(Math.max(1, Math.ceil(wait / 1000))) }
          : {};
        return error(429, 'RATE_LIMIT_EXCEEDED', 'Rate limit exceeded.', { headers });
      }
    }
    if (!match) return error(404, 'RESOURCE_NOT_FOUND', `No route for ${input.method} ${input.path}.`);
    const { operationId, pathParams } = match;
    if (behaviour.checksKey?.(operationId) !== false) {
      const rejectedByValue = operationId === 'validateApiKey' && options.rejectedKeyAnswer === 'valid-false';
      if (input.apiKey === undefined || (input.apiKey !== options.apiKey && !rejectedByValue))
        return error(401, 'INVALID_API_KEY', 'Invalid or missing API key.');
    }
    const needed = NEEDED_SCOPE[operationId];
    if (needed && !scopes.includes(needed))
      return error(
        403,
        'INSUFFICIENT_PERMISSIONS',
        `This API key may not perform ${operationId} (it needs the ${needed} scope).`,
      );
    const segment = pathParams.session_id;
    let id: string | undefined;
    try {
      id = segment === undefined ? undefined : decodeURIComponent(segment);
    } catch {
      return error(404, 'RESOURCE_NOT_FOUND', 'Widget session not found.');
    }
    const early = behaviour.before?.(operationId, input, state);
    const result = early ?? handlers[operationId](input, id);
    return behaviour.after?.(operationId, input, result, state) ?? result;
  }

  function record(input: FakeInput, operationId: OperationId | undefined, result: FakeAnswer): FakeAnswer {
    requests.push({
      method: input.method,
      path: input.path,
      operationId,
      status: 'status' in result ? result.status : 0,
      requestId: 'status' in result ? result.headers['x-request-id'] : undefined,
    });
    return result;
  }

  function handle(input: FakeInput): FakeAnswer {
    const match = matchOperation(input.method, input.path);
    return record(input, match?.operationId, dated(answer(input, match)));
  }

  /** Every answer says the time by the fake's clock, as an HTTP server says it by its own (RFC 9110 §6.6.1). */
  function dated(result: FakeAnswer): FakeAnswer {
    if (!('status' in result) || Object.keys(result.headers).some((name) => name.toLowerCase() === 'date'))
      return result;
    return { ...result, headers: { ...result.headers, date: new Date(now()).toUTCString() } };
  }
  const stalled = new Set<unknown[]>();

  return {
    async fetch(input, init) {
      const request = new Request(input, init);
      // The caller's own signal, not request.signal: undici links that one to the caller's
      // through a WeakRef, which a garbage collection can cut (then a stall outlives every abort).
      const signal = init?.signal ?? (input instanceof Request ? input.signal : request.signal);
      if (signal.aborted) throw signal.reason;
      const result = handle({
        method: request.method,
        path: new URL(request.url).pathname,
        apiKey: request.headers.get('x-api-key') ?? undefined,
        bodyText: await request.text(),
      });
      if ('kind' in result) {
        if (result.kind === 'drop') {
          const cause = Object.assign(new Error('other side closed'), { code: 'ECONNRESET' });
          throw new TypeError('fetch failed', { cause });
        }
        // A stall ends only by an abort. Held until then: a Request passed in holds the link to
        // the signal it was built with.
        const held = [request, input];
        stalled.add(held);
        return new Promise<never>((_resolve, reject) =>
          signal.addEventListener('abort', () => {
            stalled.delete(held);
            reject(signal.reason);
          }),
        );
      }
      return new Response(result.body, { status: result.status, headers: result.headers });
    },
    get sessions() {
      return [...state.sessions.values()].map(view);
    },
    requests,
    failNext(failure, count = 1) {
      for (let i = 0; i < count; i++) failures.push(failure);
    },
    async listen(listenOptions = {}) {
      const { serveFake } = await import('./serve-fake.js');
      return serveFake(handle, listenOptions);
    },
  };
}

const FAILURE_BODIES: Record<429 | 500 | 502 | 503 | 504, [string, string]> = {
  429: ['RATE_LIMIT_EXCEEDED', 'Rate limit exceeded.'],
  500: ['PROCESSING_ERROR', 'An internal error occurred.'],
  502: ['PROCESSING_ERROR', 'Bad gateway.'],
  503: ['SERVICE_UNAVAILABLE', 'The service is temporarily unavailable.'],
  504: ['PROCESSING_ERROR', 'Gateway timeout.'],
};

/**
 * A stateful, in-memory KonPro that behaves as the vendor documents it: it enforces the key,
 * knows the account's avatars, answers every documented status with the documented error body
 * and a request id, expires sessions by its clock, terminates them on delete, and can emulate a
 * plan's rate limit.
 *
 * @example
 * import { createKonproClient } from 'konpro-widget-sessions';
 * import { createFakeKonpro } from 'konpro-widget-sessions/testing';
 *
 * const fake = createFakeKonpro({ apiKey: 'test-key', agenticAvatarIds: [AVATAR] });
 * const konpro = createKonproClient({ apiKey: 'test-key', fetch: fake.fetch });
 * await konpro.widgetSessions.create({ agentic_avatar_id: AVATAR, settings: {} });
 * fake.sessions; // [{ session_id: 'session-…', status: 'active', … }]
 */
export function createFakeKonpro(options: FakeKonproOptions): FakeKonpro {
  return createFake(options);
}
