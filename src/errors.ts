/**
 * Every error this package throws is a `KonproError`. An answer from the API that is not 2xx is a
 * `KonproApiError` (one subclass per documented status family, chosen by `createApiError`);
 * failures to get an answer are `KonproConnectionError` / `KonproTimeoutError`; input the spec
 * rejects is a `KonproValidationError` and a wrong option a `KonproConfigError`, both thrown
 * before any request is sent. No message, field or header of any of them holds the API key.
 */

import { parseRetryAfter } from './internal/call/retry-policy.js';
import { CONTROL_CHARACTER_RUNS } from './internal/gate/control-characters.js';
import { type ParsedBody, parseJsonBody } from './internal/gate/json-body.js';
import { NOTHING_TO_REDACT, type Redactor, redactHeaders } from './internal/gate/redact.js';
import { requestIdOf } from './internal/gate/wire.js';

/** The classes an error of this package belongs to, by name, on the error itself. */
const KINDS = Symbol.for('konpro-widget-sessions.error-kinds');
/** A class's own name for `KINDS` (a static field of each class below). */
const KIND = Symbol.for('konpro-widget-sessions.error-kind');

/**
 * Base class of every error thrown by this package.
 *
 * `instanceof` works across copies of the package (its ESM and CommonJS builds loaded side by
 * side, or two installed versions): each error carries the names of its classes under a
 * `Symbol.for` key, which `instanceof` reads (after openai-node#1512; datocms does the same).
 */
export class KonproError extends Error {
  static readonly [KIND]: string = 'KonproError';
  override name = 'KonproError';

  constructor(message?: string, options?: { cause?: unknown }) {
    super(message, options);
    const kinds: string[] = [];
    for (let c = new.target as unknown; typeof c === 'function' && c !== Error; c = Object.getPrototypeOf(c))
      if (Object.hasOwn(c, KIND)) kinds.push((c as unknown as { [KIND]: string })[KIND]);
    Object.defineProperty(this, KINDS, { value: kinds });
  }
}

// `instanceof` by brand too: `this` is the class on its right (a subclass too). A plain function,
// so that `this` is that class and not KonproError.
Object.defineProperty(KonproError, Symbol.hasInstance, {
  value: function hasInstance(this: new (...args: never[]) => unknown, value: unknown): boolean {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    const kinds = (value as { [KINDS]?: unknown } | null)?.[KINDS];
    const own = Object.hasOwn(this, KIND) ? (this as unknown as { [KIND]: string })[KIND] : undefined;
    return own !== undefined && Array.isArray(kinds) && kinds.includes(own);
  },
});

/**
 * A configuration mistake: an option of `createKonproClient` or of one call is missing, of the
 * wrong type or out of range (the message names it), or the client runs in a browser. Nothing
 * was sent. The CLI exits 2 on it.
 */
export class KonproConfigError extends KonproError {
  static override readonly [KIND]: string = 'KonproConfigError';
  override name = 'KonproConfigError';
  /** The option at fault, such as `baseUrl` or `headers["X-API-Key"]`. */
  readonly option: string;
  constructor(option: string, problem: string) {
    super(`${option} ${problem}`);
    this.option = option;
  }
}

/** One problem found by schema validation: where (a dotted field path) and what. */
export interface ValidationProblem {
  /** Field path such as `settings.max_duration`, or `(root)` for the whole value. */
  path: string;
  message: string;
  /** The offending value, when there is one. */
  value?: unknown;
}

/** `settings.max_duration must be >= 1; agentic_avatar_id is required` */
function listProblems(problems: ValidationProblem[]): string {
  return problems.map((p) => `${p.path} ${p.message}`).join('; ');
}

/** Which call an error came from: the operation, its method and URL path (no query, no key). */
export interface CallSite {
  operation: string;
  method: string;
  path: string;
}

/** A call site whose parts may be unknown (an error built outside a client call). */
type PartialCallSite = { [K in keyof CallSite]?: CallSite[K] | undefined };

