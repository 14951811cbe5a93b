/**
 * The canary (issue #20): a hostile server echoes the key it receives through every channel it
 * has, and every entry point of the package is called against it, over real loopback sockets.
 * Every sink is then searched for the key in any form: thrown errors (as `String`,
 * `JSON.stringify`, `util.inspect` at default and full depth), log lines at `debug`, the CLI's
 * stdout and stderr, every file a contract run wrote (and the CI step summary), and every byte the
 * browser-facing handler sent. The key must be nowhere, and nothing thrown may be other than a
 * `KonproError`. SECURITY.md lists these entry points and sinks, with this file as their test.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import fc from 'fast-check';
import { createKonproClient, KonproError } from 'konpro-widget-sessions';
import { createWidgetSessionHandler, toNodeListener } from 'konpro-widget-sessions/server';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCli } from '../src/cli/run-cli.js';
import { createRedactor } from '../src/internal/gate/redact.js';
import {
  type Channel,
  documented,
  type EchoingServer,
  type EchoRequest,
  findKey,
  http,
  startEchoingServer,
} from './helpers/echoing-server.js';
import { AVATAR } from './helpers/loopback-server.js';

/** Slash, plus, quote and tilde: each has its own JSON, URL and base64 forms. */
const KEY = 'sk-live/Canary+7f3a9c"2e5b1d~Key';

// ---- the channels: every way a server can hand the key back ----------------------------------

const jsonText = (form: string) => JSON.stringify(form).slice(1, -1);
const unicode = (key: string, upper = false) =>
  [...key]
    .map((c, i) => {
      const hex = c.charCodeAt(0).toString(16).padStart(4, '0');
      return `\\u${upper && i % 2 === 0 ? hex.toUpperCase() : hex}`;
    })
    .join('');
const base64url = (text: string) => Buffer.from(text).toString('base64url');

/** An error body whose every string holds `form`, written into the JSON text as it is. */
const errorWith = (status: number, form: string) =>
  http(
    status,
    `{"error":{"code":"E_${form}","message":"rejected ${form}","details":{"key":"${form}","${form}":["${form}"]}},"request_id":"req-${form}"}`,
  );

/** The operation's documented 2xx body, with `form` (JSON text, written as it is) in every string field. */
const successWith = (r: EchoRequest, form: (key: string) => string) => {
  const { status, body } = documented(r, (field, value) =>
    field === 'expires_at' || field === 'created_at' ? value : `${value}@@KEY@@`,
  );
  return http(status, JSON.stringify(body).replaceAll('@@KEY@@', form(r.key)));
};

