import { isExchange, type StepCheck } from '../types.js';
import { needFixtures } from './fixtures.js';

export const sessionReadable: StepCheck = {
  name: 'session readable',
  sentence: 'Get Widget Session returns the session\'s id, its agentic_avatar_id and status ("e.g. active").',
  page: 'Get Widget Session',
  cost: { full: 1, smoke: 1 },
  async run(context) {
    // A full run reads the session that stays (the documented one is deleted next); smoke has one.
    const [created] = needFixtures(context, context.profile === 'full' ? ['minimal'] : ['documented']);
    if (!created) return;
    const { session_id } = created.session;
    const answer = await context.send({ operationId: 'getWidgetSession', sessionId: session_id });
    if (!isExchange(answer)) return context.inconclusive(`no usable answer: ${answer.unobserved}`, answer.exchange);
    if (!context.expect(answer.status === 200, `get after create answered ${answer.status}`, answer)) return;
    const read = (answer.json ?? {}) as Record<string, unknown>;
    context.expect(
      read.session_id === session_id,
      `session_id ${JSON.stringify(read.session_id)} (created ${session_id})`,
      answer,
    );
    context.expect(
      read.agentic_avatar_id === context.avatar,
      `agentic_avatar_id ${JSON.stringify(read.agentic_avatar_id)} (created for ${context.avatar})`,
      answer,
    );
    context.expect(read.status === 'active', `status ${JSON.stringify(read.status)} right after create`, answer);
  },
};
