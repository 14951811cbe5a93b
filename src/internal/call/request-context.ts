/**
 * What every typed method shares: build the request from the spec's operation table (local
 * checks first, nothing sent on bad input), send it through the attempt loop with
 * `fetch(url, init)`, and turn the answer into data or the right `KonproError`.
 */
import { type OperationId, operations } from '../../../generated/operations.js';
import {
  type CallSite,
  createApiError,
  KonproResponseValidationError,
  KonproValidationError,
  type ValidationProblem,
} from '../../errors.js';
import { type Answered, KonproPromise } from '../../konpro-promise.js';
import type { ContractViolationTotals, RequestOptions } from '../../types.js';
import { type ClientConfig, callSettings, type ValidationMode } from '../config/client-config.js';
import { markKeyFound } from '../gate/shared-marks.js';
import { requestIdOf, type WireResponse } from '../gate/wire.js';
import { loadSpecValidators } from '../validation/load-spec-validators.js';
import { send } from './send.js';

type Validators = Awaited<ReturnType<typeof loadSpecValidators>>;

/** What a call sends besides its options: the session id of the path and the JSON body. */
export interface CallInput {
  sessionId?: unknown;
  body?: unknown;
}

const invalid = (what: string, path: string, message: string, value: unknown): never => {
  throw new KonproValidationError(what, [{ path, message, value }]);
};

type Reporter = import('../validation/drift-report.js').DriftReporter;

const NO_VIOLATIONS: ContractViolationTotals = { checked: 0, skipped: 0, violations: [] };

export class RequestContext {
  readonly #config: ClientConfig;
  /** Report mode's reporter, loaded on its first use (a client without report mode loads nothing). */
  #reporter: Reporter | Promise<Reporter> | undefined;

  constructor(config: ClientConfig) {
    this.#config = config;
  }

  /** What report mode has seen so far. */
  contractViolations(): ContractViolationTotals {
    const reporter = this.#reporter;
    return reporter && !(reporter instanceof Promise) ? reporter.totals() : NO_VIOLATIONS;
  }

