/**
 * A body parsed once, as data (issue #20). V8's `JSON.parse` takes any depth, but what comes
 * after it does not (`JSON.stringify`, `util.inspect` at full depth, a schema validator): a body
 * nested deeper than `MAX_JSON_DEPTH` is refused here, as data the package cannot handle safely,
 * instead of failing later with a platform `RangeError`.
 */

/** The documented bodies are 3 levels deep; `details` and `metadata` are free-form, but not this deep. */
export const MAX_JSON_DEPTH = 64;

/** The body as JSON, or why it is not usable JSON. */
export type ParsedBody = { json: unknown } | { problem: 'is not valid JSON' | typeof TOO_DEEP };

const TOO_DEEP = `is nested deeper than ${MAX_JSON_DEPTH} levels` as const;

export function parseJsonBody(text: string): ParsedBody {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { problem: 'is not valid JSON' };
  }
  return depthWithin(json, MAX_JSON_DEPTH) ? { json } : { problem: TOO_DEEP };
}

/** Whether `value` nests at most `limit` levels, measured without recursion. */
function depthWithin(value: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (item === null || typeof item !== 'object') continue;
    if (depth >= limit) return false;
    for (const child of Object.values(item))
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return true;
}
