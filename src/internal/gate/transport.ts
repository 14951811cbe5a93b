/**
 * The one gate out (issue #20). Every request any part of the package sends with the key (typed
 * calls, `raw`, middleware, the CLI, the contract suite, the token handler's client) goes through
 * a `Transport`, which alone holds the key and owns the rules that protect it:
 *
 * - where it may go: `baseUrl` is https (plain http for loopback hosts only), without user info,
 *   and a request for any other origin is refused before it is sent;
 * - how: redirects are never followed (`redirect: 'manual'`), the key header is set here and only
 *   here (whatever a caller or a middleware put in the headers);
 * - how long and how much: a per-attempt timeout over the headers and the whole body, and a read
 *   of at most `maxResponseBytes` decoded bytes;
 * - what comes back: an answer without the key in any field (see `wire.ts`), and a failure that
 *   keeps the platform's error name and code only, never its objects (undici's parser keeps the
 *   raw bytes of a malformed answer in them).
 *
 * Nothing else in the package that holds the key calls `fetch` (test/no-other-fetch.test.ts).
 */
import { KonproConfigError } from '../../errors.js';
import type { FetchLike } from '../../types.js';
import { onAbort } from '../call/on-abort.js';
import { systemErrorCode } from '../call/retry-policy.js';
import { HAS_CONTROL_CHARACTER } from './control-characters.js';
import { createRedactor, type Redactor } from './redact.js';
import { type WireRequest, type WireResponse, wireFromResponse } from './wire.js';

/** Where the API lives unless `baseUrl` or `KONPRO_BASE_URL` says otherwise. */
export const DEFAULT_BASE_URL = 'https://api.konpro.ai';
/** Per attempt, from sending the request to the last byte of the body. */
export const DEFAULT_TIMEOUT_MS = 30_000;
/** The documented bodies are under 2 kB; 1 MiB leaves room for anything a proxy adds. */
export const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;
/** The key a request sends: the account's, none, or `WRONG_KEY` (for the contract suite's checks). */
export type KeyMode = 'valid' | 'wrong' | 'none';
/** The key sent by checks that need a wrong one. Not a secret. */
export const WRONG_KEY = 'konpro-contract-suite-wrong-key';
const KEY_HEADER = 'x-api-key';

export interface TransportOptions {
  /** Checked here: a string with no control character, trimmed as `Headers` would send it. */
  apiKey: unknown;
  /** Checked here (see the rules above). */
  baseUrl: unknown;
  /** The injected fetch; the global one (looked up at call time) when undefined. */
  fetch?: FetchLike | undefined;
  /** Extra `RequestInit` fields for every request, such as undici's `dispatcher`. */
  fetchOptions?: Readonly<Record<string, unknown>> | undefined;
}

export interface AttemptSettings {
  timeoutMs: number;
  maxResponseBytes: number;
  signal?: AbortSignal | undefined;
}

/** What is kept of a failure to get an answer: a one-line description (redacted), a name and a code. */
export interface TransportFailure {
  name: string;
  code: string | undefined;
  message: string;
}

export type AttemptResult = { response: WireResponse } | { failure: TransportFailure; timedOut: boolean };

export interface Transport {
  /** Origin and path prefix, without a trailing slash. */
  readonly baseUrl: string;
  /** The path part of `baseUrl` (`''` for the usual origin-only URL). */
  readonly basePath: string;
  /** The key's redactor: the one every output of this transport's users goes through. */
  readonly redact: Redactor;
  /**
   * One attempt. It never rejects for a failure to get an answer (the caller decides what that
   * means); it rejects with `KonproConfigError` for a URL outside `baseUrl`'s origin, unsent.
   */
  attempt(request: WireRequest & { key?: KeyMode }, settings: AttemptSettings): Promise<AttemptResult>;
}

const fail = (option: string, problem: string): never => {
  throw new KonproConfigError(option, problem);
};

/**
 * The key as `Headers` would send it (trimmed), so that what is redacted is what is sent. A key
 * that cannot be sent is refused without being quoted.
 */
function checkedApiKey(value: unknown): string {
  if (value === undefined)
    fail('apiKey', 'is missing: pass createKonproClient({ apiKey }) or set the KONPRO_API_KEY environment variable');
  if (typeof value !== 'string') fail('apiKey', `must be a string (got ${typeof value})`);
  const key = (value as string).trim();
  if (key === '') fail('apiKey', 'is empty (or only whitespace)');
  if (HAS_CONTROL_CHARACTER.test(key))
    fail('apiKey', 'contains a control character (such as CR, LF or NUL) and cannot be sent; check how it was read');
  if (/[^\x20-\x7e\x80-\xff]/.test(key)) fail('apiKey', 'contains a character an HTTP header cannot carry');
  return key;
}

// localhost and *.localhost are loopback by RFC 6761; 127.0.0.0/8 and ::1 by definition.
function isLoopback(hostname: string): boolean {
  return (
    hostname === 'localhost' ||
    hostname === '[::1]' ||
    hostname.endsWith('.localhost') ||
    /^127\.\d+\.\d+\.\d+$/.test(hostname)
  );
}

