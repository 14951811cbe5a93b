/** Sends bodies the docs make certain are invalid; each must get a declared 4xx. */
import { type CheckContext, isExchange } from '../types.js';
import { isDeclaredRefusal } from './fixtures.js';

export async function expectRefused(context: CheckContext, cases: Array<[string, unknown]>): Promise<void> {
  for (const [what, body] of cases) {
    const answer = await context.send({ operationId: 'createWidgetSession', body, intent: 'invalid' });
    if (!isExchange(answer)) {
      context.inconclusive(`${what}: ${answer.unobserved}`, answer.exchange);
      continue;
    }
    context.expect(isDeclaredRefusal(context, answer), `${what} answered ${answer.status}`, answer);
  }
}