  async #report(site: CallSite, wire: WireResponse): Promise<void> {
    this.#reporter ??= import('../validation/drift-report.js').then(
      ({ createDriftReporter }) => (this.#reporter = createDriftReporter(this.#config.drift, this.#config.log)),
    );
    const reporter = this.#reporter instanceof Promise ? await this.#reporter : this.#reporter;
    await reporter.inspect(site, wire, requestIdOf(wire));
  }

  /** Sends one operation; the promise is of its data, or the `KonproError` it stands for. */
  call<T>(operation: OperationId, input: CallInput, options?: RequestOptions): KonproPromise<T> {
    const site: CallSite = { operation, method: operations[operation].method, path: '' };
    const mode = options?.validateResponses ?? this.#config.validateResponses;
    return new KonproPromise<T>(this.#send(site, input, options, mode), ({ wire }) =>
      this.#unwrap<T>(site, wire, mode),
    );
  }

  /** Checks the input, sends it, and throws for any answer that is not a 2xx. */
  async #send(
    site: CallSite,
    input: CallInput,
    options: RequestOptions | undefined,
    mode: ValidationMode,
  ): Promise<Answered> {
    const config = this.#config;
    const { method, path, hasBody } = operations[site.operation as OperationId];
    const operation = site.operation as OperationId;
    const settings = callSettings(config.defaults, options);
    // Loaded once; afterwards a plain value, so the hot path pays no extra await.
    const loaded = config.validateRequests ? loadSpecValidators() : undefined;
    const validators = loaded instanceof Promise ? await loaded : loaded;
    const urlPath = path.includes('{session_id}')
      ? path.replace('{session_id}', this.#encodedSessionId(validators, operation, input.sessionId))
      : path;
    const body = hasBody ? this.#serialisedBody(validators, operation, input.body) : undefined;
    site.path = `${config.basePath}${urlPath}`;
    const headers = hasBody ? config.jsonHeaders : config.headers;
    const request = { method, url: `${config.baseUrl}${urlPath}`, headers, body };
    const context = { site, transport: config.transport, log: config.log };
    // Middleware is loaded only by clients that have some: the usual call builds no `Request`.
    const wire =
      config.middleware.length === 0
        ? await send(request, settings, context)
        : await (await import('./middleware.js')).sendThroughMiddleware(config, request, settings, context);
    // Report mode judges every answer, errors included, before the call goes on; it never throws.
    if (mode === 'report') await this.#report(site, wire);
    if (wire.status >= 300) throw createApiError(wire, wire.bodyText, { ...site, redact: config.redact });
    if (wire.keyFoundAt.length > 0)
      config.log.write(
        'warn',
        `${site.operation} ${site.method} ${site.path} answered ${wire.status} with the API key in ${wire.keyFoundAt.join(', ')}: removed from the data`,
      );
    return { wire };
  }

  /**
   * The session id as one path segment. Always checked, whatever `validateRequests` says, because
   * these would address another endpoint or crash `encodeURIComponent`: a non-string, `''`, `.`,
   * `..` and unpaired UTF-16 surrogates.
   */
  #encodedSessionId(validators: Validators | undefined, operation: OperationId, sessionId: unknown): string {
    const what = `${operation} session_id`;
    if (typeof sessionId !== 'string')
      invalid(what, 'session_id', `must be a string (got ${typeof sessionId})`, sessionId);
    const id = sessionId as string;
    if (id === '') invalid(what, 'session_id', 'must not be empty', id);
    if (id === '.' || id === '..')
      invalid(what, 'session_id', 'cannot be "." or ".." (they would change the URL path)', id);
    if (!id.isWellFormed()) invalid(what, 'session_id', 'contains an unpaired UTF-16 surrogate', id);
    if (validators) {
      const problems = validators.checkPathParameter(operation, 'session_id', id);
      if (problems.length > 0) throw new KonproValidationError(what, problems);
    }
    return encodeURIComponent(id);
  }

  /** The JSON body, checked against the spec unless `validateRequests` is off (no validators). */
  #serialisedBody(validators: Validators | undefined, operation: OperationId, body: unknown): string {
    const what = `${operation} request body`;
    if (validators) {
      const problems = validators.checkRequestBody(operation, body);
      if (problems.length > 0) throw new KonproValidationError(what, problems);
    }
    let text: string | undefined;
    try {
      text = JSON.stringify(body);
    } catch (error) {
      invalid(what, '(root)', `cannot be written as JSON: ${(error as Error).message}`, undefined);
    }
    return text ?? invalid(what, '(root)', 'cannot be written as JSON', body);
  }

  /** The response's data, or the `KonproError` it stands for. */
  async #unwrap<T>(site: CallSite, wire: WireResponse, mode: ValidationMode): Promise<T> {
    const { redact } = this.#config;
    const fail = (problem: ValidationProblem): never => {
      throw new KonproResponseValidationError(site, wire.status, [problem], requestIdOf(wire));
    };
    if ('problem' in wire.parsed)
      // Quoted after redaction (the transport's), so that no part of the key survives at the cut.
      fail({ path: '(root)', message: wire.parsed.problem, value: wire.bodyText.slice(0, 200) });
    const body = (wire.parsed as { json: unknown }).json;
    if (body === null || typeof body !== 'object' || Array.isArray(body))
      fail({ path: '(root)', message: 'must be a JSON object', value: describeJson(body) });
    if (mode === true) {
      const { checkResponseBody } = await loadSpecValidators();
      const problems = await checkResponseBody(site.operation as OperationId, wire.status, body);
      if (problems.length > 0)
        throw new KonproResponseValidationError(site, wire.status, problems.map(redact.value), requestIdOf(wire));
    }
    return (wire.keyFoundAt.length > 0 ? markKeyFound(body as object, wire.keyFoundAt) : body) as T;
  }
}

/** A JSON value that is not an object, for a message: short, whatever its size. */
function describeJson(value: unknown): unknown {
  if (Array.isArray(value)) return `an array of ${value.length}`;
  return typeof value === 'string' && value.length > 200 ? `${value.slice(0, 200)}…` : value;
}
