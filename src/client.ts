import type { Client, Middleware } from 'openapi-fetch';
import type { paths } from '../generated/schema.js';
import { createLazyRaw } from './internal/call/lazy-raw.js';
import { RequestContext } from './internal/call/request-context.js';
import { resolveClientConfig } from './internal/config/client-config.js';
import { defaultExport } from './internal/config/default-export.js';
import { attachInternals } from './internal/gate/shared-marks.js';
import { loadSpecValidators } from './internal/validation/load-spec-validators.js';
import { ApiKeys } from './resources/api-keys.js';
import { WidgetSessions } from './resources/widget-sessions.js';
import type { ClientOptions, ContractViolationTotals } from './types.js';
import { VERSION } from './version.js';

export { DEFAULT_BASE_URL } from './internal/config/client-config.js';

// The request validators load when the package does, not on the first call: a first call under
// fake timers (vi.useFakeTimers) would otherwise wait on module I/O while the test advances a clock
// that nothing has scheduled on yet, and hang (issue #24). The chunk is small and every call needs it.
void Promise.resolve(loadSpecValidators()).catch(() => undefined);

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
      import('./internal/call/raw-fetch.js'),
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
