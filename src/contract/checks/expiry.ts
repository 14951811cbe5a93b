import { isExchange, type StepCheck } from '../types.js';
import { createFixture, exampleBody, hasEnded } from './fixtures.js';

const SHORT_DURATION_S = 5;

export const expiry: StepCheck = {
  name: 'expiry',
  sentence:
    '"Sessions automatically expire after this duration": once max_duration has passed, the session is no longer active.',
  page: 'Create Widget Session; Get Widget Session',
  cost: { full: 2, smoke: 2 },
  deep: true,
  note: 'waits about 10 s for a 5-second session to expire',
  async run(context) {
    const params = { ...exampleBody('minimal', context.avatar), settings: { max_duration: SHORT_DURATION_S } };
    const created = await createFixture(context, 'expiring', params);
    if (!created) return;
    // Bounded by what the run asked for, never by the server's expires_at: a server that ignores
    // max_duration (and answers an expiry a day away) must not hold the run for a day (issue #22).
    const wait = created.exchange.receivedAt + SHORT_DURATION_S * 1000 + context.serverToleranceMs - context.now();
    if (wait > context.timeLeftMs())
      return context.inconclusive(`the run's time limit leaves no ${Math.ceil(wait / 1000)} s to wait for the expiry`);
    context.log(
      `  expiry: waiting ${Math.ceil(Math.max(0, wait) / 1000)} s for ${created.session.session_id} to expire`,
    );
    await context.sleep(Math.max(0, wait));
    const read = await context.send({ operationId: 'getWidgetSession', sessionId: created.session.session_id });
    if (!isExchange(read)) return context.inconclusive(`get after expiry: ${read.unobserved}`, read.exchange);
    const ended = hasEnded(read);
    // Expired as asked: nothing to clean up. Still active: it is deleted with the rest.
    if (ended) await context.forget(created.session.session_id);
    const status = (read.json as { status?: unknown } | undefined)?.status;
    context.expect(
      ended,
      `${SHORT_DURATION_S} s after a create with max_duration ${SHORT_DURATION_S}, get answered ${read.status}${read.status === 200 ? ` with status ${JSON.stringify(status)}` : ''}`,
      read,
      read.status === 200 ? { path: '$.status', value: status } : {},
    );
  },
};
