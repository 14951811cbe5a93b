import type { StepCheck } from '../types.js';
import { parseTime, seconds } from './fixtures.js';

type Times = { created_at?: unknown; expires_at?: unknown };

export const timesAgree: StepCheck = {
  name: 'times agree',
  sentence:
    'Get answers created_at ("when it was created") and expires_at ("when the session expires"): the same expiry create answered and every earlier read of it showed (it does not move), a creation time when the request was made, and max_duration between them.',
  page: 'Get Widget Session; Create Widget Session',
  cost: { full: 0, smoke: 0 },
  async run(context) {
    const tolerance = context.serverToleranceMs;
    let judged = 0;
    for (const [sessionId, { create, reads }] of context.sessions) {
      const created = create.json as Times;
      const createExpiry = parseTime(created.expires_at);
      // A value is blamed on the exchange that answered it, with the reproduction of that exchange.
      if (createExpiry === undefined) {
        context.expect(false, `create of ${sessionId} answered an expires_at that is not ISO 8601`, create, {
          path: '$.expires_at',
          value: created.expires_at,
        });
        continue;
      }
      let earlier: { created: number; expires: number; createdText: unknown; expiresText: unknown } | undefined;
      for (const read of reads) {
        const { created_at, expires_at } = read.json as Times;
        const readCreated = parseTime(created_at);
        const readExpiry = parseTime(expires_at);
        judged++;
        if (readCreated === undefined || readExpiry === undefined) {
          const [path, value] = readCreated === undefined ? ['$.created_at', created_at] : ['$.expires_at', expires_at];
          context.expect(false, `get of ${sessionId} answered a ${path.slice(2)} that is not ISO 8601`, read, {
            path,
            value,
          });
          continue;
        }
        const ok = (passed: boolean, message: string, path: string, value: unknown) =>
          context.expect(passed, message, read, passed ? {} : { path, value });
        ok(
          Math.abs(readExpiry - createExpiry) <= tolerance,
          `get's expires_at ${expires_at} vs create's ${created.expires_at} (${seconds(readExpiry - createExpiry)} apart)`,
          '$.expires_at',
          expires_at,
        );
        ok(
          readCreated >= create.sentAt - context.clockSkewMs && readCreated <= create.receivedAt + context.clockSkewMs,
          `created_at ${created_at} for a create sent at ${new Date(create.sentAt).toISOString()} (±${seconds(context.clockSkewMs)} of clock skew)`,
          '$.created_at',
          created_at,
        );
        const duration = Number(
          (JSON.parse(create.requestBody ?? '{}') as { settings?: { max_duration?: unknown } }).settings?.max_duration,
        );
        if (Number.isFinite(duration))
          ok(
            Math.abs(readExpiry - readCreated - duration * 1000) <= tolerance,
            `expires_at − created_at is ${seconds(readExpiry - readCreated)} for max_duration ${seconds(duration * 1000)}`,
            '$.expires_at',
            expires_at,
          );
        if (earlier) {
          ok(
            readExpiry === earlier.expires,
            `expires_at ${expires_at} on this read, ${earlier.expiresText} on the read before: ${readExpiry === earlier.expires ? 'unmoved' : 'it moved'}`,
            '$.expires_at',
            expires_at,
          );
          ok(
            readCreated === earlier.created,
            `created_at ${created_at} on this read, ${earlier.createdText} on the read before`,
            '$.created_at',
            created_at,
          );
        }
        earlier = { created: readCreated, expires: readExpiry, createdText: created_at, expiresText: expires_at };
      }
    }
    if (judged === 0) context.inconclusive('needs a read of a session the run created');
  },
};
