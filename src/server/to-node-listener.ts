/** A Fetch API handler as a node:http listener (node:http, Express, Fastify's raw server). */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** The largest request body read (the handler's requests have none worth more). */
const MAX_BODY_BYTES = 16 * 1024;

/**
 * The handler gets the Fetch `Request` and, as its second argument, node's own request: an
 * Express app's `authorize` reads `req.user` or `req.session` from it.
 *
 * @example
 * import { createServer } from 'node:http';
 * createServer(toNodeListener(handler)).listen(3000);
 * // Express: app.all('/api/widget-session', toNodeListener(handler));
 */
export function toNodeListener(
  handler: (request: Request, native: IncomingMessage) => Promise<Response>,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of req) {
        size += (chunk as Buffer).length;
        if (size > MAX_BODY_BYTES) break;
        chunks.push(chunk as Buffer);
      }
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
      }
      const method = req.method ?? 'GET';
      const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
      const body = method === 'GET' || method === 'HEAD' || chunks.length === 0 ? undefined : Buffer.concat(chunks);
      const response = await handler(new Request(url, { method, headers, ...(body ? { body } : {}) }), req);
      const outgoing: Record<string, string> = {};
      response.headers.forEach((value, name) => {
        outgoing[name] = value;
      });
      res.writeHead(response.status, outgoing);
      res.end(Buffer.from(await response.arrayBuffer()));
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end('{"error":{"code":"server_error","message":"The widget session service failed."}}');
    });
  };
}
