/**
 * Garbage collections, full ones included, provoked by allocating (test workers have no
 * --expose-gc, and enabling it keeps them from exiting): for tests that prove a call does not
 * depend on an object that only a WeakRef holds.
 */
import { constants, PerformanceObserver } from 'node:perf_hooks';

/** Allocates until V8 has run `fullCollections` major (mark-compact) collections. */
export async function collectGarbage(fullCollections = 1): Promise<void> {
  let seen = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries())
      if ((entry as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) seen++;
  });
  observer.observe({ entryTypes: ['gc'] });
  try {
    // Objects that survive two scavenges move to the old space; when it grows, V8 runs a full
    // collection. So: keep allocations alive over a few turns, then let them go.
    let retained: unknown[][] = [];
    for (let round = 0; seen < fullCollections; round++) {
      if (round === 5_000) throw new Error(`no full garbage collection after ${round} rounds of allocation`);
      retained.push(Array.from({ length: 20_000 }, (_, i) => ({ i, list: [i, round] })));
      if (retained.length === 32) retained = [];
      // WeakRefs are cleared between jobs, and the observer reports on a later turn.
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  } finally {
    observer.disconnect();
  }
}
