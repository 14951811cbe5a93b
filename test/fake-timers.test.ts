/**
 * A client under vitest's fake timers (issue #24): the first call of a cold client never hangs,
 * and its retries advance with the fake clock, as a user's test drives them.
 */
import { createKonproClient } from 'konpro-widget-sessions';
import { createFakeKonpro } from 'konpro-widget-sessions/testing';
import { afterEach, expect, test, vi } from 'vitest';

const KEY = 'sk-fake-timers-0123456789';
const AVATAR = '3deccfb2-cf96-459c-8b69-f601d6767ea5';

afterEach(() => {
  vi.useRealTimers();
});

test('the first call of a cold client, retried after a 503, completes as the fake clock advances in steps', {
  timeout: 5000,
}, async () => {
  vi.useFakeTimers();
  const fake = createFakeKonpro({ apiKey: KEY, agenticAvatarIds: [AVATAR] });
  fake.failNext({ status: 503 });
  const konpro = createKonproClient({ apiKey: KEY, fetch: fake.fetch });
  let done = false;
  const call = konpro.widgetSessions.create({ agentic_avatar_id: AVATAR, settings: {} }).finally(() => {
    done = true;
  });
  for (let i = 0; i < 10 && !done; i++) await vi.advanceTimersByTimeAsync(1000);
  const created = await call;
  expect(created.session_id).toMatch(/^session-/);
  expect(fake.requests.map((r) => r.status)).toEqual([503, 201]);
});

test('importing the package loads the request validators, so that no first call waits on module I/O', async () => {
  vi.resetModules();
  await import('konpro-widget-sessions');
  const { specValidatorsLoaded } = await import('../src/internal/validation/load-spec-validators.js');
  await vi.waitFor(() => expect(specValidatorsLoaded()).toBe(true));
});
