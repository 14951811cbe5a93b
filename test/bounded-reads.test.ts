/**
 * What the server sends is bounded by what the package can handle (issue #20): a compression bomb
 * is cut at `maxResponseBytes` of decoded bytes, whatever `Content-Length` says, in one request;
 * JSON nested deeper than the platform can print is a typed error, never a `RangeError` or a
 * `TypeError` from inside the package.
 */
import { spawn } from 'node:child_process';
import type { Transform } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { inspect } from 'node:util';
import { constants, createBrotliCompress, createDeflate, gzipSync } from 'node:zlib';
import { createKonproClient, KonproApiError, KonproError, KonproResponseValidationError } from 'konpro-widget-sessions';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type LoopbackServer, startServer } from './helpers/loopback-server.js';
import { json } from './helpers/recording-fetch.js';

const GiB = 1024 ** 3;

/** Compresses `total` zero bytes as a stream, without holding them. */
async function compressZeros(stream: Transform, total: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise((resolve) => stream.on('end', resolve));
  const zeros = Buffer.alloc(1024 * 1024);
  for (let sent = 0; sent < total; sent += zeros.length)
    if (!stream.write(zeros)) await new Promise((resolve) => stream.once('drain', resolve));
  stream.end();
  await ended;
  return Buffer.concat(chunks);
}

const bombs: Record<string, Buffer> = {};
let server: LoopbackServer;
const sent: Record<string, number> = {};

beforeAll(async () => {
  // gzip allows many members in one stream: 16 members of 64 MiB each inflate to 1 GiB.
  const member = gzipSync(Buffer.alloc(64 * 1024 * 1024), { level: 9 });
  bombs.gzip = Buffer.concat(Array.from({ length: 16 }, () => member));
  bombs.br = await compressZeros(createBrotliCompress({ params: { [constants.BROTLI_PARAM_QUALITY]: 1 } }), GiB);
  bombs.deflate = await compressZeros(createDeflate({ level: 1 }), GiB);
  server = await startServer((req, res) => {
    // /v1/widget/sessions/<encoding>-<length|chunked>-<status>
    const [encoding = '', framing, status] = (req.url.split('/').at(-1) ?? '').split('-');
    const body = bombs[encoding]!;
    sent[req.url] = (sent[req.url] ?? 0) + 1;
    res.writeHead(Number(status), {
      'content-type': 'application/json',
      'content-encoding': encoding,
      ...(framing === 'length' ? { 'content-length': String(body.length) } : {}),
    });
    res.end(body);
  });
}, 60_000);
afterAll(async () => {
  await server.close();
});

describe('compression bombs', () => {
  test('gzip, br and deflate, with and without Content-Length, 2xx and 400: cut at the cap, one request each, flat memory (measured in a child process)', async () => {
    const paths = ['gzip', 'br', 'deflate'].flatMap((encoding) =>
      ['length', 'chunked'].flatMap((framing) => ['200', '400'].map((status) => `${encoding}-${framing}-${status}`)),
    );
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(new URL('./helpers/bomb-child.ts', import.meta.url)), server.url, ...paths],
      // Stopped by its pid even if the cap failed and it never ends on its own.
      { stdio: ['ignore', 'pipe', 'inherit'], timeout: 45_000, killSignal: 'SIGKILL' },
    );
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    await new Promise((resolve) => child.on('exit', resolve));
    const { results, maxRssMb } = JSON.parse(output) as {
      results: Record<string, { error: string; message: string; cpuMs: number }>;
      maxRssMb: number;
    };
    for (const path of paths) {
      const result = results[path]!;
      if (path.endsWith('-200')) {
        expect(result.error, path).toBe('KonproResponseValidationError');
        expect(result.message, path).toContain('is larger than maxResponseBytes (1048576 bytes)');
      } else {
        // An error body is cut at the cap too (a 400 is not retried, so one request here as well).
        expect(result.error, path).toBe('BadRequestError');
        expect(result.message, path).toMatch(/^400[ :]/);
      }
      // Inflating one of these bombs whole costs 2.8 to 5 s of CPU on these machines; cut at the cap,
      // a call cost 22 to 146 ms (the first one also compiles the client's code).
      expect(result.cpuMs, `${path}: CPU time to the error`).toBeLessThan(1000);
      expect(sent[`/v1/widget/sessions/${path}`], `${path}: requests`).toBe(1);
    }
    expect(maxRssMb, 'peak RSS of the client process (the TypeScript loader included)').toBeLessThan(200);
  }, 60_000);
});

describe('deeply nested JSON', () => {
  // Each well under the 1 MiB cap, as a hostile server would keep it.
  const deepObject = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
  const BODIES = {
    arrays: `${'['.repeat(400_000)}${']'.repeat(400_000)}`,
    objects: deepObject(150_000),
    'objects in an error body': `{"error":{"code":"X","message":"deep","details":${deepObject(150_000)}},"request_id":"req-1"}`,
  };
  const cases = Object.entries(BODIES).flatMap(([shape, body]) =>
    [201, 400].flatMap((status) =>
      [false, true].map((validateResponses) => [shape, status, validateResponses, body] as const),
    ),
  );

  test.each(
    cases,
  )('%s, answered %i (validateResponses %s): a typed error that prints', async (_shape, status, validateResponses, body) => {
    const konpro = createKonproClient({
      apiKey: 'sk-deep-0123456789',
      validateResponses,
      maxRetries: 0,
      fetch: async () => new Response(body, { status, headers: { 'content-type': 'application/json' } }),
    });
    for (const call of [
      () => konpro.widgetSessions.get('session-789'),
      () => konpro.widgetSessions.create({ agentic_avatar_id: 'a', settings: {} }),
    ]) {
      const error = await call().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(KonproError);
      expect(error).toBeInstanceOf(status < 300 ? KonproResponseValidationError : KonproApiError);
      expect((error as Error).message).toMatch(
        status < 300 ? /nested deeper than 64 levels|must be a JSON object/ : /^400[ :]/,
      );
      expect((error as Error).message).not.toMatch(/maxResponseBytes/);
      expect(() => JSON.stringify(error)).not.toThrow();
      expect(inspect(error, { depth: Infinity }).length).toBeLessThan(20_000);
    }
  });

  test('a 2xx body within the depth bound is data as before', async () => {
    const nested = {
      session_id: 's',
      agentic_avatar_id: 'a',
      status: 'active',
      created_at: 'x',
      expires_at: 'y',
      extra: JSON.parse(`${'{"a":'.repeat(60)}1${'}'.repeat(60)}`),
    };
    const konpro = createKonproClient({ apiKey: 'sk-deep-0123456789', fetch: async () => json(200, nested) });
    expect(await konpro.widgetSessions.get('s')).toEqual(nested);
  });
});