function checkedBaseUrl(value: unknown): { baseUrl: string; basePath: string; origin: string } {
  if (typeof value !== 'string') fail('baseUrl', `must be a string (got ${typeof value})`);
  let url: URL | undefined;
  try {
    url = new URL(value as string);
  } catch {
    // Quoted without anything that looks like user info, which may hold a password.
    fail('baseUrl', `is not a valid URL: ${JSON.stringify((value as string).replace(/\/\/[^/]*@/, '//…@'))}`);
  }
  const { protocol, hostname, host, username, password, search, hash, pathname, origin } = url!;
  if (username || password)
    fail('baseUrl', 'must not contain user info (a user name or password): the API key goes in apiKey');
  if (protocol !== 'https:' && protocol !== 'http:') fail('baseUrl', `must be an https:// URL (got ${protocol}//)`);
  if (protocol === 'http:' && !isLoopback(hostname))
    fail(
      'baseUrl',
      `must use https:// (got http://${host}); plain http is allowed only for loopback hosts, because the API key would travel in clear text`,
    );
  if (search || hash) fail('baseUrl', 'must not have a query string or fragment');
  const basePath = pathname.replace(/\/+$/, '');
  if (/\/v1$/i.test(basePath))
    fail('baseUrl', `must not end in /v1: every path already starts with /v1 (use ${origin}${basePath.slice(0, -3)})`);
  return { baseUrl: `${origin}${basePath}`, basePath, origin };
}

/** A failure as one line: the system error code first, then the innermost message. */
function describe(error: unknown): string {
  const code = systemErrorCode(error);
  const cause = (error as { cause?: { message?: unknown } })?.cause;
  const detail =
    typeof cause?.message === 'string' && cause.message ? cause.message : String((error as Error)?.message ?? error);
  return code && !detail.includes(code) ? `${code} ${detail}` : detail;
}

/** The name, code and a redacted description of a failure; nothing else of it is kept. */
export function reduceFailure(error: unknown, redact: Redactor): TransportFailure {
  const name = (error as Error | undefined)?.name;
  const code = systemErrorCode(error) ?? (error as { cause?: { code?: unknown } })?.cause?.code;
  return {
    name: typeof name === 'string' ? redact.text(name) : typeof error,
    code: typeof code === 'string' ? redact.text(code) : undefined,
    message: redact.text(describe(error)),
  };
}

function isResponse(value: unknown): value is Response {
  const r = value as Response | undefined;
  return typeof r?.status === 'number' && typeof r.headers?.get === 'function';
}

/** Checks `apiKey` and `baseUrl` (a `KonproConfigError` naming the one at fault) and opens the gate. */
export function createTransport(options: TransportOptions): Transport {
  const key = checkedApiKey(options.apiKey);
  const { baseUrl, basePath, origin } = checkedBaseUrl(options.baseUrl);
  const redact = createRedactor(key);
  const allowedPrefix = `${origin}/`;
  const keyFor = { valid: key, wrong: WRONG_KEY, none: undefined };

  /** The request's headers with the key header set here, whatever they held. */
  function signed(headers: Readonly<Record<string, string>>, mode: KeyMode): Record<string, string> {
    const out: Record<string, string> = {};
    for (const name in headers) if (name.toLowerCase() !== KEY_HEADER) out[name] = headers[name]!;
    const value = keyFor[mode];
    if (value !== undefined) out[KEY_HEADER] = value;
    return out;
  }

  async function attempt(request: WireRequest & { key?: KeyMode }, settings: AttemptSettings): Promise<AttemptResult> {
    if (!request.url.startsWith(allowedPrefix))
      fail(
        'baseUrl',
        redact.text(
          `is ${baseUrl}, but a request was about to go to ${safeOrigin(request.url)} (changed by a middleware or a per-call baseUrl): refused, because the API key is sent to baseUrl's origin only`,
        ),
      );
    const { timeoutMs, signal } = settings;
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new DOMException(`timed out after ${timeoutMs} ms`, 'TimeoutError'));
    }, timeoutMs);
    const unsubscribe = signal ? onAbort(signal, () => controller.abort(signal.reason)) : undefined;
    try {
      const init: RequestInit = {
        ...options.fetchOptions,
        method: request.method,
        headers: signed(request.headers, request.key ?? 'valid'),
        body: request.body ?? null,
        // The key must reach baseUrl's origin only: a followed redirect would forward x-api-key.
        redirect: 'manual',
        signal: controller.signal,
      };
      // The platform's fetch honours the signal; an injected one may not, and the attempt ends on it all the same.
      const response: unknown = options.fetch
        ? await untilAborted(Promise.resolve(options.fetch(request.url, init)), controller.signal)
        : await globalThis.fetch(request.url, init);
      if (!isResponse(response))
        return { failure: reduceFailure(new TypeError('fetch did not return a Response'), redact), timedOut };
      const platform = !options.fetch;
      return {
        response: await wireFromResponse(response, settings.maxResponseBytes, controller.signal, redact, platform),
      };
    } catch (failure) {
      return { failure: reduceFailure(failure, redact), timedOut };
    } finally {
      clearTimeout(timer);
      unsubscribe?.();
    }
  }

  return { baseUrl, basePath, redact, attempt };
}

/** `promise`, or the signal's reason as soon as it aborts (a later rejection of `promise` is no one's). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  promise.catch(() => undefined);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** The origin of a URL, for a message; never its user info, path or query. */
function safeOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'an invalid URL';
  }
}
