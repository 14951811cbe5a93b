// A Hono app (Node, Bun, Deno, Cloudflare Workers)
import { Hono } from 'hono';
import { createWidgetSessionHandler } from 'konpro-widget-sessions/server';
import { AVATAR, currentUserId, konpro } from './shared.js';

const handler = createWidgetSessionHandler({
  client: konpro,
  agenticAvatarId: AVATAR,
  settings: { max_duration: 900, allowed_domains: ['app.example.com'] },
  authorize: currentUserId,
});

export const app = new Hono();
app.on(['POST', 'DELETE', 'OPTIONS'], '/api/widget-session', (c) => handler(c.req.raw));
