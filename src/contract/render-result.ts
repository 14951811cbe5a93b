/**
 * How one check's results read, for people, in one place (issue #22): the console and the
 * Markdown summary say the same thing, counts read the same way everywhere ("3 of 28 exchanges
 * violated"), and a violation names its exchange: the offending value, the request id and a
 * reproduction of that exchange.
 */
import { OBSERVERS } from './checks/index.js';
import type { CheckSummary } from './live-contract.js';
import type { CheckResult } from './types.js';

export const MARK = { passed: '✓', violated: '✗', inconclusive: '?', skipped: '-' } as const;

/** `3 of 28 exchanges violated`: how many of a check's results have its verdict. */
export function tally(summary: CheckSummary): string {
  const noun = OBSERVERS.some((o) => o.name === summary.check) ? 'exchanges' : 'results';
  const matching = summary.results.filter((r) => r.verdict === summary.verdict).length;
  return `${matching} of ${summary.results.length} ${noun} ${summary.verdict}`;
}

/** A result as lines: what happened, where (JSON path and value), the request id, the reproduction. */
export function describeResult(result: CheckResult, withVerdict: boolean): string[] {
  const where = result.path ? ` at ${result.path} = ${JSON.stringify(result.value)}` : '';
  const exchange = [result.operationId, result.status].filter((part) => part !== undefined).join(' ');
  const lines = [`${withVerdict ? `${result.verdict}: ` : ''}${result.message}${where}`];
  if (result.verdict === 'violated') {
    if (exchange) lines.push(`exchange: ${exchange}${result.requestId ? `, request_id ${result.requestId}` : ''}`);
    if (result.reproduction) lines.push(`reproduce: ${result.reproduction}`);
  }
  return lines;
}
