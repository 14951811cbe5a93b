/**
 * The backend half of the embed (issues #16 and #21): one Fetch API handler that mints a widget
 * session per tab for the signed-in user (POST), revokes one tab's session or, on logout, all of
 * the user's (DELETE). Only what the page needs reaches it: the token, the widget URL and when the
 * session ends; never the key, never KonPro's errors. It never throws and never leaves a session
 * active that nobody holds: a failure of its store, its limits or KonPro is a JSON 5xx, and a
 * session KonPro created but the store could not record is terminated at once. Works wherever
 * `(Request) => Promise<Response>` does (Next.js route handlers, Hono, Bun, Deno, Workers), and on
 * node:http or Express through `toNodeListener`.
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
import {
  boolean,
  type Check,
  checkOptions,
  fail,
  fn,
  isRecord,
  range,
  withMethods,
} from '../internal/config/check-options.js';
import { isPlan, type Plan } from '../internal/config/plans.js';
import { NOTHING_TO_REDACT } from '../internal/gate/redact.js';
import { internalsOf, keyFoundIn } from '../internal/gate/shared-marks.js';
import type { KonproPromise } from '../konpro-promise.js';
import type { CreatedWidgetSession, Logger, WidgetSessionSettings } from '../types.js';
import {
  type CallBudget,
  createMemoryBudget,
  createMemoryUserLimiter,
  DEFAULT_PER_USER_LIMIT,
  type UserLimit,
  type UserLimiter,
} from './limits.js';
import { createMemorySessionStore, type MintedSession, type SessionStore } from './session-store.js';

/** What the page receives on a successful POST, and nothing else. */
export type WidgetSessionGrant = Pick<
  CreatedWidgetSession,
  'session_token' | 'widget_url' | 'expires_at' | 'session_id'
> & {
  /**
   * Seconds the session has left when the endpoint answers, by KonPro's clock (its answer's
   * `Date`; this server's clock without one, never more than `max_duration`): the page times its
   * refresh from this, on its own monotonic clock, so neither a page's nor a server's wrong clock
   * makes it refresh late or too often.
   */
  expires_in: number;
};

/** Options of `createWidgetSessionHandler`. */
export interface WidgetSessionHandlerOptions {
  /** A client made with `createKonproClient` (on the server: it holds the key). */
  client: KonproClient;
  /**
   * Your authentication: the user's id, or null when the request is not signed in (401). It gets
   * the Fetch `Request`, and, through `toNodeListener`, the framework's own request as the
   * second argument (Express's `req.user`, a session your middleware set).
   */
  authorize: (request: Request, native?: unknown) => string | null | undefined | Promise<string | null | undefined>;
  /** The avatar to create sessions for, or a function of the user and request. */
  agenticAvatarId: string | ((userId: string, request: Request) => string | Promise<string>);
  /**
   * The session's settings. With `allowed_domains`, a request whose `Origin` is not one of them
   * is refused (403), and allowed origins get CORS headers. @default {}
   */
  settings?: WidgetSessionSettings;
  /** Where minted sessions are remembered per user. @default in memory (one instance only) */
  store?: SessionStore;
  /** At most this many successful mints per user per window, beyond which 429. @default { mints: 5, windowMs: 60000 } */
  perUserLimit?: UserLimit;
  /** Where the per-user limit is counted (it then brings its own limit). @default in memory, from `perUserLimit` */
  userLimiter?: UserLimiter;
  /**
   * The KonPro plan the whole fleet must stay within (`'free-trial'`, `'pro'`, `'scale'`, or
   * `{ perMinute, perDay }`): past it, a mint answers 503 with `Retry-After` without calling
   * KonPro. @default none (only KonPro's own 429 is honoured)
   */
  plan?: Plan;
  /** Where the fleet's budget of KonPro calls is counted. @default in memory, from `plan` */
  budget?: CallBudget;
  /** The longest a call to the store, the limiter or the budget may take before the answer is 503. @default 2000 */
  stateTimeoutMs?: number;
  /**
   * Report KonPro's answers that drift from the contract (a `warn` line through the client's
   * logger), when the client does not validate them itself: `validateResponses: 'report'` for
   * the handler's calls. @default true
   */
  reportDrift?: boolean;
  /** Where failures are explained (never the browser). @default console */
  logger?: Pick<Logger, 'error' | 'warn'>;
  /** @default Date.now */
  now?: () => number;
}

