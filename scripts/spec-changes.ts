/**
 * Classifies the changes between two versions of the spec, in words a reviewer understands. The
 * diff itself comes from api-smart-diff; this file only names each change and applies one policy
 * on top: this spec feeds a typed client, so a response property that is removed or stops being
 * required breaks users' code (api-smart-diff, judging by JSON Schema alone, calls it
 * non-breaking).
 */
import { apiDiff } from 'api-smart-diff';
import type { OpenApiDocument } from './load-spec.js';

export type ChangeLevel = 'breaking' | 'non-breaking' | 'annotation';

export interface SpecChange {
  level: ChangeLevel;
  message: string;
}

interface Diff {
  type: string;
  action: 'add' | 'remove' | 'replace' | 'rename';
  path: Array<string | number>;
  before?: unknown;
  after?: unknown;
  description?: string;
}

const PAST = { add: 'added', remove: 'removed', replace: 'changed', rename: 'renamed' } as const;

/** `settings.max_duration` from `…/schema/properties/settings/properties/max_duration/…`. */
function propertyName(path: Array<string | number>): string {
  const names: string[] = [];
  for (let i = 0; i < path.length - 1; i++) if (path[i] === 'properties') names.push(String(path[i + 1]));
  return names.join('.');
}

function describe(diff: Diff, operations: Map<string, string>): SpecChange {
  const [root, path, method, section, status] = diff.path.map(String);
  const level: ChangeLevel =
    diff.type === 'breaking' ? 'breaking' : diff.type === 'annotation' ? 'annotation' : 'non-breaking';
  if (root !== 'paths' || !path) return { level, message: diff.description ?? diff.path.join('/') };
  if (!method) return { level, message: `path ${path} ${PAST[diff.action]}` };
  const op = operations.get(`${path} ${method}`) ?? `${method.toUpperCase()} ${path}`;
  if (!section) return { level, message: `operation ${op} (${method.toUpperCase()} ${path}) ${PAST[diff.action]}` };

  const last = String(diff.path.at(-1));
  const inSchema = diff.path.includes('schema');
  const isRequired = diff.path.at(-2) === 'required';
  const field = [propertyName(diff.path), isRequired ? String(diff.before ?? diff.after) : '']
    .filter(Boolean)
    .join('.');
  if (section === 'responses') {
    const where = `${op} ${status}`;
    if (diff.path.length === 5)
      return { level, message: `response ${status} ${diff.action === 'add' ? 'added to' : 'removed from'} ${op}` };
    if (inSchema && isRequired) {
      const optional = diff.action === 'remove';
      return {
        level: optional ? 'breaking' : level,
        message: `response property \`${field}\` made ${optional ? 'optional' : 'required'} in ${where}`,
      };
    }
    if (inSchema && diff.path.at(-2) === 'properties') {
      const removed = diff.action === 'remove';
      return {
        level: removed ? 'breaking' : level,
        message: `response property \`${field}\` ${PAST[diff.action]} ${removed ? 'from' : 'to'} ${where}`,
      };
    }
    if (inSchema && level !== 'annotation')
      return {
        level,
        message: `${last} of response property \`${field || '(body)'}\` ${PAST[diff.action]} in ${where}`,
      };
    return { level, message: `${last} ${PAST[diff.action]} in ${where}` };
  }
  if (section === 'requestBody' && inSchema) {
    if (isRequired)
      return {
        level,
        message: `request property \`${field}\` made ${diff.action === 'add' ? 'required' : 'optional'} in ${op}`,
      };
    if (diff.path.at(-2) === 'properties')
      return {
        level,
        message: `request property \`${field}\` ${PAST[diff.action]} ${diff.action === 'remove' ? 'from' : 'to'} ${op}`,
      };
    if (level !== 'annotation')
      return { level, message: `${last} of request property \`${field || '(body)'}\` ${PAST[diff.action]} in ${op}` };
  }
  return { level, message: `${diff.path.slice(3).join('.')} ${PAST[diff.action]} in ${op}` };
}

function operationIds(...specs: OpenApiDocument[]): Map<string, string> {
  const ids = new Map<string, string>();
  for (const spec of specs) {
    for (const [path, item] of Object.entries(spec.paths ?? {})) {
      for (const [method, op] of Object.entries(item)) {
        const id = (op as { operationId?: unknown })?.operationId;
        if (typeof id === 'string') ids.set(`${path} ${method}`, id);
      }
    }
  }
  return ids;
}

/** Every change between two versions of the spec, breaking first, each named once. */
export function classifySpecChanges(before: OpenApiDocument, after: OpenApiDocument): SpecChange[] {
  const operations = operationIds(before, after);
  // Paths hold every schema resolved in place, so component-level diffs would only repeat them.
  // api-smart-diff normalises (mutates) the documents it is given, so it gets copies.
  // info.version follows package.json (npm run version:sync): a version bump is not a contract change.
  const diffs = (apiDiff(structuredClone(before), structuredClone(after)) as Diff[]).filter(
    (d) => d.path[0] !== 'components' && !(d.path[0] === 'info' && d.path[1] === 'version'),
  );
  const seen = new Set<string>();
  const changes: SpecChange[] = [];
  for (const diff of diffs) {
    const change = describe(diff, operations);
    if (seen.has(change.message)) continue;
    seen.add(change.message);
    changes.push(change);
  }
  // A removed property is also no longer required; saying both is noise.
  const kept = changes.filter((c) => {
    const optional = c.message.match(/^response property `(.+)` made optional in (.+)$/);
    return !optional || !seen.has(`response property \`${optional[1]}\` removed from ${optional[2]}`);
  });
  const order: ChangeLevel[] = ['breaking', 'non-breaking', 'annotation'];
  return kept.sort((a, b) => order.indexOf(a.level) - order.indexOf(b.level));
}

/** The version bump a set of changes needs. */
export function requiredBump(changes: SpecChange[]): 'major' | 'minor or patch' | 'none' {
  if (changes.some((c) => c.level === 'breaking')) return 'major';
  if (changes.some((c) => c.level === 'non-breaking')) return 'minor or patch';
  return 'none';
}

/**
 * The version the entry is for: the current one when package.json is already bumped past the
 * base as far as the changes need, else the next one they need (a draft is written before the bump).
 */
export function nextVersion(baseVersion: string, current: string, bump: ReturnType<typeof requiredBump>): string {
  const parse = (version: string) => version.split('.').map(Number) as [number, number, number];
  const [bMajor, bMinor, bPatch] = parse(baseVersion);
  const [cMajor, cMinor, cPatch] = parse(current);
  const majorBumped = cMajor > bMajor;
  const anyBumped = majorBumped || (cMajor === bMajor && (cMinor > bMinor || (cMinor === bMinor && cPatch > bPatch)));
  if (bump === 'none' || majorBumped || (bump !== 'major' && anyBumped)) return current;
  return bump === 'major' ? `${bMajor + 1}.0.0` : `${bMajor}.${bMinor + 1}.0`;
}
