/**
 * The contract run against a real server (KonPro, or a stand-in): about 16 requests that
 * exercise every operation through the typed client and, where the client would hide the
 * protocol (no key, bodies it would reject), through plain fetch. Everything it creates is
 * deleted at the end, also when checks fail; on 429 it waits as told and goes on.
 */
import { contract as generatedContract } from '../../generated/contract.js';
import { createKonproClient } from '../client.js';
import { AuthenticationError, KonproError } from '../errors.js';
import type { FetchLike } from '../internal/attempt.js';
import { parseRetryAfter } from '../internal/retry-policy.js';
import type { CreatedWidgetSession } from '../types.js';
import { type CheckResult, ContractChecker, type Coverage } from './contract-checker.js';
import type { ContractLike } from './runtime-validators.js';

export interface LiveContractOptions {
  baseUrl: string;
  apiKey: string;
  /** An agentic avatar of the key's account. */
  agenticAvatarId: string;
  /** The contract to check against. @default the generated contract of openapi/konpro.yaml */
  contract?: ContractLike;
  fetch?: FetchLike;
  /** Progress lines (never contain the key). */
  log?: (line: string) => void;
  /** Total time the run may spend waiting on 429s. @default 120000 */
  maxRateLimitWaitMs?: number;
  /** Allowed clock difference when checking `expires_at`. @default 120000 */
  clockSkewMs?: number;
}

export interface LiveContractReport {
  results: CheckResult[];
  violations: CheckResult[];
  coverage: Coverage;
  /** Requests sent, 429 re-sends included. */
  requests: number;
}

/** The key was rejected (or the server could not be reached) by the `validateApiKey` preflight. */
export class LivePreflightError extends KonproError {
  override name = 'LivePreflightError';
}

const WRONG_KEY = 'konpro-contract-suite-wrong-key';
const MAX_DURATION = 600;
const DEFAULT_RATE_LIMIT_WAIT_MS = 10_000;

