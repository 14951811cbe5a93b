/**
 * Ways the fake can break the contract, for this project's own tests only (not exported by
 * `konpro-widget-sessions/testing`): each drift names the contract check that must catch it, so
 * the suite proves that every check can fail. A drift is a small behaviour: hooks that the fake
 * core calls before and after it answers.
 */
import type { OperationId } from '../../generated/operations.js';
import { createFake, type FakeKonpro } from './fake-konpro.js';
import type { FakeAnswer, FakeBehaviour, FakeInput, FakeKonproOptions, FakeState } from './fake-types.js';
import { fakeJwt } from './jwt.js';

type JsonObject = Record<string, unknown>;

/** A change to the JSON body of a 2xx answer of one operation. */
function edit(operation: OperationId, change: (body: JsonObject, state: FakeState) => void): FakeBehaviour {
  return {
    after(operationId, _input, answer, state) {
      if (operationId !== operation || !('status' in answer) || answer.status >= 300) return undefined;
      const body = JSON.parse(answer.body) as JsonObject;
      change(body, state);
      return { ...answer, body: JSON.stringify(body) };
    },
  };
}

/** Rewrites the create request's JSON body before the fake reads it. */
function rewriteCreate(change: (body: JsonObject, state: FakeState) => void): FakeBehaviour {
  return {
    before(operationId, input, state) {
      if (operationId !== 'createWidgetSession') return undefined;
      try {
        const body = JSON.parse(input.bodyText) as JsonObject;
        change(body, state);
        input.bodyText = JSON.stringify(body);
      } catch {
        // Not JSON: the fake answers 400 as documented.
      }
      return undefined;
    },
  };
}

