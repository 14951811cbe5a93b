export { createKonproClient, DEFAULT_BASE_URL, type ClientOptions, type KonproClient } from './client.js';
export {
  KonproError,
  KonproApiError,
  BadRequestError,
  AuthenticationError,
  PermissionDeniedError,
  NotFoundError,
  RateLimitError,
  InternalServerError,
  KonproConnectionError,
  KonproTimeoutError,
  KonproAbortError,
  KonproValidationError,
  KonproResponseValidationError,
  createApiError,
  type ValidationProblem,
} from './errors.js';
export type { RequestOptions } from './internal/request-context.js';
export type { FetchLike } from './internal/konpro-fetch.js';
export { WidgetSessions } from './resources/widget-sessions.js';
export { ApiKeys } from './resources/api-keys.js';
export * from './types.js';
export { VERSION } from './version.js';
