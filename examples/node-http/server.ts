/**
 * The embed, end to end, on node:http: a page that gets a widget session from your backend and
 * never sees the API key. Without KONPRO_API_KEY it runs against the testing kit's fake KonPro;
 * with KONPRO_API_KEY and KONPRO_AGENTIC_AVATAR_ID, against the real API.
 *
 *   node --import tsx examples/node-http/server.ts     # then open http://localhost:3000/login?user=alice
 *
 * The demo's "authentication" is a cookie set by /login?user=NAME: use your own in production.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createKonproClient } from 'konpro-widget-sessions';
import { createWidgetSessionHandler, toNodeListener } from 'konpro-widget-sessions/server';
import { createFakeKonpro } from 'konpro-widget-sessions/testing';

const DOCS_AVATAR = '3deccfb2-cf96-459c-8b69-f601d6767ea5';
/** The fake's key: it lives in this process only, like a real key would. */
export const FAKE_KEY = 'sk-example-fake-key-0123456789';

/**
 * The browser helper's ES module file, as the installed package ships it (in this repository,
 * dist/ is built by `npm ci`). Found through package.json's exports, so that a TypeScript path
 * mapping to the sources cannot hand the page a .ts file.
 */
function browserHelperFile(): string {
  const manifest = createRequire(import.meta.url).resolve('konpro-widget-sessions/package.json');
  const { exports } = JSON.parse(readFileSync(manifest, 'utf8')) as {
    exports: Record<string, { import: { default: string } }>;
  };
  return join(dirname(manifest), exports['./browser']!.import.default);
}

export interface ExampleOptions {
  port?: number;
  /** Seconds each session lasts. */
  maxDuration?: number;
}

export async function startExample({ port = 3000, maxDuration = 900 }: ExampleOptions = {}) {
  const liveKey = process.env.KONPRO_API_KEY || undefined;
  const fake = liveKey ? undefined : createFakeKonpro({ apiKey: FAKE_KEY, agenticAvatarIds: [DOCS_AVATAR] });
  const client = createKonproClient(fake ? { apiKey: FAKE_KEY, fetch: fake.fetch } : { apiKey: liveKey });
  const handler = createWidgetSessionHandler({
    client,
    agenticAvatarId: process.env.KONPRO_AGENTIC_AVATAR_ID || DOCS_AVATAR,
    settings: { max_duration: maxDuration, allowed_domains: ['localhost'] },
    authorize: (request) => /(?:^|;\s*)demo_user=([\w-]+)/.exec(request.headers.get('cookie') ?? '')?.[1] ?? null,
  });
  const api = toNodeListener(handler);
  const page = readFileSync(new URL('./index.html', import.meta.url));
  const browserHelper = readFileSync(browserHelperFile());

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/api/widget-session') return api(req, res);
    if (url.pathname === '/login') {
      const user = /^[\w-]{1,40}$/.test(url.searchParams.get('user') ?? '') ? url.searchParams.get('user') : 'alice';
      res.writeHead(302, { 'set-cookie': `demo_user=${user}; Path=/; HttpOnly; SameSite=Strict`, location: '/' });
      return void res.end();
    }
    if (url.pathname === '/browser.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      return void res.end(browserHelper);
    }
    if (url.pathname === '/__fake/sessions' && fake) {
      res.writeHead(200, { 'content-type': 'application/json' });
      return void res.end(JSON.stringify(fake.sessions));
    }
    if (url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return void res.end(page);
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const url = `http://localhost:${(server.address() as AddressInfo).port}`;
  return { url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { url } = await startExample({
    port: Number(process.env.PORT ?? 3000),
    maxDuration: Number(process.env.MAX_DURATION ?? 900),
  });
  console.log(
    `${url} (${process.env.KONPRO_API_KEY ? 'the KonPro API' : 'the fake KonPro'}); sign in at ${url}/login?user=alice`,
  );
}
