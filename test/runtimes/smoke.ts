/**
 * What each runtime must do with the shipped code (issue #24): the client and the token handler,
 * run inside Bun, Deno or workerd against a fake KonPro on a loopback port, through that
 * runtime's own fetch, streams and timers. Bundled by test/runtimes.test.ts into one ES module:
 * workerd serves it (`fetch`), Bun and Deno run it through run.ts. Each step is a named result,
 * so a failure says which promise broke; the key must be in none of the answers.
 */
import { createKonproClient, KonproConfigError, KonproError, NotFoundError } from '../../src/index.js';
import { createWidgetSessionHandler } from '../../src/server/index.js';
import { createFakeKonpro } from '../../src/testing/index.js';

export interface SmokeInput {
  /** The fake KonPro's loopback URL. */
  baseUrl: string;
  apiKey: string;
  avatar: string;
}
export type SmokeResult = Record<string, string>;

const PAGE = 'https://app.example.com';

/** Runs every step; each result is 'ok' or what went wrong. */
export async function runSmoke({ baseUrl, apiKey, avatar }: SmokeInput): Promise<SmokeResult> {
  const results: SmokeResult = {};
  const step = async (name: string, body: () => Promise<void> | void) => {
    try {
      await body();
      results[name] = 'ok';
    } catch (error) {
      results[name] = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    }
  };
  const expect = (condition: unknown, what: string) => {
    if (!condition) throw new Error(what);
  };
  const answers: string[] = [];
  const konpro = createKonproClient({ apiKey, baseUrl, maxRetries: 0, timeoutMs: 5000 });
  const handler = createWidgetSessionHandler({
    client: konpro,
    agenticAvatarId: avatar,
    settings: { max_duration: 600, allowed_domains: ['app.example.com'] },
    authorize: (request) => request.headers.get('x-user'),
    logger: { error: () => {}, warn: () => {} },
  });
  const call = async (method: string, query = '', user: string | null = 'user-1', origin = PAGE) => {
    const headers: Record<string, string> = { origin };
    if (user) headers['x-user'] = user;
    const response = await handler(new Request(`${PAGE}/api/widget-session${query}`, { method, headers }));
    const text = await response.text();
    answers.push(text);
    response.headers.forEach((value) => {
      answers.push(value);
    });
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
  };

  let sessionId = '';
  await step('handler mints a session for a signed-in user', async () => {
    const { status, body, headers } = await call('POST');
    expect(status === 201, `status ${status}: ${JSON.stringify(body)}`);
    for (const field of ['session_token', 'widget_url', 'session_id', 'expires_at'])
      expect(typeof body[field] === 'string', `no ${field}`);
    expect(typeof body.expires_in === 'number' && body.expires_in > 0, 'no expires_in');
    expect(headers.get('access-control-allow-origin') === PAGE, 'no CORS header for the page');
    sessionId = body.session_id;
  });
  await step('the client reads the session as active', async () => {
    expect((await konpro.widgetSessions.get(sessionId)).status === 'active', 'not active');
  });
  await step('handler refuses a visitor who is not signed in', async () => {
    const { status, body } = await call('POST', '', null);
    expect(status === 401 && body.error.code === 'unauthorized', `status ${status}`);
  });
  await step('handler refuses a foreign origin', async () => {
    const { status } = await call('POST', '', 'user-1', 'https://evil.example');
    expect(status === 403, `status ${status}`);
  });
  await step('handler ends the named session', async () => {
    const { status } = await call('DELETE', `?session_id=${encodeURIComponent(sessionId)}`);
    expect(status === 200 || status === 204, `status ${status}`);
    expect((await konpro.widgetSessions.get(sessionId)).status === 'terminated', 'not terminated');
  });
  await step('an unknown session is a NotFoundError, a KonproError', async () => {
    const error = await konpro.widgetSessions.get('no-such-session').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error instanceof NotFoundError && error instanceof KonproError, `got ${String(error)}`);
  });
  await step('a bad option is a KonproConfigError naming it, before any request', () => {
    try {
      createKonproClient({ apiKey, baseUrl, timeoutMs: -1 });
    } catch (error) {
      expect(error instanceof KonproConfigError && error.message.includes('timeoutMs'), String(error));
      return;
    }
    throw new Error('no error');
  });
  await step('the fake kit runs here too (injected fetch)', async () => {
    const fake = createFakeKonpro({ apiKey: 'fake-key', agenticAvatarIds: [avatar] });
    const client = createKonproClient({ apiKey: 'fake-key', fetch: fake.fetch });
    const created = await client.widgetSessions.create({ agentic_avatar_id: avatar, settings: {} });
    expect(fake.sessions[0]?.session_id === created.session_id, 'the fake did not record it');
  });
  await step('the key is in no answer of the handler', () => {
    expect(answers.length > 0 && answers.every((text) => !text.includes(apiKey)), 'the key was in an answer');
  });
  return results;
}

/** workerd: GET /?input=<JSON SmokeInput> answers the results as JSON. */
export default {
  async fetch(request: Request): Promise<Response> {
    const input = JSON.parse(new URL(request.url).searchParams.get('input') ?? '{}') as SmokeInput;
    return Response.json(await runSmoke(input));
  },
};
