/**
 * Run in a child process by test/handler-memory.test.ts (with --expose-gc), so that the heap it
 * measures is the handler's own: 100,000 users mint once and go idle; once their sessions have
 * expired and their window has passed, what they cost the handler's memory state is measured.
 */
import { createWidgetSessionHandler } from '../../src/server/index.js';

const gc = (globalThis as { gc?: () => void }).gc!;
let clock = Date.parse('2026-05-01T09:00:00Z');
let minted = 0;
// A stand-in client, so that the heap measured is the handler's, not a fake KonPro's sessions.
const client = {
  widgetSessions: {
    create: async () => ({
      session_token: `eyJ.${minted}.sig`,
      widget_url: 'https://widget.konpro.ai/embed',
      expires_at: new Date(clock + 900_000).toISOString(),
      session_id: `session-${minted++}`,
    }),
    delete: async () => ({}),
  },
};
const handler = createWidgetSessionHandler({
  client: client as never,
  agenticAvatarId: 'avatar',
  authorize: (request) => request.headers.get('x-user'),
  now: () => clock,
});
const mint = (user: string) =>
  handler(
    new Request(`https://app.example.com/api/widget-session?mint_id=m${user}`, {
      method: 'POST',
      headers: { 'x-user': user },
    }),
  );

const heap = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};
const USERS = Number(process.argv[2] ?? 100_000);
for (let i = 0; i < 1000; i++) await mint(`warm-${i}`);
clock += 3600_000;
await mint('warm-after');
const before = heap();
for (let i = 0; i < USERS; i++) {
  const response = await mint(`user-${i}`);
  if (response.status !== 201) throw new Error(`mint ${i} answered ${response.status}`);
}
const busy = heap();
// Past every session's expiry and every window: the next requests sweep what the idle users left.
clock += 3600_000;
await mint('after-1');
await mint('after-2');
const after = heap();
process.stdout.write(
  JSON.stringify({ users: USERS, busyMb: (busy - before) / 2 ** 20, retainedMb: (after - before) / 2 ** 20 }),
);
