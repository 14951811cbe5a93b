/**
 * The `fetch` that `konpro.raw` (openapi-fetch) calls: the same attempt loop as the typed methods
 * (timeouts, retries, bounded reads, redirects never followed), then a `Response` for
 * openapi-fetch to parse. A 3xx or an oversized 2xx body throws there, as for the typed methods.
 */
import { operations } from '../../generated/operations.js';
import type { ClientConfig } from './client-config.js';
import { findOperation } from './find-operation.js';
import { send } from './send.js';

const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/** Holds a reference until the call site is reached; see `createRawFetch`. */
function keepAlive(_value: unknown): void {}

export function createRawFetch(config: ClientConfig): (request: Request) => Promise<Response> {
  return async function rawFetch(request: Request): Promise<Response> {
    const { method, url } = request;
    const path = new URL(url).pathname;
    const site = {
      operation: findOperation(operations, method, path.slice(config.basePath.length)) ?? 'raw',
      method,
      path,
    };
    try {
      const body = request.body === null ? undefined : await request.text();
      // undici links the Request's signal to the caller's through a WeakRef: the Request must stay
      // reachable until the call ends (see `finally`), or a GC mid-flight would lose the abort.
      const settings = { ...config.defaults, signal: request.signal };
      const headers: Record<string, string> = {};
      request.headers.forEach((value, name) => {
        headers[name] = value;
      });
      const wire = await send({ method, url, headers, body }, settings, {
        site,
        redact: config.redact,
        log: config.log,
      });
      return new Response(NULL_BODY_STATUSES.has(wire.status) ? null : wire.bodyText, {
        status: wire.status,
        statusText: wire.statusText,
        headers: wire.headers,
      });
    } finally {
      keepAlive(request);
    }
  };
}
