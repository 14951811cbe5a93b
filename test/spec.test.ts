import { createHmac } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { describe, expect, test } from 'vitest';
import { resolveRef } from '../scripts/build-contract.js';
import { renderGenerated } from '../scripts/generate.js';
import { loadSpec, SPEC_PATH } from '../scripts/load-spec.js';
import { createAjv } from '../src/contract/create-ajv.js';

const spec = await loadSpec();
const ajv = createAjv();
ajv.addSchema(spec, 'spec');

const METHODS = ['get', 'post', 'delete'] as const;
// biome-ignore lint/suspicious/noExplicitAny: the spec is walked generically; ajv checks the values.
type Node = Record<string, any>;

function operations(): Array<{ id: string; method: string; path: string; op: Node; params: Node[] }> {
  return Object.entries(spec.paths).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((method) => {
      const op = item[method] as Node;
      const params = [...((item.parameters as Node[]) ?? []), ...(op.parameters ?? [])].map((p) => resolveRef(spec, p));
      return { id: op.operationId, method, path, op, params };
    }),
  );
}

/** Every (label, schema, example) triple in the document. */
function examples(): Array<[string, unknown, unknown]> {
  const found: Array<[string, unknown, unknown]> = [];
  const visit = (node: unknown, path: string): void => {
    if (!node || typeof node !== 'object') return;
    const n = node as Node;
    if (n.schema && n.examples && !Array.isArray(n.examples)) {
      for (const [name, ex] of Object.entries(n.examples as Node)) {
        found.push([`${path}/examples/${name}`, n.schema, resolveRef(spec, ex).value]);
      }
    }
    if (n.schema && 'example' in n) found.push([`${path}/example`, n.schema, n.example]);
    if (Array.isArray(n.examples) && !n.schema) {
      for (const [i, ex] of (n.examples as unknown[]).entries()) found.push([`${path}/examples/${i}`, n, ex]);
    }
    for (const [key, child] of Object.entries(n)) visit(child, `${path}/${key}`);
  };
  visit(spec, '#');
  return found;
}

/** Compiles a schema that may hold `#/...` references into the spec. */
function compileInSpec(schema: unknown) {
  const text = JSON.stringify(schema).replaceAll('"#/', '"spec#/');
  return ajv.compile(JSON.parse(text));
}

function jwt(header: object, payload: object): string {
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const unsigned = `${b64(header)}.${b64(payload)}`;
  return `${unsigned}.${createHmac('sha256', 'k').update(unsigned).digest('base64url')}`;
}

describe('the spec document', () => {
  test('is OpenAPI 3.1 and every $ref resolves', () => {
    expect(spec.openapi).toMatch(/^3\.1\./);
    const refs: string[] = [];
    const walk = (node: unknown): void => {
      if (!node || typeof node !== 'object') return;
      const ref = (node as Node).$ref;
      if (typeof ref === 'string') refs.push(ref);
      for (const child of Object.values(node as Node)) walk(child);
    };
    walk(spec);
    expect(refs.length).toBeGreaterThan(40);
    for (const ref of refs) expect(() => resolveRef(spec, { $ref: ref }), ref).not.toThrow();
  });

  test('declares the four operations, the production server and x-api-key auth', () => {
    expect(
      operations()
        .map((o) => `${o.method.toUpperCase()} ${o.path} ${o.id}`)
        .sort(),
    ).toEqual([
      'DELETE /v1/widget/sessions/{session_id} deleteWidgetSession',
      'GET /v1/widget/sessions/{session_id} getWidgetSession',
      'POST /v1/api-keys/validate validateApiKey',
      'POST /v1/widget/sessions createWidgetSession',
    ]);
    expect(spec.servers).toEqual([expect.objectContaining({ url: 'https://api.konpro.ai' })]);
    expect(spec.components.securitySchemes).toEqual({
      ApiKeyAuth: expect.objectContaining({ type: 'apiKey', in: 'header', name: 'x-api-key' }),
    });
    for (const { id, op } of operations()) expect(op.security, id).toEqual([{ ApiKeyAuth: [] }]);
  });

  test('every operation declares the documented error responses with the error body', () => {
    for (const { id, op, params } of operations()) {
      const statuses = Object.keys(op.responses);
      const expected = ['401', '403', '429', '500', '503'];
      if (op.requestBody || params.length > 0) expected.push('400');
      if (params.some((p) => p.in === 'path')) expected.push('404');
      expect(statuses, id).toEqual(expect.arrayContaining(expected));
      for (const status of statuses.filter((s) => Number(s) >= 400)) {
        const media = resolveRef(spec, op.responses[status]).content as Node;
        expect(media['application/json'].schema, `${id} ${status}`).toEqual({
          $ref: '#/components/schemas/ErrorResponse',
        });
      }
    }
  });

  test('create declares both 200 and 201 with the same body', () => {
    const { op } = operations().find((o) => o.id === 'createWidgetSession')!;
    expect(op.responses['200']).toEqual(op.responses['201']);
    expect(op.description).toMatch(/Open question \(status code\)/);
  });
});

