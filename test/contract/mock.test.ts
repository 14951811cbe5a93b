/**
 * The contract suite against the Prism mock of openapi/konpro.yaml (spawned once by
 * test/setup/prism.ts). The checker is compiled from the YAML itself.
 */

import { createKonproClient } from 'konpro-widget-sessions';
import { describe, expect, test } from 'vitest';
import { buildContract } from '../../scripts/build-contract.js';
import { loadSpec } from '../../scripts/load-spec.js';
import { ContractChecker } from '../../src/contract/contract-checker.js';
import { formatCoverage, writeCoverageReport } from '../../src/contract/coverage-report.js';
import type { CheckResult } from '../../src/contract/types.js';
import { parseJsonBody } from '../../src/internal/gate/json-body.js';
import { NOTHING_TO_REDACT } from '../../src/internal/gate/redact.js';
import { AVATAR } from '../helpers/loopback-server.js';
import { prismReady } from '../helpers/prism.js';

const spec = await loadSpec();
const contract = buildContract(spec);
const checker = new ContractChecker(contract);
const prismUrl = await prismReady();
const VALID_BODY = { agentic_avatar_id: AVATAR, settings: { max_duration: 3600 } };

interface Probe {
  prefer?: string;
  key?: string | null;
  body?: unknown;
}

