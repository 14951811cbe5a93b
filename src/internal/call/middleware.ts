/**
 * Middleware, on openapi-fetch's contract (a middleware written for openapi-fetch works here
 * unchanged): one list per client, run once per call, typed methods and `raw` alike, around the
 * attempt loop. `onRequest` hooks run in order and may replace the request or answer it (then
 * nothing is sent and no other hook runs); the call is sent with its retries; `onError` hooks (a
 * failure without an answer) and `onResponse` hooks run in reverse order and may replace the
 * outcome. Loaded only when a client has middleware.
 */
import type { MergedOptions, Middleware, MiddlewareCallbackParams } from 'openapi-fetch';
import { operations } from '../../../generated/operations.js';
import { KonproError, KonproMiddlewareError } from '../../errors.js';
import type { ClientConfig } from '../config/client-config.js';
import type { Redactor } from '../gate/redact.js';
import { responseFromWire, type WireRequest, type WireResponse, wireFromResponse } from '../gate/wire.js';
import { matchOperation } from '../validation/find-operation.js';
import { type SendContext, type SendSettings, send } from './send.js';
import { wireFromRequest } from './wire-from-request.js';

type Hook = KonproMiddlewareError['hook'];

/** What the hooks are told of the call besides the request. */
export interface MiddlewareCall {
  schemaPath: string;
  params: MiddlewareCallbackParams['params'];
  options: MergedOptions;
}

/** The hooks' `options`, as openapi-fetch's `createClient` options would read: one per client. */
const optionsOf = new WeakMap<ClientConfig, MergedOptions>();

function middlewareOptions(config: ClientConfig): MergedOptions {
  let options = optionsOf.get(config);
  if (!options) {
    options = Object.freeze({
      baseUrl: config.baseUrl,
      parseAs: 'json',
      fetch: (config.fetch ?? globalThis.fetch) as typeof globalThis.fetch,
      querySerializer: (q: Record<string, unknown>) => new URLSearchParams(q as Record<string, string>).toString(),
      bodySerializer: (body: unknown) => JSON.stringify(body),
      pathSerializer: (template: string, values: Record<string, unknown>) =>
        template.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(String(values[name]))),
    });
    optionsOf.set(config, options);
  }
  return options;
}

/** The spec's path template of a URL (after `basePath`), and its path and query parameters. */
export function describeForMiddleware(config: ClientConfig, url: URL, method: string): MiddlewareCall {
  const pathname = url.pathname.slice(config.basePath.length);
  const match = matchOperation(method, pathname);
  const path = Object.fromEntries(
    Object.entries(match?.pathParams ?? {}).map(([name, raw]) => [name, safeDecode(raw)]),
  );
  const query = Object.fromEntries(url.searchParams);
  return {
    schemaPath: match ? operations[match.operationId].path : pathname,
    params: {
      ...(Object.keys(path).length ? { path } : {}),
      ...(Object.keys(query).length ? { query } : {}),
    },
    options: middlewareOptions(config),
  };
}

/** A path segment decoded, or as it is when it is not valid percent-encoding. */
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

const kind = (value: unknown) =>
  value === null ? 'null' : typeof value === 'object' ? (value.constructor?.name ?? 'object') : typeof value;

/**
 * Runs `list` around `send`. Everything thrown is a `KonproError`: a hook's own error becomes a
 * `KonproMiddlewareError` naming the hook, with the original as its cause.
 */