const describeCall = (site: PartialCallSite) =>
  site.operation ? `${site.operation} ${site.method} ${site.path}` : undefined;

/** The documented error body: `{ error: { code, message, details? }, request_id }`. */
interface ErrorBody {
  error?: { code?: unknown; message?: unknown; details?: unknown };
  request_id?: unknown;
}

interface ApiErrorInit extends PartialCallSite {
  status: number;
  message: string;
  code?: string | undefined;
  details?: unknown;
  requestId?: string | undefined;
  headers: Headers;
}

/** The API answered with a status that is not 2xx (see the subclasses for each family). */
export class KonproApiError extends KonproError {
  static override readonly [KIND]: string = 'KonproApiError';
  override name = 'KonproApiError';
  /** HTTP status of the response. */
  readonly status: number;
  /** KonPro's error code (`VALIDATION_ERROR`, …), or `undefined` when the body had none. */
  readonly code: string | undefined;
  /** Free-form `error.details` from the body, when present. */
  readonly details: unknown;
  /** KonPro's `request_id` (quote it to support), from the body or the `x-request-id` header. */
  readonly requestId: string | undefined;
  /** Response headers (without the key, should the server have echoed it). */
  readonly headers: Headers;
  /** The operation that was called, such as `getWidgetSession`. */
  readonly operation: string | undefined;
  /** Its HTTP method. */
  readonly method: string | undefined;
  /** The URL path that was requested (no origin, no query). */
  readonly path: string | undefined;

  constructor(init: ApiErrorInit) {
    super(init.message);
    this.status = init.status;
    this.code = init.code;
    this.details = init.details;
    this.requestId = init.requestId;
    this.headers = init.headers;
    this.operation = init.operation;
    this.method = init.method;
    this.path = init.path;
  }
}

/** 400: a parameter or the body was invalid. */
export class BadRequestError extends KonproApiError {
  static override readonly [KIND]: string = 'BadRequestError';
  override name = 'BadRequestError';
}
/** 401: the API key is missing or invalid. */
export class AuthenticationError extends KonproApiError {
  static override readonly [KIND]: string = 'AuthenticationError';
  override name = 'AuthenticationError';
}
/** 403: the key may not perform this operation. */
export class PermissionDeniedError extends KonproApiError {
  static override readonly [KIND]: string = 'PermissionDeniedError';
  override name = 'PermissionDeniedError';
}
/**
 * 404: the session does not exist or belongs to another account — or, when `code` is not
 * `RESOURCE_NOT_FOUND`, the path itself is unknown (a wrong `baseUrl`): check `code` before
 * treating it as "already gone".
 */
export class NotFoundError extends KonproApiError {
  static override readonly [KIND]: string = 'NotFoundError';
  override name = 'NotFoundError';
}
/** 429: the plan's rate limit is exceeded. */
export class RateLimitError extends KonproApiError {
  static override readonly [KIND]: string = 'RateLimitError';
  override name = 'RateLimitError';
  /** How long the server asked to wait (from `Retry-After`), in milliseconds, if it said. */
  readonly retryAfterMs: number | undefined;
  constructor(init: ApiErrorInit & { retryAfterMs?: number | undefined }) {
    super(init);
    this.retryAfterMs = init.retryAfterMs;
  }
}
/** 500 and above: KonPro (or a proxy in front of it) failed. */
export class InternalServerError extends KonproApiError {
  static override readonly [KIND]: string = 'InternalServerError';
  override name = 'InternalServerError';
}
/**
 * 3xx: the server (or a proxy) answered with a redirect. KonPro documents none, and following one
 * could hand the API key to another origin (fetch forwards `x-api-key` across origins), so the
 * client never follows it, not even to the same origin. Usually a wrong `baseUrl`.
 */
export class RedirectError extends KonproApiError {
  static override readonly [KIND]: string = 'RedirectError';
  override name = 'RedirectError';
  /** Where the server pointed (`Location`, without user info or query), when it said. */
  readonly location: string | undefined;
  constructor(init: ApiErrorInit & { location?: string | undefined }) {
    super(init);
    this.location = init.location;
  }
}

