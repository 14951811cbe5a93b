import { isExchange, type StepCheck } from '../types.js';
import { needFixtures } from './fixtures.js';

export const termination: StepCheck = {
  name: 'termination',
  sentence:
    'Delete "terminates the session at once" and answers message and session_id; the status then "tells whether the session is active or has been terminated".',
  page: 'Delete Widget Session; Get Widget Session',
  cost: 2,
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
    context.expect(
      body.session_id === session_id,
      `delete answered session_id ${JSON.stringify(body.session_id)} (deleted ${session_id})`,
      deleted,
    );
    context.expect(
      typeof body.message === 'string',
      `delete answered message ${JSON.stringify(body.message)}`,
      deleted,
    );
    const read = await context.send({ operationId: 'getWidgetSession', sessionId: session_id });
    if (!isExchange(read))
      return context.inconclusive(`get after delete got no usable answer: ${read.unobserved}`, read.exchange);
    const status = (read.json as { status?: unknown } | undefined)?.status;
    const ended = read.status === 404 || (read.status === 200 && typeof status === 'string' && status !== 'active');
    if (!ended) await context.keepForCleanup(session_id);
    context.expect(
      ended,
      `get after delete answered ${read.status}${read.status === 200 ? ` with status ${JSON.stringify(status)}` : ''}`,
      read,
    );
  },
};
