/**
 * What every resource method shares: the openapi-fetch client, per-call options, local input
 * checks before sending, and turning a response into data or the right `KonproError`.
 */
import type { Client } from 'openapi-fetch';
import type { paths } from '../../generated/schema.js';
import { createApiError, KonproResponseValidationError, KonproValidationError } from '../errors.js';
import { type AttemptSettings, createKonproFetch, type FetchLike } from './konpro-fetch.js';
import { parseRetryAfter } from './retry-policy.js';
import { checkPathParameter, checkRequestBody, checkResponseBody, type OperationId } from './spec-validators.js';

/** Options for a single call; each overrides the client's setting for that call only. */
export interface RequestOptions {
  /** Aborts the call (and any retry) when it fires. */
  signal?: AbortSignal;
  /** Per-attempt timeout in milliseconds. */
  timeoutMs?: number;
  /** Retries after the first attempt. */
  maxRetries?: number;
}

export interface RequestContextInit {
  raw: Client<paths>;
  /** The injected fetch, or undefined for global fetch. */
  baseFetch: FetchLike | undefined;
  defaults: AttemptSettings;
  validateRequests: boolean;
  validateResponses: boolean;
  /** Removes the API key from any text that may reach an error message. */
  redact: (text: string) => string;
}

/** openapi-fetch's result, as our calls receive it with `parseAs: 'text'`. */
interface RawResult {
  data?: unknown;
  error?: unknown;
  response: Response;
}

export class RequestContext {
  readonly raw: Client<paths>;
  readonly #init: RequestContextInit;

  constructor(init: RequestContextInit) {
    this.raw = init.raw;
    this.#init = init;
  }

  /** The openapi-fetch options of one call. */
  callInit(options: RequestOptions = {}): { parseAs: 'text'; fetch: FetchLike; signal?: AbortSignal } {
    const { baseFetch, defaults } = this.#init;
    const settings = {
      timeoutMs: checkedTimeout(options.timeoutMs ?? defaults.timeoutMs, 'timeoutMs'),
      maxRetries: checkedRetries(options.maxRetries ?? defaults.maxRetries, 'maxRetries'),
    };
    const init = { parseAs: 'text' as const, fetch: createKonproFetch(baseFetch, settings) };
    return options.signal ? { ...init, signal: options.signal } : init;
  }

  /** Throws `KonproValidationError` when `body` breaks the operation's request schema. */
  checkBody(operationId: OperationId, body: unknown): void {
    if (!this.#init.validateRequests) return;
    const problems = checkRequestBody(operationId, body);
    if (problems.length > 0) throw new KonproValidationError(`${operationId} request body`, problems);
  }

  /**
   * Throws `KonproValidationError` for a session id the spec rejects, and always for `.` and `..`:
   * URL parsers resolve those as path segments, which would address a different endpoint.
   */
  checkSessionId(operationId: OperationId, sessionId: unknown): string {
    const problems =
      sessionId === '.' || sessionId === '..'
        ? [{ path: 'session_id', message: 'cannot be "." or ".." (they would change the URL path)', value: sessionId }]
        : typeof sessionId !== 'string'
          ? [{ path: 'session_id', message: 'must be string', value: sessionId }]
          : this.#init.validateRequests
            ? checkPathParameter(operationId, 'session_id', sessionId)
            : [];
    if (problems.length > 0) throw new KonproValidationError(`${operationId} session_id`, problems);
    return sessionId as string;
  }

  /** The response's data, or the `KonproError` it stands for. */
  async unwrap<T>(operationId: OperationId, { data, error, response }: RawResult): Promise<T> {
    const { redact, validateResponses } = this.#init;
    if (!response.ok) {
      const text = error === undefined ? '' : typeof error === 'string' ? error : JSON.stringify(error);
      throw createApiError(response, redact(text), parseRetryAfter(response.headers.get('retry-after')));
    }
    const requestId = response.headers.get('x-request-id') ?? undefined;
    const fail = (message: string, value?: unknown): never => {
      const problem = value === undefined ? { path: '(root)', message } : { path: '(root)', message, value };
      throw new KonproResponseValidationError(operationId, response.status, [problem], requestId);
    };
    let body: unknown;
    try {
      body = JSON.parse(typeof data === 'string' ? data : '');
    } catch {
      fail('is not valid JSON', redact(String(data ?? '').slice(0, 200)));
    }
    if (body === null || typeof body !== 'object' || Array.isArray(body)) fail('must be a JSON object', body);
    if (validateResponses) {
      const problems = await checkResponseBody(operationId, response.status, body);
      if (problems.length > 0)
        throw new KonproResponseValidationError(operationId, response.status, problems, requestId);
    }
    return body as T;
  }
}

/** Checks a timeout option, naming it in the error. */
export function checkedTimeout(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new KonproValidationError('client options', [
      { path: name, message: 'must be a positive number of milliseconds', value },
    ]);
  }
  return value;
}

/** Checks a retry-count option, naming it in the error. */
export function checkedRetries(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new KonproValidationError('client options', [{ path: name, message: 'must be an integer ≥ 0', value }]);
  }
  return value;
}
