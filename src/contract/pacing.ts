/**
 * Pacing against a plan's rate limit (issue #12): requests are spread evenly, one every
 * window / N (plus 5 % for clock drift), so a run never bursts into a 429, whatever kind of limiter
 * the server uses. The default is the Free Trial's 10 requests a minute.
 */
import { MINUTE_MS, PLANS } from '../internal/config/plans.js';
import type { Clock } from './clock.js';

export interface RateLimit {
  requests: number;
  windowMs: number;
}

/** KonPro's Free Trial plan: the plan every new account starts on. */
export const FREE_TRIAL_RATE_LIMIT: RateLimit = { requests: PLANS['free-trial'].perMinute, windowMs: MINUTE_MS };

const UNITS: Record<string, number> = {
  s: 1000,
  sec: 1000,
  second: 1000,
  min: 60_000,
  minute: 60_000,
  h: 3_600_000,
  hour: 3_600_000,
};

/** `10/min`, `300/minute`, `5/s`, `1000/h` → a rate limit; undefined when it is not one. */
export function parseRateLimit(text: string): RateLimit | undefined {
  const match = /^\s*(\d+)\s*\/\s*([a-z]+)\s*$/i.exec(text);
  const windowMs = match ? UNITS[match[2]!.toLowerCase()] : undefined;
  const requests = match ? Number(match[1]) : 0;
  return windowMs && requests > 0 ? { requests, windowMs } : undefined;
}

export class Pacer {
  readonly intervalMs: number;
  readonly #clock: Clock;
  #last: number | undefined;

  constructor(limit: RateLimit, clock: Clock) {
    this.intervalMs = (limit.windowMs / limit.requests) * 1.05;
    this.#clock = clock;
  }

  /** Waits until the next request may be sent. */
  async ready(signal?: AbortSignal): Promise<void> {
    if (this.#last !== undefined) {
      const wait = this.#last + this.intervalMs - this.#clock.now();
      if (wait > 0) await this.#clock.sleep(wait, signal);
    }
    this.#last = this.#clock.now();
  }
}
