/**
 * KonPro's documented rate limits per plan, in one place (issues #21 and #24): the fake emulates
 * them, the token handler's fleet budget enforces them, the contract suite paces itself by them.
 */

/** Requests per minute and per day of each documented plan (Enterprise plans are custom). */
export const PLANS = {
  'free-trial': { perMinute: 10, perDay: 100 },
  pro: { perMinute: 60, perDay: 1000 },
  scale: { perMinute: 300, perDay: 10_000 },
} as const;

/** A documented plan by name, or a custom limit. */
export type Plan = keyof typeof PLANS | { perMinute: number; perDay?: number | undefined };

/** The limits of a plan. */
export interface PlanLimits {
  perMinute: number;
  perDay?: number | undefined;
}

export const MINUTE_MS = 60_000;
export const DAY_MS = 24 * 60 * MINUTE_MS;

/** Whether a value is a plan (a name of `PLANS`, or `{ perMinute ≥ 1, perDay? ≥ 1 }`). */
export function isPlan(value: unknown): value is Plan {
  if (typeof value === 'string') return value in PLANS;
  const { perMinute, perDay } = (value ?? {}) as { perMinute?: unknown; perDay?: unknown };
  const count = (n: unknown) => Number.isInteger(n) && (n as number) >= 1;
  return count(perMinute) && (perDay === undefined || count(perDay));
}

export function planLimits(plan: Plan): PlanLimits {
  return typeof plan === 'string' ? PLANS[plan] : plan;
}

/** Counts requests in sliding windows of a minute and a day; says how long to wait when over. */
export class RateLimiter {
  readonly #limits: PlanLimits;
  readonly #times: number[] = [];

  constructor(plan: Plan) {
    this.#limits = planLimits(plan);
  }

  /** How long until a request at `now` would be allowed: 0 when it is (nothing is recorded). */
  waitMs(now: number): number {
    const { perMinute, perDay } = this.#limits;
    while (this.#times.length > 0 && this.#times[0]! <= now - DAY_MS) this.#times.shift();
    const lastMinute = this.#times.filter((t) => t > now - MINUTE_MS);
    if (lastMinute.length >= perMinute) return lastMinute[lastMinute.length - perMinute]! + MINUTE_MS - now;
    if (perDay !== undefined && this.#times.length >= perDay)
      return this.#times[this.#times.length - perDay]! + DAY_MS - now;
    return 0;
  }

  /** Records a request at `now`; returns undefined when allowed, else the milliseconds until it would be. */
  take(now: number): number | undefined {
    const wait = this.waitMs(now);
    if (wait > 0) return wait;
    this.#times.push(now);
    return undefined;
  }

  /** Records a request that is sent whatever the limit says (a delete that must not be refused). */
  record(now: number): void {
    this.#times.push(now);
  }
}