/** The token endpoint: a Fetch handler, plus the server-side logout. */
export interface WidgetSessionHandler {
  (request: Request, native?: unknown): Promise<Response>;
  /**
   * Revokes every session minted for the user, for your own logout route: how many were revoked,
   * and how many KonPro could not terminate (they stay recorded, to be revoked again). Rejects
   * with a `KonproError` when the store fails.
   */
  logout(userId: string): Promise<{ revoked: number; failed: number }>;
}

/** Every error the endpoint answers: its status and the generic message the page may show. */
export const WIDGET_SESSION_ERRORS = {
  unauthorized: [401, 'Sign in to start the widget.'],
  forbidden_origin: [403, 'This page may not embed the widget.'],
  method_not_allowed: [405, 'Use POST to start a widget session and DELETE to end it.'],
  session_id_required: [400, 'Name the session to end (?session_id= or ?mint_id=), or end them all (?all=true).'],
  not_found: [404, 'No such widget session of yours.'],
  mint_revoked: [409, 'This widget session was ended before it started.'],
  rate_limited: [429, 'Too many widget sessions; try again shortly.'],
  upstream_rate_limited: [503, 'The widget service is busy; try again shortly.'],
  upstream_unavailable: [503, 'The widget service is unavailable; try again shortly.'],
  store_unavailable: [503, 'The widget session service is unavailable; try again shortly.'],
  upstream_error: [502, 'The widget service is unavailable; try again shortly.'],
  upstream_timeout: [504, 'The widget service did not answer in time; try again shortly.'],
  server_error: [500, 'The widget session service failed.'],
} as const satisfies Record<string, readonly [number, string]>;

type ErrorCode = keyof typeof WIDGET_SESSION_ERRORS;

/** A refusal on its way to the page: its code, and `Retry-After` in seconds when there is one. */
class Refusal extends KonproError {
  override name = 'Refusal';
  constructor(
    readonly code: ErrorCode,
    readonly retryAfterSeconds?: number,
  ) {
    super(code);
  }
}

/** KonPro's create answer held the API key (it was removed, and the session terminated). */
class KeyInAnswerError extends KonproError {
  override name = 'KeyInAnswerError';
  constructor(paths: readonly string[]) {
    super(`KonPro's answer held the API key in ${paths.join(', ')}: not forwarded, the session terminated`);
  }
}

/** The store, the limiter or the budget failed or did not answer in time. */
class StateError extends KonproError {
  override name = 'StateError';
}

/** How a failure of KonPro (or of our configuration) reaches the page: a code, no details. First match wins. */
const UPSTREAM: Array<[(error: unknown) => boolean, ErrorCode]> = [
  [(e) => e instanceof KeyInAnswerError, 'upstream_error'],
  [(e) => e instanceof StateError, 'store_unavailable'],
  [(e) => e instanceof RateLimitError, 'upstream_rate_limited'],
  [(e) => e instanceof KonproTimeoutError, 'upstream_timeout'],
  [(e) => e instanceof KonproConnectionError, 'upstream_error'],
  [(e) => e instanceof InternalServerError && e.status === 503, 'upstream_unavailable'],
  [(e) => e instanceof InternalServerError, 'upstream_error'],
  [(e) => e instanceof AuthenticationError, 'server_error'],
  [(e) => e instanceof PermissionDeniedError, 'server_error'],
  [(e) => e instanceof KonproConfigError, 'server_error'],
];

/** 503s the page may retry soon: how soon, in seconds. */
const RETRY_SOON: Partial<Record<ErrorCode, number>> = { store_unavailable: 5, upstream_unavailable: 5 };

const ALLOW = 'POST, DELETE, OPTIONS';
/** The page's id for one mint (`?mint_id=`). */
const MINT_ID = /^[A-Za-z0-9_-]{1,64}$/;
const DEFAULT_COOL_DOWN_MS = 60_000;
const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));
const messageOf = (error: unknown) =>
  `${(error as Error)?.name ?? 'Error'}: ${(error as Error)?.message ?? String(error)}`;

/**
 * Seconds a session has left, by KonPro's clock: its answer's `Date` against its `expires_at`, so
 * that an instance whose clock is off still tells the page the truth. `Date` is in whole seconds
 * (KonPro's time is up to one later), so one is taken off: never a second too many. By this
 * instance's clock when the answer has no usable `Date`; never more than the `max_duration` asked for.
 */
function secondsLeft(expiresAt: string, konproDate: string | null, localNow: number, maxDuration?: number): number {
  const konproNow = konproDate === null ? Number.NaN : Date.parse(konproDate) + 1000;
  const left = Math.floor((Date.parse(expiresAt) - (Number.isFinite(konproNow) ? konproNow : localNow)) / 1000);
  return Math.max(0, Math.min(left, maxDuration ?? left));
}

