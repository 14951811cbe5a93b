import type { StepCheck } from '../types.js';
import { needFixtures, parseTime, seconds } from './fixtures.js';

export const expiryReflectsMaxDuration: StepCheck = {
  name: 'expiry reflects max_duration',
  sentence:
    'max_duration: "Maximum session duration in seconds. After this time, the session will expire"; expires_at: "when the session expires".',
  page: 'Create Widget Session',
  cost: { full: 0, smoke: 0 },
  async run(context) {
    for (const { session, exchange, params } of needFixtures(context, ['documented', 'textOnly'])) {
      const duration = Number(params.settings.max_duration) * 1000;
      const expires = parseTime(session.expires_at);
      const earliest = exchange.sentAt + duration - context.clockSkewMs;
      const latest = exchange.receivedAt + duration + context.clockSkewMs;
      context.expect(
        expires !== undefined && expires >= earliest && expires <= latest,
        `expires_at ${JSON.stringify(session.expires_at)} for max_duration ${seconds(duration)} requested at ${new Date(exchange.sentAt).toISOString()} (±${seconds(context.clockSkewMs)})`,
        exchange,
      );
    }
  },
};
