/** Which operation a method and URL path address, by the path templates of the spec. */
export function findOperation(
  operations: Readonly<Record<string, { readonly method: string; readonly path: string }>>,
  method: string,
  pathname: string,
): string | undefined {
  for (const [operationId, op] of Object.entries(operations)) {
    if (op.method !== method.toUpperCase()) continue;
    const pattern = new RegExp(`^${op.path.replace(/\{[^}]+\}/g, '[^/]+')}$`);
    if (pattern.test(pathname)) return operationId;
  }
  return undefined;
}