/** A call's data and its answer's `Date`; a stand-in client whose promise has no `withResponse` gives none. */
async function withDate<T>(call: Promise<T>): Promise<{ data: T; date: string | null }> {
  const konproPromise = call as Partial<KonproPromise<T>>;
  if (typeof konproPromise.withResponse !== 'function') return { data: await call, date: null };
  const { data, response } = await konproPromise.withResponse();
  return { data, date: response.headers.get('date') };
}

/**
 * Creates the token endpoint.
 * - `POST` mints a session for this tab of the user `authorize` returns: 201 with
 *   `{ session_token, widget_url, expires_at, expires_in, session_id }`, `Cache-Control: no-store`.
 * - `DELETE ?session_id=…` revokes that one session (a tab closing; `?mint_id=` names one still
 *   being minted); `DELETE ?all=true` revokes all of the user's (logging out): 204.
 * - `handler.logout(userId)` is the same logout, for your own server code.
 *
 * @example
 * import { createWidgetSessionHandler } from 'konpro-widget-sessions/server';
 *
 * const handler = createWidgetSessionHandler({
 *   client: konpro,
 *   agenticAvatarId: AVATAR,
 *   settings: { max_duration: 900, allowed_domains: ['app.example.com'] },
 *   authorize: async (request) => (await getSession(request))?.userId ?? null,
 *   plan: 'pro',
 * });
 * export const POST = handler; // Next.js route handler
 * export const DELETE = handler;
 */
