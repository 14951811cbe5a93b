/**
 * Every option is checked here, once, when the client is created (and per-call options when a
 * call starts): a mistake is a `KonproConfigError` naming the option, before anything is sent.
 * The checks are a registry, one entry per option, so the list of options has one home.
 */
import type { Middleware } from 'openapi-fetch';
import type { ClientOptions, FetchLike, LogLevel } from '../../types.js';
import { DEFAULT_MAX_RETRIES } from '../call/retry-policy.js';
import type { SendSettings } from '../call/send.js';
import type { Redactor } from '../gate/redact.js';
import {
  createTransport,
  DEFAULT_BASE_URL,
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_TIMEOUT_MS,
  type Transport,
} from '../gate/transport.js';
import type { DriftSettings } from '../validation/drift-report.js';
import { boolean, type Check, checkOptions, fail, fn, isRecord, range } from './check-options.js';
import { readEnv } from './env.js';
import { type ClientLog, createLog, LOG_LEVELS } from './log.js';

export { DEFAULT_BASE_URL };

/** The longest delay `setTimeout` supports; a larger one silently becomes 1 ms. */
const MAX_TIMER_MS = 2_147_483_647;
const MAX_RETRIES_LIMIT = 10;
const KEY_HEADER = 'x-api-key';

/** A checked client: what every call reads. */
export interface ClientConfig {
  /** The one gate out: the key, `baseUrl`, the fetch to send with. */
  transport: Transport;
  /** Origin and path prefix, without a trailing slash. */
  baseUrl: string;
  /** The path part of `baseUrl` (`''` for the usual origin-only URL), for error messages. */
  basePath: string;
  /** Headers of a call without a body, merged once: user-agent and extras (the transport adds the key). */
  headers: Readonly<Record<string, string>>;
  /** The same with `content-type: application/json`. */
  jsonHeaders: Readonly<Record<string, string>>;
  defaults: Readonly<SendSettings>;
  validateRequests: boolean;
  /** `true` throws on a drift, `'report'` reports it (see drift-report.ts), `false` hands data on. */
  validateResponses: ValidationMode;
  /** Report mode's hook and sampling. */
  drift: DriftSettings;
  redact: Redactor;
  log: ClientLog;
  /** One list for typed calls and `raw` (`raw.use()` adds to it); usually empty. */
  middleware: Middleware[];
  /** The injected fetch (the transport calls it), as middleware hooks are told of it. */
  fetch: FetchLike | undefined;
}

/** How a client treats an answer that breaks the contract: hand it on, throw, or report it. */
export type ValidationMode = boolean | 'report';

const validationMode: Check = (value, option) => {
  if (value !== true && value !== false && value !== 'report')
    fail(option, `must be true, false or 'report' (got ${JSON.stringify(value)})`);
};

const share = range(0, 1, 'a number', true);
const timeout = range(1, MAX_TIMER_MS, 'a number of milliseconds', true);
const retries = range(0, MAX_RETRIES_LIMIT, 'a whole number');
const byteCount = range(1, 2 ** 31, 'a whole number of bytes');

const signal: Check = (value, option) => {
  if (!(value instanceof AbortSignal)) fail(option, 'must be an AbortSignal');
};

/** RFC 9110 §5.6.2 token. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

const headers: Check = (value, option) => {
  if (!isRecord(value)) fail(option, 'must be an object of header names to string values');
  for (const [name, headerValue] of Object.entries(value as Record<string, unknown>)) {
    const where = `${option}[${JSON.stringify(name)}]`;
    if (!HEADER_NAME.test(name)) fail(where, 'is not a valid header name');
    if (name.toLowerCase() === KEY_HEADER) fail(where, 'cannot be set: the key is sent from apiKey alone');
    if (typeof headerValue !== 'string') fail(where, `must be a string (got ${typeof headerValue})`);
    if (/[\r\n\0]/.test(headerValue as string)) fail(where, 'contains CR, LF or NUL (header injection)');
    if (/[^\t\x20-\x7e\x80-\xff]/.test(headerValue as string)) fail(where, 'contains a character headers cannot carry');
  }
};

/** Fields of `RequestInit` the client owns; `fetchOptions` may set anything else. */
const OWNED_INIT_FIELDS = ['method', 'headers', 'body', 'signal', 'redirect'];

const fetchOptions: Check = (value, option) => {
  if (!isRecord(value)) fail(option, 'must be an object of RequestInit fields');
  for (const field of OWNED_INIT_FIELDS) {
    if (field in (value as object))
      fail(`${option}.${field}`, 'cannot be set: the client sets it (redirects are never followed)');
  }
};

const logLevel: Check = (value, option) => {
  if (!LOG_LEVELS.includes(value as LogLevel))
    fail(option, `must be one of ${LOG_LEVELS.join(', ')} (got ${JSON.stringify(value)})`);
};

const logger: Check = (value, option) => {
  const missing = ['error', 'warn', 'info', 'debug'].filter(
    (method) => typeof (value as Record<string, unknown> | null)?.[method] !== 'function',
  );
  if (missing.length > 0) fail(option, `must have console's methods; it lacks ${missing.join(', ')}`);
};

const HOOKS = ['onRequest', 'onResponse', 'onError'];

