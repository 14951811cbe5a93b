import { inspect } from 'node:util';
/**
 * Middleware (issues #14 and #15): openapi-fetch's contract, one list per client, run once per
 * call by the typed methods and `raw` alike, around the retries. Tried as a careless user (hooks
 * that throw or return the wrong thing, bad options) and as an attacker (a hook that sends the
 * request, and so the key, to another origin). Over real loopback sockets.
 */
import {
  createKonproClient,
  type KonproClient,
  KonproConfigError,
  KonproConnectionError,
  KonproError,
  KonproMiddlewareError,
  type Middleware,
  NotFoundError,
  RedirectError,
} from 'konpro-widget-sessions';
import { afterEach, describe, expect, test } from 'vitest';
import {
  AVATAR,
  CREATED,
  errorBody,
  type Handler,
  type LoopbackServer,
  SESSION,
  sendJson,
  startServer,
} from './helpers/loopback-server.js';

const KEY = 'sk-middleware-0123456789abcdef';
const DELETED = { message: 'Session terminated successfully', session_id: 'session-789' };
const VALIDATION = { valid: true, key_id: 'key-001', scopes: ['read'], metadata: {}, expires_at: null };

const servers: LoopbackServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(handler: Handler, host?: string) {
  const server = await startServer(handler, host);
  servers.push(server);
  return server;
}

/** Answers each operation as documented. */
const api: Handler = (req, res) => {
  if (req.method === 'POST' && req.url === '/v1/widget/sessions') return sendJson(res, 201, CREATED);
  if (req.method === 'POST' && req.url === '/v1/api-keys/validate') return sendJson(res, 200, VALIDATION);
  if (req.method === 'GET') return sendJson(res, 200, SESSION);
  if (req.method === 'DELETE') return sendJson(res, 200, DELETED);
  sendJson(res, 404, errorBody('RESOURCE_NOT_FOUND', 'no'));
};

/** Each operation, called the typed way and through `raw`, with what its middleware must be told. */
const OPERATIONS = [
  {
    name: 'createWidgetSession',
    method: 'POST',
    path: '/v1/widget/sessions',
    status: 201,
    schemaPath: '/v1/widget/sessions',
    params: {},
    typed: (k: KonproClient) => k.widgetSessions.create({ agentic_avatar_id: AVATAR, settings: { max_duration: 600 } }),
    raw: (k: KonproClient) =>
      k.raw.POST('/v1/widget/sessions', { body: { agentic_avatar_id: AVATAR, settings: { max_duration: 600 } } }),
  },
  {
    name: 'getWidgetSession',
    method: 'GET',
    path: '/v1/widget/sessions/session%20789',
    status: 200,
    schemaPath: '/v1/widget/sessions/{session_id}',
    params: { path: { session_id: 'session 789' } },
    typed: (k: KonproClient) => k.widgetSessions.get('session 789'),
    raw: (k: KonproClient) =>
      k.raw.GET('/v1/widget/sessions/{session_id}', { params: { path: { session_id: 'session 789' } } }),
  },
  {
    name: 'deleteWidgetSession',
    method: 'DELETE',
    path: '/v1/widget/sessions/session-789',
    status: 200,
    schemaPath: '/v1/widget/sessions/{session_id}',
    params: { path: { session_id: 'session-789' } },
    typed: (k: KonproClient) => k.widgetSessions.delete('session-789'),
    raw: (k: KonproClient) =>
      k.raw.DELETE('/v1/widget/sessions/{session_id}', { params: { path: { session_id: 'session-789' } } }),
  },
  {
    name: 'validateApiKey',
    method: 'POST',
    path: '/v1/api-keys/validate',
    status: 200,
    schemaPath: '/v1/api-keys/validate',
    params: {},
    typed: (k: KonproClient) => k.apiKeys.validate(),
    raw: (k: KonproClient) => k.raw.POST('/v1/api-keys/validate'),
  },
] as const;

const WAYS = ['typed', 'raw'] as const;

/** A call the typed way or through `raw`, as the data or the thrown error. */
async function outcome(way: (typeof WAYS)[number], op: (typeof OPERATIONS)[number], konpro: KonproClient) {
  if (way === 'typed') return op.typed(konpro);
  const { data, error } = await op.raw(konpro);
  if (error !== undefined) throw Object.assign(new Error('raw answered an error'), { body: error });
  return data;
}

/** A middleware that records what it is told and tags every request. */
function recorder() {
  const seen: string[] = [];
  const told: Array<{ schemaPath: string; params: unknown; id: string; baseUrl: string }> = [];
  const middleware: Middleware = {
    onRequest({ request, schemaPath, params, id, options }) {
      seen.push(`request ${request.method} ${new URL(request.url).pathname}`);
      told.push({ schemaPath, params, id, baseUrl: options.baseUrl });
      request.headers.set('x-trace-id', 'trace-1');
      return request;
    },
    onResponse({ response }) {
      seen.push(`response ${response.status}`);
    },
  };
  return { seen, told, middleware };
}

