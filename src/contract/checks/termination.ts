import { isExchange, type StepCheck } from '../types.js';
import { needFixtures } from './fixtures.js';

export const termination: StepCheck = {
  name: 'termination',
  sentence: 'Delete "terminates the session at once" and answers message and session_id.',
  page: 'Delete Widget Session',
  cost: { full: 1, smoke: 1 },
  async run(context) {
    const [created] = needFixtures(context, ['documented']);
    if (!created) return;
    const { session_id } = created.session;
    const deleted = await context.send({ operationId: 'deleteWidgetSession', sessionId: session_id });
    if (!isExchange(deleted))
      return context.inconclusive(`delete got no usable answer: ${deleted.unobserved}`, deleted.exchange);
    const body = (deleted.json ?? {}) as Record<string, unknown>;
    if (!context.expect(deleted.status >= 200 && deleted.status < 300, `delete answered ${deleted.status}`, deleted))
      return;
    context.exchanges.set('deleted documented', deleted);
    context.expect(
      body.session_id === session_id,
      `delete answered session_id ${JSON.stringify(body.session_id)} (deleted ${session_id})`,
      deleted,
      { path: '$.session_id', value: body.session_id },
    );
    context.expect(
      typeof body.message === 'string',
      `delete answered message ${JSON.stringify(body.message)}`,
      deleted,
    );
  },
};
