import { isExchange, type ProbeCheck } from '../types.js';
import { unknownSessionId } from './fixtures.js';

const probe = (operationId: 'getWidgetSession' | 'deleteWidgetSession'): ProbeCheck['probes'][number] => ({
  label: operationId,
  async run(context) {
    const answer = await context.send({ operationId, sessionId: unknownSessionId(), intent: 'invalid' });
    if (!isExchange(answer)) return context.inconclusive(`${operationId}: ${answer.unobserved}`, answer.exchange);
    context.expect(answer.status === 404, `${operationId} of an unknown session answered ${answer.status}`, answer);
  },
});

export const unknownSession: ProbeCheck = {
  name: 'unknown session',
  sentence: '404: "resource does not exist": get and delete of a session id that was never created.',
  page: 'Error Responses; Get and Delete Widget Session',
  probes: [probe('getWidgetSession'), probe('deleteWidgetSession')],
};
