import type { Client, Middleware } from 'openapi-fetch';
import type { paths } from '../generated/schema.js';
import { resolveClientConfig } from './internal/client-config.js';
import { defaultExport } from './internal/default-export.js';
import type { ContractViolationReport, ContractViolationTotals } from './internal/drift-report.js';
import { createLazyRaw } from './internal/lazy-raw.js';
import type { Logger, LogLevel } from './internal/log.js';
import { RequestContext } from './internal/request-context.js';
import { attachInternals } from './internal/shared-marks.js';
import type { FetchLike } from './internal/transport.js';
import { ApiKeys } from './resources/api-keys.js';
import { WidgetSessions } from './resources/widget-sessions.js';
import { VERSION } from './version.js';

export { DEFAULT_BASE_URL } from './internal/client-config.js';

/** Options of `createKonproClient`. Each is checked at creation (`KonproConfigError` names it). */
export interface ClientOptions {
  /**
   * The secret API key, sent as `x-api-key` (surrounding whitespace trimmed). Never appears in
   * errors or logs. A key with control characters is refused.
   * @default process.env.KONPRO_API_KEY
   */
  apiKey?: string | undefined;
  /**
   * Base URL of the API: https, or plain http for loopback hosts only; no user info, query or
   * trailing `/v1`.
   * @default process.env.KONPRO_BASE_URL ?? 'https://api.konpro.ai'
   */
  baseUrl?: string | undefined;
  /**
   * Timeout of each attempt in milliseconds, from sending the request to the last byte of the body.
   * @default 30000
   */
  timeoutMs?: number | undefined;
  /**
   * The most a whole call may take, in milliseconds: every attempt, backoff and `Retry-After` wait
   * included. When it runs out the call throws `KonproTotalTimeoutError`. Set it in web handlers.
   * @default none (see the README for the worst case of the defaults)
   */
  totalTimeoutMs?: number | undefined;
  /**
   * Retries after the first attempt, 0 to 10 (see the README for which failures are retried).
   * @default 2
   */
  maxRetries?: number | undefined;
  /**
   * The largest response body read, in decoded bytes (a gzip answer counts inflated, whatever its
   * `Content-Length`); a larger 2xx body is a `KonproResponseValidationError` and an error body is
   * cut there. The documented bodies are under 2 kB.
   * @default 1048576
   */
  maxResponseBytes?: number | undefined;
  /**
   * How much to log: `debug` (every attempt), `info` (retries and their waits), `warn` (what looks
   * wrong on the server's side), `error`, or `off`. The key never appears.
   * @default process.env.KONPRO_LOG ?? 'warn'
   */
  logLevel?: LogLevel | undefined;
  /** Where log lines go: anything with console's methods (pino, winston, …). @default console */
  logger?: Logger | undefined;
  /**
   * The `fetch` to send requests with, called as `fetch(url, init)`: for tests (a fake, msw) or a
   * custom agent. It must pass `init` on (the client relies on its `signal` and `redirect: 'manual'`).
   * @default globalThis.fetch
   */
  fetch?: FetchLike | undefined;
  /**
   * Extra `RequestInit` fields merged into every request, such as undici's `dispatcher` for a
   * proxy or mTLS. `method`, `headers`, `body`, `signal` and `redirect` are the client's.
   */
  fetchOptions?: Record<string, unknown> | undefined;
  /**
   * openapi-fetch middleware (`{ onRequest, onResponse, onError }`), run once per call, typed
   * methods and `raw` alike, around the retries; `konpro.raw.use()` adds to the same list. See
   * the README (Proxies, mTLS and middleware).
   * @default []
   */
  middleware?: Middleware[] | undefined;
  /** Extra headers sent with every request. They cannot set `x-api-key` (in any letter case). */
  headers?: Record<string, string> | undefined;
  /**
   * Check request bodies and path parameters against the spec before sending.
   * @default true
   */
  validateRequests?: boolean | undefined;
  /**
   * What to do with an answer that breaks the spec: `false` hands KonPro's data on as it came;
   * `true` throws `KonproResponseValidationError` for a 2xx that breaks its schema; `'report'`
   * hands the data on and reports the drift (`onContractViolation`, a `warn` line, and
   * `contractViolations()`), so that a service notices every drift and breaks on none. In report
   * mode the data's type may lie: it is typed as the spec says, and arrived as KonPro sent it.
   * @default false
   */
  validateResponses?: boolean | 'report' | undefined;
  /**
   * Report mode's hook: called with each drift (`{ operationId, method, path, status, requestId,
   * problems }`, each problem a JSON path, a rule and what the spec expects; never a value, never
   * the key). A hook that throws or rejects is logged and never breaks the call.
   */
  onContractViolation?: ((report: ContractViolationReport) => void | Promise<void>) | undefined;
  /**
   * Report mode's share of answers judged, 0 to 1; the first 10 answers of each operation after
   * the client starts are always judged, so that a deploy notices a drift at once.
   * @default 1
   */
  sampleRate?: number | undefined;
  /**
   * Allow creating the client in a browser. Do not: the API key would be exposed to every user.
   * @default false
   */
  dangerouslyAllowBrowser?: boolean | undefined;
}

/** A KonPro API client. */
export interface KonproClient {
  /** Create, read and terminate widget sessions. */
  readonly widgetSessions: WidgetSessions;
  /** Check the API key. */
  readonly apiKeys: ApiKeys;
  /**
   * An openapi-fetch client with the same auth, retries, timeouts, limits and middleware, for
   * anything the typed methods do not cover. openapi-fetch is loaded on its first use. Its `use()`
   * and `eject()` edit the client's middleware, which typed calls run too.
   */
  readonly raw: Client<paths>;
  /**
   * What report mode has seen: answers judged, answers the sampling skipped, and drifts by
   * operation and problem signature. All zero for a client without report mode.
   *
   * @example
   * for (const v of konpro.contractViolations().violations) gauge.set(v, v.count);
   */
  contractViolations(): ContractViolationTotals;
}

/**
 * Creates a KonPro client. Call it on the server only: the API key must never reach a browser.
 * Every option is checked here; a mistake throws `KonproConfigError` naming the option.
 *
 * @example
 * import { createKonproClient } from 'konpro-widget-sessions';
 *
 * const konpro = createKonproClient({ apiKey: process.env.KONPRO_API_KEY });
 * const { session_token, widget_url } = await konpro.widgetSessions.create({
 *   agentic_avatar_id: '3deccfb2-cf96-459c-8b69-f601d6767ea5',
 *   settings: { max_duration: 3600, allowed_domains: ['example.com'] },
 * });
 */
export function createKonproClient(options?: ClientOptions): KonproClient {
  const config = resolveClientConfig(options, `konpro-widget-sessions/${VERSION}`);
  const context = new RequestContext(config);
  const raw = createLazyRaw(async () => {
    const [openapiFetch, { createRawFetch }] = await Promise.all([
      import('openapi-fetch'),
      import('./internal/raw-fetch.js'),
    ]);
    const createClient = defaultExport(openapiFetch.default);
    return createClient<paths>({ baseUrl: config.baseUrl, fetch: createRawFetch(config), headers: config.headers });
  }, config.middleware);
  const client = {
    widgetSessions: new WidgetSessions(context),
    apiKeys: new ApiKeys(context),
    raw,
    contractViolations: () => context.contractViolations(),
  };
  return attachInternals(client, { redact: config.redact, validateResponses: config.validateResponses });
}
