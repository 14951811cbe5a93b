/**
 * What travels between the transport and the rest of the package: a request to send, and an
 * answer already read, parsed once and cleaned of the key (the gate for what comes back, issue
 * #20). `raw`, middleware and `withResponse()` speak `Response`; the typed path does not.
 */
import { type ParsedBody, parseJsonBody } from './json-body.js';
import { readBody } from './read-body.js';
import { type Redactor, redactHeaders } from './redact.js';

/** What is sent: the URL, method, headers (never the key: the transport adds it) and body text. */
export interface WireRequest {
  method: string;
  url: string;
  headers: Readonly<Record<string, string>>;
  body?: string | undefined;
}

/** What came back, fully read (or up to the cap), without the key in any field. */
export interface WireResponse {
  status: number;
  statusText: string;
  headers: Headers;
  /** The body as text, the key removed. */
  bodyText: string;
  /** The body parsed as JSON (the key removed from every string), or why it could not be. */
  parsed: ParsedBody;
  /** The body was longer than `maxResponseBytes`; `bodyText` holds its start. */
  overCap: boolean;
  /** Where the server put the key (JSON paths, `statusText`, `headers`, `(body)`); usually empty. */
  keyFoundAt: string[];
  /** An injected fetch followed a redirect despite `redirect: 'manual'`: where it ended. */
  followedTo?: string | undefined;
}

const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/** A `Response` holding a read answer (the body is text again). */
export function responseFromWire(wire: WireResponse): Response {
  const body = NULL_BODY_STATUSES.has(wire.status) ? null : wire.bodyText;
  return new Response(body, { status: wire.status, statusText: wire.statusText, headers: wire.headers });
}

/**
 * Reads a `Response` up to `maxBytes`, parses its body once, and removes the key from every part
 * of it: status text, headers, and the body value by value (text that is not JSON, in every form).
 * `platformFetch`: the response comes from the platform's own fetch (see `readBody`).
 */
export async function wireFromResponse(
  response: Response,
  maxBytes: number,
  signal: AbortSignal,
  redact: Redactor,
  platformFetch = false,
): Promise<WireResponse> {
  const { text, overCap } = await readBody(response, maxBytes, signal, platformFetch);
  const keyFoundAt: string[] = [];
  let parsed = parseJsonBody(text);
  let bodyText = text;
  if ('json' in parsed) {
    const paths = redact.find(parsed.json);
    if (paths.length > 0) {
      keyFoundAt.push(...paths);
      parsed = { json: redact.value(parsed.json) };
      bodyText = JSON.stringify(parsed.json);
    }
  } else if (redact.find(text).length > 0) {
    keyFoundAt.push('(body)');
    bodyText = redact.text(text);
  }
  let headers = response.headers;
  // One search over every header line at once; the detailed copy only when it finds the key.
  let headerText = '';
  headers.forEach((value, name) => {
    headerText += `${name}: ${value}\n`;
  });
  if (redact.find(headerText).length > 0) {
    keyFoundAt.push('headers');
    headers = redactHeaders(headers, redact);
  }
  const statusText =
    response.statusText && redact.find(response.statusText).length > 0
      ? redact.text(response.statusText)
      : response.statusText;
  if (statusText !== response.statusText) keyFoundAt.push('statusText');
  return {
    // A browser answers a manual redirect with an opaque status 0; it is a redirect all the same.
    status: response.type === 'opaqueredirect' ? 302 : response.status,
    statusText,
    headers,
    bodyText,
    parsed,
    overCap,
    keyFoundAt,
    followedTo: response.redirected ? redact.text(response.url) : undefined,
  };
}

/** KonPro's request id of an answer: the body's documented `request_id`, else the `x-request-id` header. */
export function requestIdOf(answer: { headers: Headers; parsed: ParsedBody }): string | undefined {
  const fromBody =
    'json' in answer.parsed ? (answer.parsed.json as { request_id?: unknown } | null)?.request_id : undefined;
  return typeof fromBody === 'string' ? fromBody : (answer.headers.get('x-request-id') ?? undefined);
}
