import { isExchange, type StepCheck } from '../types.js';
import { createFixture, exampleBody, parseTime } from './fixtures.js';

const SHORT_DURATION_S = 5;

export const expiry: StepCheck = {
  name: 'expiry',
  sentence:
    '"Sessions automatically expire after this duration": once expires_at has passed, the session is no longer active.',
  page: 'Create Widget Session; Get Widget Session',
  cost: 2,
  deep: true,
  note: 'waits about 10 s for a 5-second session to expire',
  async run(context) {
    const params = { ...exampleBody('minimal', context.avatar), settings: { max_duration: SHORT_DURATION_S } };
    const created = await createFixture(context, 'expiring', params);
    if (!created) return;
    const expires = parseTime(created.session.expires_at) ?? created.exchange.receivedAt + SHORT_DURATION_S * 1000;
    const wait = Math.max(0, expires - context.now()) + context.serverToleranceMs;
    context.log(`  expiry: waiting ${Math.ceil(wait / 1000)} s for ${created.session.session_id} to expire`);
    await context.sleep(wait);
    const read = await context.send({ operationId: 'getWidgetSession', sessionId: created.session.session_id });
    if (!isExchange(read)) return context.inconclusive(`get after expiry: ${read.unobserved}`, read.exchange);
    const status = (read.json as { status?: unknown } | undefined)?.status;
    const ended = read.status === 404 || (read.status === 200 && typeof status === 'string' && status !== 'active');
    context.expect(
      ended,
      `after expires_at, get answered ${read.status}${read.status === 200 ? ` with status ${JSON.stringify(status)}` : ''}`,
      read,
    );
  },
};
