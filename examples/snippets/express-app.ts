// An Express 5 app
import express from 'express';
import { createWidgetSessionHandler, toNodeListener } from 'konpro-widget-sessions/server';
import { AVATAR, currentUserId, konpro } from './shared.js';

const app = express();
app.all(
  '/api/widget-session',
  toNodeListener(
    createWidgetSessionHandler({
      client: konpro,
      agenticAvatarId: AVATAR,
      settings: { max_duration: 900, allowed_domains: ['app.example.com'] },
      authorize: currentUserId,
    }),
  ),
);
app.listen(3000);
