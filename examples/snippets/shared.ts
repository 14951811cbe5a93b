// What the three snippets share: your client, and your own way of knowing who is signed in.
import { createKonproClient } from 'konpro-widget-sessions';

export const konpro = createKonproClient({ apiKey: process.env.KONPRO_API_KEY });
export const AVATAR = process.env.KONPRO_AGENTIC_AVATAR_ID ?? '3deccfb2-cf96-459c-8b69-f601d6767ea5';

/** Your authentication: the signed-in user's id, or null. */
export async function currentUserId(request: Request): Promise<string | null> {
  const token = request.headers.get('authorization')?.replace(/^Bearer /, '');
  return token ? `user-of-${token}` : null;
}
