/**
 * konpro-widget-sessions/testing: the fake KonPro behaves as the vendor documents it, through an
 * injected fetch, on a loopback port, and behind msw, and never records the key.
 */
import {
  AuthenticationError,
  BadRequestError,
  createKonproClient,
  InternalServerError,
  KonproConfigError,
  KonproConnectionError,
  KonproTimeoutError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
} from 'konpro-widget-sessions';
import { createFakeKonpro, type FakeKonproOptions } from 'konpro-widget-sessions/testing';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { describe, expect, test } from 'vitest';
import { contract } from '../generated/contract.js';
import { createContractValidators } from '../src/contract/runtime-validators.js';

const KEY = 'sk-fake-kit-0123456789';
const AVATAR = '3deccfb2-cf96-459c-8b69-f601d6767ea5';
const validators = createContractValidators(contract);

function setup(options: Partial<FakeKonproOptions> = {}) {
  let clock = Date.parse('2026-03-01T10:00:00Z');
  const fake = createFakeKonpro({ apiKey: KEY, agenticAvatarIds: [AVATAR], now: () => clock, ...options });
  const konpro = createKonproClient({ apiKey: KEY, fetch: fake.fetch, maxRetries: 0, validateResponses: true });
  return { fake, konpro, advance: (ms: number) => (clock += ms) };
}
const create = (konpro: ReturnType<typeof setup>['konpro'], settings = {}) =>
  konpro.widgetSessions.create({ agentic_avatar_id: AVATAR, settings });

