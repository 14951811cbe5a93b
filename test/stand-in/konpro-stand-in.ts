/**
 * A small, stateful stand-in of the KonPro widget-sessions API, written from the vendor's docs
 * (not from the contract suite): key check on every call, validation of the create body, real
 * HS256 JWTs, sessions that expire and terminate, 404 for unknown ids, and an optional rate
 * limit with Retry-After. `drift` switches on one way of breaking the contract, so tests can
 * prove the suite notices.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export const DRIFTS = {
  'created-202': 'create answers 202, a status the contract does not declare',
  'text-errors': 'error responses are text/plain',
  'no-widget-url': 'create omits widget_url',
  'opaque-token': 'session_token is not a JWT',
  'accepts-zero-duration': 'max_duration 0 is accepted',
  'ignores-max-duration': 'expires_at is always 24 h away',
  'delete-keeps-active': 'a deleted session still reads as active',
  'any-key': 'any API key, or none, is accepted',
  'key-checked-only-on-validate': 'create, get and delete work without a key',
  'minimal-settings-500': 'create with settings {} fails with 500',
  'epoch-timestamps': 'created_at and expires_at are Unix seconds',
} as const;
export type Drift = keyof typeof DRIFTS;

export interface StandInOptions {
  apiKey: string;
  avatarIds: string[];
  drift?: Drift | undefined;
  /** Requests allowed per window before 429; none when absent. */
  rateLimit?: { requests: number; windowMs: number };
}

export interface StandIn {
  url: string;
  /** Ids of sessions that are neither terminated nor expired. */
  activeSessions(): string[];
  /** Requests received so far. */
  requests(): number;
  close(): Promise<void>;
}

interface Session {
  session_id: string;
  agentic_avatar_id: string;
  created: number;
  expires: number;
  terminated: boolean;
}

const SIGNING_KEY = randomUUID();
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

