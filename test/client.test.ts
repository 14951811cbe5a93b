import { createKonproClient, KonproConfigError, KonproError, VERSION } from 'konpro-widget-sessions';
import { afterEach, describe, expect, test, vi } from 'vitest';
import packageJson from '../package.json' with { type: 'json' };
import { API_KEY, AVATAR, CREATED, SESSION } from './helpers/loopback-server.js';
import { json, recordingFetch } from './helpers/recording-fetch.js';

const body = { agentic_avatar_id: AVATAR, settings: { max_duration: 3600, allowed_domains: ['example.com'] } };

afterEach(() => {
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
});

describe('client options', () => {
  test('apiKey: missing or empty is a clear error at creation', () => {
    vi.stubEnv('KONPRO_API_KEY', '');
    expect(() => createKonproClient()).toThrow(/^apiKey is missing: .*KONPRO_API_KEY/);
    expect(() => createKonproClient({ apiKey: '  ' })).toThrow(KonproConfigError);
    expect(() => createKonproClient({ apiKey: '  ' })).toThrow(KonproError);
  });

  test('apiKey and baseUrl default to KONPRO_API_KEY and KONPRO_BASE_URL', async () => {
    vi.stubEnv('KONPRO_API_KEY', API_KEY);
    vi.stubEnv('KONPRO_BASE_URL', 'http://127.0.0.1:9/prefix/');
    const fetch = recordingFetch(() => json(200, SESSION));
    await createKonproClient({ fetch }).widgetSessions.get('session-789');
    expect(fetch.requests[0]!.url).toBe('http://127.0.0.1:9/prefix/v1/widget/sessions/session-789');
    expect(fetch.requests[0]!.headers.get('x-api-key')).toBe(API_KEY);
  });

  test('baseUrl defaults to https://api.konpro.ai', async () => {
    vi.stubEnv('KONPRO_BASE_URL', undefined);
    const fetch = recordingFetch(() => json(201, CREATED));
    await createKonproClient({ apiKey: API_KEY, fetch }).widgetSessions.create(body);
    expect(fetch.requests[0]!.url).toBe('https://api.konpro.ai/v1/widget/sessions');
  });

  test('baseUrl: plain http is refused unless the host is loopback', () => {
    expect(() => createKonproClient({ apiKey: API_KEY, baseUrl: 'http://api.konpro.ai' })).toThrow(/https/);
    expect(() => createKonproClient({ apiKey: API_KEY, baseUrl: 'http://localhost.evil.com' })).toThrow(/https/);
    expect(() => createKonproClient({ apiKey: API_KEY, baseUrl: 'http://10.0.0.5:8080' })).toThrow(/https/);
    expect(() => createKonproClient({ apiKey: API_KEY, baseUrl: 'ftp://x' })).toThrow(/https/);
    expect(() => createKonproClient({ apiKey: API_KEY, baseUrl: 'not a url' })).toThrow(/not a valid URL/);
    for (const baseUrl of [
      'http://localhost:4010',
      'http://stand-in.localhost:8080',
      'http://127.0.0.1:1',
      'http://127.8.9.10',
      'http://[::1]:80',
      'https://proxy.internal',
    ]) {
      expect(() => createKonproClient({ apiKey: API_KEY, baseUrl }), baseUrl).not.toThrow();
    }
  });

  test('in a browser, creation throws unless dangerouslyAllowBrowser is set', () => {
    vi.stubGlobal('window', { document: {} });
    expect(() => createKonproClient({ apiKey: API_KEY })).toThrow(/^dangerouslyAllowBrowser is not set.*browser/s);
    expect(() => createKonproClient({ apiKey: API_KEY, dangerouslyAllowBrowser: true })).not.toThrow();
  });

  test('timeoutMs and maxRetries are checked, naming the option', () => {
    expect(() => createKonproClient({ apiKey: API_KEY, timeoutMs: 0 })).toThrow(/timeoutMs/);
    expect(() => createKonproClient({ apiKey: API_KEY, maxRetries: 1.5 })).toThrow(/maxRetries/);
  });

  test('sends x-api-key, a User-Agent naming the package and version, and extra headers', async () => {
    const fetch = recordingFetch(() => json(201, CREATED));
    const konpro = createKonproClient({
      apiKey: API_KEY,
      fetch,
      headers: { 'x-trace': 'abc' },
    });
    await konpro.widgetSessions.create(body);
    const headers = fetch.requests[0]!.headers;
    expect(headers.get('x-api-key')).toBe(API_KEY);
    expect(headers.get('user-agent')).toBe(`konpro-widget-sessions/${VERSION}`);
    expect(headers.get('x-trace')).toBe('abc');
    expect(headers.get('content-type')).toBe('application/json');
    expect(VERSION).toBe(packageJson.version);
  });
});

