/** A probe that sends a create body the docs make certain is invalid: it must get a declared 4xx. */
import { type CheckContext, isExchange, type ProbeCheck } from '../types.js';
import { isDeclaredRefusal } from './fixtures.js';

export function refusalProbe(label: string, body: (context: CheckContext) => unknown): ProbeCheck['probes'][number] {
  return {
    label,
    async run(context) {
      const answer = await context.send({ operationId: 'createWidgetSession', body: body(context), intent: 'invalid' });
      if (!isExchange(answer)) return context.inconclusive(`${label}: ${answer.unobserved}`, answer.exchange);
      context.expect(isDeclaredRefusal(context, answer), `${label} answered ${answer.status}`, answer);
    },
  };
}
