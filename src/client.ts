import createClientExport, { type Client } from 'openapi-fetch';
import type { paths } from '../generated/schema.js';
import { KonproError } from './errors.js';
import { defaultExport } from './internal/default-export.js';
import { createKonproFetch, type FetchLike } from './internal/konpro-fetch.js';
import { checkedRetries, checkedTimeout, RequestContext } from './internal/request-context.js';
import { DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS } from './internal/retry-policy.js';
import { ApiKeys } from './resources/api-keys.js';
import { WidgetSessions } from './resources/widget-sessions.js';
import { VERSION } from './version.js';

const createClient = defaultExport(createClientExport);

/** Where the API lives unless `baseUrl` or `KONPRO_BASE_URL` says otherwise. */
export const DEFAULT_BASE_URL = 'https://api.konpro.ai';

/** Options of `createKonproClient`. */
export interface ClientOptions {
  /**
   * The secret API key, sent as `x-api-key`. Never appears in errors or logs.
   * @default process.env.KONPRO_API_KEY
   */
  apiKey?: string | undefined;
  /**
   * Base URL of the API. Plain `http://` is refused unless the host is loopback.
   * @default process.env.KONPRO_BASE_URL ?? 'https://api.konpro.ai'
   */
  baseUrl?: string | undefined;
  /**
   * Timeout of each attempt in milliseconds, from sending the request to the last byte of the body.
   * @default 30000
   */
  timeoutMs?: number;
  /**
   * Retries after the first attempt (see the README for which failures are retried).
   * @default 2
   */
  maxRetries?: number;
  /** The `fetch` to send requests with, for tests or custom agents. @default globalThis.fetch */
  fetch?: FetchLike;
  /** Extra headers sent with every request. They cannot replace `x-api-key`. */
  headers?: Record<string, string>;
  /**
   * Check request bodies and path parameters against the spec before sending.
   * @default true
   */
  validateRequests?: boolean;
  /**
   * Check 2xx response bodies against the spec's schema and throw `KonproResponseValidationError`
   * on a mismatch.
   * @default false
   */
  validateResponses?: boolean;
  /**
   * Allow creating the client in a browser. Do not: the API key would be exposed to every user.
   * @default false
   */
  dangerouslyAllowBrowser?: boolean;
}

/** A KonPro API client. */
export interface KonproClient {
  /** Create, read and terminate widget sessions. */
  readonly widgetSessions: WidgetSessions;
  /** Check the API key. */
  readonly apiKeys: ApiKeys;
  /** The underlying openapi-fetch client, with the same auth, retries and timeouts. */
  readonly raw: Client<paths>;
}

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]']);

function env(name: string): string | undefined {
  return (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[name];
}

function isBrowser(): boolean {
  const global = globalThis as { window?: { document?: unknown } };
  return typeof global.window !== 'undefined' && typeof global.window.document !== 'undefined';
}

function checkedBaseUrl(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new KonproError(`baseUrl is not a valid URL: ${JSON.stringify(baseUrl)}`);
  }
  // localhost and *.localhost are loopback by RFC 6761; 127.0.0.0/8 and ::1 by definition.
  const loopback =
    LOOPBACK_HOSTS.has(url.hostname) ||
    url.hostname.endsWith('.localhost') ||
    /^127\.\d+\.\d+\.\d+$/.test(url.hostname);
  if (url.protocol === 'http:' && !loopback) {
    throw new KonproError(
      `baseUrl must use https:// (got http://${url.host}); plain http is allowed only for loopback hosts, because the API key would travel in clear text`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new KonproError(`baseUrl must be an https:// URL (got ${url.protocol}//)`);
  }
  if (url.search || url.hash) throw new KonproError('baseUrl must not have a query string or fragment');
  return url.href.replace(/\/+$/, '');
}

/**
 * Creates a KonPro client. Call it on the server only: the API key must never reach a browser.
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
export function createKonproClient(options: ClientOptions = {}): KonproClient {
  if (isBrowser() && !options.dangerouslyAllowBrowser) {
    throw new KonproError(
      'createKonproClient() was called in a browser, which would expose your API key to every visitor. ' +
        'Create widget sessions on your server and send only the session token to the page. ' +
        'If you really mean it, set dangerouslyAllowBrowser: true.',
    );
  }
  const apiKey = options.apiKey ?? env('KONPRO_API_KEY');
  if (typeof apiKey !== 'string' || apiKey.trim() === '') {
    throw new KonproError(
      'No API key: pass createKonproClient({ apiKey }) or set the KONPRO_API_KEY environment variable.',
    );
  }
  const baseUrl = checkedBaseUrl(options.baseUrl ?? env('KONPRO_BASE_URL') ?? DEFAULT_BASE_URL);
  const defaults = {
    timeoutMs: checkedTimeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS, 'timeoutMs'),
    maxRetries: checkedRetries(options.maxRetries ?? DEFAULT_MAX_RETRIES, 'maxRetries'),
  };
  const baseFetch = options.fetch;
  const raw = createClient<paths>({
    baseUrl,
    fetch: createKonproFetch(baseFetch, defaults),
    headers: {
      'user-agent': `konpro-widget-sessions/${VERSION}`,
      ...options.headers,
      'x-api-key': apiKey,
    },
  });
  const context = new RequestContext({
    raw,
    baseFetch,
    defaults,
    validateRequests: options.validateRequests ?? true,
    validateResponses: options.validateResponses ?? false,
    redact: (text) => text.replaceAll(apiKey, '[redacted]'),
  });
  return { widgetSessions: new WidgetSessions(context), apiKeys: new ApiKeys(context), raw };
}
