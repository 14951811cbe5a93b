/** Helpers the step checks share: the sessions the run creates, and reading their answers. */
import { requestExamples } from '../../../generated/examples.js';
import { type CheckContext, type Exchange, type Fixture, isExchange } from '../types.js';

type ExampleName = keyof typeof requestExamples.createWidgetSession;

/** A spec example of the create body, for the run's avatar. */
export function exampleBody(name: ExampleName, avatar: string): Fixture['params'] {
  const example = structuredClone(requestExamples.createWidgetSession[name]) as Fixture['params'];
  return { ...example, agentic_avatar_id: avatar };
}

/** Creates a session from a spec example and keeps it as fixture `name`; records the verdict. */
export async function createFixture(
  context: CheckContext,
  name: string,
  params: Fixture['params'],
): Promise<Fixture | undefined> {
  const answer = await context.send({ operationId: 'createWidgetSession', body: params });
  if (!isExchange(answer)) {
    context.inconclusive(`create (${name}) got no usable answer: ${answer.unobserved}`, answer.exchange);
    return undefined;
  }
  const session = answer.json as Fixture['session'] | undefined;
  const created = answer.status >= 200 && answer.status < 300 && typeof session?.session_id === 'string';
  if (!context.expect(created, `create (${name}) answered ${answer.status}`, answer)) return undefined;
  const fixture = { exchange: answer, params, session: session! };
  context.fixtures.set(name, fixture);
  return fixture;
}

/** The fixtures named, or an inconclusive verdict when none of them exists. */
export function needFixtures(context: CheckContext, names: string[]): Fixture[] {
  const found = names.map((name) => context.fixtures.get(name)).filter((f): f is Fixture => f !== undefined);
  if (found.length === 0)
    context.inconclusive(`needs a session created by an earlier check (${names.join(', ')}), and none was`);
  return found;
}

/** An ISO 8601 time as epoch ms, or undefined when it is not one. */
export function parseTime(value: unknown): number | undefined {
  if (typeof value !== 'string' || !/^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Whether an exchange is a 4xx the operation declares: the documented way to refuse a request. */
export function isDeclaredRefusal(context: CheckContext, exchange: Exchange): boolean {
  const declared = String(exchange.status) in (context.contract.operations[exchange.operationId]?.responses ?? {});
  return declared && exchange.status >= 400 && exchange.status < 500;
}

/** Whether a read shows the session ended: 404, or a status other than active (the one home of that rule). */
export function hasEnded(read: Exchange): boolean {
  const status = (read.json as { status?: unknown } | undefined)?.status;
  return read.status === 404 || (read.status === 200 && typeof status === 'string' && status !== 'active');
}

/** A session id no run ever creates. */
export const unknownSessionId = () => `session-contract-suite-unknown-${Math.random().toString(36).slice(2, 10)}`;

/** `5 s`, `2 min 10 s` */
export function seconds(ms: number): string {
  const s = Math.round(Math.abs(ms) / 1000);
  return s >= 120 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s} s`;
}