describe('examples', () => {
  const all = examples();
  test('there is a named example for every request and response', () => {
    expect(all.length).toBeGreaterThanOrEqual(20);
    const text = JSON.stringify(all.map(([, , value]) => value));
    for (const fact of ['session-789', '3deccfb2-cf96-459c-8b69-f601d6767ea5', 'key-001', 'INVALID_REQUEST']) {
      expect(text).toContain(fact);
    }
  });

  test.each(all)('%s validates against its schema', (_label, schema, value) => {
    const check = compileInSpec(schema);
    expect(check(value) ? 'valid' : ajv.errorsText(check.errors)).toBe('valid');
  });
});

describe('schemas', () => {
  const check = (name: string) => compileInSpec({ $ref: `#/components/schemas/${name}` });

  test('session_token accepts a JWT and rejects anything else', () => {
    const created = check('CreatedWidgetSession');
    const body = (session_token: string) => ({
      session_token,
      expires_at: '2024-01-01T01:00:00Z',
      widget_url: 'https://widget.konpro.ai/embed',
      session_id: 'session-789',
    });
    expect(created(body(jwt({ alg: 'HS256', typ: 'JWT' }, { sub: 'session-789' })))).toBe(true);
    for (const bad of [
      'not-a-jwt',
      'abc.def',
      'a.b.c.d',
      'a..c',
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9...', // the docs' truncated example
      'eyJ0eXAi.eyJzdWIi.c2ln+/=',
      Math.random().toString(36),
    ]) {
      expect(created(body(bad)), bad).toBe(false);
    }
  });

  test('create request: settings required, its fields optional, max_duration an integer ≥ 1', () => {
    const request = check('CreateWidgetSessionRequest');
    const avatar = '3deccfb2-cf96-459c-8b69-f601d6767ea5';
    expect(request({ agentic_avatar_id: avatar, settings: {} })).toBe(true);
    expect(request({ agentic_avatar_id: avatar })).toBe(false);
    expect(request({ settings: {} })).toBe(false);
    for (const max_duration of [0, -1, 1.5, '3600', null]) {
      expect(request({ agentic_avatar_id: avatar, settings: { max_duration } }), String(max_duration)).toBe(false);
    }
    expect(request({ agentic_avatar_id: avatar, settings: { allowed_domains: 'example.com' } })).toBe(false);
    expect(request({ agentic_avatar_id: avatar, settings: { features: { voice_input: 'no' } } })).toBe(false);
    const features = (resolveRef(spec, { $ref: '#/components/schemas/WidgetFeatures' }).properties ?? {}) as Node;
    for (const flag of ['voice_input', 'text_input', 'knowledge_base']) {
      expect(features[flag]).toMatchObject({ type: 'boolean', default: true });
    }
  });

  test('open sets: an undocumented session status or error code still validates', () => {
    const session = check('WidgetSession');
    const base = {
      session_id: 'session-789',
      agentic_avatar_id: '3deccfb2-cf96-459c-8b69-f601d6767ea5',
      created_at: '2024-01-01T00:00:00Z',
      expires_at: '2024-01-01T01:00:00Z',
    };
    for (const status of ['active', 'terminated', 'expired', 'paused']) {
      expect(session({ ...base, status }), status).toBe(true);
    }
    expect(session({ ...base, status: 1 })).toBe(false);
    expect(session({ ...base, status: 'active', created_at: 'yesterday' })).toBe(false);
    const error = check('ErrorResponse');
    expect(error({ error: { code: 'SOMETHING_NEW', message: 'm' }, request_id: 'r' })).toBe(true);
    expect(error({ error: { code: 'X', message: 'm', details: { field: 'f' } }, request_id: 'r' })).toBe(true);
    expect(error({ error: { message: 'm' }, request_id: 'r' })).toBe(false);
    expect(error({ error: { code: 'X', message: 'm' } })).toBe(false);
  });

  test('key validation: expires_at is a date-time or null', () => {
    const key = check('ApiKeyValidation');
    const base = { valid: true, key_id: 'key-001', scopes: ['read'], metadata: {} };
    expect(key({ ...base, expires_at: null })).toBe(true);
    expect(key({ ...base, expires_at: '2025-01-01T00:00:00Z' })).toBe(true);
    expect(key({ ...base, expires_at: 'never' })).toBe(false);
    expect(key({ ...base })).toBe(false);
  });
});

describe('generated/', () => {
  test('is exactly what the spec produces', async () => {
    for (const [file, content] of await renderGenerated(spec)) {
      expect(await readFile(new URL(`../${file}`, import.meta.url), 'utf8'), file).toBe(content);
    }
  });

  test(`changes when a field in ${SPEC_PATH} changes`, async () => {
    const edited = structuredClone(spec);
    const created = resolveRef(edited, { $ref: '#/components/schemas/CreatedWidgetSession' }) as Node;
    created.properties.widget_url.format = 'uri-reference';
    const before = await renderGenerated(spec);
    const after = await renderGenerated(edited);
    expect(after.get('generated/contract.ts')).not.toBe(before.get('generated/contract.ts'));
  });
});