describe('one middleware list, run by typed calls and raw alike', () => {
  for (const way of WAYS) {
    for (const op of OPERATIONS) {
      test(`${way} ${op.name}: onRequest and onResponse run once, around the retries, told the schema path and params`, async () => {
        // The first attempt of every call fails with a 503: the hooks must still run once.
        const server = await serve((req, res, i) =>
          i === 0
            ? sendJson(res, 503, errorBody('SERVICE_UNAVAILABLE', 'x'), { 'retry-after': '0' })
            : api(req, res, i),
        );
        const { seen, told, middleware } = recorder();
        const konpro = createKonproClient({ apiKey: KEY, baseUrl: server.url, middleware: [middleware] });
        await outcome(way, op, konpro);
        expect(seen).toEqual([`request ${op.method} ${op.path}`, `response ${op.status}`]);
        expect(told).toEqual([
          { schemaPath: op.schemaPath, params: op.params, id: expect.any(String), baseUrl: server.url },
        ]);
        // The header set in onRequest went out on both attempts, with the key.
        expect(server.requests.map((r) => r.headers['x-trace-id'])).toEqual(['trace-1', 'trace-1']);
        expect(server.requests.every((r) => r.headers['x-api-key'] === KEY)).toBe(true);
      });
    }
  }

  test('the option and raw.use() feed the same list; eject removes from it for both ways', async () => {
    const server = await serve(api);
    const first = recorder();
    const second = recorder();
    const konpro = createKonproClient({ apiKey: KEY, baseUrl: server.url, middleware: [first.middleware] });
    konpro.raw.use(second.middleware);
    await konpro.widgetSessions.get('session-789');
    await konpro.raw.GET('/v1/widget/sessions/{session_id}', { params: { path: { session_id: 'session-789' } } });
    expect(first.seen).toHaveLength(4);
    expect(second.seen).toHaveLength(4);
    konpro.raw.eject(first.middleware);
    await konpro.widgetSessions.get('session-789');
    expect(first.seen).toHaveLength(4);
    expect(second.seen).toHaveLength(6);
  });

  test('changing the array passed as the option afterwards changes nothing', async () => {
    const server = await serve(api);
    const list: Middleware[] = [];
    const konpro = createKonproClient({ apiKey: KEY, baseUrl: server.url, middleware: list });
    const late = recorder();
    list.push(late.middleware);
    await konpro.widgetSessions.get('session-789');
    expect(late.seen).toEqual([]);
  });

  test('hooks run in openapi-fetch order: onRequest first to last, onResponse last to first', async () => {
    const server = await serve(api);
    const order: string[] = [];
    const named = (name: string): Middleware => ({
      onRequest: () => void order.push(`${name}.onRequest`),
      onResponse: () => void order.push(`${name}.onResponse`),
    });
    const konpro = createKonproClient({ apiKey: KEY, baseUrl: server.url, middleware: [named('a'), named('b')] });
    await konpro.apiKeys.validate();
    expect(order).toEqual(['a.onRequest', 'b.onRequest', 'b.onResponse', 'a.onResponse']);
  });
});