/** Sends one request with plain fetch and checks the response; returns it and its violations. */
async function probe(operationId: string, { prefer, key = 'mock-key', body }: Probe = {}) {
  const op = contract.operations[operationId]!;
  const headers: Record<string, string> = {};
  if (key !== null) headers['x-api-key'] = key;
  if (prefer) headers.prefer = prefer;
  const sendBody = op.method === 'POST' && operationId === 'createWidgetSession' ? (body ?? VALID_BODY) : undefined;
  if (sendBody !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${prismUrl}${op.path.replace('{session_id}', 'session-789')}`, {
    method: op.method,
    headers,
    ...(sendBody === undefined ? {} : { body: JSON.stringify(sendBody) }),
  });
  const bodyText = await response.text();
  const before = checker.violations.length;
  checker.checkExchange({
    operationId,
    status: response.status,
    contentType: response.headers.get('content-type'),
    bodyText,
    parsed: parseJsonBody(bodyText),
    keyFoundAt: [],
  });
  const violations: CheckResult[] = checker.violations.slice(before);
  return { status: response.status, json: JSON.parse(bodyText) as Record<string, unknown>, violations };
}

const declared = Object.entries(contract.operations).flatMap(([operationId, op]) =>
  Object.keys(op.responses).map((status) => [operationId, Number(status)] as const),
);
const successes = declared.filter(([, status]) => status < 300);

describe('status, content-type and schema conformance', () => {
  test.each(declared)('%s answers a conforming %i (Prefer: code)', async (operationId, status) => {
    const result = await probe(operationId, { prefer: `code=${status}` });
    expect(result.status).toBe(status);
    expect(result.violations).toEqual([]);
  });

  test.each(successes)('%s %i: dynamic responses validate (Prefer: dynamic=true)', async (operationId, status) => {
    for (let i = 0; i < 3; i++) {
      const result = await probe(operationId, { prefer: `code=${status}, dynamic=true` });
      expect(result.status).toBe(status);
      expect(result.violations).toEqual([]);
    }
  });

  test('an undeclared status is a violation (and Prism answers it as problem+json)', async () => {
    const local = new ContractChecker(contract);
    const response = await fetch(`${prismUrl}/v1/widget/sessions/x`, {
      headers: { 'x-api-key': 'k', prefer: 'code=418' },
    });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const bodyText = await response.text();
    local.checkExchange({
      operationId: 'getWidgetSession',
      status: 404,
      contentType: response.headers.get('content-type'),
      bodyText,
      parsed: parseJsonBody(bodyText),
      keyFoundAt: [],
    });
    expect(local.violations.map((v) => `${v.check} ${v.path ?? ''}`.trim())).toEqual([
      'content-type conformance',
      'schema conformance $.error',
      'schema conformance $.request_id',
    ]);
  });
});

describe('through the typed client', () => {
  const konpro = createKonproClient({ apiKey: 'mock-key', baseUrl: prismUrl, validateResponses: true, maxRetries: 0 });

  test('create, get, delete and validate return conforming data', async () => {
    const created = await konpro.widgetSessions.create(VALID_BODY);
    expect(created.session_id).toBe('session-789');
    expect((await konpro.widgetSessions.get(created.session_id)).status).toBe('active');
    expect(await konpro.widgetSessions.delete(created.session_id)).toEqual({
      message: 'Session terminated successfully',
      session_id: 'session-789',
    });
    expect((await konpro.apiKeys.validate()).valid).toBe(true);
  });

  test('token shape: session_token is a JWT whose header and payload are JSON objects', async () => {
    const { session_token } = await konpro.widgetSessions.create(VALID_BODY);
    const [header, payload, signature] = session_token.split('.');
    expect(JSON.parse(Buffer.from(header!, 'base64url').toString())).toMatchObject({ alg: expect.any(String) });
    expect(JSON.parse(Buffer.from(payload!, 'base64url').toString())).toBeTypeOf('object');
    expect(signature).toMatch(/^[A-Za-z0-9_-]+$/);
  });
});

describe('positive and negative data', () => {
  const examples = Object.entries(
    (
      spec.paths['/v1/widget/sessions']!.post as {
        requestBody: { content: Record<string, { examples: Record<string, { value: unknown }> }> };
      }
    ).requestBody.content['application/json']!.examples,
  );

  test.each(examples)('the spec example "%s" is accepted', async (_name, example) => {
    const result = await probe('createWidgetSession', { body: example.value });
    expect(result.status).toBeGreaterThanOrEqual(200);
    expect(result.status).toBeLessThan(300);
    expect(result.violations).toEqual([]);
  });

  test.each<[string, unknown]>([
    ['agentic_avatar_id missing', { settings: {} }],
    ['settings missing', { agentic_avatar_id: AVATAR }],
    ['agentic_avatar_id a number', { agentic_avatar_id: 42, settings: {} }],
    ['settings a string', { agentic_avatar_id: AVATAR, settings: 'all' }],
    ['max_duration 0', { agentic_avatar_id: AVATAR, settings: { max_duration: 0 } }],
    ['max_duration 1.5', { agentic_avatar_id: AVATAR, settings: { max_duration: 1.5 } }],
    ['max_duration a string', { agentic_avatar_id: AVATAR, settings: { max_duration: '3600' } }],
    ['allowed_domains a string', { agentic_avatar_id: AVATAR, settings: { allowed_domains: 'example.com' } }],
    ['a feature flag not boolean', { agentic_avatar_id: AVATAR, settings: { features: { voice_input: 'yes' } } }],
  ])('%s is rejected with a declared 4xx and a conforming error body', async (_name, body) => {
    const result = await probe('createWidgetSession', { body });
    expect(result.status).toBe(400);
    expect(result.violations).toEqual([]);
    expect(result.json).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
  });
});

describe('auth enforced', () => {
  test.each(
    Object.keys(contract.operations),
  )('%s without a key answers 401 with a conforming body', async (operationId) => {
    const result = await probe(operationId, { key: null });
    expect(result.status).toBe(401);
    expect(result.violations).toEqual([]);
  });
});

describe('coverage', () => {
  test('every declared status of every operation was exercised on the mock', async () => {
    const coverage = checker.coverage();
    // Written for reports/contract-coverage.json (the live run adds its column); not printed.
    const report = await writeCoverageReport('reports', 'mock', coverage, NOTHING_TO_REDACT);
    expect(formatCoverage(report)).toMatch(/^operation\s+status\s+(\S+\s+)*mock\b/);
    expect(checker.untestedOperations()).toEqual([]);
    const missed = Object.entries(coverage).flatMap(([op, statuses]) =>
      Object.entries(statuses)
        .filter(([, seen]) => !seen)
        .map(([s]) => `${op} ${s}`),
    );
    expect(missed).toEqual([]);
    expect(checker.violations).toEqual([]);
  });
});
