/**
 * What every method returns (issue #15): a promise of the data, as before, that also offers the
 * HTTP response and KonPro's request id for the calls that need them, in the shape users of
 * Stainless-style SDKs (openai-node) know.
 */
import { requestIdOf, responseFromWire, type WireResponse } from './internal/gate/wire.js';

/** The answer of a call that succeeded, before its body is parsed. */
export interface Answered {
  wire: WireResponse;
}

/** `await`ed directly, the data; `.withResponse()` and `.asResponse()` for more. */
export class KonproPromise<T> extends Promise<T> {
  readonly #answered: Promise<Answered>;
  readonly #parse: (answered: Answered) => Promise<T>;
  #data: Promise<T> | undefined;

  constructor(answered: Promise<Answered>, parse: (answered: Answered) => Promise<T>) {
    super((resolve) => resolve(undefined as T));
    this.#answered = answered;
    this.#parse = parse;
  }

  // then/catch/finally return plain promises.
  static override get [Symbol.species]() {
    return Promise;
  }

  #parsed(): Promise<T> {
    this.#data ??= this.#answered.then(this.#parse);
    return this.#data;
  }

  // `reason: any`, as in lib.es5.d.ts: callers' `catch((e: Error) => …)` must still type-check.
  // biome-ignore lint/suspicious/noThenProperty: a Promise subclass overrides then by design
  override then<A = T, B = never>(
    onfulfilled?: ((value: T) => A | PromiseLike<A>) | null,
    // biome-ignore lint/suspicious/noExplicitAny: the standard Promise signature
    onrejected?: ((reason: any) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.#parsed().then(onfulfilled, onrejected);
  }

  // biome-ignore lint/suspicious/noExplicitAny: the standard Promise signature
  override catch<B = never>(onrejected?: ((reason: any) => B | PromiseLike<B>) | null): Promise<T | B> {
    return this.#parsed().catch(onrejected);
  }

  override finally(onfinally?: (() => void) | null): Promise<T> {
    return this.#parsed().finally(onfinally);
  }

  /**
   * The data, the HTTP response (its body already read) and KonPro's request id.
   *
   * @example
   * const { data, response, requestId } = await konpro.widgetSessions.get(id).withResponse();
   */
  async withResponse(): Promise<{ data: T; response: Response; requestId: string | undefined }> {
    const { wire } = await this.#answered;
    return {
      data: await this.#parsed(),
      response: responseFromWire(wire),
      requestId: requestIdOf(wire),
    };
  }

  /**
   * The HTTP response of a call that succeeded, its body not parsed (errors still throw).
   *
   * @example
   * const response = await konpro.apiKeys.validate().asResponse();
   */
  async asResponse(): Promise<Response> {
    return responseFromWire((await this.#answered).wire);
  }
}
