import { inspect } from 'node:util';
import {
  AuthenticationError,
  BadRequestError,
  createKonproClient,
  InternalServerError,
  KonproApiError,
  KonproError,
  KonproResponseValidationError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
} from 'konpro-widget-sessions';
import { describe, expect, test } from 'vitest';
import { API_KEY, AVATAR, CREATED, errorBody } from './helpers/loopback-server.js';
import { json, recordingFetch } from './helpers/recording-fetch.js';

const body = { agentic_avatar_id: AVATAR, settings: {} };
const clientAnswering = (response: () => Response, extra: object = {}) =>
  createKonproClient({ apiKey: API_KEY, fetch: recordingFetch(response), maxRetries: 0, ...extra });

describe('API errors', () => {
  test.each([
    [400, BadRequestError, 'VALIDATION_ERROR'],
    [401, AuthenticationError, 'INVALID_API_KEY'],
    [403, PermissionDeniedError, 'INSUFFICIENT_PERMISSIONS'],
    [404, NotFoundError, 'RESOURCE_NOT_FOUND'],
    [429, RateLimitError, 'RATE_LIMIT_EXCEEDED'],
    [500, InternalServerError, 'PROCESSING_ERROR'],
    [503, InternalServerError, 'SERVICE_UNAVAILABLE'],
    [409, KonproApiError, 'CONFLICT'],
  ])('%i → %o with status, code, message, details and request id', async (status, ErrorClass, code) => {
    const details = { field: 'agentic_avatar_id', reason: 'missing' };
    const konpro = clientAnswering(() => json(status, errorBody(code, 'human readable', details)));
    const error = await konpro.widgetSessions.create(body).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toBeInstanceOf(KonproApiError);
    expect(error).toBeInstanceOf(KonproError);
    expect(error).toMatchObject({ status, code, details, requestId: 'req-123456', name: ErrorClass.name });
    expect((error as Error).message).toBe(
      `${status} ${code}: human readable (createWidgetSession POST /v1/widget/sessions, request_id req-123456)`,
    );
    expect(error).toMatchObject({ operation: 'createWidgetSession', method: 'POST', path: '/v1/widget/sessions' });
    expect((error as KonproApiError).headers.get('content-type')).toBe('application/json');
  });

  test('an undocumented error code still yields the class for its status', async () => {
    const konpro = clientAnswering(() => json(400, errorBody('INVALID_REQUEST', 'Avatar not found')));
    await expect(konpro.widgetSessions.create(body)).rejects.toMatchObject({
      constructor: BadRequestError,
      code: 'INVALID_REQUEST',
    });
  });

  test('an HTML page from a proxy yields the right class and a useful message', async () => {
    const html = '<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>';
    const konpro = clientAnswering(
      () => new Response(html, { status: 502, statusText: 'Bad Gateway', headers: { 'content-type': 'text/html' } }),
    );
    const error = await konpro.widgetSessions.get('session-789').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error).toMatchObject({ status: 502, code: undefined, requestId: undefined });
    expect((error as Error).message).toMatch(
      /^502 Bad Gateway: a body that is not the documented JSON error \(text\/html\): ".*Bad Gateway/,
    );
  });

  test('truncated JSON, an empty body and a JSON body of the wrong shape never crash', async () => {
    const cases: Array<[Response, RegExp]> = [
      [
        json(401, '{"error": {"code": "INVALID_AP'),
        /^401: a body that is not the documented JSON error \(application\/json\): "\{\\"error/,
      ],
      [new Response(null, { status: 403 }), /^403: an empty body \(getWidgetSession GET \/v1\/widget\/sessions\/x\)$/],
      [
        json(404, { message: 'not found' }),
        /^404: a body that is not the documented JSON error \(application\/json\): "\{\\"message\\":\\"not found\\"\}"/,
      ],
      [json(404, [1, 2]), /^404: a body that is not the documented JSON error/],
    ];
    for (const [response, message] of cases) {
      const error = await clientAnswering(() => response)
        .widgetSessions.get('x')
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(KonproApiError);
      expect((error as Error).message).toMatch(message);
    }
  });

  test('request id falls back to the x-request-id header', async () => {
    const konpro = clientAnswering(() => new Response('oops', { status: 500, headers: { 'x-request-id': 'req-hdr' } }));
    await expect(konpro.widgetSessions.get('x')).rejects.toMatchObject({ requestId: 'req-hdr' });
  });

  test('429 carries the wait the server asked for', async () => {
    const konpro = clientAnswering(() =>
      json(429, errorBody('RATE_LIMIT_EXCEEDED', 'slow down'), { 'retry-after': '120' }),
    );
    await expect(konpro.widgetSessions.create(body)).rejects.toMatchObject({
      constructor: RateLimitError,
      retryAfterMs: 120_000,
    });
  });
});

