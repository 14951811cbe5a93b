import { isExchange, type StepCheck } from '../types.js';
import { exampleBody, isDeclaredRefusal } from './fixtures.js';

export const avatarFromYourAccount: StepCheck = {
  name: 'avatar from your account',
  sentence:
    '"The agentic_avatar_id must be a valid agentic avatar ID from your account": another id is refused with a declared 4xx (400, or 404 "resource does not exist").',
  page: 'Create Widget Session; Error Responses',
  cost: { full: 1 },
  async run(context) {
    const body = { ...exampleBody('minimal', context.avatar), agentic_avatar_id: crypto.randomUUID() };
    const answer = await context.send({ operationId: 'createWidgetSession', body, intent: 'invalid' });
    if (!isExchange(answer)) return context.inconclusive(`no usable answer: ${answer.unobserved}`, answer.exchange);
    context.expect(isDeclaredRefusal(context, answer), `an avatar of no account answered ${answer.status}`, answer);
  },
};
