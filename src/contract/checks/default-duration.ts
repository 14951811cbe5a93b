import type { StepCheck } from '../types.js';
import { needFixtures, parseTime } from './fixtures.js';

export const defaultDuration: StepCheck = {
  name: 'default duration',
  sentence:
    'max_duration: "If not specified, a default duration is used": a session created without it expires in the future.',
  page: 'Create Widget Session',
  cost: { full: 0 },
  async run(context) {
    for (const { session, exchange } of needFixtures(context, ['minimal'])) {
      const expires = parseTime(session.expires_at);
      context.expect(
        expires !== undefined && expires > exchange.sentAt - context.clockSkewMs,
        `without max_duration, expires_at is ${JSON.stringify(session.expires_at)} for a create sent at ${new Date(exchange.sentAt).toISOString()}`,
        exchange,
      );
    }
  },
};
