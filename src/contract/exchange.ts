/**
 * Sends the contract run's requests (issue #12): paced against the plan's rate limit, within the
 * request budget, one attempt at a time with a per-attempt timeout, and 429 or 503 waited out
 * *between* attempts, never inside a timeout. Every answer is judged by the observer checks, and
 * every session a create answers is journaled before anything else happens. Requests go through
 * the client's own transport (issue #20): the same base-URL rule, redirects never followed, the
 * same bounded read, and answers already cleaned of the key. The suite observes; it has no rules
 * of its own.
 */

import { backoffDelay, parseRetryAfter } from '../internal/call/retry-policy.js';
import { DEFAULT_MAX_RESPONSE_BYTES, type KeyMode, type Transport, WRONG_KEY } from '../internal/gate/transport.js';
import { requestIdOf } from '../internal/gate/wire.js';
import type { Clock } from './clock.js';
import type { ContractChecker } from './contract-checker.js';
import type { Journal } from './journal.js';
import type { Pacer } from './pacing.js';
import type { Exchange, Probe, SessionRecord, Unobserved } from './types.js';

/** How many times one probe waits out a 429 or 503 before it gives up (inconclusive). */
const MAX_WAITS_PER_PROBE = 4;

export interface ExchangerOptions {
  transport: Transport;
  userAgent: string;
  timeoutMs: number;
  checker: ContractChecker;
  journal: Journal;
  pacer: Pacer;
  clock: Clock;
  /** Requests the run may send, 429 re-sends included (cleanup is exempt). */
  maxRequests: number;
  /** Total time the run may spend waiting on 429 and 503. */
  maxWaitMs: number;
  /** The run's clock time after which no check sends a request (its time limit, cleanup's reserve aside). */
  deadline: number;
  /** The run's clock time after which nothing is sent, cleanup included. */
  finalDeadline: number;
  /** What each answer says about the sessions the run created (filled here, judged by the checks). */
  sessions: Map<string, SessionRecord>;
  /** Every successful create, in order (filled here). */
  creates: Exchange[];
  /** The wait after a 429 without `Retry-After`: the rate limit's window. */
  rateLimitWaitMs: number;
  signal?: AbortSignal | undefined;
  log: (line: string) => void;
}

const shellQuote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

export class Exchanger {
  requests = 0;
  waitedMs = 0;
  readonly #o: ExchangerOptions;

  constructor(options: ExchangerOptions) {
    this.#o = options;
  }