const HOUR = 3_600_000;
const isoShift = (value: unknown, ms: number) =>
  new Date(Date.parse(String(value)) + ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Every drift: what it breaks, the check that must catch it, and how. */
export const DRIFTS = {
  'created-202': {
    description: 'create answers 202, a status the contract does not declare',
    check: 'status conformance',
    behaviour: {
      after: (op, _i, answer) =>
        op === 'createWidgetSession' && 'status' in answer && answer.status < 300
          ? { ...answer, status: 202 }
          : undefined,
    },
  },
  'text-errors': {
    description: 'error responses are text/plain',
    check: 'content-type conformance',
    behaviour: {
      after: (_op, _i, answer) =>
        'status' in answer && answer.status >= 400
          ? { status: answer.status, headers: { 'content-type': 'text/plain' }, body: `error ${answer.status}` }
          : undefined,
    },
  },
  'no-widget-url': {
    description: 'create omits widget_url',
    check: 'schema conformance',
    behaviour: edit('createWidgetSession', (body) => delete body.widget_url),
  },
  'epoch-timestamps': {
    description: 'created_at and expires_at are Unix seconds',
    check: 'schema conformance',
    behaviour: edit('getWidgetSession', (body) => {
      body.created_at = Math.floor(Date.parse(String(body.created_at)) / 1000);
      body.expires_at = Math.floor(Date.parse(String(body.expires_at)) / 1000);
    }),
  },
  'opaque-token': {
    description: 'session_token is not a JWT',
    check: 'token is a JWT',
    behaviour: edit('createWidgetSession', (body) => (body.session_token = crypto.randomUUID())),
  },
  'jwt-header-without-alg': {
    description: "session_token's header has no alg",
    check: 'token is a JWT',
    behaviour: edit('createWidgetSession', (body) => (body.session_token = fakeJwt({ sub: 'x' }, { typ: 'JWT' }))),
  },
  'key-in-widget-url': {
    description: 'widget_url carries the API key, for every browser to read',
    check: 'key never in an answer',
    behaviour: edit('createWidgetSession', (body, state) => {
      body.widget_url = `https://widget.konpro.ai/embed?api_key=${encodeURIComponent(state.options.apiKey)}`;
    }),
  },
  'key-in-token': {
    description: "the session token's payload carries the API key",
    check: 'key never in an answer',
    behaviour: edit('createWidgetSession', (body, state) => {
      body.session_token = fakeJwt({ sub: body.session_id, api_key: state.options.apiKey });
    }),
  },
  'widget-url-not-embeddable': {
    description: 'widget_url is not an https URL a page could embed',
    check: 'widget URL embeddable',
    behaviour: edit('createWidgetSession', (body) => (body.widget_url = 'javascript:alert(1)')),
  },
  'ignores-max-duration': {
    description: 'every session lasts 24 h, whatever max_duration says',
    check: 'expiry reflects max_duration',
    behaviour: rewriteCreate((body) => {
      if (body.settings && typeof body.settings === 'object') (body.settings as JsonObject).max_duration = 86_400;
    }),
  },
  'get-other-expiry': {
    description: 'get answers an expires_at an hour later than create did',
    check: 'times agree',
    behaviour: edit('getWidgetSession', (body) => (body.expires_at = isoShift(body.expires_at, HOUR))),
  },
  'created-at-wrong': {
    description: 'get answers a created_at a day before the session was created',
    check: 'times agree',
    behaviour: edit('getWidgetSession', (body) => (body.created_at = isoShift(body.created_at, -24 * HOUR))),
  },
  'get-wrong-avatar': {
    description: 'get answers another agentic_avatar_id',
    check: 'session readable',
    behaviour: edit('getWidgetSession', (body) => (body.agentic_avatar_id = 'avatar-of-someone-else')),
  },
  'delete-keeps-active': {
    description: 'a deleted session still reads as active',
    check: 'termination is permanent',
    behaviour: edit('getWidgetSession', (body) => {
      if (body.status === 'terminated') body.status = 'active';
    }),
  },
  'delete-answers-other-id': {
    description: 'delete answers another session_id',
    check: 'termination',
    behaviour: edit('deleteWidgetSession', (body) => (body.session_id = 'session-other')),
  },
  'second-delete-reactivates': {
    description: 'deleting a terminated session makes it active again',
    check: 'termination is permanent',
    behaviour: {
      before(op, input, state) {
        if (op !== 'deleteWidgetSession') return undefined;
        const session = state.sessions.get(decodeURIComponent(input.path.split('/').at(-1) ?? ''));
        if (!session?.terminated) return undefined;
        session.terminated = false;
        return {
          status: 200,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ message: 'Session reactivated', session_id: session.session_id }),
        };
      },
    },
  },
  'delete-removes-avatar': {
    description: 'deleting a session removes its avatar from the account',
    check: 'avatar untouched by delete',
    behaviour: {
      after(op, _input, answer, state) {
        if (op === 'deleteWidgetSession' && 'status' in answer && answer.status < 300) state.avatars.clear();
        return undefined;
      },
    },
  },
  'default-duration-expired': {
    description: 'a session created without max_duration expired an hour before it was created',
    check: 'default duration',
    behaviour: {
      after(op, input, answer, state) {
        if (op !== 'createWidgetSession' || !('status' in answer) || answer.status >= 300) return undefined;
        if (input.bodyText.includes('max_duration')) return undefined;
        const body = JSON.parse(answer.body) as JsonObject;
        body.expires_at = new Date(state.now() - HOUR).toISOString();
        return { ...answer, body: JSON.stringify(body) };
      },
    },
  },
  'reused-session-id': {
    description: 'every session gets the same session_id',
    check: 'session ids unique',
    behaviour: { sessionId: () => 'session-always-the-same' },
  },
  'accepts-unknown-avatar': {
    description: "a session is created for an avatar that is not the account's",
    check: 'avatar from your account',
    behaviour: rewriteCreate((body, state) => {
      if (typeof body.agentic_avatar_id === 'string' && !state.avatars.has(body.agentic_avatar_id))
        body.agentic_avatar_id = [...state.avatars][0];
    }),
  },
  'unknown-session-500': {
    description: 'get and delete of an unknown session answer 500',
    check: 'unknown session',
    behaviour: {
      after: (op, _i, answer) =>
        op !== 'createWidgetSession' && 'status' in answer && answer.status === 404
          ? { ...answer, status: 500 }
          : undefined,
    },
  },
  'settings-required': {
    description: 'create refuses settings {} (it wants max_duration)',
    check: 'settings optional',
    behaviour: {
      before(op, input) {
        if (op !== 'createWidgetSession' || !/"settings":\{\}/.test(input.bodyText)) return undefined;
        const body = {
          error: { code: 'VALIDATION_ERROR', message: 'max_duration is required' },
          request_id: 'req-400',
        };
        return { status: 400, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
      },
    },
  },
  'minimal-settings-500': {
    description: 'create with settings {} fails with 500',
    check: 'not a server error',
    behaviour: {
      before(op, input) {
        if (op !== 'createWidgetSession' || !/"settings":\{\}/.test(input.bodyText)) return undefined;
        const body = { error: { code: 'PROCESSING_ERROR', message: 'oops' }, request_id: 'req-500' };
        return { status: 500, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
      },
    },
  },
  'settings-optional': {
    description: 'a body without settings is accepted',
    check: 'required fields',
    behaviour: rewriteCreate((body) => {
      body.settings ??= {};
    }),
  },
  'coerces-string-duration': {
    description: 'max_duration "3600" (a string) is accepted',
    check: 'documented input types',
    behaviour: rewriteCreate((body) => {
      const settings = body.settings as JsonObject | undefined;
      if (typeof settings?.max_duration === 'string') settings.max_duration = Number(settings.max_duration);
    }),
  },
  'rejects-documented-example': {
    description: "the Create page's own request example is refused",
    check: 'documented example accepted',
    behaviour: {
      before(op, input) {
        if (op !== 'createWidgetSession' || !input.bodyText.includes('knowledge_base')) return undefined;
        const body = {
          error: { code: 'VALIDATION_ERROR', message: 'knowledge_base is not allowed' },
          request_id: 'req-400',
        };
        return { status: 400, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
      },
    },
  },
  'validate-accepts-any-key': {
    description: 'validateApiKey accepts a wrong key as valid',
    check: 'wrong key rejected',
    behaviour: { checksKey: (op) => op !== 'validateApiKey' },
  },
  'any-key': {
    description: 'any API key, or none, is accepted',
    check: 'key required',
    behaviour: { checksKey: () => false },
  },
  'key-checked-only-on-validate': {
    description: 'create, get and delete work without a key',
    check: 'key required',
    behaviour: { checksKey: (op) => op === 'validateApiKey' },
  },
  'validate-expired-key': {
    description: 'validateApiKey says valid with an expiry in the past',
    check: 'key validation',
    behaviour: edit('validateApiKey', (body) => (body.expires_at = '2020-01-01T00:00:00Z')),
  },
  'shared-token': {
    description: 'every session gets the same session_token',
    check: 'session ids unique',
    behaviour: edit('createWidgetSession', (body) => {
      body.session_token = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzaGFyZWQifQ.c2hhcmVk';
    }),
  },
  'delete-ends-all': {
    description: 'a delete terminates every session of the account, not only the one named',
    check: 'delete ends only the named session',
    behaviour: {
      after(op, _input, answer, state) {
        if (op === 'deleteWidgetSession' && 'status' in answer && answer.status < 300)
          for (const session of state.sessions.values()) session.terminated = true;
        return undefined;
      },
    },
  },
  'expiry-moves': {
    description: 'each read of a session answers an expires_at a minute later than the read before',
    check: 'times agree',
    behaviour: (() => {
      const reads = new Map<string, number>();
      return edit('getWidgetSession', (body) => {
        const n = (reads.get(String(body.session_id)) ?? 0) + 1;
        reads.set(String(body.session_id), n);
        body.expires_at = isoShift(body.expires_at, (n - 1) * 60_000);
      });
    })(),
  },
  'validate-says-invalid': {
    description: 'validateApiKey answers "valid": false for the key every other endpoint accepts',
    check: 'preflight',
    behaviour: edit('validateApiKey', (body) => {
      body.valid = false;
    }),
  },
  'never-expires': {
    description: 'a session reads as active after it expired',
    check: 'expiry',
    behaviour: edit('getWidgetSession', (body) => {
      if (body.status === 'expired') body.status = 'active';
    }),
  },
} satisfies Record<string, { description: string; check: string; behaviour: FakeBehaviour }>;

export type Drift = keyof typeof DRIFTS;

/** The fake, broken in one way (tests only). */
export function createDriftingFake(drift: Drift, options: FakeKonproOptions): FakeKonpro {
  return createFake(options, DRIFTS[drift].behaviour as FakeBehaviour);
}
