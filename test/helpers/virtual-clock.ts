/** A clock whose sleeps pass at once: time moves only when someone waits (or `advance` is called). */
import type { Clock } from '../../src/contract/clock.js';

export function virtualClock(start = Date.parse('2026-06-01T12:00:00Z')): Clock & { advance(ms: number): void } {
  let now = start;
  return {
    now: () => now,
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw signal.reason;
      now += ms;
    },
    advance: (ms) => {
      now += ms;
    },
  };
}
