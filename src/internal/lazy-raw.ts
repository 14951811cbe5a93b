/**
 * `konpro.raw`, loaded on first use: openapi-fetch is a chunk of its own, so a service that only
 * calls the typed methods never loads it (issue #14: the main entry stays under 8 kB). Every
 * request method of openapi-fetch returns a promise anyway; `use` and `eject` are remembered
 * until the client exists.
 */
import type { Client, Middleware } from 'openapi-fetch';
import type { paths } from '../../generated/schema.js';

type RawClient = Client<paths>;
const METHODS = ['request', 'GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE'] as const;

export function createLazyRaw(load: () => Promise<RawClient>): RawClient {
  let client: RawClient | undefined;
  let loading: Promise<RawClient> | undefined;
  const middleware: Middleware[] = [];
  const ready = () =>
    (loading ??= load().then((created) => {
      created.use(...middleware);
      client = created;
      return created;
    }));
  const forward =
    (method: (typeof METHODS)[number]) =>
    (...args: unknown[]) =>
      ready().then((c) => (c[method] as (...a: unknown[]) => unknown)(...args));
  return {
    ...(Object.fromEntries(METHODS.map((method) => [method, forward(method)])) as Pick<
      RawClient,
      (typeof METHODS)[number]
    >),
    use(...added) {
      if (client) client.use(...added);
      else middleware.push(...added);
    },
    eject(...removed) {
      if (client) client.eject(...removed);
      else for (const m of removed) middleware.splice(middleware.indexOf(m) >>> 0, 1);
    },
  };
}