describe('what hooks may do', () => {
  for (const way of WAYS) {
    test(`${way}: onRequest answering with a Response sends nothing, and no onResponse runs`, async () => {
      const server = await serve(api);
      let responses = 0;
      const konpro = createKonproClient({
        apiKey: KEY,
        baseUrl: server.url,
        middleware: [
          { onResponse: () => void responses++ },
          { onRequest: () => Response.json({ ...SESSION, status: 'from-cache' }) },
        ],
      });
      expect(await outcome(way, OPERATIONS[1], konpro)).toMatchObject({ status: 'from-cache' });
      expect(server.requests).toHaveLength(0);
      expect(responses).toBe(0);
    });

    test(`${way}: onResponse may replace the answer, and an error answer it makes is thrown as one`, async () => {
      const server = await serve(api);
      const konpro = createKonproClient({
        apiKey: KEY,
        baseUrl: server.url,
        middleware: [{ onResponse: () => Response.json(errorBody('RESOURCE_NOT_FOUND', 'gone'), { status: 404 }) }],
      });
      if (way === 'typed') {
        await expect(konpro.widgetSessions.get('session-789')).rejects.toBeInstanceOf(NotFoundError);
      } else {
        const { error, response } = await OPERATIONS[1].raw(konpro);
        expect(response.status).toBe(404);
        expect(error).toMatchObject({ error: { code: 'RESOURCE_NOT_FOUND' } });
      }
    });

    test(`${way}: onError sees the failure without an answer and may answer in its place`, async () => {
      const closed = await serve(api);
      await closed.close();
      const failures: unknown[] = [];
      const konpro = createKonproClient({
        apiKey: KEY,
        baseUrl: closed.url,
        maxRetries: 0,
        middleware: [
          {
            onError: ({ error }) => {
              failures.push(error);
              return Response.json(SESSION);
            },
          },
        ],
      });
      expect(await outcome(way, OPERATIONS[1], konpro)).toEqual(SESSION);
      expect(failures).toHaveLength(1);
      expect(failures[0]).toBeInstanceOf(KonproConnectionError);
    });
  }

  test('withResponse() shows the answer the middleware let through', async () => {
    const server = await serve(api);
    const konpro = createKonproClient({
      apiKey: KEY,
      baseUrl: server.url,
      middleware: [
        {
          onResponse: ({ response }) =>
            new Response(response.body, {
              status: response.status,
              headers: { 'x-request-id': 'req-from-middleware' },
            }),
        },
      ],
    });
    const { data, requestId } = await konpro.widgetSessions.get('session-789').withResponse();
    expect(data).toEqual(SESSION);
    expect(requestId).toBe('req-from-middleware');
  });

  test('the caller’s signal still aborts a call that has middleware', async () => {
    const server = await serve(() => new Promise(() => {}));
    const konpro = createKonproClient({ apiKey: KEY, baseUrl: server.url, middleware: [recorder().middleware] });
    const controller = new AbortController();
    const call = konpro.widgetSessions.get('session-789', { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(call).rejects.toMatchObject({ name: 'KonproAbortError' });
  });
});

describe('careless hooks: everything thrown is a KonproError naming the hook', () => {
  const BROKEN: Array<[string, Middleware, string | RegExp]> = [
    [
      'onRequest throws',
      {
        onRequest: () => {
          throw new TypeError('boom');
        },
      },
      'middleware onRequest threw boom',
    ],
    [
      'onRequest returns a string',
      { onRequest: () => 'nope' as never },
      'middleware onRequest must return a Request, a Response or nothing (got string)',
    ],
    [
      'onResponse throws',
      {
        onResponse: () => {
          throw new RangeError('late');
        },
      },
      'middleware onResponse threw late',
    ],
    [
      'onResponse returns an object',
      { onResponse: () => ({ status: 200 }) as never },
      'middleware onResponse must return a Response or nothing (got Object)',
    ],
  ];
  for (const way of WAYS) {
    for (const [name, middleware, message] of BROKEN) {
      test(`${way}: ${name}`, async () => {
        const server = await serve(api);
        const konpro = createKonproClient({ apiKey: KEY, baseUrl: server.url, middleware: [middleware] });
        const error = await outcome(way, OPERATIONS[1], konpro).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(KonproMiddlewareError);
        expect((error as KonproMiddlewareError).hook).toBe(name.split(' ')[0]);
        expect((error as Error).message).toBe(message);
      });
    }
  }

  test('onError returning a plain Error: thrown as a KonproMiddlewareError with it as the cause', async () => {
    const closed = await serve(api);
    await closed.close();
    const replacement = new Error('our own failure');
    const konpro = createKonproClient({
      apiKey: KEY,
      baseUrl: closed.url,
      maxRetries: 0,
      middleware: [{ onError: () => replacement }],
    });
    const error = await konpro.widgetSessions.get('session-789').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KonproMiddlewareError);
    expect((error as Error).message).toBe('middleware onError returned our own failure');
    expect((error as Error).cause).toBe(replacement);
  });

  test('a KonproError thrown by a hook goes through as it is', async () => {
    const server = await serve(api);
    const own = new KonproError('stop here');
    const konpro = createKonproClient({
      apiKey: KEY,
      baseUrl: server.url,
      middleware: [
        {
          onRequest: () => {
            throw own;
          },
        },
      ],
    });
    await expect(konpro.widgetSessions.get('session-789')).rejects.toBe(own);
  });

  test('hooks never see the key: the transport adds it after them, and the server still gets it', async () => {
    const server = await serve(api);
    const seen: Array<string | null> = [];
    const konpro = createKonproClient({
      apiKey: KEY,
      baseUrl: server.url,
      middleware: [{ onRequest: ({ request }) => void seen.push(request.headers.get('x-api-key')) }],
    });
    await konpro.widgetSessions.get('session-789');
    await konpro.raw.GET('/v1/widget/sessions/{session_id}', { params: { path: { session_id: 'session-789' } } });
    expect(seen).toEqual([null, null]);
    expect(server.requests.map((r) => r.headers['x-api-key'])).toEqual([KEY, KEY]);
  });

  test('a hook that sets the key header itself: the transport sends the client key instead', async () => {
    const server = await serve(api);
    const konpro = createKonproClient({
      apiKey: KEY,
      baseUrl: server.url,
      middleware: [{ onRequest: ({ request }) => void request.headers.set('X-API-Key', 'sk-other-key') }],
    });
    await konpro.widgetSessions.get('session-789');
    expect(server.requests.at(-1)!.headers['x-api-key']).toBe(KEY);
  });

  test('a hook that quotes the key: redacted in the message, and the cause reduced to its name', async () => {
    const server = await serve(api);
    const konpro = createKonproClient({
      apiKey: KEY,
      baseUrl: server.url,
      middleware: [
        {
          onRequest: () => {
            throw new TypeError(`bad key ${KEY}`, { cause: { key: KEY } });
          },
        },
      ],
    });
    const error = (await konpro.widgetSessions.get('session-789').catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(KonproMiddlewareError);
    expect(error.message).not.toContain(KEY);
    expect(error.message).toContain('bad key [redacted]');
    expect(error.cause).toEqual({ name: 'TypeError' });
    expect(inspect(error, { depth: Infinity, showHidden: true })).not.toContain(KEY);
  });

  const BAD_OPTIONS: Array<[unknown, string]> = [
    [{}, 'middleware must be an array of middleware ({ onRequest, onResponse, onError })'],
    [[null], 'middleware[0] must be an object with onRequest, onResponse or onError'],
    [
      [{ onRequest: () => undefined }, { before: () => undefined }],
      'middleware[1] has none of onRequest, onResponse and onError',
    ],
    [[{ onResponse: 'log' }], 'middleware[0].onResponse must be a function (got string)'],
  ];
  for (const [value, message] of BAD_OPTIONS) {
    test(`the option ${JSON.stringify(value)} is refused at creation, naming it`, () => {
      expect(() => createKonproClient({ apiKey: KEY, middleware: value as Middleware[] })).toThrow(
        new KonproConfigError(message.split(' ')[0]!, message.slice(message.indexOf(' ') + 1)),
      );
    });
  }

  test('raw.use() refuses what is not a middleware, naming the argument, and adds nothing', async () => {
    const server = await serve(api);
    const konpro = createKonproClient({ apiKey: KEY, baseUrl: server.url });
    const { middleware, seen } = recorder();
    expect(() => konpro.raw.use(middleware, 'log' as never)).toThrow('raw.use() argument 2 must be an object');
    await konpro.widgetSessions.get('session-789');
    expect(seen).toEqual([]);
  });
});

describe('the key goes to baseUrl’s origin only, whatever a middleware does', () => {
  for (const way of WAYS) {
    test(`${way}: onRequest pointing the request at another origin is refused; that origin sees nothing`, async () => {
      const server = await serve(api);
      const elsewhere = await serve(api, '127.0.0.2');
      const failures: unknown[] = [];
      const konpro = createKonproClient({
        apiKey: KEY,
        baseUrl: server.url,
        middleware: [
          {
            onRequest: ({ request }) => new Request(request.url.replace(server.url, elsewhere.url), request),
            onError: ({ error }) => void failures.push(error),
          },
        ],
      });
      const error = (await outcome(way, OPERATIONS[0], konpro).catch((e: unknown) => e)) as KonproConfigError;
      expect(error).toBeInstanceOf(KonproConfigError);
      expect(error.option).toBe('baseUrl');
      expect(error.message).toContain(`a request was about to go to ${elsewhere.url}`);
      expect(error.message).not.toContain(KEY);
      expect(failures).toEqual([error]);
      expect(elsewhere.requests).toHaveLength(0);
      expect(server.requests).toHaveLength(0);
    });
  }

  test('raw with a per-call baseUrl of another origin is refused too', async () => {
    const server = await serve(api);
    const elsewhere = await serve(api, '127.0.0.2');
    const konpro = createKonproClient({ apiKey: KEY, baseUrl: server.url });
    await expect(konpro.raw.POST('/v1/api-keys/validate', { baseUrl: elsewhere.url })).rejects.toBeInstanceOf(
      KonproConfigError,
    );
    expect(elsewhere.requests).toHaveLength(0);
  });

  test('a redirect is still refused, and onError is told of it', async () => {
    const elsewhere = await serve(api, '127.0.0.2');
    const server = await serve((_req, res) => {
      res.writeHead(307, { location: `${elsewhere.url}/v1/widget/sessions/session-789` });
      res.end();
    });
    const failures: unknown[] = [];
    const konpro = createKonproClient({
      apiKey: KEY,
      baseUrl: server.url,
      middleware: [{ onError: ({ error }) => void failures.push(error) }],
    });
    await expect(konpro.widgetSessions.get('session-789')).rejects.toBeInstanceOf(RedirectError);
    expect(failures[0]).toBeInstanceOf(RedirectError);
    expect(elsewhere.requests).toHaveLength(0);
  });
});
