/**
 * Every error this package throws is a `KonproError`. An answer from the API that is not 2xx is a
 * `KonproApiError` (one subclass per documented status family, chosen by `createApiError`);
 * failures to get an answer are `KonproConnectionError` / `KonproTimeoutError`; input the spec
 * rejects is a `KonproValidationError`, thrown before any request is sent.
 */

/** Base class of every error thrown by this package. */
export class KonproError extends Error {
  override name = 'KonproError';
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

/** The documented error body: `{ error: { code, message, details? }, request_id }`. */
interface ErrorBody {
  error?: { code?: unknown; message?: unknown; details?: unknown };
  request_id?: unknown;
}

/** The API answered with a status that is not 2xx. */
export class KonproApiError extends KonproError {
  override name = 'KonproApiError';
  /** HTTP status of the response. */
  readonly status: number;
  /** KonPro's error code (`VALIDATION_ERROR`, …), or `undefined` when the body had none. */
  readonly code: string | undefined;
  /** Free-form `error.details` from the body, when present. */
  readonly details: unknown;
  /** KonPro's `request_id` (quote it to support), from the body or the `x-request-id` header. */
  readonly requestId: string | undefined;
  /** Response headers. */
  readonly headers: Headers;

  constructor(init: {
    status: number;
    message: string;
    code?: string | undefined;
    details?: unknown;
    requestId?: string | undefined;
    headers: Headers;
  }) {
    super(init.message);
    this.status = init.status;
    this.code = init.code;
    this.details = init.details;
    this.requestId = init.requestId;
    this.headers = init.headers;
  }
}

/** 400: a parameter or the body was invalid. */
export class BadRequestError extends KonproApiError {
  override name = 'BadRequestError';
}
/** 401: the API key is missing or invalid. */
export class AuthenticationError extends KonproApiError {
  override name = 'AuthenticationError';
}
/** 403: the key may not perform this operation. */
export class PermissionDeniedError extends KonproApiError {
  override name = 'PermissionDeniedError';
}
/** 404: the session does not exist (or belongs to another account). */
export class NotFoundError extends KonproApiError {
  override name = 'NotFoundError';
}
/** 429: the plan's rate limit is exceeded. */
export class RateLimitError extends KonproApiError {
  override name = 'RateLimitError';
  /** How long the server asked to wait (from `Retry-After`), in milliseconds, if it said. */
  readonly retryAfterMs: number | undefined;
  constructor(init: ConstructorParameters<typeof KonproApiError>[0] & { retryAfterMs?: number | undefined }) {
    super(init);
    this.retryAfterMs = init.retryAfterMs;
  }
}
/** 500 and above: KonPro (or a proxy in front of it) failed. */
export class InternalServerError extends KonproApiError {
  override name = 'InternalServerError';
}

/** No response was received: DNS failure, refused or reset connection, TLS error. */
export class KonproConnectionError extends KonproError {
  override name = 'KonproConnectionError';
}

/** An attempt took longer than `timeoutMs`. */
export class KonproTimeoutError extends KonproConnectionError {
  override name = 'KonproTimeoutError';
}

/** The caller's `AbortSignal` fired; nothing was retried. */
export class KonproAbortError extends KonproError {
  override name = 'KonproAbortError';
}

/** Local input that the spec rejects. No request was sent. */
export class KonproValidationError extends KonproError {
  override name = 'KonproValidationError';
  /** Every problem found, each with its field path. */
  readonly problems: ValidationProblem[];
  constructor(what: string, problems: ValidationProblem[]) {
    super(`Invalid ${what}: ${listProblems(problems)}`);
    this.problems = problems;
  }
}

/** A 2xx response whose body is not JSON or breaks the spec's schema (see `validateResponses`). */
export class KonproResponseValidationError extends KonproError {
  override name = 'KonproResponseValidationError';
  readonly status: number;
  readonly requestId: string | undefined;
  readonly problems: ValidationProblem[];
  constructor(what: string, status: number, problems: ValidationProblem[], requestId?: string | undefined) {
    super(`${what} answered ${status} with a body that breaks the contract: ${listProblems(problems)}`);
    this.status = status;
    this.requestId = requestId;
    this.problems = problems;
  }
}

const MAX_QUOTED_BODY = 200;

function describeBody(text: string, contentType: string | null): string {
  if (text.trim() === '') return 'an empty body';
  const squeezed = text.replace(/\s+/g, ' ').trim();
  const quoted = squeezed.length > MAX_QUOTED_BODY ? `${squeezed.slice(0, MAX_QUOTED_BODY)}…` : squeezed;
  return `a body that is not the documented JSON error (${contentType ?? 'no content-type'}): ${JSON.stringify(quoted)}`;
}

function parseErrorBody(text: string): ErrorBody | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as ErrorBody) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Builds the error for a non-2xx response: the class from the status, the fields from the
 * documented body when there is one, and a useful message when there is not (an HTML page from
 * a proxy, truncated JSON). Never throws.
 */
export function createApiError(
  response: { status: number; statusText?: string; headers: Headers },
  bodyText: string,
  retryAfterMs?: number,
): KonproApiError {
  const { status, headers } = response;
  const body = parseErrorBody(bodyText);
  const code = typeof body?.error?.code === 'string' ? body.error.code : undefined;
  const requestId = typeof body?.request_id === 'string' ? body.request_id : (headers.get('x-request-id') ?? undefined);
  const text = typeof body?.error?.message === 'string' ? body.error.message : undefined;
  const reason = response.statusText ? ` ${response.statusText}` : '';
  const summary =
    text ?? (body ? 'the error body has no error.message' : describeBody(bodyText, headers.get('content-type')));
  const message = `${status}${code ? ` ${code}` : reason}: ${summary}${requestId ? ` (request_id ${requestId})` : ''}`;
  const init = { status, message, code, details: body?.error?.details, requestId, headers };
  if (status === 400) return new BadRequestError(init);
  if (status === 401) return new AuthenticationError(init);
  if (status === 403) return new PermissionDeniedError(init);
  if (status === 404) return new NotFoundError(init);
  if (status === 429) return new RateLimitError({ ...init, retryAfterMs });
  if (status >= 500) return new InternalServerError(init);
  return new KonproApiError(init);
}