function decodeJwtPart(part: string | undefined): unknown {
  try {
    const value: unknown = JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** A promise's value, or the error it failed with (so one failed step does not end the run). */
function settle<T>(promise: Promise<T>): Promise<T | Error> {
  return promise.catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
}

export async function runLiveContract(options: LiveContractOptions): Promise<LiveContractReport> {
  const { baseUrl, apiKey, agenticAvatarId, log = () => {} } = options;
  const checker = new ContractChecker(options.contract ?? generatedContract);
  const baseFetch = options.fetch ?? ((url: string, init: RequestInit) => globalThis.fetch(url, init));
  const skew = options.clockSkewMs ?? 120_000;
  let waitBudget = options.maxRateLimitWaitMs ?? 120_000;
  let requests = 0;
  let last: { status: number; body: unknown } = { status: 0, body: undefined };

  /** Sends, waits out 429s, and checks every final response against the contract. */
  const observingFetch = async (url: string, init: RequestInit): Promise<Response> => {
    const request = new Request(url, init);
    const operationId = checker.operationFor(request.method, new URL(request.url).pathname) ?? 'unknown';
    const body = request.body === null ? null : await request.arrayBuffer();
    for (;;) {
      requests++;
      const response = await baseFetch(request.url, {
        method: request.method,
        headers: request.headers,
        body,
        redirect: 'manual',
        signal: request.signal,
      });
      const bodyText = await response.text();
      checker.checkExchange({
        operationId,
        status: response.status,
        contentType: response.headers.get('content-type'),
        bodyText,
      });
      const wait = parseRetryAfter(response.headers.get('retry-after')) ?? DEFAULT_RATE_LIMIT_WAIT_MS;
      if (response.status === 429 && wait <= waitBudget) {
        log(`  429 on ${operationId}: waiting ${Math.ceil(wait / 1000)} s as told`);
        waitBudget -= wait;
        await new Promise((resolve) => setTimeout(resolve, wait));
        continue;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(bodyText);
      } catch {
        parsed = undefined;
      }
      last = { status: response.status, body: parsed };
      return new Response(bodyText, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
    }
  };

  const client = createKonproClient({ apiKey, baseUrl, fetch: observingFetch, maxRetries: 0, validateRequests: false });
  const plain = (
    operationId: string,
    method: string,
    path: string,
    init: { key?: string | null; body?: unknown } = {},
  ) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    const key = init.key === undefined ? apiKey : init.key;
    if (key !== null) headers['x-api-key'] = key;
    log(`  ${operationId}: ${method} ${path}`);
    return observingFetch(`${baseUrl}${path}`, {
      method,
      headers,
      ...(init.body === undefined
        ? {}
        : { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) }),
    });
  };
  const notServerError = (operationId: string, what: string) =>
    checker.expect('not a server error', operationId, last.status < 500, `${what} answered ${last.status}`, {
      status: last.status,
    });
  const toDelete = new Set<string>();

  // 1. Preflight: a rejected key ends the run at once.
  log('preflight: validateApiKey');
  try {
    const key = await client.apiKeys.validate();
    if (key.valid === false)
      throw new LivePreflightError(
        'The API key was rejected: validateApiKey answered "valid": false. Check KONPRO_API_KEY.',
      );
    checker.expect('preflight', 'validateApiKey', true, `key ${String(key.key_id)} is valid`, { status: last.status });
  } catch (error) {
    if (error instanceof LivePreflightError) throw error;
    if (error instanceof AuthenticationError)
      throw new LivePreflightError(
        `The API key was rejected by validateApiKey: ${error.message}. Check KONPRO_API_KEY.`,
      );
    throw new LivePreflightError(`The preflight validateApiKey call failed: ${(error as Error).message}`);
  }

  try {
    // 2. Auth enforced: a wrong key here; no key on the other operations below.
    await plain('validateApiKey', 'POST', '/v1/api-keys/validate', { key: WRONG_KEY });
    checker.expect('auth enforced', 'validateApiKey', last.status === 401, `a wrong key answered ${last.status}`, {
      status: last.status,
    });

    // 3. Positive data: with every setting, and with none.
    const full = {
      agentic_avatar_id: agenticAvatarId,
      settings: {
        max_duration: MAX_DURATION,
        allowed_domains: ['example.com', 'app.example.com'],
        features: { voice_input: true, text_input: true, knowledge_base: false },
      },
    };
    const created: CreatedWidgetSession[] = [];
    for (const [what, params] of [
      ['every setting', full],
      ['no optional setting', { agentic_avatar_id: agenticAvatarId, settings: {} }],
    ] as const) {
      log(`  createWidgetSession: ${what}`);
      const before = Date.now();
      const session = await settle(client.widgetSessions.create(params));
      notServerError('createWidgetSession', `create with ${what}`);
      if (
        !checker.expect(
          'positive data accepted',
          'createWidgetSession',
          !(session instanceof Error),
          `create with ${what}: ${session instanceof Error ? session.message : `${last.status}`}`,
          { status: last.status },
        )
      )
        continue;
      const s = session as CreatedWidgetSession;
      if (typeof s.session_id === 'string') toDelete.add(s.session_id);
      const [header, payload] = String(s.session_token).split('.');
      checker.expect(
        'token shape',
        'createWidgetSession',
        decodeJwtPart(header) !== undefined && decodeJwtPart(payload) !== undefined,
        'session_token header and payload decode to JSON objects',
      );
      created.push(Object.assign(s, { _before: before }));
    }

    await plain('createWidgetSession', 'POST', '/v1/widget/sessions', { key: null, body: full });
    checker.expect('auth enforced', 'createWidgetSession', last.status === 401, `no key answered ${last.status}`, {
      status: last.status,
    });
    const sneaked = (last.body as { session_id?: unknown } | undefined)?.session_id;
    if (last.status < 300 && typeof sneaked === 'string') toDelete.add(sneaked);

    // 4. Resource availability: the created session reads back as created.
    const first = created[0] as (CreatedWidgetSession & { _before: number }) | undefined;
    if (first) {
      log(`  getWidgetSession: ${first.session_id}`);
      const read = await settle(client.widgetSessions.get(first.session_id));
      notServerError('getWidgetSession', 'get after create');
      if (read instanceof Error) {
        checker.expect('resource availability', 'getWidgetSession', false, `get after create failed: ${read.message}`);
      } else {
        const expires = Date.parse(read.expires_at);
        const earliest = first._before + MAX_DURATION * 1000 - skew;
        const latest = Date.now() + MAX_DURATION * 1000 + skew;
        checker.expect(
          'resource availability',
          'getWidgetSession',
          read.session_id === first.session_id,
          `session_id ${read.session_id} (created ${first.session_id})`,
        );
        checker.expect(
          'resource availability',
          'getWidgetSession',
          read.agentic_avatar_id === agenticAvatarId,
          `agentic_avatar_id ${read.agentic_avatar_id}`,
        );
        checker.expect('resource availability', 'getWidgetSession', read.status === 'active', `status ${read.status}`);
        checker.expect(
          'resource availability',
          'getWidgetSession',
          expires >= earliest && expires <= latest,
          `expires_at ${read.expires_at} reflects max_duration ${MAX_DURATION} s`,
        );
      }
    }

    // 5. Negative data: bodies the docs make certain are invalid, sent past the client's checks.
    const negatives: Array<[string, unknown]> = [
      ['agentic_avatar_id missing', { settings: {} }],
      ['settings of the wrong JSON type', { agentic_avatar_id: agenticAvatarId, settings: 'all' }],
      ['max_duration 0', { agentic_avatar_id: agenticAvatarId, settings: { max_duration: 0 } }],
      ['max_duration not an integer', { agentic_avatar_id: agenticAvatarId, settings: { max_duration: 1.5 } }],
    ];
    for (const [what, body] of negatives) {
      await plain('createWidgetSession', 'POST', '/v1/widget/sessions', { body });
      const rejected =
        last.status >= 400 &&
        last.status < 500 &&
        String(last.status) in generatedContract.operations.createWidgetSession.responses;
      checker.expect('negative data rejected', 'createWidgetSession', rejected, `${what} answered ${last.status}`, {
        status: last.status,
      });
      const id = (last.body as { session_id?: unknown } | undefined)?.session_id;
      if (last.status < 300 && typeof id === 'string') toDelete.add(id);
    }

    // 6. Delete, then use after delete (first without a key: that must change nothing).
    if (first) {
      const path = `/v1/widget/sessions/${encodeURIComponent(first.session_id)}`;
      for (const [operationId, method] of [
        ['getWidgetSession', 'GET'],
        ['deleteWidgetSession', 'DELETE'],
      ] as const) {
        await plain(operationId, method, path, { key: null });
        checker.expect('auth enforced', operationId, last.status === 401, `no key answered ${last.status}`, {
          status: last.status,
        });
      }
      log(`  deleteWidgetSession: ${first.session_id}`);
      const deleted = await settle(client.widgetSessions.delete(first.session_id));
      notServerError('deleteWidgetSession', 'delete');
      if (!(deleted instanceof Error)) toDelete.delete(first.session_id);
      checker.expect(
        'positive data accepted',
        'deleteWidgetSession',
        !(deleted instanceof Error) && deleted.session_id === first.session_id,
        `delete answered ${last.status}`,
        { status: last.status },
      );
      const after = await settle(client.widgetSessions.get(first.session_id));
      const gone = last.status === 404 || (!(after instanceof Error) && after.status !== 'active');
      checker.expect(
        'use after delete',
        'getWidgetSession',
        gone,
        `get after delete answered ${last.status}${after instanceof Error ? '' : ` with status ${after.status}`}`,
        { status: last.status },
      );
      await client.widgetSessions.delete(first.session_id).catch(() => undefined);
      checker.expect(
        'use after delete',
        'deleteWidgetSession',
        last.status >= 400 && last.status < 500,
        `deleting again answered ${last.status}`,
        { status: last.status },
      );
    }
  } finally {
    // 7. Cleanup: nothing the run created outlives it.
    for (const id of toDelete) {
      log(`  cleanup: deleteWidgetSession ${id}`);
      const result = await settle(client.widgetSessions.delete(id));
      checker.expect(
        'cleanup',
        'deleteWidgetSession',
        !(result instanceof Error),
        `deleted ${id}${result instanceof Error ? `: ${result.message}` : ''}`,
      );
    }
  }

  for (const operationId of checker.untestedOperations()) {
    checker.expect('coverage', operationId, false, `${operationId} has no contract test`);
  }
  return { results: checker.results, violations: checker.violations, coverage: checker.coverage(), requests };
}
