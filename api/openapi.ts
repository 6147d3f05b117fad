import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { ApiEnv } from './deps.js';
import { validationError } from './errors.js';
import { idempotent, isIdempotency } from './idempotency.js';

type Route = Parameters<OpenAPIHono<ApiEnv>['openapi']>[0];

/**
 * Every POST route answers retries with its first answer: unless the route chose its own idempotency
 * middleware, the default one is added after the route's own middleware, so the role check comes first.
 */
function withIdempotency<R extends Route>(route: R): R {
  if (route.method !== 'post') return route;
  const middleware =
    route.middleware === undefined ? [] : Array.isArray(route.middleware) ? route.middleware : [route.middleware];
  if (middleware.some(isIdempotency)) return route;
  return { ...route, middleware: [...middleware, idempotent] };
}

/** A router whose invalid requests all turn into the one error shape, naming the field. */
export function router() {
  const app = new OpenAPIHono<ApiEnv>({
    defaultHook: (result, _c) => {
      if (!result.success) throw validationError(result.error, result.target === 'json' ? 'body' : result.target);
    },
  });
  const register = app.openapi;
  app.openapi = ((route: Route, ...rest: unknown[]) =>
    (register as (...args: unknown[]) => unknown)(withIdempotency(route), ...rest)) as typeof app.openapi;
  return app;
}

export const jsonBody = <T>(schema: T, description: string) => ({
  required: true,
  description,
  content: { 'application/json': { schema } },
});

export const jsonResponse = <T>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

export const VisitIdParam = z.object({
  id: z.uuid().openapi({ param: { name: 'id', in: 'path' }, description: 'The visit id (also its workflow id)' }),
});
