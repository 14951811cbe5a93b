// Mint a widget session on your server, hand the page its token and URL, revoke it on logout
import { createKonproClient, NotFoundError } from 'konpro-widget-sessions';

const konpro = createKonproClient({ apiKey: process.env.KONPRO_API_KEY, validateResponses: 'report' });

const session = await konpro.widgetSessions.create({
  agentic_avatar_id: '3deccfb2-cf96-459c-8b69-f601d6767ea5',
  settings: { max_duration: 900, allowed_domains: ['app.example.com'] },
});
// Give the page session.session_token and session.widget_url; keep session.session_id.

const { status } = await konpro.widgetSessions.get(session.session_id); // 'active'
await konpro.widgetSessions.delete(session.session_id).catch((error: unknown) => {
  if (!(error instanceof NotFoundError)) throw error; // already gone
});

export { status };
