/**
 * The benchmarks' KonPro: a node:http server in its own process (so it never shares the
 * client's event loop or CPU accounting), answering create and get with the documented bodies.
 * Prints its port on stdout.
 */
import { createServer } from 'node:http';

const CREATED = JSON.stringify({
  session_token:
    'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzZXNzaW9uLTc4OSJ9.8PI2swCPv-yHL5VBdZ6OjD_r0y-YGjKikTlEAuPL86E',
  expires_at: '2024-01-01T01:00:00Z',
  widget_url: 'https://widget.konpro.ai/embed',
  session_id: 'session-789',
});
const SESSION = JSON.stringify({
  session_id: 'session-789',
  agentic_avatar_id: '3deccfb2-cf96-459c-8b69-f601d6767ea5',
  status: 'active',
  created_at: '2024-01-01T00:00:00Z',
  expires_at: '2024-01-01T01:00:00Z',
});

const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const body = req.method === 'POST' ? CREATED : SESSION;
    res.writeHead(req.method === 'POST' ? 201 : 200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    });
    res.end(body);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as { port: number };
  console.log(port);
});
