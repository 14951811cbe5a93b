/** Sequential calls, one after the other: the time of one create and one get, against raw fetch. */
import { type Figures, interleave, summarise } from './harness.js';
import type { Variant } from './variants.js';

const CALLS_PER_ROUND = 300;

export async function sequential(variants: Record<string, Variant>, rounds: number) {
  const measure =
    (call: 'create' | 'get') =>
    async (variant: Variant): Promise<Figures> => {
      const start = performance.now();
      for (let i = 0; i < CALLS_PER_ROUND; i++) await variant[call]();
      return { us: ((performance.now() - start) / CALLS_PER_ROUND) * 1000 };
    };
  return {
    create: summarise(await interleave(variants, rounds, measure('create')), 'us', 'raw fetch'),
    get: summarise(await interleave(variants, rounds, measure('get')), 'us', 'raw fetch'),
  };
}
