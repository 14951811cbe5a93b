/**
 * The key never leaves (issue #11), tried the way a hostile server, a misconfigured proxy and a
 * careless caller would try it, over real loopback sockets: 127.0.0.1 is KonPro, another port
 * and 127.0.0.2 are "another origin". Each promise of SECURITY.md has its test here.
 */
import { spawn } from 'node:child_process';
import { getEventListeners } from 'node:events';
import { fileURLToPath } from 'node:url';
import { inspect } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  AuthenticationError,
  createKonproClient,
  KonproApiError,
  type KonproClient,
  KonproConfigError,
  KonproError,
  KonproResponseValidationError,
  KonproValidationError,
  NotFoundError,
  RateLimitError,
  RedirectError,
} from 'konpro-widget-sessions';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCli } from '../src/cli/run-cli.js';
import {
  AVATAR,
  CREATED,
  errorBody,
  type LoopbackServer,
  SESSION,
  sendJson,
  startServer,
} from './helpers/loopback-server.js';
import { json, recordingFetch } from './helpers/recording-fetch.js';

const KEY = 'sk-hostile-7f3a9c2e5b1d';
const DELETED = { message: 'Session terminated successfully', session_id: 'session-789' };
const VALIDATION = { valid: true, key_id: 'key-001', scopes: ['read'], metadata: {}, expires_at: null };

/** The four operations, as the client and as the CLI call them. */
const OPERATIONS = {
  createWidgetSession: {
    call: (k: KonproClient) => k.widgetSessions.create({ agentic_avatar_id: AVATAR, settings: {} }),
    cli: `create --avatar ${AVATAR}`,
    ok: [201, CREATED],
  },
  getWidgetSession: {
    call: (k: KonproClient) => k.widgetSessions.get('session-789'),
    cli: 'get session-789',
    ok: [200, SESSION],
  },
  deleteWidgetSession: {
    call: (k: KonproClient) => k.widgetSessions.delete('session-789'),
    cli: 'delete session-789',
    ok: [200, DELETED],
  },
  validateApiKey: { call: (k: KonproClient) => k.apiKeys.validate(), cli: 'validate-key', ok: [200, VALIDATION] },
} as const;
type OperationId = keyof typeof OPERATIONS;
const OPERATION_IDS = Object.keys(OPERATIONS) as OperationId[];

/** Everything a user may print of an error. */
function renderings(error: unknown): string[] {
  const e = error as Error & { requestId?: unknown; headers?: unknown; cause?: unknown };
  return [
    e.message,
    String(e),
    JSON.stringify(e),
    inspect(e, { depth: Infinity, showHidden: true }),
    e.stack ?? '',
    String(e.requestId),
    inspect(e.headers, { depth: Infinity, showHidden: true }),
    inspect(e.cause, { depth: Infinity, showHidden: true }),
  ];
}

function expectNoKey(texts: string[], key = KEY): void {
  for (const text of texts) expect(text).not.toContain(key);
}

async function cli(args: string, baseUrl: string, key = KEY) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args.split(' ').filter(Boolean), {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    env: { KONPRO_API_KEY: key, KONPRO_BASE_URL: baseUrl },
  });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

// One KonPro stand-in whose answer each test scripts, and two listeners of "another origin".
let answer: (res: Parameters<Parameters<typeof startServer>[0]>[1]) => void = () => {};
let api: LoopbackServer;
let otherPort: LoopbackServer;
let otherAddress: LoopbackServer;
const elsewhere = () => [...otherPort.requests, ...otherAddress.requests];

beforeAll(async () => {
  api = await startServer((_req, res) => answer(res));
  otherPort = await startServer((_req, res) => sendJson(res, 200, SESSION));
  otherAddress = await startServer((_req, res) => sendJson(res, 200, SESSION), '127.0.0.2');
});
afterAll(async () => {
  await Promise.all([api.close(), otherPort.close(), otherAddress.close()]);
});
const reset = () => {
  api.requests.length = 0;
  otherPort.requests.length = 0;
  otherAddress.requests.length = 0;
};

