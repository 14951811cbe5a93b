/**
 * The backend half of the embed (issue #16): one Fetch API handler that mints a widget session for
 * the signed-in user (POST) and revokes that user's sessions (DELETE). Only what the page needs
 * reaches it: the token, the widget URL, the expiry and the session id; never the key, never
 * KonPro's errors. Works wherever `(Request) => Promise<Response>` does (Next.js route handlers,
 * Hono, Bun, Deno, Workers), and on node:http or Express through `toNodeListener`.
 */
import type { KonproClient } from '../client.js';
import {
  AuthenticationError,
  InternalServerError,
  KonproConfigError,
  KonproConnectionError,
  KonproError,
  KonproTimeoutError,
  PermissionDeniedError,
  RateLimitError,
} from '../errors.js';
import type { Logger } from '../internal/log.js';
import { NOTHING_TO_REDACT } from '../internal/redact.js';
import { keyFoundIn, redactorOf } from '../internal/shared-marks.js';
import type { CreatedWidgetSession, WidgetSessionSettings } from '../types.js';
import { createMemorySessionStore, type SessionStore } from './session-store.js';

/** What the page receives on a successful POST, and nothing else. */
export interface WidgetSessionGrant {
  session_token: string;
  widget_url: string;
  expires_at: string;
  session_id: string;
}

/** Options of `createWidgetSessionHandler`. */
export interface WidgetSessionHandlerOptions {
  /** A client made with `createKonproClient` (on the server: it holds the key). */
  client: KonproClient;
  /** Your authentication: the user's id, or null when the request is not signed in (401). */
  authorize: (request: Request) => string | null | undefined | Promise<string | null | undefined>;
  /** The avatar to create sessions for, or a function of the user and request. */
  agenticAvatarId: string | ((userId: string, request: Request) => string | Promise<string>);
  /**
   * The session's settings. With `allowed_domains`, a request whose `Origin` is not one of them
   * is refused (403), and allowed origins get CORS headers. @default {}
   */
  settings?: WidgetSessionSettings;
  /** Where minted sessions are remembered per user. @default in memory (one instance only) */
  store?: SessionStore;
  /** At most this many mints per user per window, beyond which 429. @default { mints: 5, windowMs: 60000 } */
  perUserLimit?: { mints: number; windowMs: number };
  /** Where failures are explained (never the browser). @default console */
  logger?: Pick<Logger, 'error' | 'warn'>;
  /** @default Date.now */
  now?: () => number;
}

type ErrorCode =
  | 'unauthorized'
  | 'forbidden_origin'
  | 'method_not_allowed'
  | 'not_found'
  | 'rate_limited'
  | 'upstream_rate_limited'
  | 'upstream_error'
  | 'upstream_timeout'
  | 'server_error';

const MESSAGES: Record<ErrorCode, string> = {
  unauthorized: 'Sign in to start the widget.',
  forbidden_origin: 'This page may not embed the widget.',
  method_not_allowed: 'Use POST to start a widget session and DELETE to end it.',
  not_found: 'No such widget session of yours.',
  rate_limited: 'Too many widget sessions; try again shortly.',
  upstream_rate_limited: 'The widget service is busy; try again shortly.',
  upstream_error: 'The widget service is unavailable; try again shortly.',
  upstream_timeout: 'The widget service did not answer in time; try again shortly.',
  server_error: 'The widget session service failed.',
};

/** How a failure of KonPro (or of our configuration) reaches the page: status and code, no details. */
/** KonPro's create answer held the API key (it was removed, and the session terminated). */
class KeyInAnswerError extends KonproError {
  override name = 'KeyInAnswerError';
  constructor(paths: readonly string[]) {
    super(`KonPro's answer held the API key in ${paths.join(', ')}: not forwarded, the session terminated`);
  }
}

const UPSTREAM: Array<[abstract new (...args: never[]) => Error, number, ErrorCode]> = [
  [KeyInAnswerError, 502, 'upstream_error'],
  [RateLimitError, 503, 'upstream_rate_limited'],
  [KonproTimeoutError, 504, 'upstream_timeout'],
  [KonproConnectionError, 502, 'upstream_error'],
  [InternalServerError, 502, 'upstream_error'],
  [AuthenticationError, 500, 'server_error'],
  [PermissionDeniedError, 500, 'server_error'],
  [KonproConfigError, 500, 'server_error'],
];

