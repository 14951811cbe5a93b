import { isExchange, type StepCheck } from '../types.js';
import { hasEnded, needFixtures } from './fixtures.js';

export const deleteEndsOnlyTheNamedSession: StepCheck = {
  name: 'delete ends only the named session',
  sentence:
    'Delete "terminates the session" named by session_id: another session of the account, created for the purpose, stays active.',
  page: 'Delete Widget Session',
  cost: { full: 1 },
  async run(context) {
    const [other] = needFixtures(context, ['minimal']);
    if (!other) return;
    if (!context.exchanges.has('deleted documented'))
      return context.inconclusive('needs the delete of "termination" to have succeeded');
    const read = await context.send({ operationId: 'getWidgetSession', sessionId: other.session.session_id });
    if (!isExchange(read)) return context.inconclusive(`no usable answer: ${read.unobserved}`, read.exchange);
    context.expect(
      read.status === 200 && !hasEnded(read),
      `after deleting another session, ${other.session.session_id} answered ${read.status}${read.status === 200 ? ` with status ${JSON.stringify((read.json as { status?: unknown })?.status)}` : ''}`,
      read,
    );
  },
};
