import {
  type ApiKeyValidation,
  type CreatedWidgetSession,
  type CreateWidgetSessionParams,
  createKonproClient,
  type DeletedWidgetSession,
  KonproValidationError,
  type WidgetSession,
  type WidgetSessionStatus,
} from 'konpro-widget-sessions';
import { describe, expect, expectTypeOf, test } from 'vitest';
import { API_KEY, AVATAR, CREATED } from './helpers/loopback-server.js';
import { json, recordingFetch } from './helpers/recording-fetch.js';

function setup(options: { validateRequests?: boolean } = {}) {
  const fetch = recordingFetch(() => json(201, CREATED));
  return { fetch, konpro: createKonproClient({ apiKey: API_KEY, fetch, ...options }) };
}

async function problemsOf(run: () => Promise<unknown>) {
  const error = await run().catch((e: unknown) => e);
  expect(error).toBeInstanceOf(KonproValidationError);
  return (error as KonproValidationError).problems.map((p) => `${p.path} ${p.message}`);
}

describe('request validation (before anything is sent)', () => {
  test.each<[string, unknown, string]>([
    ['missing agentic_avatar_id', { settings: {} }, 'agentic_avatar_id is required'],
    ['missing settings', { agentic_avatar_id: AVATAR }, 'settings is required'],
    [
      'empty agentic_avatar_id',
      { agentic_avatar_id: '', settings: {} },
      'agentic_avatar_id must NOT have fewer than 1 characters',
    ],
    ['agentic_avatar_id a number', { agentic_avatar_id: 42, settings: {} }, 'agentic_avatar_id must be string'],
    [
      'max_duration 0',
      { agentic_avatar_id: AVATAR, settings: { max_duration: 0 } },
      'settings.max_duration must be >= 1',
    ],
    [
      'max_duration 1.5',
      { agentic_avatar_id: AVATAR, settings: { max_duration: 1.5 } },
      'settings.max_duration must be integer',
    ],
    [
      'max_duration a string',
      { agentic_avatar_id: AVATAR, settings: { max_duration: '3600' } },
      'settings.max_duration must be integer',
    ],
    [
      'allowed_domains a string',
      { agentic_avatar_id: AVATAR, settings: { allowed_domains: 'example.com' } },
      'settings.allowed_domains must be array',
    ],
    [
      'a domain that is not a string',
      { agentic_avatar_id: AVATAR, settings: { allowed_domains: ['a.com', 7] } },
      'settings.allowed_domains[1] must be string',
    ],
    [
      'a feature flag that is not boolean',
      { agentic_avatar_id: AVATAR, settings: { features: { voice_input: 'no' } } },
      'settings.features.voice_input must be boolean',
    ],
    [
      'a misspelt setting',
      { agentic_avatar_id: AVATAR, settings: { max_durations: 60 } },
      'settings.max_durations is not a documented field',
    ],
    ['a body that is not an object', 'hello', '(root) must be object'],
  ])('create: %s', async (_name, params, problem) => {
    const { fetch, konpro } = setup();
    const problems = await problemsOf(() => konpro.widgetSessions.create(params as CreateWidgetSessionParams));
    expect(problems).toContain(problem);
    expect(fetch.requests).toHaveLength(0);
  });

  test('every problem is listed, and the message names each field', async () => {
    const { konpro } = setup();
    const error = (await konpro.widgetSessions
      .create({ settings: { max_duration: -5, features: { text_input: 1 } } } as never)
      .catch((e: unknown) => e)) as KonproValidationError;
    expect(error.problems).toHaveLength(3);
    expect(error.message).toBe(
      'Invalid createWidgetSession request body: agentic_avatar_id is required; settings.max_duration must be >= 1; settings.features.text_input must be boolean',
    );
    expect(error.problems[1]).toEqual({ path: 'settings.max_duration', message: 'must be >= 1', value: -5 });
  });

  test.each<[string, unknown]>([
    ['empty', ''],
    ['a number', 42],
    ['"."', '.'],
    ['".."', '..'],
  ])('get and delete: a session id that is %s is rejected', async (_name, id) => {
    const { fetch, konpro } = setup();
    expect((await problemsOf(() => konpro.widgetSessions.get(id as string)))[0]).toMatch(/^session_id /);
    expect((await problemsOf(() => konpro.widgetSessions.delete(id as string)))[0]).toMatch(/^session_id /);
    expect(fetch.requests).toHaveLength(0);
  });

  test('validateRequests: false sends what it is given (the server decides)', async () => {
    const { fetch, konpro } = setup({ validateRequests: false });
    await konpro.widgetSessions.create({ agentic_avatar_id: AVATAR, settings: { max_duration: 0 } });
    expect(fetch.requests).toHaveLength(1);
  });
});

describe('types', () => {
  test('parameters and results come from the spec', () => {
    const { konpro } = setup();
    expectTypeOf(konpro.widgetSessions.create).parameter(0).toEqualTypeOf<CreateWidgetSessionParams>();
    expectTypeOf(konpro.widgetSessions.create).returns.resolves.toEqualTypeOf<CreatedWidgetSession>();
    expectTypeOf(konpro.widgetSessions.get).returns.resolves.toEqualTypeOf<WidgetSession>();
    expectTypeOf(konpro.widgetSessions.delete).returns.resolves.toEqualTypeOf<DeletedWidgetSession>();
    expectTypeOf(konpro.apiKeys.validate).returns.resolves.toEqualTypeOf<ApiKeyValidation>();
    expectTypeOf<CreatedWidgetSession>().toHaveProperty('session_token').toEqualTypeOf<string>();
    expectTypeOf<ApiKeyValidation['expires_at']>().toEqualTypeOf<string | null>();
    expectTypeOf<'active'>().toMatchTypeOf<WidgetSessionStatus>();
    expectTypeOf<CreateWidgetSessionParams['settings']>().toEqualTypeOf<{
      max_duration?: number;
      allowed_domains?: string[];
      features?: { voice_input?: boolean; text_input?: boolean; knowledge_base?: boolean };
    }>();
  });

  test('wrong calls do not compile', () => {
    const { konpro } = setup();
    const never = () => {
      // @ts-expect-error settings is required
      void konpro.widgetSessions.create({ agentic_avatar_id: AVATAR });
      // @ts-expect-error a misspelt field
      void konpro.widgetSessions.create({ agentic_avatar_id: AVATAR, settings: { max_durations: 60 } });
      // @ts-expect-error max_duration is a number
      void konpro.widgetSessions.create({ agentic_avatar_id: AVATAR, settings: { max_duration: '60' } });
      // @ts-expect-error feature flags are booleans
      void konpro.widgetSessions.create({ agentic_avatar_id: AVATAR, settings: { features: { voice_input: 'no' } } });
      // @ts-expect-error the session id is a string
      void konpro.widgetSessions.get(789);
      // @ts-expect-error results have no such field
      void konpro.widgetSessions.get('s').then((s) => s.token);
      // @ts-expect-error raw knows the paths
      void konpro.raw.GET('/v1/widget/session');
      // @ts-expect-error unknown client option
      createKonproClient({ apiKey: API_KEY, retries: 3 });
    };
    expect(typeof never).toBe('function');
  });
});