const ALLOW = 'POST, DELETE, OPTIONS';

/**
 * Creates the token endpoint: `POST` mints a session for the user `authorize` returns (201 with
 * `{ session_token, widget_url, expires_at, session_id }`, `Cache-Control: no-store`), `DELETE`
 * revokes the sessions it minted for that user (204; `?session_id=` for one). Concurrent mints of
 * one user share one KonPro call; a per-user limit stops a page from minting a storm.
 *
 * @example
 * import { createWidgetSessionHandler } from 'konpro-widget-sessions/server';
 *
 * const handler = createWidgetSessionHandler({
 *   client: konpro,
 *   agenticAvatarId: AVATAR,
 *   settings: { max_duration: 900, allowed_domains: ['app.example.com'] },
 *   authorize: async (request) => (await getSession(request))?.userId ?? null,
 * });
 * export const POST = handler; // Next.js route handler
 * export const DELETE = handler;
 */
export function createWidgetSessionHandler(
  options: WidgetSessionHandlerOptions,
): (request: Request) => Promise<Response> {
  checkOptions(options);
  const { client, authorize, settings = {}, now = Date.now } = options;
  // Every line logged and every body answered passes the client's key redactor (issue #20).
  const redact = redactorOf(client) ?? NOTHING_TO_REDACT;
  const logger = options.logger ?? console;
  const log = (level: 'error' | 'warn', message: string) => logger[level](redact.text(`konpro: ${message}`));
  const store = options.store ?? createMemorySessionStore(now);
  const limit = options.perUserLimit ?? { mints: 5, windowMs: 60_000 };
  const domains = settings.allowed_domains;
  const inFlight = new Map<string, Promise<CreatedWidgetSession>>();
  const mints = new Map<string, number[]>();

  /** The CORS headers for an allowed cross-origin request. */
  const cors = (origin: string | null): Record<string, string> =>
    origin && domains
      ? { 'access-control-allow-origin': origin, 'access-control-allow-credentials': 'true', vary: 'Origin' }
      : {};
  const respond = (status: number, body: unknown, headers: Record<string, string>): Response =>
    new Response(body === undefined ? null : JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers },
    });
  /** Every body the page receives passes here: one that holds the key is never sent. */
  const json = (status: number, body: unknown, headers: Record<string, string> = {}): Response => {
    if (redact.find(body).length === 0) return respond(status, body, headers);
    log('error', `refused to answer ${status}: the body held the API key`);
    return respond(502, { error: { code: 'upstream_error', message: MESSAGES.upstream_error } }, headers);
  };
  const fail = (status: number, code: ErrorCode, headers: Record<string, string> = {}) =>
    json(status, { error: { code, message: MESSAGES[code] } }, headers);

  const underLimit = (userId: string): boolean => {
    const recent = (mints.get(userId) ?? []).filter((t) => t > now() - limit.windowMs);
    if (recent.length >= limit.mints) return false;
    recent.push(now());
    mints.set(userId, recent);
    return true;
  };

  const mint = (userId: string, request: Request): Promise<CreatedWidgetSession> => {
    const running = inFlight.get(userId);
    if (running) return running;
    const started = (async () => {
      const avatar =
        typeof options.agenticAvatarId === 'function'
          ? await options.agenticAvatarId(userId, request)
          : options.agenticAvatarId;
      const created = await client.widgetSessions.create({ agentic_avatar_id: avatar, settings });
      const leaked = keyFoundIn(created);
      if (leaked.length > 0) {
        // Never handed to the page, and never left active for whoever else holds its token.
        await client.widgetSessions.delete(created.session_id).catch(() => undefined);
        throw new KeyInAnswerError(leaked);
      }
      await store.add(userId, { sessionId: created.session_id, expiresAt: created.expires_at });
      return created;
    })().finally(() => inFlight.delete(userId));
    inFlight.set(userId, started);
    return started;
  };

  const upstreamFailure = (error: unknown, what: string, headers: Record<string, string>): Response => {
    const [, status, code] = UPSTREAM.find(([ErrorClass]) => error instanceof ErrorClass) ?? [
      Error,
      500,
      'server_error',
    ];
    log('error', `${what} failed: ${(error as Error)?.name ?? 'Error'}: ${(error as Error)?.message ?? String(error)}`);
    if (error instanceof RateLimitError) {
      const seconds = Math.max(1, Math.ceil((error.retryAfterMs ?? 30_000) / 1000));
      return fail(status, code, { ...headers, 'retry-after': String(seconds) });
    }
    return fail(status, code, headers);
  };

  return async function widgetSessionHandler(request: Request): Promise<Response> {
    const origin = request.headers.get('origin');
    if (origin && domains && !originAllowed(origin, domains)) return fail(403, 'forbidden_origin');
    const headers = cors(origin);
    if (request.method === 'OPTIONS') {
      return new Response(null, {
        status: 204,
        headers: { ...headers, 'access-control-allow-methods': ALLOW, 'cache-control': 'no-store' },
      });
    }
    if (request.method !== 'POST' && request.method !== 'DELETE')
      return fail(405, 'method_not_allowed', { ...headers, allow: ALLOW });

    let userId: string | null | undefined;
    try {
      userId = await authorize(request);
    } catch (error) {
      log('error', `authorize threw: ${(error as Error)?.message ?? String(error)}`);
      return fail(500, 'server_error', headers);
    }
    if (typeof userId !== 'string' || userId === '') return fail(401, 'unauthorized', headers);

    if (request.method === 'POST') {
      if (!inFlight.has(userId) && !underLimit(userId)) {
        const seconds = Math.ceil(limit.windowMs / 1000);
        return fail(429, 'rate_limited', { ...headers, 'retry-after': String(seconds) });
      }
      try {
        const { session_token, widget_url, expires_at, session_id } = await mint(userId, request);
        const grant: WidgetSessionGrant = { session_token, widget_url, expires_at, session_id };
        return json(201, grant, headers);
      } catch (error) {
        return upstreamFailure(error, `minting a widget session for user ${userId}`, headers);
      }
    }

    const only = new URL(request.url).searchParams.get('session_id');
    const sessions = await store.list(userId);
    const targets = only === null ? sessions : sessions.filter((s) => s.sessionId === only);
    if (only !== null && targets.length === 0) return fail(404, 'not_found', headers);
    try {
      for (const { sessionId } of targets) {
        await client.widgetSessions.delete(sessionId).catch((error: unknown) => {
          // Already gone at KonPro: nothing left to revoke.
          if ((error as { code?: string }).code !== 'RESOURCE_NOT_FOUND') throw error;
        });
        await store.remove(userId, sessionId);
      }
    } catch (error) {
      return upstreamFailure(error, `revoking the widget sessions of user ${userId}`, headers);
    }
    return new Response(null, { status: 204, headers: { ...headers, 'cache-control': 'no-store' } });
  };
}

