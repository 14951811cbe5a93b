/**
 * The attempt loop, the one place every request goes through (typed methods and `raw` alike):
 * run an attempt, ask the retry policy, wait (abortably), repeat. A response the policy lets
 * stand is returned, 2xx or not; a failure without a response becomes a `KonproConnectionError`
 * or `KonproTimeoutError`; the caller's abort a `KonproAbortError`. Two answers are never
 * returned: a redirect (`RedirectError`, never followed nor retried) and a 2xx body over
 * `maxResponseBytes` (`KonproResponseValidationError`).
 */
import {
  type CallSite,
  createApiError,
  KonproAbortError,
  KonproConnectionError,
  KonproResponseValidationError,
  KonproTimeoutError,
  KonproTotalTimeoutError,
  RedirectError,
  safeLocation,
} from '../errors.js';
import { type AttemptSettings, runAttempt, type WireRequest, type WireResponse } from './attempt.js';
import type { ClientLog } from './log.js';
import { abortableDelay } from './on-abort.js';
import type { Redactor } from './redact.js';
import { decideRetry, systemErrorCode } from './retry-policy.js';

export interface SendSettings extends AttemptSettings {
  /** Retries after the first attempt. */
  maxRetries: number;
  /** The whole call's bound, attempts, backoff and `Retry-After` waits included; none when undefined. */
  totalTimeoutMs?: number | undefined;
}

/** What the loop reports to: the call site, the redactor, the log. */
export interface SendContext {
  site: CallSite;
  redact: Redactor;
  log: ClientLog;
}

/** KonPro's request id of an answer: the `x-request-id` header, else the error body's `request_id`. */
function requestIdOf(response: WireResponse): string | undefined {
  return (
    response.headers.get('x-request-id') ??
    (response.status >= 400 ? /"request_id"\s*:\s*"([^"]{1,200})"/.exec(response.bodyText)?.[1] : undefined)
  );
}

/** A failure without a response, in one line (the system error code first when there is one). */
export function describeFailure(error: unknown): string {
  const code = systemErrorCode(error);
  const cause = (error as { cause?: { message?: unknown } })?.cause;
  const detail =
    typeof cause?.message === 'string' && cause.message ? cause.message : String((error as Error)?.message ?? error);
  return code && !detail.includes(code) ? `${code} ${detail}` : detail;
}

/** The failure itself as `cause`, unless something in it quotes the key. */
export function safeCause(error: unknown, redact: Redactor): unknown {
  const text = `${describeFailure(error)} ${(error as Error)?.stack ?? ''}`;
  return redact(text) === text ? error : undefined;
}

/** The error for an answer no caller may receive as data. */
function refusedAnswer(response: WireResponse, site: CallSite, redact: Redactor, maxBytes: number) {
  if (response.followedTo !== undefined) {
    const location = safeLocation(response.followedTo, redact);
    return new RedirectError({
      status: response.status,
      message: `the injected fetch followed a redirect to ${location} although the client sent redirect: 'manual'; pass init through to fetch (${site.operation} ${site.method} ${site.path})`,
      headers: new Headers(),
      location,
      ...site,
    });
  }
  if (response.status >= 300 && response.status < 400)
    return createApiError(response, response.bodyText, { ...site, redact });
  if (response.status < 300 && response.overCap) {
    const problem = { path: '(root)', message: `is larger than maxResponseBytes (${maxBytes} bytes)` };
    return new KonproResponseValidationError(site, response.status, [problem]);
  }
  return undefined;
}

/** Sends `request` until the retry policy lets an outcome stand, or the total time runs out. */
export async function send(request: WireRequest, settings: SendSettings, context: SendContext): Promise<WireResponse> {
  const { signal, maxRetries, timeoutMs, totalTimeoutMs } = settings;
  const { site, redact, log } = context;
  const where = `${site.operation} ${site.method} ${site.path}`;
  const aborted = () => new KonproAbortError(redact(`${where} was aborted by the caller`));
  const started = performance.now();
  const deadline = totalTimeoutMs === undefined ? undefined : started + totalTimeoutMs;
  const outOfTime = (attempts: number) =>
    new KonproTotalTimeoutError(
      redact(
        `${where} ran out of its total time of ${totalTimeoutMs} ms (${attempts} attempt${attempts === 1 ? '' : 's'})`,
      ),
    );

  for (let attempt = 0; ; attempt++) {
    if (signal?.aborted) throw aborted();
    const remaining = deadline === undefined ? undefined : deadline - performance.now();
    if (remaining !== undefined && remaining <= 0) throw outOfTime(attempt);
    // Within a total bound, an attempt gets what is left of it when that is less than timeoutMs.
    const bounded = remaining !== undefined && remaining < timeoutMs;
    const attemptSettings = bounded ? { ...settings, timeoutMs: Math.max(1, Math.ceil(remaining)) } : settings;
    const attemptStart = log.enabled('debug') ? performance.now() : 0;
    const result = await runAttempt(request, attemptSettings);
    const tries = `attempt ${attempt + 1} of ${maxRetries + 1}`;
    if (log.enabled('debug')) {
      const ms = Math.round(performance.now() - attemptStart);
      const id = 'response' in result ? requestIdOf(result.response) : undefined;
      const what =
        'response' in result
          ? `${result.response.status}`
          : result.timedOut
            ? 'timed out'
            : `failed (${describeFailure(result.failure)})`;
      log.write('debug', `${where} → ${what} in ${ms} ms (${tries}${id ? `, request_id ${id}` : ''})`);
    }
    if ('response' in result) {
      const refused = refusedAnswer(result.response, site, redact, settings.maxResponseBytes);
      if (refused) {
        log.write('debug', refused.message);
        throw refused;
      }
      if (result.response.status < 300) {
        if (attempt > 0) {
          const ms = Math.round(performance.now() - started);
          log.write(
            'warn',
            `${where} answered ${result.response.status} only after ${attempt} retr${attempt === 1 ? 'y' : 'ies'} (${ms} ms in all)`,
          );
        }
        return result.response;
      }
    }
    if ('failure' in result && signal?.aborted) throw aborted();
    if ('failure' in result && result.timedOut && bounded) throw outOfTime(attempt + 1);
    const outcome =
      'response' in result
        ? { status: result.response.status, retryAfter: result.response.headers.get('retry-after') }
        : result;
    const remainingMs = deadline === undefined ? undefined : deadline - performance.now();
    const decision = decideRetry({ method: request.method, outcome, attempt, maxRetries, remainingMs });
    const cause =
      'response' in result ? `${result.response.status}` : result.timedOut ? 'a timeout' : 'a failed connection';
    if (decision.retry) {
      log.write('info', `retrying ${where} in ${decision.delayMs} ms after ${cause} (${tries})`);
      await abortableDelay(decision.delayMs, signal).catch(() => {
        throw aborted();
      });
      continue;
    }
    const waitTooLong = decision.reason.startsWith('Retry-After');
    log.write(waitTooLong ? 'info' : 'debug', `${where}: not retried after ${cause}: ${decision.reason}`);
    if ('response' in result) return result.response;
    if (result.timedOut) throw new KonproTimeoutError(redact(`${where} timed out after ${timeoutMs} ms (${tries})`));
    const failureCause = safeCause(result.failure, redact);
    throw new KonproConnectionError(
      redact(`${where} failed without a response (${tries}): ${describeFailure(result.failure)}`),
      failureCause === undefined ? undefined : { cause: failureCause },
    );
  }
}
