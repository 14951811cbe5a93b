/**
 * `konpro.raw`, loaded on first use: openapi-fetch is a chunk of its own, so a service that only
 * calls the typed methods never loads it (issue #14: a small main entry). Every request method of
 * openapi-fetch returns a promise anyway. `use` and `eject` edit the client's one middleware list,
 * which typed calls and `raw` calls both run (in the attempt loop's `fetch`, not openapi-fetch's).
 */
import type { Client, Middleware } from 'openapi-fetch';
import type { paths } from '../../../generated/schema.js';
import { checkMiddleware } from '../config/client-config.js';

type RawClient = Client<paths>;
const METHODS = ['request', 'GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE'] as const;

export function createLazyRaw(load: () => Promise<RawClient>, middleware: Middleware[]): RawClient {
  let loading: Promise<RawClient> | undefined;
  const ready = () => {
    loading ??= load();
    return loading;
  };
  const forward =
    (method: (typeof METHODS)[number]) =>
    (...args: unknown[]) =>
      ready().then((client) => (client[method] as (...a: unknown[]) => unknown)(...args));
  return {
    ...(Object.fromEntries(METHODS.map((method) => [method, forward(method)])) as Pick<
      RawClient,
      (typeof METHODS)[number]
    >),
    use(...added) {
      for (const [i, m] of added.entries()) checkMiddleware(m, `raw.use() argument ${i + 1}`);
      middleware.push(...added);
    },
    eject(...removed) {
      for (const m of removed) {
        const at = middleware.indexOf(m);
        if (at !== -1) middleware.splice(at, 1);
      }
    },
  };
}