describe('the fake KonPro, as documented', () => {
  test('creates, reads, expires and terminates sessions in the documented shapes', async () => {
    const { fake, konpro, advance } = setup();
    const created = await create(konpro, { max_duration: 60 });
    expect(created.expires_at).toBe('2026-03-01T10:01:00Z');
    expect(await konpro.widgetSessions.get(created.session_id)).toMatchObject({
      status: 'active',
      created_at: '2026-03-01T10:00:00Z',
    });
    advance(60_000);
    expect(fake.sessions[0]?.status).toBe('expired');
    await konpro.widgetSessions.delete(created.session_id);
    expect(fake.sessions[0]?.status).toBe('terminated');
    for (const session of fake.sessions) expect(validators.responseBody('getWidgetSession', 200, session)).toEqual([]);
  });

  test('without max_duration a session lasts the default (3600 s, or defaultMaxDuration)', async () => {
    expect((await create(setup().konpro)).expires_at).toBe('2026-03-01T11:00:00Z');
    expect((await create(setup({ defaultMaxDuration: 120 }).konpro)).expires_at).toBe('2026-03-01T10:02:00Z');
  });

  test.each<[string, () => Promise<unknown>, unknown, string]>([
    [
      'a wrong key',
      () => createKonproClient({ apiKey: 'sk-other-0123456', fetch: setup().fake.fetch }).apiKeys.validate(),
      AuthenticationError,
      'INVALID_API_KEY',
    ],
    [
      "another account's avatar",
      () => setup().konpro.widgetSessions.create({ agentic_avatar_id: 'other', settings: {} }),
      BadRequestError,
      'INVALID_REQUEST',
    ],
    [
      'an unknown session',
      () => setup().konpro.widgetSessions.get('session-nope'),
      NotFoundError,
      'RESOURCE_NOT_FOUND',
    ],
    [
      'a read-only key deleting',
      () => setup({ scopes: ['read'] }).konpro.widgetSessions.delete('s'),
      PermissionDeniedError,
      'INSUFFICIENT_PERMISSIONS',
    ],
  ])('%s: the documented status, code, body and request id', async (_name, call, ErrorClass, code) => {
    const error = await call().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ErrorClass as never);
    expect(error).toMatchObject({ code, requestId: expect.stringMatching(/^req-\d+$/) });
  });

  test('no key: 401 with the documented body, and the request id in body and header', async () => {
    const response = await setup().fake.fetch('https://api.konpro.ai/v1/api-keys/validate', { method: 'POST' });
    expect(response.status).toBe(401);
    const body = await response.json();
    expect(body).toEqual({
      error: { code: 'INVALID_API_KEY', message: 'Invalid or missing API key.' },
      request_id: response.headers.get('x-request-id'),
    });
    expect(validators.responseBody('validateApiKey', 401, body)).toEqual([]);
  });

  test('client-side validation off: the fake itself answers 400 for what the spec rejects', async () => {
    const { fake } = setup();
    const konpro = createKonproClient({ apiKey: KEY, fetch: fake.fetch, validateRequests: false, maxRetries: 0 });
    await expect(
      konpro.widgetSessions.create({ agentic_avatar_id: AVATAR, settings: { max_duration: 0 } }),
    ).rejects.toMatchObject({
      constructor: BadRequestError,
      code: 'VALIDATION_ERROR',
      status: 400,
      details: { field: 'settings.max_duration' },
    });
  });

  test('the Free Trial plan: 10 a minute, then 429 (Retry-After only if asked), and 100 a day', async () => {
    const { fake, konpro, advance } = setup({ plan: 'free-trial' });
    for (let i = 0; i < 10; i++) await konpro.apiKeys.validate();
    const limited = await konpro.apiKeys.validate().catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(RateLimitError);
    expect((limited as RateLimitError).retryAfterMs).toBeUndefined();
    for (let minute = 1; minute < 10; minute++) {
      advance(60_000);
      for (let i = 0; i < 10; i++) await konpro.apiKeys.validate();
    }
    advance(60_000);
    await expect(konpro.apiKeys.validate()).rejects.toBeInstanceOf(RateLimitError);
    expect(fake.requests.filter((r) => r.status === 200)).toHaveLength(100);
    const told = setup({ plan: 'free-trial', retryAfterOnRateLimit: true });
    for (let i = 0; i < 10; i++) await told.konpro.apiKeys.validate();
    await expect(told.konpro.apiKeys.validate()).rejects.toMatchObject({ retryAfterMs: 60_000 });
  });

  test('failNext: 503 with Retry-After (retried by the client), 500, a dropped connection, a stall', async () => {
    const { fake } = setup();
    const retrying = createKonproClient({ apiKey: KEY, fetch: fake.fetch, maxRetries: 1 });
    fake.failNext({ status: 503, retryAfterSeconds: 0 });
    expect((await retrying.apiKeys.validate()).valid).toBe(true);
    fake.failNext({ status: 500 });
    await expect(retrying.widgetSessions.create({ agentic_avatar_id: AVATAR, settings: {} })).rejects.toBeInstanceOf(
      InternalServerError,
    );
    fake.failNext({ kind: 'drop' });
    await expect(retrying.widgetSessions.create({ agentic_avatar_id: AVATAR, settings: {} })).rejects.toBeInstanceOf(
      KonproConnectionError,
    );
    fake.failNext({ kind: 'stall' });
    const stalled = await retrying.apiKeys.validate({ timeoutMs: 50, maxRetries: 0 }).catch((e: unknown) => e);
    expect(stalled).toBeInstanceOf(KonproTimeoutError);
    expect(fake.sessions).toEqual([]);
  });

  test('requests are recorded without the key', async () => {
    const { fake, konpro } = setup();
    await create(konpro);
    await konpro.apiKeys.validate();
    expect(fake.requests).toEqual([
      {
        method: 'POST',
        path: '/v1/widget/sessions',
        operationId: 'createWidgetSession',
        status: 201,
        requestId: 'req-100001',
      },
      {
        method: 'POST',
        path: '/v1/api-keys/validate',
        operationId: 'validateApiKey',
        status: 200,
        requestId: 'req-100002',
      },
    ]);
    expect(JSON.stringify(fake)).not.toContain(KEY);
  });

  test('listen(): the same fake on a loopback port; a taken port is a clear error', async () => {
    const { fake } = setup();
    const server = await fake.listen();
    try {
      const konpro = createKonproClient({ apiKey: KEY, baseUrl: server.url });
      const created = await create(konpro);
      expect(fake.sessions.map((s) => s.session_id)).toEqual([created.session_id]);
      const port = Number(new URL(server.url).port);
      await expect(createFakeKonpro({ apiKey: KEY, agenticAvatarIds: [AVATAR] }).listen({ port })).rejects.toThrow(
        new KonproConfigError('port', `${port} on 127.0.0.1 is already in use`),
      );
    } finally {
      await server.close();
    }
  });

  test('behind msw: the client with no injected fetch reaches the fake', async () => {
    const { fake } = setup();
    const server = setupServer(http.all('https://api.konpro.ai/*', ({ request }) => fake.fetch(request)));
    server.listen({ onUnhandledRequest: 'error' });
    try {
      const konpro = createKonproClient({ apiKey: KEY });
      const created = await create(konpro);
      expect((await konpro.widgetSessions.get(created.session_id)).status).toBe('active');
      expect(fake.requests).toHaveLength(2);
      expect(HttpResponse).toBeTypeOf('function');
    } finally {
      server.close();
    }
  });

  test.each<[string, unknown, string]>([
    ['no options', undefined, 'createFakeKonpro'],
    ['no key', { agenticAvatarIds: [AVATAR] }, 'apiKey'],
    ['avatars not an array', { apiKey: KEY, agenticAvatarIds: AVATAR }, 'agenticAvatarIds'],
    ['an unknown plan', { apiKey: KEY, agenticAvatarIds: [AVATAR], plan: 'gold' }, 'plan'],
    ['a created status of 202', { apiKey: KEY, agenticAvatarIds: [AVATAR], createdStatus: 202 }, 'createdStatus'],
    ['a typo', { apiKey: KEY, agenticAvatarIds: [AVATAR], plann: 'pro' }, 'plann'],
  ])('bad options (%s): KonproConfigError naming the option', (_name, options, option) => {
    expect(() => createFakeKonpro(options as never)).toThrow(
      expect.objectContaining({ name: 'KonproConfigError', option }),
    );
  });

  test('a typo gets a suggestion, as the client gives one', () => {
    expect(() => createFakeKonpro({ apiKey: KEY, agenticAvatarIds: [AVATAR], plann: 'pro' } as never)).toThrow(
      'plann is not an option of createFakeKonpro (did you mean plan?)',
    );
  });
});
