/**
 * `konpro-widget-sessions/browser`: the page's side of the embed, dependency-free and without the
 * key (issues #16 and #21). It asks your token endpoint (`createWidgetSessionHandler`) for a
 * session of this tab, keeps it, fetches a new one before it expires, and revokes it.
 *
 * - Each tab holds its own session: `revoke()` ends that one only, so closing a tab never ends
 *   the widget in another. `logout()` ends all of the user's sessions.
 * - Expiry is timed on the page's monotonic clock from the moment the answer arrived, with the
 *   lifetime the server measured (`expires_in`): a page whose wall clock is hours off still
 *   refreshes on time, and never hands out an expired session.
 * - A 503 (KonPro busy, or the fleet's budget spent) is retried with backoff, honouring
 *   `Retry-After`, a bounded number of times.
 * @module konpro-widget-sessions/browser
 */

// Types only: erased from the page's one-file helper, which imports nothing at run time.
import type { WidgetSessionGrant } from '../server/widget-session-handler.js';

/** What the token endpoint answers (its type is the server's, from the spec's session fields). */
export type { WidgetSessionGrant };

/** Options of `createWidgetSessionSource`. */
export interface WidgetSessionSourceOptions {
  /** Your token endpoint, such as `/api/widget-session`. */
  endpoint: string;
  /**
   * A session that ends within this margin is replaced by a new one; for a short session, a
   * fifth of its lifetime is the margin if that is less. @default 60000
   */
  refreshMarginMs?: number;
  /** Called once the held session is within the margin of its end: call `get()` for the next. */
  onExpiring?: (expiring: WidgetSessionGrant) => void;
  /** How many times a 503 is retried. @default 2 */
  retries?: number;
  /** The longest `Retry-After` waited for; a longer one is thrown at once. @default 30000 */
  maxRetryWaitMs?: number;
  /** @default 'same-origin' */
  credentials?: RequestCredentials;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  /** A monotonic clock in milliseconds. @default performance.now */
  now?: () => number;
}

/** The endpoint refused: its status, error code (`unauthorized`, `upstream_rate_limited`, …) and `Retry-After`. */
export class WidgetSessionError extends Error {
  override name = 'WidgetSessionError';
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

export interface WidgetSessionSource {
  /** This tab's session; a new one when none is held or it ends within the margin. Concurrent calls share one request. */
  get(): Promise<WidgetSessionGrant>;
  /** Ends this tab's session, and only it (one still being minted is ended when it arrives); with `keepalive`, it survives the page unloading. */
  revoke(options?: { keepalive?: boolean }): Promise<void>;
  /** Ends every session of the user (logging out), this tab's included. */
  logout(options?: { keepalive?: boolean }): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * @example
 * const source = createWidgetSessionSource({ endpoint: '/api/widget-session' });
 * const { session_token, widget_url } = await source.get();
 * addEventListener('pagehide', () => void source.revoke({ keepalive: true }));
 */
export function createWidgetSessionSource(options: WidgetSessionSourceOptions): WidgetSessionSource {
  const {
    endpoint,
    refreshMarginMs = 60_000,
    retries = 2,
    maxRetryWaitMs = 30_000,
    credentials = 'same-origin',
    now = () => performance.now(),
  } = options;
  const send = (method: string, query = '', keepalive = false) =>
    (options.fetch ?? fetch)(`${endpoint}${query}`, {
      method,
      credentials,
      keepalive,
      headers: { accept: 'application/json' },
    });
  let held: { grant: WidgetSessionGrant; refreshAt: number } | undefined;
  /** The mint under way, and its id: a tab that closes before it lands revokes it by this id. */
  let pending: { grant: Promise<WidgetSessionGrant>; id: string } | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** Bumped by revoke and logout: a mint started before them is ended when it arrives. */
  let generation = 0;

  const drop = () => {
    clearTimeout(timer);
    held = undefined;
  };
  const end = async (query: string, keepalive: boolean) => {
    const response = await send('DELETE', query, keepalive);
    if (!response.ok && response.status !== 404)
      throw new WidgetSessionError(response.status, undefined, `revoking answered ${response.status}`);
  };
  const endOne = (grant: WidgetSessionGrant, keepalive = false) =>
    end(`?session_id=${encodeURIComponent(grant.session_id)}`, keepalive);

  async function mint(id: string): Promise<WidgetSessionGrant> {
    const started = generation;
    for (let attempt = 0; ; attempt++) {
      const response = await send('POST', `?mint_id=${id}`);
      const body = await response.json().catch(() => undefined);
      if (response.ok) {
        const grant = body as WidgetSessionGrant;
        const received = now();
        if (started !== generation) {
          // The tab revoked while this was minting: end it, do not hold it.
          await endOne(grant).catch(() => undefined);
          throw new WidgetSessionError(409, 'revoked', 'the session was revoked while it was being minted');
        }
        const lifetimeMs = grant.expires_in * 1000;
        const refreshAt = received + lifetimeMs - Math.min(refreshMarginMs, lifetimeMs / 5);
        held = { grant, refreshAt };
        clearTimeout(timer);
        if (options.onExpiring) timer = setTimeout(() => options.onExpiring!(grant), refreshAt - received);
        return grant;
      }
      const retryAfter = Number(response.headers.get('retry-after')) * 1000;
      const waitMs = retryAfter > 0 ? retryAfter : 1000 * 2 ** attempt;
      const error = body?.error;
      if (response.status !== 503 || attempt >= retries || waitMs > maxRetryWaitMs)
        throw new WidgetSessionError(
          response.status,
          error?.code,
          error?.message ?? `the endpoint answered ${response.status}`,
          retryAfter || undefined,
        );
      await sleep(waitMs);
    }
  }

  return {
    get() {
      if (held && now() < held.refreshAt) return Promise.resolve(held.grant);
      if (!pending) {
        const id = Math.random().toString(36).slice(2);
        const current = {
          id,
          grant: mint(id).finally(() => {
            if (pending === current) pending = undefined;
          }),
        };
        pending = current;
      }
      return pending.grant;
    },
    async revoke({ keepalive = false } = {}) {
      generation++;
      const grant = held?.grant;
      const minting = pending?.id;
      drop();
      pending = undefined;
      // A mint under way is revoked by its id: the server ends it when it lands, even if this page is gone by then.
      await Promise.all([grant && endOne(grant, keepalive), minting && end(`?mint_id=${minting}`, keepalive)]);
    },
    async logout({ keepalive = false } = {}) {
      generation++;
      drop();
      pending = undefined;
      await end('?all=true', keepalive);
    },
  };
}
