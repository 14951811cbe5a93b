/**
 * One attempt: send with `fetch(url, init)`, never following a redirect, under a timeout that
 * covers the headers and the whole body, linked to the caller's signal through a single shared
 * listener, and read up to `maxResponseBytes`. It never throws: the loop (`send.ts`) decides
 * what a failure means.
 */
import { onAbort } from './on-abort.js';
import { wireFromResponse } from './wire.js';

/**
 * A `fetch` as the client calls it: `fetch(url, init)`, the standard signature, so the global
 * fetch, undici's, and fetch-level test doubles (msw, `createFakeKonpro().fetch`) all fit.
 */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** What is sent: the URL, method, headers (merged once per client) and body text. */
export interface WireRequest {
  method: string;
  url: string;
  headers: Readonly<Record<string, string>>;
  body?: string | undefined;
}

/** What came back, fully read (or up to the cap). */
export interface WireResponse {
  status: number;
  statusText: string;
  headers: Headers;
  bodyText: string;
  /** The body was longer than `maxResponseBytes`; `bodyText` holds its start. */
  overCap: boolean;
  /** An injected fetch followed a redirect despite `redirect: 'manual'`: where it ended. */
  followedTo?: string | undefined;
}

export interface AttemptSettings {
  timeoutMs: number;
  maxResponseBytes: number;
  signal?: AbortSignal | undefined;
  /** The injected fetch; the global one (looked up at call time) when undefined. */
  fetch?: FetchLike | undefined;
  /** Extra `RequestInit` fields for every request, such as undici's `dispatcher`. */
  fetchOptions?: Readonly<Record<string, unknown>> | undefined;
}

export type AttemptResult = { response: WireResponse } | { failure: unknown; timedOut: boolean };

function isResponse(value: unknown): value is Response {
  const r = value as Response | undefined;
  return typeof r?.status === 'number' && typeof r.headers?.get === 'function';
}

export async function runAttempt(request: WireRequest, settings: AttemptSettings): Promise<AttemptResult> {
  const { timeoutMs, signal } = settings;
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException(`timed out after ${timeoutMs} ms`, 'TimeoutError'));
  }, timeoutMs);
  const unsubscribe = signal ? onAbort(signal, () => controller.abort(signal.reason)) : undefined;
  try {
    const fetch = settings.fetch ?? globalThis.fetch;
    const response: unknown = await fetch(request.url, {
      ...settings.fetchOptions,
      method: request.method,
      headers: request.headers,
      body: request.body ?? null,
      // The key must reach baseUrl's origin only: a followed redirect would forward x-api-key.
      redirect: 'manual',
      signal: controller.signal,
    });
    if (!isResponse(response)) return { failure: new TypeError('fetch did not return a Response'), timedOut };
    return { response: await wireFromResponse(response, settings.maxResponseBytes) };
  } catch (failure) {
    return { failure, timedOut };
  } finally {
    clearTimeout(timer);
    unsubscribe?.();
  }
}
