/**
 * Which widget sessions the handler minted for which user, so that a tab can revoke its own
 * session, a logout can revoke all of a user's, and no user can touch another's. The default
 * keeps them in this process's memory; several instances need a shared store
 * (`konpro-widget-sessions/redis`).
 */

/** A session the handler minted. */
export interface MintedSession {
  sessionId: string;
  /**
   * ISO 8601: when KonPro ends the session, by this instance's clock (the handler translates
   * KonPro's `expires_at` through its answer's `Date`). The store may forget it from then on.
   */
  expiresAt: string;
  /** The page's id for the mint (`?mint_id=`), so that a tab closed mid-mint can revoke it. */
  mintId?: string | undefined;
}

/** Where the handler keeps each user's sessions. Every method may return a promise. */
export interface SessionStore {
  /**
   * Records a session. A store with `revokeMint` records nothing for a mint already revoked and
   * returns `'revoked'`: the instance that minted it then terminates it.
   */
  // biome-ignore lint/suspicious/noConfusingVoidType: a store's own async add returns Promise<void>
  add(userId: string, session: MintedSession): void | 'revoked' | Promise<void | 'revoked'>;
  /** The user's sessions that have not expired. */
  list(userId: string): MintedSession[] | Promise<MintedSession[]>;
  remove(userId: string, sessionId: string): void | Promise<void>;
  /**
   * For a fleet, where a tab's `DELETE ?mint_id=` may reach another instance than its `POST`:
   * marks the mint revoked, in one step with reading its session, which it returns when the mint
   * has landed. Once marked, `add` refuses that mint's session. The mark outlives any mint
   * (`REVOKED_MINT_TTL_MS`). Without it (one instance), the handler waits for its own mints instead.
   */
  revokeMint?(userId: string, mintId: string): MintedSession | undefined | Promise<MintedSession | undefined>;
}

/** How long a revoked mint stays marked: far longer than a mint can take (one create, not retried). */
export const REVOKED_MINT_TTL_MS = 10 * 60_000;

/** How often the memory store drops every expired session, whoever it belonged to. */
const SWEEP_EVERY_MS = 60_000;

/**
 * The default store: in memory, for one instance. Expired sessions are dropped as a user's list
 * is read, and every minute for all users, so that users who never come back cost nothing once
 * their sessions have expired (issue #21: 100,000 idle users leave no trace).
 */
export function createMemorySessionStore(now: () => number = Date.now): SessionStore {
  const byUser = new Map<string, Map<string, MintedSession>>();
  let sweptAt = now();
  const dropExpired = (userId: string, sessions: Map<string, MintedSession>) => {
    for (const [id, session] of sessions) if (Date.parse(session.expiresAt) <= now()) sessions.delete(id);
    if (sessions.size === 0) byUser.delete(userId);
  };
  const sweep = () => {
    if (now() - sweptAt < SWEEP_EVERY_MS) return;
    sweptAt = now();
    for (const [userId, sessions] of byUser) dropExpired(userId, sessions);
  };
  return {
    add(userId, session) {
      sweep();
      const sessions = byUser.get(userId) ?? new Map<string, MintedSession>();
      sessions.set(session.sessionId, session);
      byUser.set(userId, sessions);
    },
    list(userId) {
      sweep();
      const sessions = byUser.get(userId);
      if (!sessions) return [];
      dropExpired(userId, sessions);
      return [...sessions.values()];
    },
    remove(userId, sessionId) {
      const sessions = byUser.get(userId);
      sessions?.delete(sessionId);
      if (sessions?.size === 0) byUser.delete(userId);
    },
  };
}
