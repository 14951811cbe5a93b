/** A real HTTP server on 127.0.0.1 with a scripted handler, counting the requests it sees. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface LoopbackServer {
  url: string;
  requests: SeenRequest[];
  close(): Promise<void>;
}

export type Handler = (req: SeenRequest, res: ServerResponse, index: number) => void | Promise<void>;

/** Starts the server on `host` (another loopback address, such as 127.0.0.2, makes another origin). */
export async function startServer(handler: Handler, host = '127.0.0.1'): Promise<LoopbackServer> {
  const requests: SeenRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const seen = {
      method: req.method ?? '',
      url: req.url ?? '',
      headers: req.headers,
      body: Buffer.concat(chunks).toString(),
    };
    requests.push(seen);
    await handler(seen, res, requests.length - 1);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Writes a JSON response. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

export const API_KEY = 'sk-test-9f8e7d6c5b4a';
export const AVATAR = '3deccfb2-cf96-459c-8b69-f601d6767ea5';
export const CREATED = {
  session_token:
    'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzZXNzaW9uLTc4OSJ9.8PI2swCPv-yHL5VBdZ6OjD_r0y-YGjKikTlEAuPL86E',
  expires_at: '2024-01-01T01:00:00Z',
  widget_url: 'https://widget.konpro.ai/embed',
  session_id: 'session-789',
};
export const SESSION = {
  session_id: 'session-789',
  agentic_avatar_id: AVATAR,
  status: 'active',
  created_at: '2024-01-01T00:00:00Z',
  expires_at: '2024-01-01T01:00:00Z',
};
export const errorBody = (code: string, message: string, details?: unknown) => ({
  error: details === undefined ? { code, message } : { code, message, details },
  request_id: 'req-123456',
});