  async send(probe: Probe): Promise<Exchange | Unobserved> {
    const o = this.#o;
    const op = o.checker.contract.operations[probe.operationId];
    if (!op) throw new Error(`unknown operation ${probe.operationId}`);
    const path = op.path.replace('{session_id}', encodeURIComponent(probe.sessionId ?? ''));
    const url = `${o.transport.baseUrl}${path}`;
    const key: KeyMode = probe.key ?? 'valid';
    const requestBody =
      probe.body === undefined ? undefined : typeof probe.body === 'string' ? probe.body : JSON.stringify(probe.body);
    const headers: Record<string, string> = { 'user-agent': o.userAgent };
    if (requestBody !== undefined) headers['content-type'] = 'application/json';
    const reproduction = [
      `curl -i -X ${op.method} ${shellQuote(url)}`,
      key === 'valid' ? ' -H "x-api-key: $KONPRO_API_KEY"' : key === 'wrong' ? ` -H 'x-api-key: ${WRONG_KEY}'` : '',
      requestBody === undefined ? '' : ` -H 'content-type: application/json' --data-raw ${shellQuote(requestBody)}`,
    ].join('');
    const signal = probe.essential ? undefined : o.signal;
    const deadline = probe.essential ? o.finalDeadline : o.deadline;
    let last: Exchange | undefined;

    for (let wait = 0; ; wait++) {
      if (signal?.aborted) return { unobserved: 'the run was interrupted', exchange: last };
      if (!probe.essential && this.requests >= o.maxRequests)
        return { unobserved: `the request budget is spent (--max-requests ${o.maxRequests})`, exchange: last };
      if (o.clock.now() >= deadline) return { unobserved: "the run's time limit is spent", exchange: last };
      try {
        await o.pacer.ready(signal);
      } catch {
        return { unobserved: 'the run was interrupted', exchange: last };
      }
      this.requests++;
      const sentAt = o.clock.now();
      // No attempt outlives the run's time limit either.
      const timeoutMs = Math.max(1, Math.min(o.timeoutMs, deadline - o.clock.now()));
      const result = await o.transport.attempt(
        { method: op.method, url, headers, body: requestBody, key },
        { timeoutMs, maxResponseBytes: DEFAULT_MAX_RESPONSE_BYTES, signal },
      );
      if ('failure' in result) {
        if (signal?.aborted) return { unobserved: 'the run was interrupted', exchange: last };
        const why = result.timedOut ? `no answer within ${timeoutMs} ms` : `no answer: ${result.failure.message}`;
        return { unobserved: why, exchange: last };
      }
      const { response } = result;
      const json = 'json' in response.parsed ? response.parsed.json : undefined;
      const requestId = requestIdOf(response);
      last = {
        operationId: probe.operationId,
        method: op.method,
        path,
        key,
        requestBody,
        intent: probe.intent ?? 'valid',
        status: response.status,
        contentType: response.headers.get('content-type'),
        headers: response.headers,
        bodyText: response.bodyText,
        parsed: response.parsed,
        keyFoundAt: response.keyFoundAt,
        json,
        requestId,
        sentAt,
        receivedAt: o.clock.now(),
        reproduction,
      };
      o.checker.checkExchange(last, { requestId, reproduction });
      await this.#journal(last, probe);
      this.#remember(last, probe);

      const waitMs = this.#waitFor(last, wait);
      if (waitMs === undefined) return last;
      const what = last.status === 429 ? 'rate-limited (429)' : 'unavailable (503)';
      if (wait >= MAX_WAITS_PER_PROBE || this.waitedMs + waitMs > o.maxWaitMs)
        return { unobserved: `${what} after ${wait + 1} answer${wait === 0 ? '' : 's'} like it`, exchange: last };
      if (o.clock.now() + waitMs >= deadline)
        return {
          unobserved: `${what}, and a wait of ${Math.ceil(waitMs / 1000)} s would pass the run's time limit`,
          exchange: last,
        };
      o.log(
        `  ${last.status} on ${probe.operationId}: waiting ${Math.ceil(waitMs / 1000)} s${last.headers.get('retry-after') ? ' as told' : ''}`,
      );
      this.waitedMs += waitMs;
      try {
        await o.clock.sleep(waitMs, signal);
      } catch {
        return { unobserved: 'the run was interrupted', exchange: last };
      }
    }
  }

  /** How long to wait before sending again, or undefined when the answer stands. */
  #waitFor(exchange: Exchange, wait: number): number | undefined {
    if (exchange.status !== 429 && exchange.status !== 503) return undefined;
    const told = parseRetryAfter(exchange.headers.get('retry-after'));
    if (told !== undefined) return told;
    return exchange.status === 429 ? this.#o.rateLimitWaitMs : backoffDelay(wait + 2);
  }

  /** Keeps what a create or a read said about a session the run created, for the checks to judge. */
  #remember(exchange: Exchange, probe: Probe): void {
    const ok = exchange.status >= 200 && exchange.status < 300;
    const id = (exchange.json as { session_id?: unknown } | undefined)?.session_id;
    if (!ok || exchange.key !== 'valid') return;
    if (probe.operationId === 'createWidgetSession' && typeof id === 'string') {
      this.#o.creates.push(exchange);
      if (!this.#o.sessions.has(id)) this.#o.sessions.set(id, { create: exchange, reads: [] });
    }
    if (probe.operationId === 'getWidgetSession' && probe.sessionId)
      this.#o.sessions.get(probe.sessionId)?.reads.push(exchange);
  }

  /** Journals every session a create answered, and forgets every one a delete ended. */
  async #journal(exchange: Exchange, probe: Probe): Promise<void> {
    const { journal, clock } = this.#o;
    const ok = exchange.status >= 200 && exchange.status < 300;
    const id = (exchange.json as { session_id?: unknown } | undefined)?.session_id;
    if (probe.operationId === 'createWidgetSession' && ok && typeof id === 'string') await journal.add(id, clock.now());
    if (probe.operationId === 'deleteWidgetSession' && (ok || exchange.status === 404) && probe.sessionId)
      await journal.remove(probe.sessionId);
  }
}