export function createWidgetSessionHandler(options: WidgetSessionHandlerOptions): WidgetSessionHandler {
  checkHandlerOptions(options);
  const { client, authorize, settings = {}, now = Date.now, stateTimeoutMs = 2000 } = options;
  // Every line logged and every body answered passes the client's key redactor (issue #20).
  const internals = internalsOf(client);
  const redact = internals?.redact ?? NOTHING_TO_REDACT;
  // Report mode unless the client says otherwise: a drift in what the page receives is logged here.
  const reporting =
    options.reportDrift !== false && internals?.validateResponses === false
      ? { validateResponses: 'report' as const }
      : {};
  const logger = options.logger ?? console;
  const log = (level: 'error' | 'warn', message: string) => logger[level](redact.text(`konpro: ${message}`));
  const store = options.store ?? createMemorySessionStore(now);
  const limiter = options.userLimiter ?? createMemoryUserLimiter(options.perUserLimit ?? DEFAULT_PER_USER_LIMIT, now);
  const budget = options.budget ?? createMemoryBudget({ plan: options.plan }, now);
  const domains = settings.allowed_domains;
  /** Mints under way, per user: a logout waits for them, so that none outlives it. */
  const minting = new Map<string, Set<Promise<unknown>>>();

  /** A call to the store, the limiter or the budget: bounded in time, a `StateError` when it fails. */
  const state = async <T>(what: string, call: () => T | Promise<T>): Promise<T> => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(
        () => reject(new StateError(`${what} did not answer within ${stateTimeoutMs} ms`)),
        stateTimeoutMs,
      );
    });
    try {
      return await Promise.race([Promise.resolve().then(call), late]);
    } catch (error) {
      throw error instanceof StateError ? error : new StateError(`${what} failed: ${messageOf(error)}`);
    } finally {
      clearTimeout(timer);
    }
  };

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
    return respond(
      502,
      { error: { code: 'upstream_error', message: WIDGET_SESSION_ERRORS.upstream_error[1] } },
      headers,
    );
  };
  const fail = (code: ErrorCode, headers: Record<string, string> = {}, retryAfterSeconds?: number) => {
    const [status, message] = WIDGET_SESSION_ERRORS[code];
    const retry = retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) };
    return json(status, { error: { code, message } }, { ...headers, ...retry });
  };

  /** Terminates a session at KonPro, counted in the budget; `false` when it could not be. */
  const terminate = async (sessionId: string): Promise<boolean> => {
    await state('the call budget', () => budget.take('delete')).catch(() => 0);
    try {
      await client.widgetSessions.delete(sessionId);
      return true;
    } catch (error) {
      // Already gone at KonPro: nothing left to revoke.
      if ((error as { code?: string }).code === 'RESOURCE_NOT_FOUND') return true;
      log('error', `terminating widget session ${sessionId} failed: ${messageOf(error)}`);
      return false;
    }
  };

  const mint = async (userId: string, request: Request, mintId: string | undefined): Promise<WidgetSessionGrant> => {
    const reservation = await state('the per-user limit', () => limiter.reserve(userId));
    if (!reservation.granted) throw new Refusal('rate_limited', seconds(reservation.retryAfterMs));
    let created: CreatedWidgetSession | undefined;
    try {
      const wait = await state('the call budget', () => budget.take('create'));
      if (wait > 0) throw new Refusal('upstream_rate_limited', seconds(wait));
      const avatar =
        typeof options.agenticAvatarId === 'function'
          ? await options.agenticAvatarId(userId, request)
          : options.agenticAvatarId;
      // Not retried here: a 429 cools the whole fleet down, and the page retries with backoff.
      const answer = await withDate(
        client.widgetSessions.create({ agentic_avatar_id: avatar, settings }, { maxRetries: 0, ...reporting }),
      );
      created = answer.data;
      const leaked = keyFoundIn(created);
      if (leaked.length > 0) throw new KeyInAnswerError(leaked);
      const { session_id, expires_at } = created;
      const answeredAt = now();
      const expiresIn = secondsLeft(expires_at, answer.date, answeredAt, settings.max_duration);
      // Kept by this instance's clock until KonPro's expiry (and the seconds its Date may round
      // off), so that a logout ends every session KonPro still holds, whatever this clock says.
      const keptUntil = new Date(answeredAt + (expiresIn + 2) * 1000).toISOString();
      const recorded = await state('the session store', () =>
        store.add(userId, { sessionId: session_id, expiresAt: keptUntil, ...(mintId ? { mintId } : {}) }),
      );
      // The tab's DELETE ?mint_id= reached another instance while this one minted.
      if (recorded === 'revoked') throw new Refusal('mint_revoked');
      return {
        session_token: created.session_token,
        widget_url: created.widget_url,
        expires_at,
        expires_in: expiresIn,
        session_id,
      };
    } catch (error) {
      // A session nobody will hold (not recorded, or not to be handed out) is ended at once.
      if (created) await terminate(created.session_id);
      await Promise.resolve()
        .then(() => reservation.release())
        .catch((releaseError: unknown) =>
          log('warn', `releasing a mint of user ${userId} failed: ${messageOf(releaseError)}`),
        );
      if (!(error instanceof RateLimitError)) throw error;
      // KonPro's own 429: the whole fleet waits it out.
      const ms = error.retryAfterMs ?? DEFAULT_COOL_DOWN_MS;
      await state('the call budget', () => budget.coolDown(ms)).catch(() => undefined);
      throw new Refusal('upstream_rate_limited', seconds(ms));
    }
  };

  /** Terminates each session at KonPro and forgets it; a session KonPro kept is kept too. */
  const end = async (userId: string, targets: MintedSession[]): Promise<{ revoked: number; failed: number }> => {
    let revoked = 0;
    for (const { sessionId } of targets) {
      if (!(await terminate(sessionId))) continue;
      await state('the session store', () => store.remove(userId, sessionId));
      revoked++;
    }
    return { revoked, failed: targets.length - revoked };
  };

  /**
   * Revokes the user's sessions: the one named (by session id, or by the page's mint id), or all.
   * The user's mints under way are waited for first, so that none lands after its revoke.
   */
  const revoke = async (
    userId: string,
    only?: { sessionId?: string | undefined; mintId?: string | undefined },
  ): Promise<{ revoked: number; failed: number; found: boolean }> => {
    await Promise.allSettled([...(minting.get(userId) ?? [])]);
    const mintId = only?.sessionId === undefined ? only?.mintId : undefined;
    if (mintId !== undefined && store.revokeMint) {
      // A fleet's store: the mint may be under way on another instance, which the mark stops.
      const landed = await state('the session store', () => store.revokeMint!(userId, mintId));
      const { revoked, failed } = await end(userId, landed ? [landed] : []);
      return { revoked, failed, found: true };
    }
    const sessions = await state('the session store', () => store.list(userId));
    const targets = sessions.filter(
      (s) => (!only?.sessionId || s.sessionId === only.sessionId) && (!only?.mintId || s.mintId === only.mintId),
    );
    return { ...(await end(userId, targets)), found: targets.length > 0 };
  };

  /** The page's answer for a failure: never an exception, never a detail. */
  const failure = (error: unknown, what: string, headers: Record<string, string>): Response => {
    if (error instanceof Refusal) return fail(error.code, headers, error.retryAfterSeconds);
    const code = UPSTREAM.find(([matches]) => matches(error))?.[1] ?? 'server_error';
    log('error', `${what} failed: ${messageOf(error)}`);
    return fail(code, headers, RETRY_SOON[code]);
  };

  const handle = async (request: Request, native: unknown): Promise<Response> => {
    const origin = request.headers.get('origin');
    if (origin && domains && !originAllowed(origin, domains)) return fail('forbidden_origin');
    const headers = cors(origin);
    if (request.method === 'OPTIONS') {
      return new Response(null, {
        status: 204,
        headers: { ...headers, 'access-control-allow-methods': ALLOW, 'cache-control': 'no-store' },
      });
    }
    if (request.method !== 'POST' && request.method !== 'DELETE')
      return fail('method_not_allowed', { ...headers, allow: ALLOW });

    let userId: string | null | undefined;
    try {
      userId = await authorize(request, native);
    } catch (error) {
      log('error', `authorize threw: ${messageOf(error)}`);
      return fail('server_error', headers);
    }
    if (typeof userId !== 'string' || userId === '') return fail('unauthorized', headers);
    const user = userId;

    const query = new URL(request.url).searchParams;
    const mintId = MINT_ID.test(query.get('mint_id') ?? '') ? (query.get('mint_id') as string) : undefined;
    if (request.method === 'POST') {
      const running = mint(user, request, mintId);
      const set = minting.get(user) ?? new Set();
      minting.set(user, set.add(running));
      try {
        return json(201, await running, headers);
      } catch (error) {
        return failure(error, `minting a widget session for user ${user}`, headers);
      } finally {
        set.delete(running);
        if (set.size === 0 && minting.get(user) === set) minting.delete(user);
      }
    }

    const sessionId = query.get('session_id') ?? undefined;
    const all = query.get('all') === 'true';
    if (sessionId === undefined && mintId === undefined && !all) return fail('session_id_required', headers);
    try {
      const { found, failed } = await revoke(user, all ? undefined : { sessionId, mintId });
      if (!all && !found) return fail('not_found', headers);
      if (failed > 0) return fail('upstream_error', headers);
    } catch (error) {
      return failure(error, `revoking the widget sessions of user ${user}`, headers);
    }
    return new Response(null, { status: 204, headers: { ...headers, 'cache-control': 'no-store' } });
  };

  const handler = async (request: Request, native?: unknown): Promise<Response> => {
    try {
      return await handle(request, native);
    } catch (error) {
      log('error', `the widget session handler failed: ${messageOf(error)}`);
      return fail('server_error');
    }
  };
  return Object.assign(handler, {
    async logout(userId: string) {
      const { revoked, failed } = await revoke(userId);
      return { revoked, failed };
    },
  });
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