describe('widget sessions', () => {
  test('create: sends the body and returns the created session (200 or 201)', async () => {
    for (const status of [200, 201]) {
      const fetch = recordingFetch(() => json(status, CREATED));
      const session = await createKonproClient({ apiKey: API_KEY, fetch }).widgetSessions.create(body);
      expect(session).toEqual(CREATED);
      expect(fetch.requests[0]!.method).toBe('POST');
      expect(await fetch.requests[0]!.json()).toEqual(body);
    }
  });

  test('create: required params only', async () => {
    const fetch = recordingFetch(() => json(201, CREATED));
    await createKonproClient({ apiKey: API_KEY, fetch }).widgetSessions.create({
      agentic_avatar_id: AVATAR,
      settings: {},
    });
    expect(await fetch.requests[0]!.json()).toEqual({ agentic_avatar_id: AVATAR, settings: {} });
  });

  test('get and delete address the session by id', async () => {
    const fetch = recordingFetch((request) =>
      request.method === 'GET'
        ? json(200, SESSION)
        : json(200, { message: 'Session terminated successfully', session_id: 'session-789' }),
    );
    const konpro = createKonproClient({ apiKey: API_KEY, fetch });
    expect(await konpro.widgetSessions.get('session-789')).toEqual(SESSION);
    expect(await konpro.widgetSessions.delete('session-789')).toEqual({
      message: 'Session terminated successfully',
      session_id: 'session-789',
    });
    expect(fetch.requests.map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual([
      'GET /v1/widget/sessions/session-789',
      'DELETE /v1/widget/sessions/session-789',
    ]);
    expect(fetch.requests[1]!.headers.get('content-type')).toBeNull();
  });

  test('session ids that need escaping are encoded and never change the endpoint', async () => {
    const fetch = recordingFetch(() => json(200, SESSION));
    const konpro = createKonproClient({ apiKey: API_KEY, fetch });
    for (const id of ['a/b', 'a?b=1', 'a#b', '100%', 'a b', 'séance-✓', '../v1/api-keys/validate']) {
      await konpro.widgetSessions.get(id);
      const url = new URL(fetch.requests.at(-1)!.url);
      expect(url.pathname.split('/').slice(0, 4).join('/'), id).toBe('/v1/widget/sessions');
      expect(url.pathname.split('/')).toHaveLength(5);
      expect(decodeURIComponent(url.pathname.split('/')[4]!), id).toBe(id);
      expect(url.search + url.hash).toBe('');
    }
  });
});

describe('api keys', () => {
  test('validate: POST without a body, returns the key description', async () => {
    const key = { valid: true, key_id: 'key-001', scopes: ['read', 'write'], metadata: {}, expires_at: null };
    const fetch = recordingFetch(() => json(200, key));
    expect(await createKonproClient({ apiKey: API_KEY, fetch }).apiKeys.validate()).toEqual(key);
    expect(fetch.requests[0]!.method).toBe('POST');
    expect(new URL(fetch.requests[0]!.url).pathname).toBe('/v1/api-keys/validate');
    expect(await fetch.requests[0]!.text()).toBe('');
  });
});

describe('raw', () => {
  test('is openapi-fetch with the same auth, returning errors as data', async () => {
    const fetch = recordingFetch(() =>
      json(404, { error: { code: 'RESOURCE_NOT_FOUND', message: 'nope' }, request_id: 'r' }),
    );
    const konpro = createKonproClient({ apiKey: API_KEY, fetch, maxRetries: 0 });
    const { error, response } = await konpro.raw.GET('/v1/widget/sessions/{session_id}', {
      params: { path: { session_id: 'gone' } },
    });
    expect(response.status).toBe(404);
    expect(error?.error.code).toBe('RESOURCE_NOT_FOUND');
    expect(fetch.requests[0]!.headers.get('x-api-key')).toBe(API_KEY);
  });
});
