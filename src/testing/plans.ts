/** KonPro's documented rate limits per plan (requests per minute and per day). */
export const PLANS = {
  'free-trial': { perMinute: 10, perDay: 100 },
  pro: { perMinute: 60, perDay: 1000 },
  scale: { perMinute: 300, perDay: 10_000 },
} as const;

/** A documented plan by name, or a custom limit (Enterprise plans are custom). */
export type Plan = keyof typeof PLANS | { perMinute: number; perDay?: number | undefined };

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** Counts requests in sliding windows of a minute and a day; says how long to wait when over. */
export class RateLimiter {
  readonly #limits: { perMinute: number; perDay?: number | undefined };
  readonly #times: number[] = [];

  constructor(plan: Plan) {
    this.#limits = typeof plan === 'string' ? PLANS[plan] : plan;
  }

  /** Records a request at `now`; returns undefined when allowed, else the milliseconds until it would be. */
  take(now: number): number | undefined {
    const { perMinute, perDay } = this.#limits;
    while (this.#times.length > 0 && this.#times[0]! <= now - DAY) this.#times.shift();
    const lastMinute = this.#times.filter((t) => t > now - MINUTE);
    if (lastMinute.length >= perMinute) return lastMinute[lastMinute.length - perMinute]! + MINUTE - now;
    if (perDay !== undefined && this.#times.length >= perDay)
      return this.#times[this.#times.length - perDay]! + DAY - now;
    this.#times.push(now);
    return undefined;
  }
}
