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
} from '../../errors.js';
import type { ClientLog } from '../config/log.js';
import type { Redactor } from '../gate/redact.js';
import type { AttemptSettings, Transport } from '../gate/transport.js';
import { requestIdOf, type WireRequest, type WireResponse } from '../gate/wire.js';
import { abortableDelay } from './on-abort.js';
import { decideRetry } from './retry-policy.js';

export interface SendSettings extends AttemptSettings {
  /** Retries after the first attempt. */
  maxRetries: number;
  /** The whole call's bound, attempts, backoff and `Retry-After` waits included; none when undefined. */
  totalTimeoutMs?: number | undefined;
}

/** What the loop reports to and sends through: the call site, the transport, the log. */
export interface SendContext {
  site: CallSite;
  transport: Transport;
  log: ClientLog;
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
  const { site, transport, log } = context;
  const { redact } = transport;
  const where = `${site.operation} ${site.method} ${site.path}`;
  // The caller's reason is theirs (their own Error, say): it is the cause.
  const aborted = () =>
    new KonproAbortError(redact.text(`${where} was aborted by the caller`), { cause: signal?.reason });
  const started = performance.now();
  const deadline = totalTimeoutMs === undefined ? undefined : started + totalTimeoutMs;
  const outOfTime = (attempts: number) =>
    new KonproTotalTimeoutError(
      redact.text(
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
    const result = await transport.attempt(request, attemptSettings);
    const tries = `attempt ${attempt + 1} of ${maxRetries + 1}`;
    if (log.enabled('debug')) {
      const ms = Math.round(performance.now() - attemptStart);
      const id = 'response' in result ? requestIdOf(result.response) : undefined;
      const what =
        'response' in result
          ? `${result.response.status}`
          : result.timedOut
            ? 'timed out'
            : `failed (${result.failure.message})`;
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
    if (result.timedOut)
      throw new KonproTimeoutError(redact.text(`${where} timed out after ${timeoutMs} ms (${tries})`));
    // Only the failure's name and code: the platform's error objects may hold the server's bytes.
    const { name, code, message } = result.failure;
    throw new KonproConnectionError(redact.text(`${where} failed without a response (${tries}): ${message}`), {
      cause: { name, code },
    });
  }
}
