import type { RequestContext } from '../internal/call/request-context.js';
import type { KonproPromise } from '../konpro-promise.js';
import type { ApiKeyValidation, RequestOptions } from '../types.js';

/** Checks on the API key itself. */
export class ApiKeys {
  readonly #context: RequestContext;

  constructor(context: RequestContext) {
    this.#context = context;
  }

  /**
   * Validates the client's API key and describes it: a cheap preflight that creates nothing.
   * A rejected key may come back as an `AuthenticationError` or as `{ valid: false }`: the docs
   * do not say which, so check both.
   *
   * @example
   * const { valid, scopes } = await konpro.apiKeys.validate();
   */
  validate(options?: RequestOptions): KonproPromise<ApiKeyValidation> {
    return this.#context.call('validateApiKey', {}, options);
  }
}
