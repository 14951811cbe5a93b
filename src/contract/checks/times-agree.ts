import type { StepCheck } from '../types.js';
import { needFixtures, parseTime, seconds } from './fixtures.js';

export const timesAgree: StepCheck = {
  name: 'times agree',
  sentence:
    'Get answers created_at ("when it was created") and expires_at ("when it expires"): the same expiry create answered, a creation time when the request was made, and max_duration between them.',
  page: 'Get Widget Session; Create Widget Session',
  cost: 0,
  async run(context) {
    const [created] = needFixtures(context, ['documented']);
    const read = context.exchanges.get('read documented');
    if (!created) return;
    if (!read) return context.inconclusive('needs the answer of "session readable"');
    const { created_at, expires_at } = (read.json ?? {}) as Record<string, unknown>;
    const createdAt = parseTime(created_at);
    const readExpiry = parseTime(expires_at);
    const createExpiry = parseTime(created.session.expires_at);
    const tolerance = context.serverToleranceMs;
    if (readExpiry === undefined || createExpiry === undefined || createdAt === undefined)
      return void context.expect(
        false,
        `times that are not ISO 8601: created_at ${JSON.stringify(created_at)}, expires_at ${JSON.stringify(expires_at)}`,
        read,
      );
    context.expect(
      Math.abs(readExpiry - createExpiry) <= tolerance,
      `get's expires_at ${expires_at} vs create's ${created.session.expires_at} (${seconds(readExpiry - createExpiry)} apart)`,
      read,
    );
    const { sentAt, receivedAt } = created.exchange;
    context.expect(
      createdAt >= sentAt - context.clockSkewMs && createdAt <= receivedAt + context.clockSkewMs,
      `created_at ${created_at} for a create sent at ${new Date(sentAt).toISOString()} (±${seconds(context.clockSkewMs)} of clock skew)`,
      read,
    );
    const maxDuration = Number(created.params.settings.max_duration) * 1000;
    context.expect(
      Math.abs(readExpiry - createdAt - maxDuration) <= tolerance,
      `expires_at − created_at is ${seconds(readExpiry - createdAt)} for max_duration ${seconds(maxDuration)}`,
      read,
    );
  },
};