/** No response was received: DNS failure, refused or reset connection, TLS error. */
export class KonproConnectionError extends KonproError {
  static override readonly [KIND]: string = 'KonproConnectionError';
  override name = 'KonproConnectionError';
}

/** An attempt took longer than `timeoutMs`. */
export class KonproTimeoutError extends KonproConnectionError {
  static override readonly [KIND]: string = 'KonproTimeoutError';
  override name = 'KonproTimeoutError';
}

/**
 * The call ran out of its total time (`totalTimeoutMs`), attempts, backoff and waits included.
 * A `KonproTimeoutError`, so code that handles timeouts handles this one too.
 */
export class KonproTotalTimeoutError extends KonproTimeoutError {
  static override readonly [KIND]: string = 'KonproTotalTimeoutError';
  override name = 'KonproTotalTimeoutError';
}

/** The caller's `AbortSignal` fired; nothing was retried. */
export class KonproAbortError extends KonproError {
  static override readonly [KIND]: string = 'KonproAbortError';
  override name = 'KonproAbortError';
}

/**
 * A middleware hook (`onRequest`, `onResponse` or `onError`) threw, or returned something the
 * middleware contract does not allow. What it threw is the `cause` (unless it quotes the key).
 */
export class KonproMiddlewareError extends KonproError {
  static override readonly [KIND]: string = 'KonproMiddlewareError';
  override name = 'KonproMiddlewareError';
  /** The hook at fault. */
  readonly hook: 'onRequest' | 'onResponse' | 'onError';
  constructor(hook: KonproMiddlewareError['hook'], message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.hook = hook;
  }
}

/** Local input that the spec rejects (a body, a session id). No request was sent. */
export class KonproValidationError extends KonproError {
  static override readonly [KIND]: string = 'KonproValidationError';
  override name = 'KonproValidationError';
  /** Every problem found, each with its field path. */
  readonly problems: ValidationProblem[];
  constructor(what: string, problems: ValidationProblem[]) {
    super(`Invalid ${what}: ${listProblems(problems)}`);
    this.problems = problems;
  }
}

/**
 * A 2xx response whose body is not a JSON object, is larger than `maxResponseBytes`, is nested
 * deeper than 64 levels, or (with `validateResponses`) breaks the spec's schema. `problems` names
 * each JSON path.
 */
export class KonproResponseValidationError extends KonproError {
  static override readonly [KIND]: string = 'KonproResponseValidationError';
  override name = 'KonproResponseValidationError';
  readonly status: number;
  readonly requestId: string | undefined;
  readonly problems: ValidationProblem[];
  readonly operation: string;
  readonly method: string | undefined;
  readonly path: string | undefined;
  constructor(
    site: PartialCallSite & { operation: string },
    status: number,
    problems: ValidationProblem[],
    requestId?: string | undefined,
  ) {
    const where = describeCall(site) ?? site.operation;
    super(`${where} answered ${status} with a body that breaks the contract: ${listProblems(problems)}`);
    this.status = status;
    this.requestId = requestId;
    this.problems = problems;
    this.operation = site.operation;
    this.method = site.method;
    this.path = site.path;
  }
}

const MAX_QUOTED_BODY = 200;
const MAX_FIELD = 200;

/** A server-sent string made safe to print: no key, no control characters, bounded length. */
function clean(text: string, redact: Redactor, max = MAX_FIELD): string {
  const safe = redact.text(text).replace(CONTROL_CHARACTER_RUNS, ' ');
  return safe.length > max ? `${safe.slice(0, max)}…` : safe;
}

function describeBody(text: string, parsed: ParsedBody, contentType: string | null, redact: Redactor): string {
  if (text.trim() === '') return 'an empty body';
  const what = `a body that is not the documented JSON error (${contentType ?? 'no content-type'})`;
  // Quoted after redaction, so that no part of the key survives at the cut.
  const squeezed = clean(text.replace(/\s+/g, ' ').trim(), redact, MAX_QUOTED_BODY);
  return 'problem' in parsed && parsed.problem !== 'is not valid JSON'
    ? `${what}, which ${parsed.problem}`
    : `${what}: ${JSON.stringify(squeezed)}`;
}

