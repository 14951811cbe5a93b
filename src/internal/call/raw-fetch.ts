/**
 * The `fetch` that `konpro.raw` (openapi-fetch) calls: the client's middleware, then the same
 * attempt loop and transport as the typed methods (timeouts, retries, bounded reads, redirects
 * never followed, the key added last and only for baseUrl's origin), then a `Response` for
 * openapi-fetch to parse. A 3xx or an oversized 2xx body throws there, as for the typed methods.
 */
import type { ClientConfig } from '../config/client-config.js';
import { responseFromWire } from '../gate/wire.js';
import { findOperation } from '../validation/find-operation.js';
import { describeForMiddleware, runMiddleware } from './middleware.js';
import { send } from './send.js';
import { wireFromRequest } from './wire-from-request.js';

/** Holds a reference until the call site is reached; see `sendRequest`. */
function keepAlive(_value: unknown): void {}

export function createRawFetch(config: ClientConfig): (request: Request) => Promise<Response> {
  async function sendRequest(request: Request): Promise<Response> {
    const wire = await wireFromRequest(request);
    const path = new URL(wire.url).pathname;
    const site = {
      operation: findOperation(wire.method, path.slice(config.basePath.length)) ?? 'raw',
      method: wire.method,
      path,
    };
    try {
      // undici links the Request's signal to the caller's through a WeakRef: the Request must stay
      // reachable until the call ends (see `finally`), or a GC mid-flight would lose the abort.
      const settings = { ...config.defaults, signal: request.signal };
      const answer = await send(wire, settings, { site, transport: config.transport, log: config.log });
      return responseFromWire(answer);
    } finally {
      keepAlive(request);
    }
  }

  return function rawFetch(request: Request): Promise<Response> {
    if (config.middleware.length === 0) return sendRequest(request);
    const call = describeForMiddleware(config, new URL(request.url), request.method);
    return runMiddleware(config.middleware, request, call, sendRequest, config.redact);
  };
}
