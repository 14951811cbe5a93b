/** The fake on a loopback port (node:http), for code that cannot take an injected fetch. */
import type { AddressInfo, Socket } from 'node:net';
import { KonproConfigError } from '../errors.js';
import type { FakeAnswer, FakeInput, FakeKonproServer } from './fake-types.js';

/**
 * node:http, loaded when `listen()` is called, through a specifier bundlers leave alone: the fake
 * kit then bundles for a Worker or a browser test runner, where `listen()` is the one thing that
 * cannot work (and says so).
 */
const NODE_HTTP = 'node:http';
async function loadNodeHttp(): Promise<typeof import('node:http')> {
  try {
    return await import(/* @vite-ignore */ /* webpackIgnore: true */ NODE_HTTP);
  } catch {
    throw new KonproConfigError(
      'listen',
      'needs node:http, which this runtime lacks: give the client fake.fetch instead',
    );
  }
}

export async function serveFake(
  handle: (input: FakeInput) => FakeAnswer,
  { port = 0, host = '127.0.0.1' }: { port?: number; host?: string },
): Promise<FakeKonproServer> {
  const { createServer } = await loadNodeHttp();
  const sockets = new Set<Socket>();
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const key = req.headers['x-api-key'];
    const result = handle({
      method: req.method ?? 'GET',
      path: new URL(req.url ?? '/', 'http://fake').pathname,
      apiKey: typeof key === 'string' ? key : undefined,
      bodyText: Buffer.concat(chunks).toString('utf8'),
    });
    if ('kind' in result) {
      if (result.kind === 'drop') req.socket.destroy();
      return;
    }
    res.writeHead(result.status, result.headers);
    res.end(result.body);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new KonproConfigError('port', `${port} on ${host} is already in use`)
          : new KonproConfigError('host', `${host}:${port} cannot be listened on: ${error.message}`),
      ),
    );
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
