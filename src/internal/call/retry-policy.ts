/**
 * The retry decision, in one pure function (`decideRetry`, after ky's `calculateRetryDelay`).
 * The numbers follow the Stainless-style SDKs (openai-node): 2 retries, backoff 0.5 s doubling
 * to at most 8 s, minus up to 25 % jitter; a `Retry-After` (RFC 9110) replaces the backoff.
 */

export const DEFAULT_MAX_RETRIES = 2;
export const DEFAULT_TIMEOUT_MS = 30_000;
const INITIAL_DELAY_MS = 500;
const MAX_DELAY_MS = 8_000;
const JITTER = 0.25;
/** A `Retry-After` longer than this is not waited for: the error goes to the caller at once. */
export const MAX_RETRY_AFTER_MS = 60_000;

/** What one attempt ended with: a response, or a failure to get one. */
export type AttemptOutcome = { status: number; retryAfter: string | null } | { failure: unknown; timedOut: boolean };

/** Retry after `delayMs`, or give up and let the last outcome stand (`reason` says why). */
export type RetryDecision = { retry: true; delayMs: number } | { retry: false; reason: string };

export interface RetryInput {
  method: string;
  outcome: AttemptOutcome;
  /** 0 for the first attempt. */
  attempt: number;
  maxRetries: number;
  /** Time left before the caller's total deadline, if any. */
  remainingMs?: number | undefined;
  random?: () => number;
}

/** Methods the server can safely receive twice. */
function isIdempotent(method: string): boolean {
  return method === 'GET' || method === 'DELETE' || method === 'HEAD' || method === 'OPTIONS';
}

/**
 * Whether a response status is worth another attempt. A POST (create, validate) is retried only
 * when the server cannot have acted on it: 429 (rate limited) and 503 (unavailable), so one
 * create call creates at most one session.
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
    e = Array.isArray(errors) && errors.length > 0 ? errors[0] : cause;
  }
  return undefined;
}

const DAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const LONG_DAY = '(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)';
const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
const TIME = '\\d{2}:\\d{2}:\\d{2}';
/** RFC 9110 §5.6.7: IMF-fixdate, and the obsolete RFC 850 and asctime forms recipients must accept. */
const HTTP_DATES = [
  new RegExp(`^${DAY}, \\d{2} ${MONTH} \\d{4} ${TIME} GMT$`),
  new RegExp(`^${LONG_DAY}, \\d{2}-${MONTH}-\\d{2} ${TIME} GMT$`),
  new RegExp(`^${DAY} ${MONTH} [ \\d]\\d ${TIME} \\d{4}$`),
];

/**
 * `Retry-After` in milliseconds from now, as RFC 9110 §10.2.3 defines it: delay-seconds (digits
 * only) or an HTTP-date. Anything else (`-5`, `1.5`, `1, 2`) is undefined, and the backoff applies.
 */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const form = HTTP_DATES.findIndex((pattern) => pattern.test(trimmed));
  if (form < 0) return undefined;
  // asctime carries no zone; HTTP dates are always GMT.
  const date = Date.parse(form === 2 ? `${trimmed} GMT` : trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Exponential backoff with jitter for retry number `retry` (0 for the first retry). */
export function backoffDelay(retry: number, random = Math.random): number {
  const delay = Math.min(INITIAL_DELAY_MS * 2 ** retry, MAX_DELAY_MS);
  return Math.round(delay * (1 - random() * JITTER));
}

/**
 * Whether to send another attempt, and after how long. Rules, in order:
 * - a response the policy does not retry (a 2xx, a 4xx, a POST's 500) or a failure after which a
 *   POST may have been acted on (a timeout, a reset) stands;
 * - no retries left: the outcome stands;
 * - a `Retry-After` above 60 s is not waited for: the caller decides;
 * - a wait that would pass the caller's total deadline is not started.
 */
export function decideRetry({ method, outcome, attempt, maxRetries, remainingMs, random }: RetryInput): RetryDecision {
  let delayMs: number;
  if ('status' in outcome) {
    if (!isRetryableStatus(method, outcome.status)) return { retry: false, reason: `${outcome.status} is not retried` };
    const retryAfter = parseRetryAfter(outcome.retryAfter);
    if (retryAfter !== undefined && retryAfter > MAX_RETRY_AFTER_MS)
      return { retry: false, reason: `Retry-After of ${Math.ceil(retryAfter / 1000)} s is over 60 s` };
    delayMs = retryAfter ?? backoffDelay(attempt, random);
  } else {
    const notSent = NOT_SENT_CODES.has(systemErrorCode(outcome.failure) ?? '');
    if (!isIdempotent(method) && (outcome.timedOut || !notSent))
      return { retry: false, reason: 'the server may have acted on this POST' };
    delayMs = backoffDelay(attempt, random);
  }
  if (attempt >= maxRetries) return { retry: false, reason: 'no retries left' };
  if (remainingMs !== undefined && delayMs >= remainingMs)
    return { retry: false, reason: 'the wait would pass the deadline' };
  return { retry: true, delayMs };
}
