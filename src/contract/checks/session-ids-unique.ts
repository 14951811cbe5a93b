import type { StepCheck } from '../types.js';
import { needFixtures } from './fixtures.js';

export const sessionIdsUnique: StepCheck = {
  name: 'session ids unique',
  sentence: 'session_id: "Unique identifier for the widget session".',
  page: 'Create Widget Session',
  cost: 0,
  async run(context) {
    const fixtures = needFixtures(context, ['documented', 'minimal', 'textOnly']);
    if (fixtures.length < 2) return context.inconclusive('needs two sessions to compare');
    const ids = fixtures.map((f) => f.session.session_id);
    const unique = new Set(ids).size === ids.length;
    context.expect(
      unique,
      `${ids.length} creates answered ${unique ? 'distinct ids' : `repeated ids: ${ids.join(', ')}`}`,
      unique ? undefined : fixtures.at(-1)!.exchange,
    );
  },
};