describe('redirects: the key goes to the origin of baseUrl and nowhere else', () => {
  const TARGETS = {
    'same origin': () => `${api.url}/v1/widget/sessions/moved`,
    'other port': () => `${otherPort.url}/steal`,
    'other address': () => `${otherAddress.url}/steal`,
    'plain http, not loopback': () => 'http://192.0.2.1/steal',
  };
  const cases = [301, 302, 303, 307, 308].flatMap((status) =>
    Object.keys(TARGETS).flatMap((target) => OPERATION_IDS.map((op) => [status, target, op] as const)),
  );

  test.each(cases)('%i to %s on %s: RedirectError, not followed, not retried', async (status, target, op) => {
    reset();
    const location = TARGETS[target as keyof typeof TARGETS]();
    answer = (res) => {
      res.writeHead(status, { location: `${location}?leak=1` });
      res.end();
    };
    for (const fetch of [undefined, (url: string, init: RequestInit) => globalThis.fetch(url, init)]) {
      const konpro = createKonproClient({ apiKey: KEY, baseUrl: api.url, ...(fetch ? { fetch } : {}) });
      const error = await OPERATIONS[op].call(konpro).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RedirectError);
      expect(error).toBeInstanceOf(KonproApiError);
      expect(error).toMatchObject({ status, location: location.replace(/\?.*/, ''), operation: op });
      expect((error as Error).message).toContain('not followed');
    }
    expect(api.requests, 'one request per client, never retried, never followed').toHaveLength(2);
    expect(elsewhere()).toEqual([]);
  });

  test.each(OPERATION_IDS)('the CLI (%s) exits 3 on a redirect and sends the key nowhere else', async (op) => {
    reset();
    answer = (res) => {
      res.writeHead(307, { location: `${otherAddress.url}/steal` });
      res.end();
    };
    const { code, stderr } = await cli(OPERATIONS[op].cli, api.url);
    expect(code).toBe(3);
    expect(stderr).toMatch(
      /^RedirectError: 307 Temporary Redirect: redirect to http:\/\/127\.0\.0\.2:\d+\/steal not followed/,
    );
    expect(elsewhere()).toEqual([]);
  });

  test('raw (openapi-fetch) never follows a redirect either', async () => {
    reset();
    answer = (res) => {
      res.writeHead(302, { location: `${otherPort.url}/steal` });
      res.end();
    };
    const konpro = createKonproClient({ apiKey: KEY, baseUrl: api.url });
    const error = await konpro.raw
      .GET('/v1/widget/sessions/{session_id}', { params: { path: { session_id: 'x' } } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedirectError);
    expect(elsewhere()).toEqual([]);
  });

  test('an injected fetch that follows anyway is caught and reported', async () => {
    const following = async (url: string, init: RequestInit) => {
      const response = await globalThis.fetch(url, { ...init, redirect: 'manual' });
      return Object.defineProperties(json(200, SESSION), {
        redirected: { value: true },
        url: { value: `${otherPort.url}/steal?x=1` },
        status: { value: response.status === 302 ? 200 : response.status },
      });
    };
    answer = (res) => {
      res.writeHead(302, { location: `${otherPort.url}/steal` });
      res.end();
    };
    const konpro = createKonproClient({ apiKey: KEY, baseUrl: api.url, fetch: following });
    const error = await konpro.widgetSessions.get('x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedirectError);
    expect((error as Error).message).toMatch(/followed a redirect to http:\/\/127\.0\.0\.1:\d+\/steal although/);
  });
});

describe('the key appears in no output, whatever the server echoes', () => {
  /** A server that puts the key everywhere it can: status text, headers, request id, body. */
  const echoing =
    (status: number, key: string, html = false) =>
    (res: Parameters<typeof answer>[0]) => {
      res.writeHead(status, `Invalid key ${key}`, {
        'content-type': html ? 'text/html' : 'application/json',
        'x-request-id': `req-${key}`,
        'x-echo': `x-api-key: ${key}`,
        [`x-${key}`]: '1',
        'retry-after': '3600',
      });
      res.end(
        html
          ? `<html><pre>x-api-key: ${key}</pre>${'<p>pad</p>'.repeat(30)}${key}</html>`
          : JSON.stringify({
              error: { code: `CODE_${key}`, message: `key ${key} rejected`, details: { key, nested: [key] } },
              request_id: `req-${key}`,
            }),
      );
    };

  const cases = [400, 401, 403, 404, 429, 500, 502].flatMap((status) =>
    OPERATION_IDS.map((op) => [status, op] as const),
  );
  test.each(cases)('%i on %s: message, fields, headers, inspect, stack and CLI output', async (status, op) => {
    answer = echoing(status, KEY, status === 502);
    const konpro = createKonproClient({ apiKey: KEY, baseUrl: api.url, maxRetries: 0 });
    const error = await OPERATIONS[op].call(konpro).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KonproApiError);
    expect((error as KonproApiError).status).toBe(status);
    expectNoKey(renderings(error));
    expect((error as KonproApiError).headers.get('x-echo')).toBe('x-api-key: [redacted]');
    for (const flags of ['', ' --json']) {
      const { code, stdout, stderr } = await cli(`${OPERATIONS[op].cli}${flags}`, api.url);
      expect(code).toBe(3);
      expectNoKey([stdout, stderr]);
    }
  });

  test.each(
    OPERATION_IDS,
  )('a 2xx echoing the key (%s): the CLI prints none of it, errors hold none of it', async (op) => {
    const [status, body] = OPERATIONS[op].ok;
    const echoed = Object.fromEntries(
      Object.entries(body).map(([k, v]) => [k, typeof v === 'string' ? `${v}${KEY}` : v]),
    );
    answer = (res) => sendJson(res, status, echoed, { 'x-request-id': KEY });
    for (const flags of ['', ' --json']) {
      const { code, stdout, stderr } = await cli(`${OPERATIONS[op].cli}${flags}`, api.url);
      expect(code).toBe(0);
      expectNoKey([stdout, stderr]);
    }
    answer = (res) => sendJson(res, status, { broken: KEY, [KEY]: 1 }, { 'x-request-id': KEY });
    const strict = createKonproClient({ apiKey: KEY, baseUrl: api.url, validateResponses: true });
    const error = await OPERATIONS[op].call(strict).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KonproResponseValidationError);
    expectNoKey(renderings(error));
    answer = (res) => res.writeHead(status, { 'content-type': 'text/plain' }).end(`not json ${KEY}`);
    expectNoKey(renderings(await OPERATIONS[op].call(strict).catch((e: unknown) => e)));
  });

  test('a key with surrounding whitespace is sent trimmed and redacted trimmed', async () => {
    for (const written of [`  ${KEY}\n`, `\t${KEY} `, `${KEY}\r\n`]) {
      reset();
      answer = echoing(401, KEY);
      const konpro = createKonproClient({ apiKey: written, baseUrl: api.url });
      const error = await konpro.apiKeys.validate().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AuthenticationError);
      expect(api.requests[0]!.headers['x-api-key']).toBe(KEY);
      expectNoKey(renderings(error));
      const { stdout, stderr } = await cli('validate-key --json', api.url, written);
      expectNoKey([stdout, stderr]);
    }
  });

  test('the key in other forms (letter case, JSON escapes, URL encoding) is redacted too', async () => {
    const key = 'sk-Quote"And/Slash+Plus 7f3a9c';
    const forms = [key.toUpperCase(), JSON.stringify(key).slice(1, -1), encodeURIComponent(key)];
    const konpro = createKonproClient({
      apiKey: key,
      fetch: async () =>
        json(500, { error: { code: 'X', message: forms.join(' | ') }, request_id: encodeURIComponent(key) }),
      maxRetries: 0,
    });
    const error = await konpro.widgetSessions.get('x').catch((e: unknown) => e);
    for (const text of renderings(error)) for (const form of [key, ...forms]) expect(text).not.toContain(form);
  });

  test.each([
    ['NUL', 'sk-zq7\u0000wv9-123456'],
    ['CR LF', 'sk-zq7\r\nx-evil: 1'],
    ['LF inside', 'sk-zq7\nwv9-123456'],
    ['DEL', 'sk-zq7\u007fwv9-123456'],
    ['non-Latin-1', 'sk-zq7✓wv9-123456'],
  ])('a key with %s is refused at creation, without being quoted', (_name, key) => {
    const error = (() => {
      try {
        createKonproClient({ apiKey: key });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(KonproConfigError);
    expect(error).toMatchObject({ option: 'apiKey' });
    for (const text of renderings(error)) for (const part of ['zq7', 'wv9', 'evil']) expect(text).not.toContain(part);
  });

  test('a short key never mangles a message, and is still redacted where it stands alone', async () => {
    answer = (res) => sendJson(res, 429, errorBody('RATE_LIMIT_EXCEEDED', 'Rate limit exceeded; e is the key'));
    const konpro = createKonproClient({ apiKey: 'e', baseUrl: api.url, maxRetries: 0 });
    const error = await konpro.widgetSessions.get('session-789').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as Error).message).toContain('Rate limit exceeded; [redacted] is the key');
    expect((error as Error).message).toContain('getWidgetSession GET /v1/widget/sessions/session-789');
  });

  test('a failing injected fetch whose error quotes the key: the key is not in the error or its cause', async () => {
    const konpro = createKonproClient({
      apiKey: KEY,
      maxRetries: 0,
      fetch: async (_url, init) => {
        throw new Error(`proxy refused ${(init.headers as Record<string, string>)['x-api-key']}`);
      },
    });
    const error = await konpro.widgetSessions.get('x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KonproError);
    expectNoKey(renderings(error));
  });
});

