/**
 * Which operation of the spec a method and URL path address, by its path templates (compiled
 * once), with the path parameters as they stand in the URL (still percent-encoded).
 */
import { type OperationId, operations } from '../../../generated/operations.js';

export interface OperationMatch {
  operationId: OperationId;
  /** Each `{name}` of the template and the URL segment in its place, not decoded. */
  pathParams: Record<string, string>;
}

const ROUTES = (Object.keys(operations) as OperationId[]).map((operationId) => {
  const { method, path } = operations[operationId];
  const pattern = new RegExp(`^${path.replace(/\{([^}]+)\}/g, '(?<$1>[^/]+)')}$`);
  return { operationId, method, pattern };
});

export function matchOperation(method: string, pathname: string): OperationMatch | undefined {
  const upper = method.toUpperCase();
  for (const { operationId, method: routeMethod, pattern } of ROUTES) {
    if (routeMethod !== upper) continue;
    const match = pattern.exec(pathname);
    if (match) return { operationId, pathParams: { ...match.groups } };
  }
  return undefined;
}

export function findOperation(method: string, pathname: string): OperationId | undefined {
  return matchOperation(method, pathname)?.operationId;
}