const CHANNELS: Record<string, Channel> = {
  // Retried at once (Retry-After: 0), so that the retry's log lines are sinks too.
  'status text': (r) => http(503, '{}', { 'retry-after': '0' }, `Rejected ${r.key}`),
  'every header': (r) =>
    http(401, JSON.stringify({ error: { code: 'INVALID_API_KEY', message: 'no' }, request_id: 'req-1' }), {
      'x-request-id': `req-${r.key}`,
      'x-echo': `x-api-key: ${r.key}`,
      'www-authenticate': `Bearer ${r.key}`,
      'set-cookie': `k=${encodeURIComponent(r.key)}`,
      'retry-after': r.key,
      link: `<https://evil.example/?k=${Buffer.from(r.key).toString('base64')}>`,
    }),
  'JSON, as is': (r) => errorWith(400, jsonText(r.key)),
  'JSON, \\/ escapes': (r) => errorWith(400, jsonText(r.key).replace(/\//g, '\\/')),
  'JSON, \\u escapes for every character': (r) => errorWith(400, unicode(r.key)),
  'JSON, \\u escapes in mixed case': (r) => errorWith(404, unicode(r.key, true)),
  'JSON, the key upper-cased': (r) => errorWith(403, jsonText(r.key.toUpperCase())),
  'URL-encoded': (r) => errorWith(400, `?api_key=${encodeURIComponent(r.key)}&f=${new URLSearchParams({ k: r.key })}`),
  base64: (r) => errorWith(400, `${Buffer.from(`key=${r.key}`).toString('base64')} ${base64url(`xx${r.key}`)}`),
  'HTML page': (r) =>
    http(
      404,
      `<html><pre>${r.key}</pre>${[...r.key].map((c) => `&#x${c.charCodeAt(0).toString(16)};`).join('')}</html>`,
      { 'content-type': 'text/html' },
    ),
  'a redirect': (r) =>
    http(302, '', { location: `https://evil.example/steal?k=${encodeURIComponent(r.key)}`, 'x-request-id': r.key }),
  '2xx, in widget_url and every field': (r) =>
    successWith(r, (key) => `?api_key=${encodeURIComponent(key)}&raw=${jsonText(key)}`),
  '2xx, inside the JWT payload': (r) => {
    const payload = base64url(JSON.stringify({ sub: 'session-789', api_key: r.key }).replace(/\//g, '\\/'));
    const token = `eyJhbGciOiJIUzI1NiJ9.${payload}.c2lnbmF0dXJl`;
    const { status, body } = documented(r, (field, value) => (field === 'session_token' ? token : value));
    return http(status, JSON.stringify({ ...body, ...(status === 201 ? {} : { extra: token }) }));
  },
  '2xx, \\u escapes in every field': (r) => successWith(r, (key) => unicode(key)),
  'malformed: a bad chunk size': (r) =>
    `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n5\r\n{"a":\r\nZZ ${r.key}\r\n${r.key}\r\n`,
  'malformed: a bad header byte': (r) => `HTTP/1.1 200 OK\r\nx-echo: \u0001${r.key}\r\ncontent-length: 2\r\n\r\n{}`,
  'malformed: a bad status code': (r) => `HTTP/1.1 2x0 ${r.key}\r\ncontent-length: 2\r\n\r\n{}${r.key}`,
  'malformed: two Content-Length': (r) =>
    `HTTP/1.1 200 OK\r\ncontent-length: 10\r\ncontent-length: 40\r\n\r\n{"k":"${jsonText(r.key)}"}`,
};
const CHANNEL_NAMES = Object.keys(CHANNELS);

// ---- the sinks: everything a user may print, write or send -------------------------------------

/** Everything a user may print of a thrown value. */
function renderings(thrown: unknown): string[] {
  const e = thrown as Error & { cause?: unknown };
  let json: string;
  try {
    json = JSON.stringify(e);
  } catch (error) {
    json = `JSON.stringify threw ${String(error)}`;
  }
  return [
    String(e),
    json,
    inspect(e),
    inspect(e, { depth: Infinity, showHidden: true }),
    String(e?.stack),
    inspect(e?.cause, { depth: Infinity, showHidden: true }),
  ];
}

interface Sinks {
  /** Each sink's text, by name. */
  texts: Record<string, string>;
  /** What was thrown, if anything (it must be a KonproError). */
  thrown?: unknown;
}

function expectNoKey({ texts, thrown }: Sinks, key = KEY): void {
  if (thrown !== undefined) expect(thrown, inspect(thrown)).toBeInstanceOf(KonproError);
  for (const [sink, text] of Object.entries(texts)) {
    const form = findKey(text, key);
    expect(form, `the key (as ${JSON.stringify(form)}) in ${sink}: ${text.slice(0, 400)}`).toBeUndefined();
  }
}

// ---- the entry points ----------------------------------------------------------------------------

let hostile: EchoingServer;
beforeAll(async () => {
  hostile = await startEchoingServer();
});
afterAll(async () => {
  await hostile.close();
});

/** A client as a service would make it, logging everything. */
function loggingClient(server: EchoingServer, key = KEY) {
  const lines: string[] = [];
  const logger = {
    error: (m: string) => lines.push(m),
    warn: (m: string) => lines.push(m),
    info: (m: string) => lines.push(m),
    debug: (m: string) => lines.push(m),
  };
  const konpro = createKonproClient({
    apiKey: key,
    baseUrl: server.url,
    logLevel: 'debug',
    logger,
    maxRetries: 1,
    timeoutMs: 3000,
  });
  return { konpro, lines };
}

type Konpro = ReturnType<typeof createKonproClient>;
const CLIENT_CALLS: Record<string, (k: Konpro) => Promise<unknown>> = {
  createWidgetSession: (k) => k.widgetSessions.create({ agentic_avatar_id: AVATAR, settings: { max_duration: 60 } }),
  getWidgetSession: (k) => k.widgetSessions.get('session-789'),
  deleteWidgetSession: (k) => k.widgetSessions.delete('session-789'),
  validateApiKey: (k) => k.apiKeys.validate(),
  'withResponse()': (k) =>
    k.widgetSessions
      .get('session-789')
      .withResponse()
      .then(async ({ data, response, requestId }) => ({
        data,
        requestId,
        headers: inspect(response.headers),
        body: await response.text(),
      })),
  raw: (k) =>
    k.raw
      .GET('/v1/widget/sessions/{session_id}', { params: { path: { session_id: 'session-789' } } })
      .then(({ data, error, response }) => ({ data, error, headers: inspect(response.headers) })),
};

async function callClient(server: EchoingServer, name: string, key = KEY): Promise<Sinks> {
  const { konpro, lines } = loggingClient(server, key);
  try {
    const data = await CLIENT_CALLS[name]!(konpro);
    return { texts: { data: inspect(data, { depth: Infinity }), json: JSON.stringify(data), log: lines.join('\n') } };
  } catch (thrown) {
    return { thrown, texts: { ...Object.fromEntries(renderings(thrown).entries()), log: lines.join('\n') } };
  }
}

async function cli(
  server: EchoingServer,
  args: string[],
  env: Record<string, string> = {},
): Promise<Sinks & { code: number }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    env: { KONPRO_API_KEY: KEY, KONPRO_BASE_URL: server.url, KONPRO_LOG: 'debug', ...env },
  });
  return { code, texts: { stdout: out.join('\n'), stderr: err.join('\n') } };
}

const CLI_COMMANDS: Record<string, string[]> = {
  create: ['create', '--avatar', AVATAR],
  get: ['get', 'session-789'],
  delete: ['delete', 'session-789'],
  'validate-key': ['validate-key'],
};

/** A contract run with every report written; every file of the run, and the step summary, are sinks. */
async function contractRun(server: EchoingServer, json: boolean): Promise<Sinks> {
  const dir = await mkdtemp(join(tmpdir(), 'konpro-canary-'));
  const summary = join(dir, 'step-summary.md');
  try {
    const reports = join(dir, 'reports');
    const args = ['contract', '--avatar', AVATAR, '--report-dir', reports, '--rate-limit', '60000/min'];
    const { texts } = await cli(server, json ? [...args, '--json'] : args, { GITHUB_STEP_SUMMARY: summary });
    const files = await readdir(reports).catch(() => [] as string[]);
    expect(files.length, 'the run wrote its reports').toBeGreaterThanOrEqual(3);
    for (const file of files) texts[`reports/${file}`] = await readFile(join(reports, file), 'utf8');
    texts['$GITHUB_STEP_SUMMARY'] = await readFile(summary, 'utf8');
    return { texts };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Every byte a browser-facing server sent for one raw HTTP request. */
function rawRequest(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    // Written, not ended: a half-closed socket gets no answer; `connection: close` ends it.
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('latin1')));
    socket.on('error', reject);
  });
}