describe('2xx bodies', () => {
  test('a 2xx body that is not JSON is reported, not passed on', async () => {
    const konpro = clientAnswering(
      () => new Response('<html>', { status: 201, headers: { 'content-type': 'text/html' } }),
    );
    const error = await konpro.widgetSessions.create(body).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KonproResponseValidationError);
    expect((error as Error).message).toBe(
      'createWidgetSession POST /v1/widget/sessions answered 201 with a body that breaks the contract: (root) is not valid JSON',
    );
  });

  test('validateResponses: a body that breaks the schema names the JSON path', async () => {
    const broken = { ...CREATED, session_token: 'not-a-jwt', expires_at: 'soon' };
    const strict = clientAnswering(() => json(201, broken), { validateResponses: true });
    const error = (await strict.widgetSessions.create(body).catch((e: unknown) => e)) as KonproResponseValidationError;
    expect(error).toBeInstanceOf(KonproResponseValidationError);
    expect(error.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'session_token', value: 'not-a-jwt' }),
        expect.objectContaining({ path: 'expires_at', message: 'must match format "date-time"', value: 'soon' }),
      ]),
    );
    const lenient = clientAnswering(() => json(201, broken));
    expect(await lenient.widgetSessions.create(body)).toEqual(broken);
  });
});

describe('the API key never leaks', () => {
  test('not in errors: message, String, JSON, util.inspect, stack', async () => {
    const echo = `{"error":{"code":"INVALID_API_KEY","message":"key ${API_KEY} rejected","details":{"key":"${API_KEY}"}},"request_id":"r"}`;
    const failures: unknown[] = [
      await clientAnswering(() => json(401, echo))
        .apiKeys.validate()
        .catch((e: unknown) => e),
      await clientAnswering(() => new Response(`<pre>x-api-key: ${API_KEY}</pre>`, { status: 502 }))
        .apiKeys.validate()
        .catch((e: unknown) => e),
      await clientAnswering(() => new Response(`token ${API_KEY}`, { status: 200 }))
        .apiKeys.validate()
        .catch((e: unknown) => e),
      await createKonproClient({ apiKey: API_KEY, baseUrl: 'http://127.0.0.1:1', maxRetries: 0 })
        .apiKeys.validate()
        .catch((e: unknown) => e),
      await clientAnswering(() => json(200, {}))
        .widgetSessions.create({ agentic_avatar_id: 7 } as never)
        .catch((e: unknown) => e),
    ];
    for (const error of failures) {
      expect(error).toBeInstanceOf(KonproError);
      for (const text of [
        (error as Error).message,
        String(error),
        JSON.stringify(error),
        inspect(error, { depth: 10 }),
        (error as Error).stack,
      ]) {
        expect(text).not.toContain(API_KEY);
      }
    }
    expect(
      inspect(
        clientAnswering(() => json(200, {})),
        { depth: 10 },
      ),
    ).not.toContain(API_KEY);
  });
});