function jwt(payload: object): string {
  const unsigned = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(payload)}`;
  return `${unsigned}.${createHmac('sha256', SIGNING_KEY).update(unsigned).digest('base64url')}`;
}

function validateCreate(
  body: unknown,
  avatarIds: string[],
  drift: Drift | undefined,
): { field: string; reason: string } | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body))
    return { field: '(body)', reason: 'must be a JSON object' };
  const { agentic_avatar_id, settings } = body as Record<string, unknown>;
  if (typeof agentic_avatar_id !== 'string' || agentic_avatar_id === '')
    return { field: 'agentic_avatar_id', reason: 'is required and must be a string' };
  if (!avatarIds.includes(agentic_avatar_id))
    return { field: 'agentic_avatar_id', reason: 'is not an agentic avatar of this account' };
  if (!settings || typeof settings !== 'object' || Array.isArray(settings))
    return { field: 'settings', reason: 'is required and must be an object' };
  const { max_duration, allowed_domains, features } = settings as Record<string, unknown>;
  const minimum = drift === 'accepts-zero-duration' ? 0 : 1;
  if (max_duration !== undefined && !(Number.isInteger(max_duration) && (max_duration as number) >= minimum)) {
    return { field: 'settings.max_duration', reason: 'must be an integer of at least 1' };
  }
  if (
    allowed_domains !== undefined &&
    !(Array.isArray(allowed_domains) && allowed_domains.every((d) => typeof d === 'string'))
  ) {
    return { field: 'settings.allowed_domains', reason: 'must be an array of domain names' };
  }
  if (features !== undefined) {
    if (!features || typeof features !== 'object' || Array.isArray(features))
      return { field: 'settings.features', reason: 'must be an object' };
    for (const [name, value] of Object.entries(features)) {
      if (typeof value !== 'boolean') return { field: `settings.features.${name}`, reason: 'must be a boolean' };
    }
  }
  return undefined;
}

export async function startStandIn(options: StandInOptions): Promise<StandIn> {
  const { apiKey, avatarIds, drift, rateLimit } = options;
  const sessions = new Map<string, Session>();
  let requestCount = 0;
  let received = 0;
  let window = { start: Date.now(), count: 0 };

  const iso = (ms: number) =>
    drift === 'epoch-timestamps' ? Math.floor(ms / 1000) : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    const text = drift === 'text-errors' && status >= 400;
    res.writeHead(status, { 'content-type': text ? 'text/plain' : 'application/json', ...headers });
    res.end(text ? `error ${status}` : JSON.stringify(body));
  };
  const fail = (
    res: ServerResponse,
    status: number,
    code: string,
    message: string,
    details?: object,
    headers?: Record<string, string>,
  ) =>
    send(
      res,
      status,
      { error: details ? { code, message, details } : { code, message }, request_id: `req-${++requestCount}` },
      headers,
    );

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://stand-in');
    received++;

    if (rateLimit) {
      const now = Date.now();
      if (now - window.start >= rateLimit.windowMs) window = { start: now, count: 0 };
      if (++window.count > rateLimit.requests) {
        const seconds = Math.max(1, Math.ceil((window.start + rateLimit.windowMs - now) / 1000));
        return fail(res, 429, 'RATE_LIMIT_EXCEEDED', 'Rate limit exceeded.', undefined, {
          'retry-after': String(seconds),
        });
      }
    }
    const keyChecked =
      drift !== 'any-key' && (drift !== 'key-checked-only-on-validate' || url.pathname === '/v1/api-keys/validate');
    if (keyChecked && req.headers['x-api-key'] !== apiKey) {
      return fail(res, 401, 'INVALID_API_KEY', 'Invalid or missing API key.');
    }

    const sessionPath = url.pathname.match(/^\/v1\/widget\/sessions\/([^/]+)$/);
    if (req.method === 'POST' && url.pathname === '/v1/api-keys/validate') {
      return send(res, 200, {
        valid: true,
        key_id: 'key-001',
        scopes: ['read', 'write'],
        metadata: {},
        expires_at: null,
      });
    }
    if (req.method === 'POST' && url.pathname === '/v1/widget/sessions') {
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return fail(res, 400, 'VALIDATION_ERROR', 'The body is not valid JSON.');
      }
      const problem = validateCreate(body, avatarIds, drift);
      if (problem) {
        const code = problem.reason.includes('not an agentic avatar') ? 'INVALID_REQUEST' : 'VALIDATION_ERROR';
        return fail(res, 400, code, `${problem.field} ${problem.reason}`, problem);
      }
      const { agentic_avatar_id, settings } = body as {
        agentic_avatar_id: string;
        settings: { max_duration?: number };
      };
      if (drift === 'minimal-settings-500' && Object.keys(settings).length === 0)
        return fail(res, 500, 'PROCESSING_ERROR', 'oops');
      const now = Date.now();
      const seconds = drift === 'ignores-max-duration' ? 86_400 : (settings.max_duration ?? 3600);
      const session: Session = {
        session_id: `session-${randomUUID()}`,
        agentic_avatar_id,
        created: now,
        expires: now + seconds * 1000,
        terminated: false,
      };
      sessions.set(session.session_id, session);
      const created: Record<string, unknown> = {
        session_token:
          drift === 'opaque-token'
            ? randomUUID()
            : jwt({
                sub: session.session_id,
                agentic_avatar_id,
                iat: Math.floor(now / 1000),
                exp: Math.floor(session.expires / 1000),
              }),
        expires_at: iso(session.expires),
        widget_url: 'https://widget.konpro.ai/embed',
        session_id: session.session_id,
      };
      if (drift === 'no-widget-url') delete created.widget_url;
      return send(res, drift === 'created-202' ? 202 : 201, created);
    }
    if (sessionPath && (req.method === 'GET' || req.method === 'DELETE')) {
      const session = sessions.get(decodeURIComponent(sessionPath[1]!));
      if (!session) return fail(res, 404, 'RESOURCE_NOT_FOUND', 'Widget session not found.');
      if (req.method === 'GET') {
        const status =
          session.terminated && drift !== 'delete-keeps-active'
            ? 'terminated'
            : Date.now() >= session.expires
              ? 'expired'
              : 'active';
        return send(res, 200, {
          session_id: session.session_id,
          agentic_avatar_id: session.agentic_avatar_id,
          status,
          created_at: iso(session.created),
          expires_at: iso(session.expires),
        });
      }
      if (session.terminated) return fail(res, 404, 'RESOURCE_NOT_FOUND', 'Widget session not found.');
      session.terminated = true;
      return send(res, 200, { message: 'Session terminated successfully', session_id: session.session_id });
    }
    return fail(res, 404, 'RESOURCE_NOT_FOUND', `No route for ${req.method} ${url.pathname}.`);
  }

  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    handle(req, res).catch(() => fail(res, 500, 'PROCESSING_ERROR', 'The stand-in failed.'));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    activeSessions: () =>
      [...sessions.values()].filter((s) => !s.terminated && Date.now() < s.expires).map((s) => s.session_id),
    requests: () => received,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
