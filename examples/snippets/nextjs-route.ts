// app/api/widget-session/route.ts (Next.js App Router)
import { createWidgetSessionHandler } from 'konpro-widget-sessions/server';
import { AVATAR, currentUserId, konpro } from './shared.js';

const handler = createWidgetSessionHandler({
  client: konpro,
  agenticAvatarId: AVATAR,
  settings: { max_duration: 900, allowed_domains: ['app.example.com'], features: { voice_input: false } },
  authorize: currentUserId,
});

export const POST = handler; // mint a session for the signed-in user
export const DELETE = handler; // ?session_id= ends one tab's session, ?all=true logs out