/** The documented error object of a parsed body, if it is one. */
function errorBodyOf(parsed: ParsedBody): ErrorBody | undefined {
  const json = 'json' in parsed ? parsed.json : undefined;
  return json && typeof json === 'object' && !Array.isArray(json) ? (json as ErrorBody) : undefined;
}

/** `Location` without user info, query or fragment, which may carry secrets. Internal. */
export function safeLocation(location: string | null, redact: Redactor): string | undefined {
  if (!location) return undefined;
  let shown: string;
  try {
    const url = new URL(location);
    shown = `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    shown = location.split(/[?#]/)[0] ?? '';
  }
  return clean(shown, redact);
}

/** Error classes by status; statuses not listed fall back to their family, then to `KonproApiError`. */
const ERROR_CLASSES: Record<number, typeof KonproApiError> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  429: RateLimitError,
};

function errorClassFor(status: number): typeof KonproApiError {
  if (ERROR_CLASSES[status]) return ERROR_CLASSES[status];
  if (status >= 500) return InternalServerError;
  if (status >= 300 && status < 400) return RedirectError;
  return KonproApiError;
}

/** Where a response came from and how to clean what the server sent (all optional). */
export interface ApiErrorContext extends PartialCallSite {
  /** Removes the API key from everything the server sent. @default no redaction */
  redact?: Redactor;
}

/**
 * Builds the error for a non-2xx response: the class from the status, the fields from the
 * documented body when there is one, and the start of the body when there is not (an HTML page
 * from a proxy, JSON of another shape). Everything the server sent (status text, headers, body)
 * is redacted first. Never throws.
 *
 * @example
 * const error = createApiError(response, await response.text(), { operation: 'getWidgetSession' });
 */
export function createApiError(
  response: { status: number; statusText?: string; headers: Headers; parsed?: ParsedBody },
  bodyText: string,
  context: ApiErrorContext = {},
): KonproApiError {
  const { status } = response;
  const redact = context.redact ?? NOTHING_TO_REDACT;
  const headers = redactHeaders(response.headers, redact);
  // Parsed once (by the transport, when it read the answer), then cleaned value by value.
  const parsed = response.parsed ?? parseJsonBody(bodyText);
  const body = redact.value(errorBodyOf(parsed));
  const code = typeof body?.error?.code === 'string' ? clean(body.error.code, redact) : undefined;
  const rawRequestId = requestIdOf({ headers, parsed: { json: body } });
  const requestId = rawRequestId ? clean(rawRequestId, redact) : undefined;
  const location = status >= 300 && status < 400 ? safeLocation(headers.get('location'), redact) : undefined;
  const summary =
    status >= 300 && status < 400
      ? `redirect to ${location ?? 'an unnamed location'} not followed (the key goes to baseUrl's origin only; check baseUrl)`
      : typeof body?.error?.message === 'string'
        ? clean(body.error.message, redact, 500)
        : describeBody(bodyText, parsed, headers.get('content-type'), redact);
  const label = code ?? (response.statusText ? clean(response.statusText, redact, 60) : '');
  const where = [describeCall(context), requestId && `request_id ${requestId}`].filter(Boolean).join(', ');
  const message = `${status}${label ? ` ${label}` : ''}: ${summary}${where ? ` (${where})` : ''}`;
  const init: ApiErrorInit = {
    status,
    message,
    code,
    details: body?.error?.details,
    requestId,
    headers,
    operation: context.operation,
    method: context.method,
    path: context.path,
  };
  const ErrorClass = errorClassFor(status);
  if (ErrorClass === RateLimitError)
    return new RateLimitError({ ...init, retryAfterMs: parseRetryAfter(headers.get('retry-after')) });
  if (ErrorClass === RedirectError) return new RedirectError({ ...init, location });
  return new ErrorClass(init);
}
