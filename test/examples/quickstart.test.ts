// Your code runs on the real client; the fake KonPro answers as the docs say.
import { createKonproClient } from 'konpro-widget-sessions';
import { createFakeKonpro } from 'konpro-widget-sessions/testing';
import { expect, test } from 'vitest';

const AVATAR = '3deccfb2-cf96-459c-8b69-f601d6767ea5';

test('a created session is active, and deleting it terminates it', async () => {
  const fake = createFakeKonpro({ apiKey: 'test-key', agenticAvatarIds: [AVATAR] });
  const konpro = createKonproClient({ apiKey: 'test-key', fetch: fake.fetch });
  const { session_id } = await konpro.widgetSessions.create({ agentic_avatar_id: AVATAR, settings: {} });
  expect((await konpro.widgetSessions.get(session_id)).status).toBe('active');
  await konpro.widgetSessions.delete(session_id);
  expect(fake.sessions[0]?.status).toBe('terminated');
});
