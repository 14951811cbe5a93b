/**
 * The `fetch` that openapi-fetch calls: one timeout per attempt (covering headers and body),
 * retries with backoff by the policy in `retry-policy.ts`, and the caller's `AbortSignal`.
 * Failures without a response become `KonproConnectionError` / `KonproTimeoutError`; every
 * response, 2xx or not, is returned fully read so that a stalled body cannot hang the caller.
 */
import { KonproAbortError, KonproConnectionError, KonproTimeoutError } from '../errors.js';
import {
  backoffDelay,
  isRetryableFailure,
  isRetryableStatus,
  MAX_RETRY_AFTER_MS,
  parseRetryAfter,
  systemErrorCode,
} from './retry-policy.js';

/** A fetch as openapi-fetch calls it. */
export type FetchLike = (input: Request) => Promise<Response>;

export interface AttemptSettings {
  /** Per attempt, in milliseconds. */
  timeoutMs: number;
  /** Retries after the first attempt. */
  maxRetries: number;
}

const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Holds a reference until the call site is reached; see the comment on `attemptRequest`. */
function keepAlive(_value: unknown): void {}

function describeFailure(error: unknown): string {
  const code = systemErrorCode(error);
  const cause = (error as { cause?: { message?: unknown } })?.cause;
  const detail =
    typeof cause?.message === 'string' && cause.message ? cause.message : String((error as Error)?.message ?? error);
  return code && !detail.includes(code) ? `${code} ${detail}` : detail;
}

/**
 * Wraps `baseFetch` (global fetch when undefined) with timeouts and retries. `settings` is read on every call, so one wrapper
 * can serve both client defaults and per-call overrides.
 */
export function createKonproFetch(baseFetch: FetchLike | undefined, settings: AttemptSettings): FetchLike {
  return async function konproFetch(request: Request): Promise<Response> {
    const { timeoutMs, maxRetries } = settings;
    const callerSignal = request.signal;
    const body = request.body === null ? null : await request.arrayBuffer();
    // Only error messages need it, so the URL is parsed on the error path alone.
    const where = () => `${request.method} ${new URL(request.url).pathname}`;
    const aborted = () => new KonproAbortError(`${where()} was aborted by the caller`);
    /** Waits before the next attempt; the caller's abort ends the wait (and the call) at once. */
    const wait = (ms: number) =>
      sleep(ms, callerSignal).catch(() => {
        throw aborted();
      });

    for (let attempt = 0; ; attempt++) {
      if (callerSignal.aborted) throw aborted();
      const controller = new AbortController();
      const onCallerAbort = () => controller.abort(callerSignal.reason);
      callerSignal.addEventListener('abort', onCallerAbort, { once: true });
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort(new DOMException(`timed out after ${timeoutMs} ms`, 'TimeoutError'));
      }, timeoutMs);

      const init: RequestInit = {
        method: request.method,
        headers: request.headers,
        body,
        redirect: request.redirect,
        signal: controller.signal,
      };
      // An injected fetch receives a Request. undici links a Request's signal to the one it was
      // built from through a WeakRef, so that Request must stay reachable until the attempt ends
      // (see `finally`): if it were collected mid-flight, neither the timeout nor the caller's
      // abort would reach the fetch. Without an injected fetch, global fetch gets the URL and
      // init: no intermediate Request, and a faster send (see BENCHMARKS.md).
      const attemptRequest = baseFetch ? new Request(request.url, init) : undefined;
      let response: Response;
      try {
        const sent = await (attemptRequest ? baseFetch!(attemptRequest) : globalThis.fetch(request.url, init));
        const content = await sent.arrayBuffer();
        response = new Response(NULL_BODY_STATUSES.has(sent.status) ? null : content, {
          status: sent.status,
          statusText: sent.statusText,
          headers: sent.headers,
        });
      } catch (error) {
        if (callerSignal.aborted) throw aborted();
        const tries = `attempt ${attempt + 1} of ${maxRetries + 1}`;
        if (attempt < maxRetries && isRetryableFailure(request.method, error, timedOut)) {
          await wait(backoffDelay(attempt));
          continue;
        }
        if (timedOut) throw new KonproTimeoutError(`${where()} timed out after ${timeoutMs} ms (${tries})`);
        throw new KonproConnectionError(`${where()} failed without a response (${tries}): ${describeFailure(error)}`, {
          cause: error,
        });
      } finally {
        clearTimeout(timer);
        callerSignal.removeEventListener('abort', onCallerAbort);
        keepAlive(attemptRequest);
      }

      if (response.ok || attempt >= maxRetries || !isRetryableStatus(request.method, response.status)) {
        return response;
      }
      const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
      if (retryAfter !== undefined && retryAfter > MAX_RETRY_AFTER_MS) return response;
      await wait(retryAfter ?? backoffDelay(attempt));
    }
  };
}
