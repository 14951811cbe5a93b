import type { StepCheck } from '../types.js';
import { parseTime } from './fixtures.js';

export const keyValidation: StepCheck = {
  name: 'key validation',
  sentence:
    'Validate API Key answers `valid` and `expires_at` ("ISO 8601 string, or null when the key never expires"): a valid key has not expired.',
  page: 'Validate API Key',
  cost: { full: 0, smoke: 0 },
  async run(context) {
    const answer = context.exchanges.get('preflight');
    if (!answer) return context.inconclusive('needs the preflight answer');
    const { valid, expires_at } = (answer.json ?? {}) as { valid?: unknown; expires_at?: unknown };
    context.expect(valid === true, `a working key answered "valid": ${JSON.stringify(valid)}`, answer);
    if (expires_at === null) return void context.expect(true, 'the key never expires (expires_at null)');
    const expires = parseTime(expires_at);
    context.expect(
      expires !== undefined && expires > answer.sentAt - context.clockSkewMs,
      `a valid key expires at ${JSON.stringify(expires_at)}`,
      answer,
    );
  },
};
