/**
 * What a `Request` (from openapi-fetch, or changed by a middleware) asks the attempt loop to
 * send. Loaded with `raw` or middleware only: the typed path never builds a `Request`.
 */
import { KonproConfigError } from '../errors.js';
import type { WireRequest } from './attempt.js';
import type { Redactor } from './redact.js';

/**
 * What a `Request` asks to send. It must go to `baseUrl`'s origin: the key travels with it, and a
 * middleware or a per-call `baseUrl` of `raw` could point it elsewhere (refused, nothing sent).
 */
export async function wireFromRequest(request: Request, baseUrl: string, redact: Redactor): Promise<WireRequest> {
  const { method, url } = request;
  const allowed = new URL(baseUrl).origin;
  const origin = new URL(url).origin;
  if (origin !== allowed)
    throw new KonproConfigError(
      'baseUrl',
      redact(
        `is ${allowed}, but a request was about to go to ${origin} (changed by a middleware or a per-call baseUrl): refused, because the API key is sent to baseUrl's origin only`,
      ),
    );
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  return { method, url, headers, body: request.body === null ? undefined : await request.text() };
}
