// Your code: mints a widget session for a page, and revokes it on logout.
import { createKonproClient, type KonproClient, RateLimitError } from 'konpro-widget-sessions';
import { createFakeKonpro } from 'konpro-widget-sessions/testing';
import { expect, test } from 'vitest';

async function startWidget(konpro: KonproClient, avatar: string) {
  const session = await konpro.widgetSessions.create({ agentic_avatar_id: avatar, settings: { max_duration: 900 } });
  return { token: session.session_token, url: session.widget_url, sessionId: session.session_id };
}

// Your tests: the fake KonPro answers as the docs say, on a clock you control.
const AVATAR = '3deccfb2-cf96-459c-8b69-f601d6767ea5';

function setup() {
  let clock = Date.parse('2026-01-01T09:00:00Z');
  const fake = createFakeKonpro({ apiKey: 'test-key', agenticAvatarIds: [AVATAR], now: () => clock });
  const konpro = createKonproClient({ apiKey: 'test-key', fetch: fake.fetch, maxRetries: 0 });
  return { fake, konpro, advance: (ms: number) => (clock += ms) };
}

test('a page gets a token and a widget URL, never the key', async () => {
  const { fake, konpro } = setup();
  const widget = await startWidget(konpro, AVATAR);
  expect(widget.token.split('.')).toHaveLength(3);
  expect(fake.sessions).toEqual([expect.objectContaining({ session_id: widget.sessionId, status: 'active' })]);
  expect(JSON.stringify(widget)).not.toContain('test-key');
});

test('the session expires after max_duration', async () => {
  const { konpro, advance } = setup();
  const { sessionId } = await startWidget(konpro, AVATAR);
  advance(901_000);
  expect((await konpro.widgetSessions.get(sessionId)).status).toBe('expired');
});

test('a rate-limited plan surfaces as a RateLimitError', async () => {
  const { fake, konpro } = setup();
  fake.failNext({ status: 429, retryAfterSeconds: 120 });
  await expect(startWidget(konpro, AVATAR)).rejects.toMatchObject({
    constructor: RateLimitError,
    retryAfterMs: 120_000,
  });
});

test('logout revokes the session', async () => {
  const { fake, konpro } = setup();
  const { sessionId } = await startWidget(konpro, AVATAR);
  await konpro.widgetSessions.delete(sessionId);
  expect(fake.sessions[0]?.status).toBe('terminated');
  expect(fake.requests.map((r) => `${r.method} ${r.status}`)).toEqual(['POST 201', 'DELETE 200']);
});
