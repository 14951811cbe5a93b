import { isExchange, type StepCheck } from '../types.js';
import { isDeclaredRefusal, needFixtures } from './fixtures.js';

export const terminationIsPermanent: StepCheck = {
  name: 'termination is permanent',
  sentence:
    '"Permanent; a terminated session cannot be reactivated." Deleting it again may answer 2xx (DELETE is idempotent) or a declared 4xx (open question); it stays ended either way.',
  page: 'Delete Widget Session',
  cost: 2,
  async run(context) {
    const [created] = needFixtures(context, ['documented']);
    if (!created) return;
    const { session_id } = created.session;
    const again = await context.send({ operationId: 'deleteWidgetSession', sessionId: session_id });
    if (!isExchange(again))
      return context.inconclusive(`second delete got no usable answer: ${again.unobserved}`, again.exchange);
    const accepted = (again.status >= 200 && again.status < 300) || isDeclaredRefusal(context, again);
    context.expect(accepted, `deleting a terminated session again answered ${again.status}`, again);
    const read = await context.send({ operationId: 'getWidgetSession', sessionId: session_id });
    if (!isExchange(read))
      return context.inconclusive(`get after the second delete: ${read.unobserved}`, read.exchange);
    const status = (read.json as { status?: unknown } | undefined)?.status;
    const ended = read.status === 404 || (read.status === 200 && typeof status === 'string' && status !== 'active');
    if (!ended) await context.keepForCleanup(session_id);
    context.expect(
      ended,
      `after the second delete, get answered ${read.status}${read.status === 200 ? ` with status ${JSON.stringify(status)}` : ''}`,
      read,
    );
  },
};
