import { isExchange, type StepCheck } from '../types.js';
import { hasEnded, isDeclaredRefusal, needFixtures } from './fixtures.js';

export const terminationIsPermanent: StepCheck = {
  name: 'termination is permanent',
  sentence:
    'Delete "terminates the session at once"; "Permanent; a terminated session cannot be reactivated": a read then shows it ended (404, or a status other than active). Deleting it again may answer 2xx (DELETE is idempotent) or a declared 4xx (open question).',
  page: 'Delete Widget Session; Get Widget Session',
  cost: { full: 2, smoke: 1 },
  async run(context) {
    const [created] = needFixtures(context, ['documented']);
    if (!created) return;
    if (!context.exchanges.has('deleted documented'))
      return context.inconclusive('needs the delete of "termination" to have succeeded');
    const { session_id } = created.session;
    if (context.profile === 'full') {
      const again = await context.send({ operationId: 'deleteWidgetSession', sessionId: session_id });
      if (!isExchange(again))
        return context.inconclusive(`second delete got no usable answer: ${again.unobserved}`, again.exchange);
      const accepted = (again.status >= 200 && again.status < 300) || isDeclaredRefusal(context, again);
      context.expect(accepted, `deleting a terminated session again answered ${again.status}`, again);
    }
    const read = await context.send({ operationId: 'getWidgetSession', sessionId: session_id });
    if (!isExchange(read)) return context.inconclusive(`get after delete: ${read.unobserved}`, read.exchange);
    const ended = hasEnded(read);
    if (!ended) await context.keepForCleanup(session_id);
    const status = (read.json as { status?: unknown } | undefined)?.status;
    context.expect(
      ended,
      `after delete, get answered ${read.status}${read.status === 200 ? ` with status ${JSON.stringify(status)}` : ''}`,
      read,
      read.status === 200 ? { path: '$.status', value: status } : {},
    );
  },
};
