/**
 * `konpro-widget-sessions`: the typed client of the KonPro widget-sessions API
 * (`createKonproClient`), its errors and its types.
 * @module konpro-widget-sessions
 */

export type { Middleware } from 'openapi-fetch';
export { createKonproClient, DEFAULT_BASE_URL, type KonproClient } from './client.js';
export {
  type ApiErrorContext,
  AuthenticationError,
  BadRequestError,
  type CallSite,
  createApiError,
  InternalServerError,
  KonproAbortError,
  KonproApiError,
  KonproConfigError,
  KonproConnectionError,
  KonproError,
  KonproMiddlewareError,
  KonproResponseValidationError,
  KonproTimeoutError,
  KonproTotalTimeoutError,
  KonproValidationError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  RedirectError,
  type ValidationProblem,
} from './errors.js';
export { KonproPromise } from './konpro-promise.js';
export { ApiKeys } from './resources/api-keys.js';
export { WidgetSessions } from './resources/widget-sessions.js';
export * from './types.js';
export { VERSION } from './version.js';
