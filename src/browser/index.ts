/**
 * `konpro-widget-sessions/browser`: the page's side of the embed, dependency-free and without the
 * key. It asks your token endpoint (`createWidgetSessionHandler`) for a session, keeps it, fetches
 * a new one before it expires, and revokes it.
 */

/** What the token endpoint answers. */
export interface WidgetSessionGrant {
  session_token: string;
  widget_url: string;
  expires_at: string;
  session_id: string;
}

/** Options of `createWidgetSessionSource`. */
export interface WidgetSessionSourceOptions {
  /** Your token endpoint, such as `/api/widget-session`. */
  endpoint: string;
  /** A session expiring within this margin is replaced by a new one. @default 60000 */
  refreshMarginMs?: number;
  /** @default 'same-origin' */
  credentials?: RequestCredentials;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  /** @default Date.now */
  now?: () => number;
}

/** The endpoint refused: its status and error code (`unauthorized`, `upstream_rate_limited`, …). */
export class WidgetSessionError extends Error {
  override name = 'WidgetSessionError';
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

export interface WidgetSessionSource {
  /** The current session; a new one when none is held or the held one expires within the margin. Concurrent calls share one request. */
  get(): Promise<WidgetSessionGrant>;
  /** Ends the sessions of this user (`DELETE`); with `keepalive`, it survives the page unloading. */
  revoke(options?: { keepalive?: boolean }): Promise<void>;
}

/**
 * @example
 * const source = createWidgetSessionSource({ endpoint: '/api/widget-session' });
 * const { session_token, widget_url } = await source.get();
 * addEventListener('pagehide', () => void source.revoke({ keepalive: true }));
 */
export function createWidgetSessionSource(options: WidgetSessionSourceOptions): WidgetSessionSource {
  const { endpoint, refreshMarginMs = 60_000, credentials = 'same-origin', now = Date.now } = options;
  const send = (method: string, keepalive = false) =>
    (options.fetch ?? fetch)(endpoint, { method, credentials, keepalive, headers: { accept: 'application/json' } });
  let held: WidgetSessionGrant | undefined;
  let pending: Promise<WidgetSessionGrant> | undefined;

  const fresh = () => held && Date.parse(held.expires_at) - now() > refreshMarginMs;

  async function mint(): Promise<WidgetSessionGrant> {
    const response = await send('POST');
    const body = await response.json().catch(() => undefined);
    if (!response.ok) {
      const error = body?.error;
      throw new WidgetSessionError(
        response.status,
        error?.code,
        error?.message ?? `the endpoint answered ${response.status}`,
      );
    }
    held = body as WidgetSessionGrant;
    return held;
  }

  return {
    get() {
      if (fresh()) return Promise.resolve(held!);
      pending ??= mint().finally(() => {
        pending = undefined;
      });
      return pending;
    },
    async revoke({ keepalive = false } = {}) {
      held = undefined;
      const response = await send('DELETE', keepalive);
      if (!response.ok && response.status !== 404)
        throw new WidgetSessionError(response.status, undefined, `revoking answered ${response.status}`);
    },
  };
}
