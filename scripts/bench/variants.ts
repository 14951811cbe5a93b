/**
 * The ways to make the same two calls that every measurement compares: the physical floor
 * (node:http), raw fetch, fetch with what any careful client adds (an abort signal, a timer, a
 * text read, JSON.parse), bare openapi-fetch, and this package's client (built, from dist/).
 */
import { Agent, request } from 'node:http';
import createClient from 'openapi-fetch';
import type { paths } from '../../generated/schema.js';

export const BODY = {
  agentic_avatar_id: '3deccfb2-cf96-459c-8b69-f601d6767ea5',
  settings: { max_duration: 3600, allowed_domains: ['example.com'] },
};

/** The client in report mode at `sampleRate: 1`. */
export const REPORT_MODE = 'konpro client, report mode';

export interface Variant {
  create(): Promise<unknown>;
  get(): Promise<unknown>;
  /** The same create, with a caller's signal (the client only). */
  createWith?(signal: AbortSignal): Promise<unknown>;
}

const ROOT = new URL('../../', import.meta.url);

export async function variants(url: string): Promise<Record<string, Variant>> {
  const { createKonproClient } = (await import(
    new URL('dist/index.js', ROOT).href
  )) as typeof import('../../src/index.js');
  const headers = { 'x-api-key': 'sk-bench', 'content-type': 'application/json' };
  const body = () => JSON.stringify(BODY);
  const createUrl = `${url}/v1/widget/sessions`;
  const getUrl = `${url}/v1/widget/sessions/session-789`;

  const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
  const viaHttp = (method: string, target: string, payload?: string) =>
    new Promise<unknown>((resolve, reject) => {
      const req = request(target, { method, headers, agent }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve(JSON.parse(text)));
      });
      req.on('error', reject);
      req.end(payload);
    });

  const careful = async (target: string, init: RequestInit) => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 30_000);
    try {
      const response = await fetch(target, { ...init, signal: controller.signal });
      return JSON.parse(await response.text());
    } finally {
      clearTimeout(timer);
    }
  };

  const bare = createClient<paths>({ baseUrl: url, headers: { 'x-api-key': 'sk-bench' } });
  const konpro = createKonproClient({ apiKey: 'sk-bench', baseUrl: url });
  // Report mode judging every answer (issue #23): what noticing drift in production costs.
  const reporting = createKonproClient({
    apiKey: 'sk-bench',
    baseUrl: url,
    validateResponses: 'report',
    sampleRate: 1,
  });

  return {
    'node:http (floor)': { create: () => viaHttp('POST', createUrl, body()), get: () => viaHttp('GET', getUrl) },
    'raw fetch': {
      create: async () => (await fetch(createUrl, { method: 'POST', headers, body: body() })).json(),
      get: async () => (await fetch(getUrl, { headers })).json(),
    },
    'fetch + signal + timer + text + parse': {
      create: () => careful(createUrl, { method: 'POST', headers, body: body() }),
      get: () => careful(getUrl, { headers }),
    },
    'bare openapi-fetch': {
      create: () => bare.POST('/v1/widget/sessions', { body: BODY }),
      get: () => bare.GET('/v1/widget/sessions/{session_id}', { params: { path: { session_id: 'session-789' } } }),
    },
    'konpro client': {
      create: () => konpro.widgetSessions.create(BODY),
      get: () => konpro.widgetSessions.get('session-789'),
      createWith: (signal) => konpro.widgetSessions.create(BODY, { signal }),
    },
    [REPORT_MODE]: {
      create: () => reporting.widgetSessions.create(BODY),
      get: () => reporting.widgetSessions.get('session-789'),
      createWith: (signal) => reporting.widgetSessions.create(BODY, { signal }),
    },
  };
}
