/**
 * A hostile KonPro stand-in on a raw loopback socket (issue #20): it reads the key each request
 * carries and echoes it back through one channel, well-formed HTTP or not. Each channel is a
 * function of the key and the request that writes the whole response, bytes and all.
 */
import { createServer, type Socket } from 'node:net';
import { AVATAR } from './loopback-server.js';

export interface EchoRequest {
  method: string;
  path: string;
  key: string;
}

/** The whole raw response for a request, given the key it carried. */
export type Channel = (request: EchoRequest) => string | Buffer;

const CRLF = '\r\n';

/** A well-formed response: status line, headers, body, `connection: close`. */
export function http(status: number, body: string, headers: Record<string, string> = {}, reason = 'Whatever'): string {
  const lines = [`HTTP/1.1 ${status} ${reason}`, 'connection: close', `content-length: ${Buffer.byteLength(body)}`];
  if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type'))
    lines.push('content-type: application/json');
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  return `${lines.join(CRLF)}${CRLF}${CRLF}${body}`;
}

/** The documented 2xx body of the operation a request addresses, with `edit` applied to its strings. */
export function documented(request: EchoRequest, edit: (field: string, value: string) => string = (_f, v) => v) {
  const { method, path } = request;
  const session = path.split('/').at(-1) ?? 'session-789';
  const base: [number, Record<string, unknown>] =
    method === 'POST' && path.endsWith('/widget/sessions')
      ? [
          201,
          {
            session_token:
              'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzZXNzaW9uLTc4OSJ9.8PI2swCPv-yHL5VBdZ6OjD_r0y-YGjKikTlEAuPL86E',
            expires_at: new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z'),
            widget_url: 'https://widget.konpro.ai/embed',
            session_id: `session-${Math.random().toString(36).slice(2, 10)}`,
          },
        ]
      : method === 'POST'
        ? [200, { valid: true, key_id: 'key-001', scopes: ['read', 'write'], metadata: {}, expires_at: null }]
        : method === 'DELETE'
          ? [200, { message: 'Session terminated successfully', session_id: session }]
          : [
              200,
              {
                session_id: session,
                agentic_avatar_id: AVATAR,
                status: 'active',
                created_at: new Date(Date.now() - 1000).toISOString().replace(/\.\d+Z$/, 'Z'),
                expires_at: new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z'),
              },
            ];
  const [status, body] = base;
  const edited = Object.fromEntries(
    Object.entries(body).map(([field, value]) => [field, typeof value === 'string' ? edit(field, value) : value]),
  );
  return { status, body: edited };
}

export interface EchoingServer {
  url: string;
  /** Sets the channel the next requests are answered through. */
  use(channel: Channel): void;
  /** How many requests arrived (and the keys they carried). */
  readonly keys: string[];
  close(): Promise<void>;
}

export async function startEchoingServer(): Promise<EchoingServer> {
  let channel: Channel = (r) => http(200, JSON.stringify(documented(r).body));
  const keys: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let buffered = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      const end = buffered.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = buffered.subarray(0, end).toString('latin1').split('\r\n');
      const length = Number(/^content-length:\s*(\d+)/im.exec(head.join('\n'))?.[1] ?? 0);
      if (buffered.length < end + 4 + length) return;
      const [method = 'GET', path = '/'] = (head[0] ?? '').split(' ');
      const key = head.find((line) => /^x-api-key:/i.test(line))?.replace(/^x-api-key:\s*/i, '') ?? '';
      keys.push(key);
      buffered = Buffer.alloc(0);
      socket.end(channel({ method, path, key }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    use: (next) => {
      channel = next;
    },
    keys,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The forms of the key a sink must never hold: textual ones (any letter case) and base64 stretches. */
export function keyForms(key: string): { textual: string[]; base64: string[] } {
  const unicode = [...key].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
  const textual = [
    key,
    JSON.stringify(key).slice(1, -1),
    JSON.stringify(key).slice(1, -1).replace(/\//g, '\\/'),
    unicode,
    // As JSON.stringify and util.inspect print a string that holds the escapes as text.
    unicode.replace(/\\/g, '\\\\'),
    encodeURIComponent(key),
    new URLSearchParams({ k: key }).toString().slice(2),
  ];
  const base64: string[] = [];
  const bytes = Buffer.from(key, 'utf8');
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.concat([Buffer.alloc(offset, 0x41), bytes]).toString('base64');
    const core = encoded.slice(Math.ceil((offset * 8) / 6), Math.floor(((offset + bytes.length) * 8) / 6));
    base64.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return { textual: [...new Set(textual)], base64: [...new Set(base64)] };
}

/** The first form of the key found in a text, or in any base64 run of it once decoded; undefined when none. */
export function findKey(text: string, key: string): string | undefined {
  const { textual, base64 } = keyForms(key);
  const inText = (haystack: string) => {
    const lower = haystack.toLowerCase();
    return textual.find((form) => lower.includes(form.toLowerCase()));
  };
  const found = inText(text) ?? base64.find((form) => text.includes(form));
  if (found) return found;
  for (const [run] of text.matchAll(/[A-Za-z0-9+/_-]{12,}/g)) {
    const decoded =
      inText(Buffer.from(run, 'base64').toString('latin1')) ?? inText(Buffer.from(run, 'base64').toString('utf8'));
    if (decoded) return `base64 of ${decoded}`;
  }
  return undefined;
}
