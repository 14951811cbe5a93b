import { type CheckContext, isExchange, type Probe, type ProbeCheck } from '../types.js';
import { exampleBody, unknownSessionId } from './fixtures.js';

/** A session that exists when there is one, so that only the missing key can explain a refusal. */
const someSession = (c: CheckContext) =>
  c.fixtures.get('minimal')?.session.session_id ??
  c.fixtures.get('documented')?.session.session_id ??
  unknownSessionId();

function withoutKey(
  operationId: string,
  probe: (c: CheckContext) => Omit<Probe, 'operationId'>,
): ProbeCheck['probes'][number] {
  return {
    label: operationId,
    async run(context) {
      const answer = await context.send({ operationId, ...probe(context), key: 'none', intent: 'invalid' });
      if (!isExchange(answer))
        return context.inconclusive(`${operationId} without a key: ${answer.unobserved}`, answer.exchange);
      context.expect(answer.status === 401, `${operationId} without a key answered ${answer.status}`, answer);
    },
  };
}

export const keyRequired: ProbeCheck = {
  name: 'key required',
  sentence: '"This endpoint requires authentication using the x-api-key header": without it, 401.',
  page: 'Authentication; every endpoint',
  probes: [
    withoutKey('createWidgetSession', (c) => ({ body: exampleBody('minimal', c.avatar) })),
    withoutKey('getWidgetSession', (c) => ({ sessionId: someSession(c) })),
    withoutKey('deleteWidgetSession', (c) => ({ sessionId: someSession(c) })),
  ],
};
