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
  RedirectError,
  safeLocation,
} from '../errors.js';
import { type AttemptSettings, runAttempt, type WireRequest, type WireResponse } from './attempt.js';
import { abortableDelay } from './on-abort.js';
import type { Redactor } from './redact.js';
import { decideRetry, systemErrorCode } from './retry-policy.js';

export interface SendSettings extends AttemptSettings {
  /** Retries after the first attempt. */
  maxRetries: number;
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
function safeCause(error: unknown, redact: Redactor): unknown {
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

/** Sends `request` until the retry policy lets an outcome stand. */
export async function send(
  request: WireRequest,
  settings: SendSettings,
  site: CallSite,
  redact: Redactor,
): Promise<WireResponse> {
  const { signal, maxRetries, timeoutMs } = settings;
  const where = `${site.operation} ${site.method} ${site.path}`;
  const aborted = () => new KonproAbortError(redact(`${where} was aborted by the caller`));

  for (let attempt = 0; ; attempt++) {
    if (signal?.aborted) throw aborted();
    const result = await runAttempt(request, settings);
    if ('response' in result) {
      const refused = refusedAnswer(result.response, site, redact, settings.maxResponseBytes);
      if (refused) throw refused;
      if (result.response.status < 300) return result.response;
    }
    if ('failure' in result && signal?.aborted) throw aborted();
    const outcome =
      'response' in result
        ? { status: result.response.status, retryAfter: result.response.headers.get('retry-after') }
        : result;
    const decision = decideRetry({ method: request.method, outcome, attempt, maxRetries });
    if (decision.retry) {
      await abortableDelay(decision.delayMs, signal).catch(() => {
        throw aborted();
      });
      continue;
    }
    if ('response' in result) return result.response;
    const tries = `attempt ${attempt + 1} of ${maxRetries + 1}`;
    if (result.timedOut) throw new KonproTimeoutError(redact(`${where} timed out after ${timeoutMs} ms (${tries})`));
    const cause = safeCause(result.failure, redact);
    throw new KonproConnectionError(
      redact(`${where} failed without a response (${tries}): ${describeFailure(result.failure)}`),
      cause === undefined ? undefined : { cause },
    );
  }
}
