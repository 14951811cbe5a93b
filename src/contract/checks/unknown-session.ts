import { isExchange, type StepCheck } from '../types.js';
import { unknownSessionId } from './fixtures.js';

export const unknownSession: StepCheck = {
  name: 'unknown session',
  sentence: '404: "resource does not exist": get and delete of a session id that was never created.',
  page: 'Error Responses; Get and Delete Widget Session',
  cost: 2,
  async run(context) {
    const sessionId = unknownSessionId();
    for (const operationId of ['getWidgetSession', 'deleteWidgetSession']) {
      const answer = await context.send({ operationId, sessionId, intent: 'invalid' });
      if (!isExchange(answer)) {
        context.inconclusive(`${operationId}: ${answer.unobserved}`, answer.exchange);
        continue;
      }
      context.expect(answer.status === 404, `${operationId} of an unknown session answered ${answer.status}`, answer);
    }
  },
};
