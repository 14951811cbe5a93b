/**
 * Which widget sessions the handler minted for which user, so that a user can revoke their own
 * sessions and never another's. The default keeps them in this process's memory; a deployment
 * with several instances needs a shared store (see the README).
 */

/** A session the handler minted. */
export interface MintedSession {
  sessionId: string;
  /** ISO 8601, as KonPro answered it. */
  expiresAt: string;
}

/** Where the handler keeps each user's sessions. Every method may return a promise. */
export interface SessionStore {
  add(userId: string, session: MintedSession): void | Promise<void>;
  /** The user's sessions that have not expired. */
  list(userId: string): MintedSession[] | Promise<MintedSession[]>;
  remove(userId: string, sessionId: string): void | Promise<void>;
}

/** The default store: in memory, expired sessions dropped as they are listed. */
export function createMemorySessionStore(now: () => number = Date.now): SessionStore {
  const byUser = new Map<string, Map<string, MintedSession>>();
  return {
    add(userId, session) {
      const sessions = byUser.get(userId) ?? new Map<string, MintedSession>();
      sessions.set(session.sessionId, session);
      byUser.set(userId, sessions);
    },
    list(userId) {
      const sessions = byUser.get(userId);
      if (!sessions) return [];
      for (const [id, session] of sessions) if (Date.parse(session.expiresAt) <= now()) sessions.delete(id);
      if (sessions.size === 0) byUser.delete(userId);
      return [...sessions.values()];
    },
    remove(userId, sessionId) {
      const sessions = byUser.get(userId);
      sessions?.delete(sessionId);
      if (sessions?.size === 0) byUser.delete(userId);
    },
  };
}
