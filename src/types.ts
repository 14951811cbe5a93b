/**
 * The package's public types: friendly names for the generated request and response types, and
 * the types of the client's options and results. Nothing here imports from `internal/`.
 */
import type { Middleware } from 'openapi-fetch';
import type { components, operations, paths } from '../generated/schema.js';

export type { components, operations, paths };

type Schemas = components['schemas'];

/** Body of `widgetSessions.create`. */
export type CreateWidgetSessionParams = Schemas['CreateWidgetSessionRequest'];
/** `settings` of a create call: duration, domains and features, all optional. */
export type WidgetSessionSettings = Schemas['WidgetSessionSettings'];
/** Feature flags of a widget session; each defaults to `true`. */
export type WidgetFeatures = Schemas['WidgetFeatures'];
/** Result of `widgetSessions.create`. */
export type CreatedWidgetSession = Schemas['CreatedWidgetSession'];
/** Result of `widgetSessions.get`. */
export type WidgetSession = Schemas['WidgetSession'];
/** `active`, `terminated`, `expired`, or a status KonPro has not documented. */
export type WidgetSessionStatus = Schemas['WidgetSessionStatus'];
/** Result of `widgetSessions.delete`. */
export type DeletedWidgetSession = Schemas['DeletedWidgetSession'];
/** Result of `apiKeys.validate`. */
export type ApiKeyValidation = Schemas['ApiKeyValidation'];
/** The documented error body. */
export type ErrorResponse = Schemas['ErrorResponse'];
/** A documented or undocumented error code. */
export type ErrorCode = Schemas['ErrorCode'];

/**
 * A `fetch` as the package calls it: `fetch(url, init)`, the standard signature, so the global
 * fetch, undici's, and fetch-level test doubles (msw, `createFakeKonpro().fetch`) all fit.
 */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** How much the client logs. */
export type LogLevel = 'off' | 'error' | 'warn' | 'info' | 'debug';

/** Anything with console's methods: `console`, pino, winston, … Each receives one string. */
export interface Logger {
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
  debug(message: string): void;
}

/** Options for a single call; each overrides the client's setting for that call only. */
export interface RequestOptions {
  /** Aborts the call (and any retry or wait) when it fires. */
  signal?: AbortSignal;
  /** Per-attempt timeout in milliseconds. */
  timeoutMs?: number;
  /** The whole call's bound in milliseconds, retries and waits included. */
  totalTimeoutMs?: number;
  /** Retries after the first attempt. */
  maxRetries?: number;
  /** This call's `validateResponses`: `true`, `false` or `'report'` (see the client's option). */
  validateResponses?: boolean | 'report';
}

/** One way an answer breaks its schema, for drift reports: where, the rule, what the spec expects; never the value. */
export interface ContractViolationProblem {
  /** JSON path, such as `widget_url`, `scopes[0]`, or `(root)`. */
  path: string;
  /** The schema rule it breaks: `required`, `type`, `format`, `enum`, … */
  rule: string;
  /** What the spec expects there, in words. */
  expected: string;
}

/** One drift of one answer. */
export interface ContractViolationReport {
  operationId: string;
  method: string;
  /** The URL path that was requested (no origin, no query). */
  path: string;
  status: number;
  requestId: string | undefined;
  /** Each way the answer breaks the contract: a JSON path, the rule, what the spec expects. */
  problems: ContractViolationProblem[];
}

/** What report mode has seen since the client was created, for a dashboard. */
export interface ContractViolationTotals {
  /** Answers judged. */
  checked: number;
  /** Answers the sampling let pass unjudged. */
  skipped: number;
  /** Drifting answers, by operation and problem signature (`widget_url required`). */
  violations: Array<{ operationId: string; signature: string; count: number }>;
}

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
   * @default none (see docs/client.md, Retries and timeouts, for the worst case of the defaults)
   */
  totalTimeoutMs?: number | undefined;
  /**
   * Retries after the first attempt, 0 to 10 (docs/client.md, Retries and timeouts, says which failures are retried).
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
   * docs/client.md (Proxies, mTLS and middleware).
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