describe('bounded resources', () => {
  test('a 1 GiB body: read up to the cap, typed error, flat memory (measured in a child process)', async () => {
    let sent = 0;
    const huge = await startServer((req, res) => {
      res.writeHead(req.url.endsWith('-error') ? 500 : 200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(1024 * 1024, 'x');
      const pump = () => {
        while (sent < 1024 ** 3 && !res.destroyed) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      res.on('close', () => res.destroy());
      pump();
    });
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(new URL('./helpers/oversized-body-child.ts', import.meta.url)), huge.url],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    await new Promise((resolve) => child.on('exit', resolve));
    await huge.close();
    const result = JSON.parse(output) as { success: string; error: string; message: string; maxRssMb: number };
    expect(result.success).toBe('KonproResponseValidationError');
    expect(result.message).toMatch(/is larger than maxResponseBytes \(1048576 bytes\)/);
    expect(result.error).toBe('InternalServerError');
    expect(result.maxRssMb, 'peak RSS of the client process').toBeLessThan(250);
    expect(sent, 'bytes the server managed to send (socket buffers included)').toBeLessThan(128 * 1024 ** 2);
  }, 60_000);

  test('10,000 calls sharing one signal: no listener left, no warning, heap flat', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    const shutdown = new AbortController();
    const konpro = createKonproClient({ apiKey: KEY, fetch: async () => json(200, SESSION) });
    const run = async (n: number) => {
      for (let i = 0; i < n; i++) await konpro.widgetSessions.get('session-789', { signal: shutdown.signal });
    };
    await run(1000);
    gc();
    const before = process.memoryUsage().heapUsed;
    await run(10_000);
    gc();
    const grown = process.memoryUsage().heapUsed - before;
    expect(getEventListeners(shutdown.signal, 'abort')).toHaveLength(0);
    expect(grown, 'heap growth over 10,000 calls').toBeLessThan(4 * 1024 * 1024);
    process.off('warning', onWarning);
    expect(warnings.map((w) => w.name)).not.toContain('MaxListenersExceededWarning');
  }, 30_000);

  test('2,000 concurrent calls on one signal: one listener while in flight, none after, no warning', async () => {
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    const shutdown = new AbortController();
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const konpro = createKonproClient({ apiKey: KEY, fetch: () => gate.then(() => json(200, SESSION)) });
    const calls = Array.from({ length: 2000 }, () => konpro.widgetSessions.get('s', { signal: shutdown.signal }));
    await new Promise((resolve) => setImmediate(resolve));
    expect(getEventListeners(shutdown.signal, 'abort')).toHaveLength(1);
    release();
    await Promise.all(calls);
    expect(getEventListeners(shutdown.signal, 'abort')).toHaveLength(0);
    await new Promise((resolve) => setImmediate(resolve));
    process.off('warning', onWarning);
    expect(warnings.map((w) => w.name)).not.toContain('MaxListenersExceededWarning');
  });

  test('over real sockets too: 500 sequential calls leave no listener on the shared signal', async () => {
    answer = (res) => sendJson(res, 200, SESSION);
    const shutdown = new AbortController();
    const konpro = createKonproClient({ apiKey: KEY, baseUrl: api.url });
    for (let i = 0; i < 500; i++) await konpro.widgetSessions.get('s', { signal: shutdown.signal });
    expect(getEventListeners(shutdown.signal, 'abort')).toHaveLength(0);
  }, 30_000);
});

