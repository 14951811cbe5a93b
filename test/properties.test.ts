/**
 * Property-based tests (fast-check). Valid create bodies are generated from the spec's own
 * request schema; invalid ones are valid bodies with one documented rule broken.
 */
import fc from 'fast-check';
import { createKonproClient, KonproValidationError } from 'konpro-widget-sessions';
import { describe, expect, test } from 'vitest';
import { buildContract, resolveRef } from '../scripts/build-contract.js';
import { loadSpec } from '../scripts/load-spec.js';
import { API_KEY, CREATED, SESSION } from './helpers/loopback-server.js';
import { prismReady } from './helpers/prism.js';
import { json, recordingFetch } from './helpers/recording-fetch.js';

const spec = await loadSpec();
const contract = buildContract(spec);
type Schema = Record<string, unknown>;

/** A fast-check arbitrary of the values a (dereferenced) JSON Schema accepts, for the keywords the spec uses. */
function arbitraryOf(node: unknown): fc.Arbitrary<unknown> {
  const schema = resolveRef(contract, node) as Schema;
  switch (schema.type) {
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, unknown>;
      const model = Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, arbitraryOf(v)]));
      return fc.record(model, { requiredKeys: (schema.required ?? []) as string[] });
    }
    case 'array':
      return fc.array(arbitraryOf(schema.items), { maxLength: 4 });
    case 'string':
      return fc.string({ minLength: (schema.minLength as number | undefined) ?? 0, maxLength: 40 });
    case 'integer':
      return fc.integer({ min: (schema.minimum as number | undefined) ?? -1e6, max: 1e6 });
    case 'boolean':
      return fc.boolean();
    default:
      throw new Error(`no arbitrary for schema ${JSON.stringify(schema)}`);
  }
}

const validBody = arbitraryOf(contract.operations.createWidgetSession!.requestBody) as fc.Arbitrary<{
  agentic_avatar_id: string;
  settings: Record<string, unknown>;
}>;

/** Ways to break a valid body, each with the field path the error must name. */
const WRONG_TYPES: unknown[] = ['text', 7, 1.5, true, null, {}, []];
const FIELDS: Array<{ path: string[]; type: string }> = [
  { path: ['agentic_avatar_id'], type: 'string' },
  { path: ['settings'], type: 'object' },
  { path: ['settings', 'max_duration'], type: 'integer' },
  { path: ['settings', 'allowed_domains'], type: 'array' },
  { path: ['settings', 'features'], type: 'object' },
  { path: ['settings', 'features', 'voice_input'], type: 'boolean' },
  { path: ['settings', 'features', 'text_input'], type: 'boolean' },
  { path: ['settings', 'features', 'knowledge_base'], type: 'boolean' },
];
const isType = (value: unknown, type: string) =>
  type === 'integer'
    ? Number.isInteger(value)
    : type === 'array'
      ? Array.isArray(value)
      : type === 'object'
        ? value !== null && typeof value === 'object' && !Array.isArray(value)
        : typeof value === type;

function setAt(body: Record<string, unknown>, path: string[], value: unknown): void {
  let node = body;
  for (const key of path.slice(0, -1)) {
    node[key] ??= {};
    node = node[key] as Record<string, unknown>;
  }
  node[path.at(-1)!] = value;
}

const mutation = fc.oneof(
  fc
    .constantFrom('agentic_avatar_id', 'settings')
    .map((field) => ({ kind: 'remove a required field', path: [field], value: undefined as unknown })),
  fc
    .tuple(fc.constantFrom(...FIELDS), fc.constantFrom(...WRONG_TYPES))
    .filter(([field, value]) => !isType(value, field.type))
    .map(([field, value]) => ({ kind: 'wrong type', path: field.path, value })),
  fc
    .oneof(fc.integer({ max: 0 }), fc.double({ min: 0.01, max: 1e6, noInteger: true, noNaN: true }))
    .map((value) => ({ kind: 'out of range', path: ['settings', 'max_duration'], value: value as unknown })),
  fc
    .constantFrom(...FIELDS.filter((f) => f.type !== 'object'))
    .map((field) => ({ kind: 'extra nesting', path: field.path, value: { value: true } as unknown })),
  fc
    .constantFrom(['typo_field'], ['settings', 'max_durations'], ['settings', 'features', 'video_input'])
    .map((path) => ({ kind: 'undocumented field', path: [...path], value: 1 as unknown })),
);

describe('create bodies generated from the request schema', () => {
  test('always pass local validation and are accepted by the Prism mock', async () => {
    const konpro = createKonproClient({ apiKey: 'mock-key', baseUrl: await prismReady(), maxRetries: 0 });
    await fc.assert(
      fc.asyncProperty(validBody, async (body) => {
        const created = await konpro.widgetSessions.create(body);
        expect(created.session_id).toBeTypeOf('string');
      }),
      { numRuns: 60 },
    );
  });

  test('with one rule broken, are rejected locally, naming the field, with no request sent', async () => {
    const fetch = recordingFetch(() => json(201, CREATED));
    const konpro = createKonproClient({ apiKey: API_KEY, fetch });
    await fc.assert(
      fc.asyncProperty(validBody, mutation, async (body, { kind, path, value }) => {
        const broken = structuredClone(body) as Record<string, unknown>;
        if (value === undefined) delete broken[path[0]!];
        else setAt(broken, path, value);
        const error = await konpro.widgetSessions.create(broken as never).catch((e: unknown) => e);
        expect(error, kind).toBeInstanceOf(KonproValidationError);
        const field = path.join('.');
        const named = (error as KonproValidationError).problems.some(
          (p) => p.path === field || p.path.startsWith(`${field}.`) || p.path.startsWith(`${field}[`),
        );
        expect(named, `${kind} at ${field}: ${(error as Error).message}`).toBe(true);
        expect((error as Error).message).toContain(field);
      }),
      { numRuns: 300 },
    );
    expect(fetch.requests).toHaveLength(0);
  });
});

describe('session ids', () => {
  const awkward = fc.string({
    unit: fc.oneof(
      fc.constantFrom('/', '?', '#', '%', ' ', '.', '&', '=', '+', 'é', '✓', '😀', '\u0000'),
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
    ),
    minLength: 1,
    maxLength: 12,
  });

  test('are encoded into one path segment and never change the endpoint', async () => {
    const fetch = recordingFetch((request) =>
      json(200, request.method === 'GET' ? SESSION : { message: 'ok', session_id: 'x' }),
    );
    const konpro = createKonproClient({ apiKey: API_KEY, fetch });
    await fc.assert(
      fc.asyncProperty(
        awkward.filter((id) => id !== '.' && id !== '..'),
        fc.constantFrom('get', 'delete'),
        async (id, method) => {
          await konpro.widgetSessions[method](id);
          const request = fetch.requests.at(-1)!;
          const url = new URL(request.url);
          expect(request.method).toBe(method === 'get' ? 'GET' : 'DELETE');
          expect(url.origin).toBe('https://api.konpro.ai');
          expect(url.search + url.hash).toBe('');
          const segments = url.pathname.split('/');
          expect(segments.slice(0, 4)).toEqual(['', 'v1', 'widget', 'sessions']);
          expect(segments).toHaveLength(5);
          expect(decodeURIComponent(segments[4]!)).toBe(id);
        },
      ),
      { numRuns: 300 },
    );
  });
});
