/**
 * The handler's two limits (issue #21), each an interface with an in-memory default for one
 * instance and a Redis version for a fleet (`konpro-widget-sessions/redis`):
 * - a per-user limit of mints per window, which counts mints that succeeded (a failed one gives
 *   its reservation back), so that KonPro's outage does not lock users out after it;
 * - the fleet's budget of KonPro calls per minute and per day, fed by KonPro's own 429: when it
 *   answers one, no instance sends a create until the cool-down has passed.
 */
import { DAY_MS, MINUTE_MS, type Plan, planLimits, RateLimiter } from '../internal/config/plans.js';

/** A mint the per-user limit allowed, or how long until it would. */
export type Reservation = { granted: true; release(): void | Promise<void> } | { granted: false; retryAfterMs: number };

/** At most `mints` successful mints per user per `windowMs`. Methods may return promises. */
export interface UserLimiter {
  /** Reserves one mint for the user (give it back with `release` if the mint fails). */
  reserve(userId: string): Reservation | Promise<Reservation>;
}

/** The fleet's budget of calls to KonPro. Methods may return promises. */
export interface CallBudget {
  /**
   * Takes one call: 0 when it may be sent now, else the milliseconds until one may. A create
   * needs room in the budget; a delete is counted but never refused (a revoke must not wait).
   */
  take(kind: 'create' | 'delete'): number | Promise<number>;
  /** KonPro answered 429: no instance sends a create for `ms`. */
  coolDown(ms: number): void | Promise<void>;
}

/** Options of `createMemoryUserLimiter`. */
export interface UserLimit {
  mints: number;
  windowMs: number;
}

/** Five successful mints per user per minute: a page that loops is stopped, a user with tabs is not. */
export const DEFAULT_PER_USER_LIMIT: UserLimit = { mints: 5, windowMs: 60_000 };

/** The per-user limit in this process's memory: a window of mint times per user, swept as it goes. */
export function createMemoryUserLimiter({ mints, windowMs }: UserLimit, now: () => number = Date.now): UserLimiter {
  const byUser = new Map<string, number[]>();
  let sweptAt = now();
  const recent = (userId: string) => {
    const kept = (byUser.get(userId) ?? []).filter((t) => t > now() - windowMs);
    if (kept.length === 0) byUser.delete(userId);
    else byUser.set(userId, kept);
    return kept;
  };
  return {
    reserve(userId) {
      // Idle users cost nothing once their window has passed.
      if (now() - sweptAt >= windowMs) {
        sweptAt = now();
        for (const id of [...byUser.keys()]) recent(id);
      }
      const times = recent(userId);
      if (times.length >= mints)
        return { granted: false, retryAfterMs: times[times.length - mints]! + windowMs - now() };
      const at = now();
      byUser.set(userId, [...times, at]);
      return {
        granted: true,
        release: () => {
          const left = (byUser.get(userId) ?? []).filter((t) => t !== at);
          if (left.length === 0) byUser.delete(userId);
          else byUser.set(userId, left);
        },
      };
    },
  };
}

/** Options of `createMemoryBudget`. */
export interface BudgetOptions {
  /** The plan whose limits the fleet stays within; without one, only KonPro's 429 is honoured. */
  plan?: Plan | undefined;
}

/** The budget in this process's memory (one instance). */
export function createMemoryBudget({ plan }: BudgetOptions = {}, now: () => number = Date.now): CallBudget {
  const limiter = plan === undefined ? undefined : new RateLimiter(plan);
  let coolUntil = 0;
  return {
    take(kind) {
      if (kind === 'delete') {
        limiter?.record(now());
        return 0;
      }
      if (coolUntil > now()) return coolUntil - now();
      return limiter?.take(now()) ?? 0;
    },
    coolDown(ms) {
      coolUntil = Math.max(coolUntil, now() + ms);
    },
  };
}

/** The windows a plan's budget counts in, for the Redis version. */
export function budgetWindows(plan: Plan | undefined): Array<{ limit: number; windowMs: number }> {
  if (plan === undefined) return [];
  const { perMinute, perDay } = planLimits(plan);
  return [
    { limit: perMinute, windowMs: MINUTE_MS },
    ...(perDay === undefined ? [] : [{ limit: perDay, windowMs: DAY_MS }]),
  ];
}