describe('hostile input: everything thrown is a KonproError, before anything is sent', () => {
  const ids: Array<[string, unknown]> = [
    ['empty', ''],
    ['a dot', '.'],
    ['two dots', '..'],
    ['an unpaired surrogate', 'session-\uD800'],
    ['a number', 42],
    ['null', null],
    ['an object', { toString: () => 'x' }],
  ];
  test.each(ids)('a session id that is %s: KonproValidationError, with validateRequests on or off', async (_n, id) => {
    for (const validateRequests of [true, false]) {
      const fetch = recordingFetch(() => json(200, SESSION));
      const konpro = createKonproClient({ apiKey: KEY, fetch, validateRequests });
      const calls = [(s: string) => konpro.widgetSessions.get(s), (s: string) => konpro.widgetSessions.delete(s)];
      for (const call of calls) {
        const error = await call(id as string).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(KonproValidationError);
        expect((error as KonproValidationError).problems[0]?.path).toBe('session_id');
      }
      expect(fetch.requests).toHaveLength(0);
    }
  });

  test('a body that cannot be written as JSON (validateRequests off): KonproValidationError', async () => {
    const fetch = recordingFetch(() => json(201, CREATED));
    const konpro = createKonproClient({ apiKey: KEY, fetch, validateRequests: false });
    const circular: Record<string, unknown> = { agentic_avatar_id: AVATAR };
    circular.settings = circular;
    for (const body of [circular, { agentic_avatar_id: AVATAR, settings: { max_duration: 10n } }, undefined]) {
      await expect(konpro.widgetSessions.create(body as never)).rejects.toBeInstanceOf(KonproValidationError);
    }
    expect(fetch.requests).toHaveLength(0);
  });

  const options: Array<[string, Record<string, unknown>, string]> = [
    ['user info in baseUrl', { baseUrl: 'https://user:hunter2@api.konpro.ai' }, 'baseUrl'],
    ['baseUrl ending in /v1', { baseUrl: 'https://api.konpro.ai/v1/' }, 'baseUrl'],
    ['a malformed baseUrl quoting a password', { baseUrl: 'https://user:hunter2@ bad host' }, 'baseUrl'],
    ['the key header, upper case', { headers: { 'X-API-KEY': 'other' } }, 'headers["X-API-KEY"]'],
    ['the key header, mixed case', { headers: { 'X-Api-Key': 'other' } }, 'headers["X-Api-Key"]'],
    ['CR LF in a header value', { headers: { 'x-trace': 'a\r\nx-api-key: other' } }, 'headers["x-trace"]'],
    ['a header name with a space', { headers: { 'x trace': 'a' } }, 'headers["x trace"]'],
    ['a header value that is a number', { headers: { 'x-trace': 7 } }, 'headers["x-trace"]'],
    ['timeoutMs beyond setTimeout', { timeoutMs: 2 ** 31 }, 'timeoutMs'],
    ['timeoutMs NaN', { timeoutMs: Number.NaN }, 'timeoutMs'],
    ['timeoutMs as a string', { timeoutMs: '5000' }, 'timeoutMs'],
    ['maxRetries negative', { maxRetries: -1 }, 'maxRetries'],
    ['maxRetries huge', { maxRetries: 1000 }, 'maxRetries'],
    ['maxResponseBytes zero', { maxResponseBytes: 0 }, 'maxResponseBytes'],
    ['fetch not a function', { fetch: 'fetch' }, 'fetch'],
    ['fetchOptions that follow redirects', { fetchOptions: { redirect: 'follow' } }, 'fetchOptions.redirect'],
    ['fetchOptions that replace headers', { fetchOptions: { headers: {} } }, 'fetchOptions.headers'],
    ['a misspelt option', { timeout: 5000 }, 'timeout'],
    ['validateResponses as a string', { validateResponses: 'yes' }, 'validateResponses'],
  ];
  test.each(options)('%s: KonproConfigError naming the option, no secret quoted', (_name, extra, option) => {
    const error = (() => {
      try {
        createKonproClient({ apiKey: KEY, ...extra });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(KonproConfigError);
    expect(error).toMatchObject({ option });
    expect((error as Error).message.startsWith(option)).toBe(true);
    expectNoKey(renderings(error), 'hunter2');
  });

  test('a misspelt option gets a suggestion', () => {
    expect(() => createKonproClient({ apiKey: KEY, timeout: 5 } as never)).toThrow(
      'timeout is not an option of createKonproClient (did you mean timeoutMs?)',
    );
  });

  test.each<[string, unknown]>([
    ['a signal that is not an AbortSignal', { signal: 'stop' }],
    ['timeoutMs 0', { timeoutMs: 0 }],
    ['an unknown option', { retries: 1 }],
    ['options that are not an object', 'fast'],
  ])('per call, %s: KonproConfigError, nothing sent', async (_name, callOptions) => {
    const fetch = recordingFetch(() => json(200, SESSION));
    const konpro = createKonproClient({ apiKey: KEY, fetch });
    await expect(konpro.widgetSessions.get('s', callOptions as never)).rejects.toBeInstanceOf(KonproConfigError);
    expect(fetch.requests).toHaveLength(0);
  });

  test.each<[string, () => Promise<Response>]>([
    ['throws a string', () => Promise.reject('boom')],
    ['returns undefined', () => Promise.resolve(undefined as unknown as Response)],
    [
      'returns a body stream that errors',
      async () => new Response(new ReadableStream({ pull: (c) => c.error(new Error('torn')) })),
    ],
  ])('an injected fetch that %s: a KonproError', async (_name, fetch) => {
    const konpro = createKonproClient({ apiKey: KEY, fetch, maxRetries: 0 });
    for (const op of OPERATION_IDS) {
      await expect(OPERATIONS[op].call(konpro)).rejects.toBeInstanceOf(KonproError);
    }
  });

  test('an error from a wrong path prefix says which operation and path, and keeps the body start', async () => {
    answer = (res) => res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>No route /api/v1/widget</h1>');
    const konpro = createKonproClient({ apiKey: KEY, baseUrl: `${api.url}/api`, maxRetries: 0 });
    const error = (await konpro.widgetSessions.delete('session-789').catch((e: unknown) => e)) as NotFoundError;
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.code).toBeUndefined();
    expect(error.message).toMatch(/No route \/api\/v1\/widget/);
    expect(error).toMatchObject({
      operation: 'deleteWidgetSession',
      method: 'DELETE',
      path: '/api/v1/widget/sessions/session-789',
    });
  });

  test('empty environment variables mean unset, for the client and the CLI', async () => {
    const saved = { key: process.env.KONPRO_API_KEY, url: process.env.KONPRO_BASE_URL };
    process.env.KONPRO_BASE_URL = '';
    process.env.KONPRO_API_KEY = '';
    try {
      expect(() => createKonproClient()).toThrow(/^apiKey is missing/);
      const fetch = recordingFetch(() => json(200, SESSION));
      await createKonproClient({ apiKey: KEY, fetch }).widgetSessions.get('s');
      expect(fetch.requests[0]!.url).toBe('https://api.konpro.ai/v1/widget/sessions/s');
      const out: string[] = [];
      const code = await runCli(['get', 's'], {
        stdout: (t) => out.push(t),
        stderr: (t) => out.push(t),
        env: { KONPRO_API_KEY: ' ', KONPRO_BASE_URL: '' },
      });
      expect(code).toBe(2);
      expect(out.join('\n')).toMatch(/get needs KONPRO_API_KEY/);
    } finally {
      process.env.KONPRO_API_KEY = saved.key;
      process.env.KONPRO_BASE_URL = saved.url;
      if (saved.key === undefined) delete process.env.KONPRO_API_KEY;
      if (saved.url === undefined) delete process.env.KONPRO_BASE_URL;
    }
  });
});
