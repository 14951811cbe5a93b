import { isExchange, type StepCheck } from '../types.js';
import { unknownSessionId } from './fixtures.js';

export const preflight: StepCheck = {
  name: 'preflight',
  sentence:
    'Validate API Key checks the key: "useful as a cheap preflight before a run against the live API". When it says the key is invalid, the other endpoints must refuse it too.',
  page: 'Validate API Key',
  cost: { full: 1, smoke: 1 },
  async run(context) {
    const answer = await context.send({ operationId: 'validateApiKey' });
    if (!isExchange(answer)) {
      context.inconclusive(`validateApiKey got no usable answer: ${answer.unobserved}`, answer.exchange);
      return context.stop('unreachable', `The preflight validateApiKey call failed: ${answer.unobserved}.`);
    }
    context.exchanges.set('preflight', answer);
    const validFalse = answer.status === 200 && (answer.json as { valid?: unknown })?.valid === false;
    if (answer.status !== 401 && !validFalse)
      return void context.expect(answer.status === 200, `validateApiKey answered ${answer.status}`, answer);
    // One authenticated request decides whether the key is rejected or validate is what drifted.
    const how = validFalse
      ? '"valid": false'
      : `401 ${(answer.json as { error?: { code?: string } })?.error?.code ?? ''}`.trim();
    const check = await context.send({
      operationId: 'getWidgetSession',
      sessionId: unknownSessionId(),
      intent: 'invalid',
    });
    if (isExchange(check) && check.status !== 401) {
      return void context.expect(
        false,
        `validateApiKey answered ${how} for a key that getWidgetSession accepted (it answered ${check.status}, not 401): validate contradicts the API`,
        answer,
      );
    }
    context.inconclusive(`the key was rejected (${answer.status})`, answer);
    context.stop(
      'key rejected',
      `The API key was rejected by validateApiKey (${how})${isExchange(check) ? ' and by getWidgetSession (401)' : ''}. Check KONPRO_API_KEY.`,
    );
  },
};