async function throughHandler(upstream: EchoingServer): Promise<Sinks> {
  const lines: string[] = [];
  const handler = createWidgetSessionHandler({
    client: createKonproClient({ apiKey: KEY, baseUrl: upstream.url, maxRetries: 0, timeoutMs: 3000 }),
    agenticAvatarId: AVATAR,
    authorize: () => 'alice',
    logger: { error: (m) => lines.push(m), warn: (m) => lines.push(m) },
  });
  const server: Server = createServer(toNodeListener(handler));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  try {
    const request = (method: string) =>
      rawRequest(
        port,
        `${method} /api/widget-session HTTP/1.1\r\nhost: app\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`,
      );
    const minted = await request('POST');
    const revoked = await request('DELETE');
    expect(minted).toMatch(/^HTTP\/1\.1 \d{3} /);
    expect(revoked).toMatch(/^HTTP\/1\.1 \d{3} /);
    return {
      texts: { 'bytes of the POST answer': minted, 'bytes of the DELETE answer': revoked, log: lines.join('\n') },
    };
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

// ---- the matrix ------------------------------------------------------------------------------------

// One server per channel, so that the channels' tests can run at the same time.
describe.concurrent.each(CHANNEL_NAMES)('the key echoed through %s', (channel) => {
  let hostile: EchoingServer;
  beforeAll(async () => {
    hostile = await startEchoingServer();
    hostile.use(CHANNELS[channel]!);
  });
  afterAll(async () => {
    await hostile.close();
  });

  test.each(Object.keys(CLIENT_CALLS))('%s: errors, data and debug log lines hold no form of the key', async (name) => {
    const before = hostile.keys.length;
    expectNoKey(await callClient(hostile, name));
    expect(
      hostile.keys.slice(before).every((k) => k === KEY),
      'the server received the key',
    ).toBe(true);
  });

  test.each(Object.keys(CLI_COMMANDS))('the CLI, %s, in text and --json: stdout and stderr', async (name) => {
    const runs = await Promise.all([[], ['--json']].map((flags) => cli(hostile, [...CLI_COMMANDS[name]!, ...flags])));
    for (const { code, texts } of runs) {
      expect(code, texts.stderr).not.toBe(1);
      expectNoKey({ texts });
    }
  });

  test('the contract suite: its output, every report file and the step summary', { timeout: 30_000 }, async () => {
    const [text, json] = await Promise.all([contractRun(hostile, false), contractRun(hostile, true)]);
    expectNoKey(text);
    expectNoKey(json);
  });

  test('the token handler over toNodeListener: every byte the page receives, and its log', async () => {
    const sinks = await throughHandler(hostile);
    expectNoKey(sinks);
    expect(sinks.texts['bytes of the POST answer']).not.toMatch(/^HTTP\/1\.1 201/);
  });
});

describe('the key in other shapes', () => {
  test('a header named after the key (a key that is a header token) is dropped', async () => {
    const key = 'sk-canary-token-7f3a9c2e5b1d';
    hostile.use((r) => http(500, '{}', { [`x-${r.key}`]: '1', [`x-other`]: r.key }));
    const sinks = await callClient(hostile, 'getWidgetSession', key);
    expectNoKey(sinks, key);
    expect((sinks.thrown as { headers: Headers }).headers.get('x-other')).toBe('[redacted]');
  });

  test('konpro-widget mock: what it prints and every byte it answers', async () => {
    const controller = new AbortController();
    const out: string[] = [];
    const running = runCli(['mock', '--port', '0'], {
      stdout: (t) => out.push(t),
      stderr: (t) => out.push(t),
      env: { KONPRO_API_KEY: KEY },
      signal: controller.signal,
    });
    await expect.poll(() => out.join('\n')).toMatch(/Fake KonPro on (http:\/\/[\d.:]+)/);
    const url = /Fake KonPro on (http:\/\/[\d.:]+)/.exec(out.join('\n'))![1]!;
    const port = Number(new URL(url).port);
    const bytes: string[] = [];
    for (const [method, path, body] of [
      ['POST', '/v1/api-keys/validate', ''],
      ['POST', '/v1/widget/sessions', JSON.stringify({ agentic_avatar_id: AVATAR, settings: {} })],
      ['GET', '/v1/widget/sessions/nope', ''],
      ['DELETE', `/v1/widget/sessions/${encodeURIComponent(KEY)}`, ''],
    ] as const) {
      for (const key of [KEY, `${KEY}-wrong`]) {
        bytes.push(
          await rawRequest(
            port,
            `${method} ${path} HTTP/1.1\r\nhost: x\r\nx-api-key: ${key}\r\nconnection: close\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
          ),
        );
      }
    }
    controller.abort();
    expect(await running).toBe(0);
    for (const answer of bytes) expect(answer).toMatch(/^HTTP\/1\.1 (200|201|401|404) /);
    expectNoKey({ texts: { output: out.join('\n'), 'bytes answered': bytes.join('\n') } });
  });
});

describe('any key, any echo (property)', () => {
  /** Keys from the whole alphabet a key may use: printable ASCII and Latin-1, no surrounding space. */
  const keyArbitrary = fc
    .array(
      fc.integer({ min: 0x20, max: 0xff }).filter((c) => c !== 0x7f),
      { minLength: 8, maxLength: 40 },
    )
    .map((codes) => String.fromCharCode(...codes).trim())
    .filter((key) => key.length >= 8);

  /** One character written as itself or in one of the escapes a server may use. */
  const characterForms = (c: string): string[] => {
    const code = c.charCodeAt(0);
    const hex = code.toString(16).padStart(4, '0');
    return [
      c,
      c.toUpperCase().length === 1 ? c.toUpperCase() : c,
      `\\u${hex}`,
      `\\u${hex.toUpperCase()}`,
      encodeURIComponent(c),
      `&#x${code.toString(16)};`,
      ...(/[A-Za-z0-9]/.test(c) ? [] : [`\\${c}`]),
    ];
  };
  const echoArbitrary = (key: string) =>
    fc.oneof(
      fc.tuple(...[...key].map((c) => fc.constantFrom(...characterForms(c)))).map((parts) => parts.join('')),
      fc.nat(2).map((offset) => Buffer.from(`${'x'.repeat(offset)}${key}`).toString('base64')),
      fc.nat(2).map((offset) => Buffer.from(`${'x'.repeat(offset)}${key}`).toString('base64url')),
      fc.constant(`eyJhbGciOiJIUzI1NiJ9.${base64url(JSON.stringify({ k: key }))}.c2ln`),
    );

  test('the redactor finds and removes the key in every echo, inside any text', () => {
    fc.assert(
      fc.property(
        keyArbitrary.chain((key) => fc.tuple(fc.constant(key), echoArbitrary(key), fc.string(), fc.string())),
        ([key, echo, before, after]) => {
          const redact = createRedactor(key);
          const text = `${before} ${echo} ${after}`;
          expect(redact.find(text)).toEqual(['(root)']);
          const cleaned = redact.text(text);
          expect(findKey(cleaned, key)).toBeUndefined();
          expect(cleaned).not.toContain(echo);
          expect(redact.find({ [echo]: [echo] }).length).toBe(2);
        },
      ),
      { numRuns: 400 },
    );
  });

  test('end to end: a random key echoed in a create answer never reaches the caller', async () => {
    await fc.assert(
      fc.asyncProperty(keyArbitrary, async (key) => {
        hostile.use(CHANNELS['2xx, in widget_url and every field']!);
        expectNoKey(await callClient(hostile, 'createWidgetSession', key), key);
        hostile.use(CHANNELS['JSON, \\u escapes in mixed case']!);
        expectNoKey(await callClient(hostile, 'getWidgetSession', key), key);
      }),
      { numRuns: 15 },
    );
  });
});
