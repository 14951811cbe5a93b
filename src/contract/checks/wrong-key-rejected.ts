import { isExchange, type StepCheck } from '../types.js';

export const wrongKeyRejected: StepCheck = {
  name: 'wrong key rejected',
  sentence:
    '401: "invalid or missing API key". Validate API Key may also say `"valid": false` (open question: either is a rejection).',
  page: 'Error Responses; Validate API Key',
  cost: { full: 1, smoke: 1 },
  async run(context) {
    const answer = await context.send({ operationId: 'validateApiKey', key: 'wrong' });
    if (!isExchange(answer)) return context.inconclusive(`no usable answer: ${answer.unobserved}`, answer.exchange);
    const validFalse = answer.status === 200 && (answer.json as { valid?: unknown })?.valid === false;
    context.expect(
      answer.status === 401 || validFalse,
      `a wrong key answered ${answer.status}${validFalse ? ' "valid": false' : ''}`,
      answer,
    );
  },
};
