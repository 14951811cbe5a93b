/**
 * What a `Request` (from openapi-fetch, or changed by a middleware) asks the transport to send.
 * Loaded with `raw` or middleware only: the typed path never builds a `Request`.
 */
import type { WireRequest } from '../gate/wire.js';

export async function wireFromRequest(request: Request): Promise<WireRequest> {
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  return {
    method: request.method,
    url: request.url,
    headers,
    body: request.body === null ? undefined : await request.text(),
  };
}
