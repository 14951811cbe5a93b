import { isExchange, type StepCheck } from '../types.js';

export const preflight: StepCheck = {
  name: 'preflight',
  sentence: 'Validate API Key checks the key: "useful as a cheap preflight before a run against the live API".',
  page: 'Validate API Key',
  cost: 1,
  async run(context) {
    const answer = await context.send({ operationId: 'validateApiKey' });
    if (!isExchange(answer)) {
      context.inconclusive(`validateApiKey got no usable answer: ${answer.unobserved}`, answer.exchange);
      return context.stop('unreachable', `The preflight validateApiKey call failed: ${answer.unobserved}.`);
    }
    context.exchanges.set('preflight', answer);
    const rejected =
      answer.status === 401 || (answer.status === 200 && (answer.json as { valid?: unknown })?.valid === false);
    if (rejected) {
      context.inconclusive(`the key was rejected (${answer.status})`, answer);
      const how =
        answer.status === 401
          ? `401 ${(answer.json as { error?: { code?: string } })?.error?.code ?? ''}`.trim()
          : '"valid": false';
      return context.stop('key rejected', `The API key was rejected by validateApiKey (${how}). Check KONPRO_API_KEY.`);
    }
    context.expect(answer.status === 200, `validateApiKey answered ${answer.status}`, answer);
  },
};