/** The options of `createWidgetSessionHandler` and their checks (a typo is refused with a suggestion). */
const HANDLER_OPTIONS: Record<keyof WidgetSessionHandlerOptions, Check> = {
  client: (value, option) => {
    if (typeof (value as KonproClient | null)?.widgetSessions?.create !== 'function')
      fail(option, 'must be a client from createKonproClient');
  },
  authorize: fn,
  agenticAvatarId: (value, option) => {
    if (typeof value !== 'function' && (typeof value !== 'string' || value === ''))
      fail(option, 'must be an avatar id, or a function of the user returning one');
  },
  settings: (value, option) => {
    if (!isRecord(value)) fail(option, 'must be the settings object of a create call');
  },
  store: withMethods('add', 'list', 'remove'),
  perUserLimit: (value, option) => {
    const limit = value as UserLimit;
    if (!(Number.isInteger(limit?.mints) && limit.mints > 0 && limit.windowMs > 0))
      fail(option, 'must be { mints: a whole number ≥ 1, windowMs: > 0 }');
  },
  userLimiter: withMethods('reserve'),
  plan: (value, option) => {
    if (!isPlan(value))
      fail(option, "must be 'free-trial', 'pro', 'scale', or { perMinute, perDay? } (whole numbers ≥ 1)");
  },
  budget: withMethods('take', 'coolDown'),
  stateTimeoutMs: range(1, 60_000, 'a number of milliseconds'),
  reportDrift: boolean,
  logger: withMethods('error', 'warn'),
  now: fn,
};

function checkHandlerOptions(options: WidgetSessionHandlerOptions): void {
  checkOptions(options, HANDLER_OPTIONS, 'createWidgetSessionHandler', ['client', 'authorize', 'agenticAvatarId']);
}