export async function runMiddleware(
  list: readonly Middleware[],
  first: Request,
  call: MiddlewareCall,
  send: (request: Request) => Promise<Response>,
  redact: Redactor,
): Promise<Response> {
  const stack = [...list]; // a `use()` during the call does not change it
  const reversed = [...stack].reverse();
  const id = Math.random().toString(36).slice(2, 11);
  let request = first;
  const context = () => ({ request, schemaPath: call.schemaPath, params: call.params, options: call.options, id });
  const invoke = async <T>(hook: Hook, run: () => T | Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      if (error instanceof KonproError) throw error;
      throw wrapped(hook, `threw ${describeThrown(error)}`, redact, error);
    }
  };

  for (const m of stack) {
    if (!m.onRequest) continue;
    const result = await invoke('onRequest', () => m.onRequest!(context()));
    if (result === undefined) continue;
    if (result instanceof Request) request = result;
    else if (result instanceof Response) return result;
    else throw wrapped('onRequest', `must return a Request, a Response or nothing (got ${kind(result)})`, redact);
  }

  let response: Response | undefined;
  try {
    response = await send(request);
  } catch (error) {
    let failure: unknown = error;
    for (const m of reversed) {
      if (!m.onError) continue;
      const result = await invoke('onError', () => m.onError!({ ...context(), error: failure }));
      if (result === undefined) continue;
      if (result instanceof Response) {
        response = result;
        break;
      }
      if (!(result instanceof Error))
        throw wrapped('onError', `must return a Response, an Error or nothing (got ${kind(result)})`, redact);
      failure = result;
    }
    if (response === undefined) {
      if (failure instanceof KonproError) throw failure;
      throw wrapped('onError', `returned ${describeThrown(failure)}`, redact, failure);
    }
  }

  for (const m of reversed) {
    if (!m.onResponse) continue;
    const current: Response = response;
    const result = await invoke('onResponse', () => m.onResponse!({ ...context(), response: current }));
    if (result === undefined) continue;
    if (!(result instanceof Response))
      throw wrapped('onResponse', `must return a Response or nothing (got ${kind(result)})`, redact);
    response = result;
  }
  if (response.bodyUsed)
    throw wrapped('onResponse', 'read the body of the response it let through: read response.clone() instead', redact);
  return response;
}

/** What a hook threw, in one line. */
function describeThrown(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The texts a thrown value carries, for the key's search: an error's message, stack and own
 * fields, its cause, a request's URL and headers, a buffer as text; bounded in depth.
 */
function textsOf(value: unknown, depth = 0, seen = new Set<unknown>()): string[] {
  if (typeof value === 'string' || typeof value === 'number') return [String(value)];
  if (value === null || typeof value !== 'object' || depth > 8 || seen.has(value)) return [];
  seen.add(value);
  if (ArrayBuffer.isView(value))
    return [new TextDecoder().decode(new Uint8Array(value.buffer, value.byteOffset, value.byteLength))];
  const texts: string[] = [];
  if (value instanceof Headers)
    value.forEach((v, name) => {
      texts.push(`${name}: ${v}`);
    });
  if (value instanceof Request || value instanceof Response)
    texts.push(value.url, ...textsOf(value.headers, depth + 1, seen));
  if (value instanceof Error) texts.push(value.message, String(value.stack), ...textsOf(value.cause, depth + 1, seen));
  for (const [name, child] of Object.entries(value)) texts.push(name, ...textsOf(child, depth + 1, seen));
  return texts;
}

/** The hook's own error is the cause, unless the key is anywhere in it (then its name alone). */
function wrapped(hook: Hook, problem: string, redact: Redactor, error?: unknown): KonproMiddlewareError {
  const clean = error === undefined || redact.find(textsOf(error)).length === 0;
  const cause = clean ? error : { name: redact.text(String((error as Error)?.name ?? typeof error)) };
  return new KonproMiddlewareError(
    hook,
    redact.text(`middleware ${hook} ${problem}`),
    cause === undefined ? undefined : { cause },
  );
}

/** A typed call through the client's middleware: a `Request` for the hooks, the loop inside. */
export async function sendThroughMiddleware(
  config: ClientConfig,
  request: WireRequest,
  settings: Readonly<SendSettings>,
  context: SendContext,
): Promise<WireResponse> {
  const { middleware, redact } = config;
  const { method, url, headers, body } = request;
  // The call's signal, so that hooks see it as openapi-fetch's would show it.
  const signal = settings.signal ? { signal: settings.signal } : {};
  const first = new Request(url, { method, headers, body: body ?? null, ...signal });
  const call = describeForMiddleware(config, new URL(url), method);
  const sendRequest = async (final: Request) => {
    const wire = await wireFromRequest(final);
    context.site.path = new URL(wire.url).pathname;
    return responseFromWire(await send(wire, settings, context));
  };
  const response = await runMiddleware(middleware, first, call, sendRequest, redact);
  // What the hooks answered passes the same gate as what the server sent.
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException('timed out', 'TimeoutError')), settings.timeoutMs);
  try {
    return await wireFromResponse(response, settings.maxResponseBytes, controller.signal, redact);
  } catch (error) {
    throw wrapped('onResponse', `returned a response whose body could not be read: ${describeThrown(error)}`, redact);
  } finally {
    clearTimeout(timer);
  }
}
