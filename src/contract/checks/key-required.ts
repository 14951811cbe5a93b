import { isExchange, type StepCheck } from '../types.js';
import { exampleBody, unknownSessionId } from './fixtures.js';

export const keyRequired: StepCheck = {
  name: 'key required',
  sentence: '"This endpoint requires authentication using the x-api-key header": without it, 401.',
  page: 'Authentication; every endpoint',
  cost: 3,
  async run(context) {
    // On a session that exists, so that only the missing key can explain a refusal.
    const id = context.fixtures.get('documented')?.session.session_id ?? unknownSessionId();
    const probes = [
      { operationId: 'createWidgetSession', body: exampleBody('minimal', context.avatar) },
      { operationId: 'getWidgetSession', sessionId: id },
      { operationId: 'deleteWidgetSession', sessionId: id },
    ];
    for (const probe of probes) {
      const answer = await context.send({ ...probe, key: 'none', intent: 'invalid' });
      if (!isExchange(answer)) {
        context.inconclusive(`${probe.operationId} without a key: ${answer.unobserved}`, answer.exchange);
        continue;
      }
      context.expect(answer.status === 401, `${probe.operationId} without a key answered ${answer.status}`, answer);
    }
  },
};