/** Whether `Origin` is one of the allowed domain names (https, or http on localhost for development). */
function originAllowed(origin: string, domains: readonly string[]): boolean {
  try {
    const { hostname, protocol } = new URL(origin);
    const secure =
      protocol === 'https:' || (protocol === 'http:' && (hostname === 'localhost' || hostname === '127.0.0.1'));
    return secure && domains.some((domain) => domain.toLowerCase() === hostname.toLowerCase());
  } catch {
    return false;
  }
}

function checkOptions(options: WidgetSessionHandlerOptions): void {
  const fail = (option: string, problem: string): never => {
    throw new KonproConfigError(option, problem);
  };
  if (!options || typeof options !== 'object') fail('createWidgetSessionHandler', 'needs an options object');
  if (typeof options.client?.widgetSessions?.create !== 'function')
    fail('client', 'must be a client from createKonproClient');
  if (typeof options.authorize !== 'function') fail('authorize', 'must be a function returning the user id, or null');
  const avatar = options.agenticAvatarId;
  if (typeof avatar !== 'function' && (typeof avatar !== 'string' || avatar === ''))
    fail('agenticAvatarId', 'must be an avatar id, or a function of the user returning one');
  const limit = options.perUserLimit;
  if (limit !== undefined && !(Number.isInteger(limit.mints) && limit.mints > 0 && limit.windowMs > 0))
    fail('perUserLimit', 'must be { mints: a whole number ≥ 1, windowMs: > 0 }');
}
