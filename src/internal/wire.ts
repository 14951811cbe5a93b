/**
 * Between the standard `Response` and what the attempt loop reads (plain fields, the body as
 * text). `raw`, middleware and `withResponse()` speak `Response`; the typed path does not.
 */
import type { WireResponse } from './attempt.js';
import { readBody } from './read-body.js';

const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/** A `Response` holding a read answer (the body is text again). */
export function responseFromWire(wire: WireResponse): Response {
  const body = NULL_BODY_STATUSES.has(wire.status) ? null : wire.bodyText;
  return new Response(body, { status: wire.status, statusText: wire.statusText, headers: wire.headers });
}

/** Reads a `Response` up to `maxBytes`. */
export async function wireFromResponse(response: Response, maxBytes: number): Promise<WireResponse> {
  const { text, overCap } = await readBody(response, maxBytes);
  return {
    // A browser answers a manual redirect with an opaque status 0; it is a redirect all the same.
    status: response.type === 'opaqueredirect' ? 302 : response.status,
    statusText: response.statusText,
    headers: response.headers,
    bodyText: text,
    overCap,
    followedTo: response.redirected ? response.url : undefined,
  };
}
