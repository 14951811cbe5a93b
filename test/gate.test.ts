/**
 * The one gate out (issue #20): every part that holds the key sends through the transport, which
 * owns the base-URL rule, the timeouts and the bounded read; nothing else calls `fetch`. And the
 * careless and hostile cases around it: a body that never ends, an abort with a reason, a hook
 * that reads the body, errors compared across two copies of the package.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createKonproClient,
  KonproAbortError,
  KonproError,
  KonproMiddlewareError,
  KonproTimeoutError,
  NotFoundError,
} from 'konpro-widget-sessions';
import ts from 'typescript';
import { describe, expect, test } from 'vitest';
import { runCli } from '../src/cli/run-cli.js';
import { runLiveContract } from '../src/contract/live-contract.js';
import { AVATAR, SESSION, sendJson, startServer } from './helpers/loopback-server.js';
import { json, recordingFetch } from './helpers/recording-fetch.js';

const KEY = 'sk-gate-0123456789abcdef';
const SRC = fileURLToPath(new URL('../src/', import.meta.url));

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : [join(dir, e.name)])),
  );
  return nested.flat().filter((file) => file.endsWith('.ts'));
}

describe('one gate out', () => {
  test('no code that holds the key calls fetch but the transport (the browser helper, which never has it, is the other)', async () => {
    const callers = new Set<string>();
    for (const file of await sourceFiles(SRC)) {
      const source = ts.createSourceFile(file, await readFile(file, 'utf8'), ts.ScriptTarget.Latest, true);
      const visit = (node: ts.Node): void => {
        // fetch(…), x.fetch(…), (o.fetch ?? globalThis.fetch)(…): any call of something named fetch.
        if (ts.isCallExpression(node) && /\bfetch\b/.test(node.expression.getText(source)))
          callers.add(file.slice(SRC.length));
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
    // start-prism polls Prism's port with no key; the fake *is* a fetch, it calls none.
    expect([...callers].sort()).toEqual(['browser/index.ts', 'cli/start-prism.ts', 'internal/gate/transport.ts']);
  });

  test('the contract suite refuses plain http to a host that is not loopback, before sending anything', async () => {
    const fetch = recordingFetch(() => json(200, {}));
    await expect(
      runLiveContract({ baseUrl: 'http://example.invalid', apiKey: KEY, agenticAvatarId: AVATAR, fetch }),
    ).rejects.toThrow(/^baseUrl must use https:\/\//);
    expect(fetch.requests).toHaveLength(0);
    const out: string[] = [];
    const code = await runCli(['contract', '--avatar', AVATAR], {
      stdout: (t) => out.push(t),
      stderr: (t) => out.push(t),
      env: { KONPRO_API_KEY: KEY, KONPRO_BASE_URL: 'http://example.invalid' },
    });
    expect(code).toBe(2);
    expect(out.join('\n')).toMatch(/KONPRO_BASE_URL must use https:\/\/ \(got http:\/\/example\.invalid\)/);
  });

  test.each([
    ['user info', 'https://user:pw@api.konpro.ai'],
    ['a trailing /v1', 'https://api.konpro.ai/v1'],
  ])('the contract suite refuses a base URL with %s, as the client does', async (_name, baseUrl) => {
    const fetch = recordingFetch(() => json(200, {}));
    await expect(runLiveContract({ baseUrl, apiKey: KEY, agenticAvatarId: AVATAR, fetch })).rejects.toMatchObject({
      option: 'baseUrl',
    });
    expect(fetch.requests).toHaveLength(0);
  });

  test('the contract suite reads with the client’s cap: an oversized 2xx is cut, not buffered', async () => {
    const server = await startServer((_req, res) => sendJson(res, 200, { padding: 'x'.repeat(2 * 1024 * 1024) }));
    try {
      const report = await runLiveContract({
        baseUrl: server.url,
        apiKey: KEY,
        agenticAvatarId: AVATAR,
        rateLimit: { requests: 60_000, windowMs: 60_000 },
        maxRequests: 3,
      });
      const schema = report.results.find((r) => r.check === 'schema conformance' && r.verdict === 'violated');
      expect(schema?.message).toMatch(/is not valid JSON/);
    } finally {
      await server.close();
    }
  });
});

describe('careless and hostile cases around the gate', () => {
  test('an injected fetch whose body never ends: the attempt timeout ends it, and totalTimeoutMs bounds the call', async () => {
    const endless = async () =>
      new Response(new ReadableStream({ pull: () => new Promise(() => {}) }), { status: 200 });
    const started = performance.now();
    const konpro = createKonproClient({
      apiKey: KEY,
      fetch: endless,
      timeoutMs: 200,
      maxRetries: 3,
      totalTimeoutMs: 500,
    });
    const error = await konpro.widgetSessions.get('s').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KonproTimeoutError);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  test('an injected fetch that ignores the signal and never answers: the timeout still ends the call', async () => {
    const deaf = () => new Promise<Response>(() => {});
    const konpro = createKonproClient({ apiKey: KEY, fetch: deaf, timeoutMs: 100, maxRetries: 0 });
    await expect(konpro.apiKeys.validate()).rejects.toBeInstanceOf(KonproTimeoutError);
  });

  test('controller.abort(reason): a KonproAbortError whose cause is that reason', async () => {
    const controller = new AbortController();
    const konpro = createKonproClient({ apiKey: KEY, fetch: () => new Promise<Response>(() => {}) });
    const call = konpro.widgetSessions.get('s', { signal: controller.signal }).catch((e: unknown) => e);
    const reason = new Error('shutdown');
    controller.abort(reason);
    const error = (await call) as KonproAbortError;
    expect(error).toBeInstanceOf(KonproAbortError);
    expect(error.cause).toBe(reason);
  });

  test.each([
    'typed',
    'raw',
  ])('%s: an onResponse hook that reads the body is a KonproMiddlewareError, not a TypeError', async (kind) => {
    const konpro = createKonproClient({
      apiKey: KEY,
      fetch: async () => json(200, SESSION),
      middleware: [
        {
          onResponse: async ({ response }) => {
            await response.text();
          },
        },
      ],
    });
    const call =
      kind === 'typed'
        ? konpro.widgetSessions.get('s')
        : konpro.raw.GET('/v1/widget/sessions/{session_id}', { params: { path: { session_id: 's' } } });
    const error = await call.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KonproMiddlewareError);
    expect(error).toMatchObject({ hook: 'onResponse' });
    expect((error as Error).message).toMatch(/read the body .*response\.clone\(\)/);
  });

  test('an error from one copy of the package is instanceof the classes of another copy', async () => {
    // A second instance of the module, as a second build (ESM beside CommonJS) would be.
    const copy = '../src/errors.js?copy';
    const other = (await import(/* @vite-ignore */ copy)) as typeof import('../src/errors.js');
    expect(other.KonproError).not.toBe(KonproError);
    const konpro = createKonproClient({
      apiKey: KEY,
      fetch: async () => json(404, { error: { code: 'RESOURCE_NOT_FOUND', message: 'no' } }),
      maxRetries: 0,
    });
    const error = await konpro.widgetSessions.get('s').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(other.KonproError);
    expect(error).toBeInstanceOf(other.KonproApiError);
    expect(error).toBeInstanceOf(other.NotFoundError);
    expect(error).not.toBeInstanceOf(other.RateLimitError);
    expect(error).not.toBeInstanceOf(other.KonproConfigError);
    expect(new other.NotFoundError({ status: 404, message: 'x', headers: new Headers() })).toBeInstanceOf(
      NotFoundError,
    );
    class Mine extends KonproError {}
    expect(error).not.toBeInstanceOf(Mine);
  });
});
