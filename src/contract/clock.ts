/** Time for the contract run: real by default; tests pass a virtual clock to run a plan's pacing in no time. */
import { abortableDelay } from '../internal/call/on-abort.js';

export interface Clock {
  now(): number;
  /** Resolves after `ms`; rejects when `signal` aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const realClock: Clock = { now: () => Date.now(), sleep: (ms, signal) => abortableDelay(ms, signal) };
