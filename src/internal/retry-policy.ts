/**
 * When to retry and how long to wait. The numbers follow the Stainless-style SDKs (openai-node):
 * 2 retries, backoff 0.5 s doubling to at most 8 s, minus up to 25 % jitter.
 */

export const DEFAULT_MAX_RETRIES = 2;
export const DEFAULT_TIMEOUT_MS = 30_000;
const INITIAL_DELAY_MS = 500;
const MAX_DELAY_MS = 8_000;
const JITTER = 0.25;
/** A `Retry-After` longer than this is not waited for: the error goes to the caller at once. */
export const MAX_RETRY_AFTER_MS = 60_000;

/** Methods the server can safely receive twice. */
export function isIdempotent(method: string): boolean {
  return method === 'GET' || method === 'DELETE' || method === 'HEAD' || method === 'OPTIONS';
}

/**
 * Whether a response status is worth another attempt. A POST (create, validate) is retried only
 * when the server cannot have acted on it: 429 (rate limited) and 503 (unavailable).
 */
export function isRetryableStatus(method: string, status: number): boolean {
  if (status === 429 || status === 503) return true;
  return isIdempotent(method) && (status === 408 || status >= 500);
}

/** Error codes that mean the request never reached a server, so even a POST may be resent. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

/** The system error code (`ECONNREFUSED`, …) somewhere in a fetch error's cause chain. */
export function systemErrorCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const { code, errors, cause } = e as { code?: unknown; errors?: unknown; cause?: unknown };
    if (typeof code === 'string' && code.startsWith('E')) return code;
    if (Array.isArray(errors) && errors.length > 0) e = errors[0];
    else e = cause;
  }
  return undefined;
}

/** Whether a failed attempt (no response) may be retried. */
export function isRetryableFailure(method: string, error: unknown, timedOut: boolean): boolean {
  if (isIdempotent(method)) return true;
  return !timedOut && NOT_SENT_CODES.has(systemErrorCode(error) ?? '');
}

/** Parses `Retry-After` (delay-seconds or HTTP-date) into milliseconds from now. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Exponential backoff with jitter for retry number `retry` (0 for the first retry). */
export function backoffDelay(retry: number, random = Math.random): number {
  const delay = Math.min(INITIAL_DELAY_MS * 2 ** retry, MAX_DELAY_MS);
  return Math.round(delay * (1 - random() * JITTER));
}