/** Checks one middleware: an object with at least one hook, each a function. */
export const checkMiddleware: Check = (value, option) => {
  if (!isRecord(value)) fail(option, 'must be an object with onRequest, onResponse or onError');
  const record = value as Record<string, unknown>;
  if (!HOOKS.some((hook) => record[hook] !== undefined)) fail(option, 'has none of onRequest, onResponse and onError');
  const wrong = HOOKS.find((hook) => record[hook] !== undefined && typeof record[hook] !== 'function');
  if (wrong) fail(`${option}.${wrong}`, `must be a function (got ${typeof record[wrong]})`);
};

const middleware: Check = (value, option) => {
  if (!Array.isArray(value)) fail(option, 'must be an array of middleware ({ onRequest, onResponse, onError })');
  for (const [i, m] of (value as unknown[]).entries()) checkMiddleware(m, `${option}[${i}]`);
};

/** The options of `createKonproClient` and their checks (apiKey and baseUrl have their own below). */
const CLIENT_OPTIONS: Record<keyof ClientOptions, Check> = {
  apiKey: () => {},
  baseUrl: () => {},
  timeoutMs: timeout,
  totalTimeoutMs: timeout,
  maxRetries: retries,
  maxResponseBytes: byteCount,
  logLevel,
  logger,
  fetch: fn,
  fetchOptions,
  headers,
  middleware,
  validateRequests: boolean,
  validateResponses: validationMode,
  onContractViolation: fn,
  sampleRate: share,
  dangerouslyAllowBrowser: boolean,
};

/** The names of `createKonproClient`'s options (docs/client.md's table is checked against them). */
export const CLIENT_OPTION_NAMES = Object.keys(CLIENT_OPTIONS);

/** The options every method takes as its last argument. */
const CALL_OPTIONS: Record<string, Check> = {
  signal,
  timeoutMs: timeout,
  totalTimeoutMs: timeout,
  maxRetries: retries,
  validateResponses: validationMode,
};

function isBrowser(): boolean {
  const global = globalThis as { window?: { document?: unknown } };
  return typeof global.window !== 'undefined' && typeof global.window.document !== 'undefined';
}

/** Checks `createKonproClient`'s options and resolves their defaults. */
export function resolveClientConfig(options: ClientOptions | undefined, userAgent: string): ClientConfig {
  checkOptions(options, CLIENT_OPTIONS, 'createKonproClient');
  const o = options ?? {};
  if (isBrowser() && !o.dangerouslyAllowBrowser) {
    fail(
      'dangerouslyAllowBrowser',
      'is not set, and createKonproClient() was called in a browser, which would expose your API key to every ' +
        'visitor. Create widget sessions on your server and send only the session token to the page.',
    );
  }
  const transport = createTransport({
    apiKey: o.apiKey ?? readEnv('KONPRO_API_KEY'),
    baseUrl: o.baseUrl ?? readEnv('KONPRO_BASE_URL') ?? DEFAULT_BASE_URL,
    fetch: o.fetch as FetchLike | undefined,
    fetchOptions: o.fetchOptions,
  });
  // Names lowercased so that a caller's `User-Agent` replaces ours instead of joining it.
  const extra = Object.entries(o.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]);
  const headers = Object.freeze({ 'user-agent': userAgent, ...Object.fromEntries(extra) });
  const level = o.logLevel ?? readEnv('KONPRO_LOG')?.trim().toLowerCase() ?? 'warn';
  if (o.logLevel === undefined) logLevel(level, 'KONPRO_LOG');
  const { redact } = transport;
  const defaults: SendSettings = {
    timeoutMs: o.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    totalTimeoutMs: o.totalTimeoutMs,
    maxRetries: o.maxRetries ?? DEFAULT_MAX_RETRIES,
    maxResponseBytes: o.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
  };
  return {
    transport,
    baseUrl: transport.baseUrl,
    basePath: transport.basePath,
    headers,
    jsonHeaders: Object.freeze({ ...headers, 'content-type': 'application/json' }),
    defaults: Object.freeze(defaults),
    validateRequests: o.validateRequests ?? true,
    validateResponses: o.validateResponses ?? false,
    drift: { onContractViolation: o.onContractViolation, sampleRate: o.sampleRate ?? 1 },
    redact,
    log: createLog(level as LogLevel, o.logger ?? console, redact),
    middleware: [...(o.middleware ?? [])],
    fetch: o.fetch as FetchLike | undefined,
  };
}

/** The settings of one call: the client's defaults, overridden by the call's checked options. */
export function callSettings(defaults: Readonly<SendSettings>, options: unknown): Readonly<SendSettings> {
  if (options === undefined) return defaults;
  checkOptions(options, CALL_OPTIONS, 'this call');
  // validateResponses is read by the request context, not the attempt loop.
  const { signal: callSignal, timeoutMs, totalTimeoutMs, maxRetries } = options as Partial<SendSettings>;
  return {
    ...defaults,
    ...(callSignal ? { signal: callSignal } : {}),
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    ...(totalTimeoutMs === undefined ? {} : { totalTimeoutMs }),
    ...(maxRetries === undefined ? {} : { maxRetries }),
  };
}
