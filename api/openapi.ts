import { OpenAPIHono, type RouteConfig, z } from '@hono/zod-openapi';
import type { ZodError } from 'zod';
import { ADMITTED_ROLES } from './auth.js';
import type { ApiEnv } from './deps.js';
import { ErrorBody, validationError } from './errors.js';
import { idempotent, isIdempotency } from './idempotency.js';

/**
 * Every POST route answers retries with its first answer: unless the route chose its own idempotency
 * middleware, the default one is added after the route's own middleware, so the role check comes first.
 */
function withIdempotency<R extends RouteConfig>(route: R): R {
  if (route.method !== 'post') return route;
  const middleware = [route.middleware ?? []].flat();
  if (middleware.some(isIdempotency)) return route;
  return { ...route, middleware: [...middleware, idempotent] };
}

/** A route's 403, from the role check among its middleware (the other common answers are added in docs.ts). */
function withRoleAnswer<R extends RouteConfig>(route: R): R {
  const middleware = [route.middleware ?? []].flat() as { [ADMITTED_ROLES]?: readonly string[] }[];
  const roles = middleware.find((m) => m[ADMITTED_ROLES])?.[ADMITTED_ROLES];
  if (!roles || route.responses[403]) return route;
  const description = `The token's role may not do this; allowed: ${[...roles, 'admin'].join(', ')}`;
  return { ...route, responses: { ...route.responses, 403: jsonResponse(ErrorBody, description) } };
}

/**
 * A query parameter arrives as text, once: one sent twice, or left out, is said so in those words rather than as the
 * type zod met ("expected string, received array", "expected string, received undefined").
 */
function asSent(error: ZodError, sent: Record<string, string[]>): ZodError {
  const issues = error.issues.map((issue) => {
    const name = String(issue.path[0]);
    if ((sent[name]?.length ?? 0) > 1) return { ...issue, message: 'given more than once; send it once' };
    if (issue.code === 'invalid_type' && !(name in sent)) return { ...issue, message: 'required' };
    return issue;
  });
  return new z.ZodError(issues) as ZodError;
}

/** A router whose invalid requests all turn into the one error shape, naming the field. */
export function router() {
  const app = new OpenAPIHono<ApiEnv>({
    defaultHook: (result, c) => {
      if (result.success) return;
      if (result.target === 'query') throw validationError(asSent(result.error, c.req.queries()), 'query');
      throw validationError(result.error, result.target === 'json' ? 'body' : result.target);
    },
  });
  const register = app.openapi;
  app.openapi = ((route: RouteConfig, ...rest: unknown[]) =>
    (register as (...args: unknown[]) => unknown)(withIdempotency(withRoleAnswer(route)), ...rest)) as typeof register;
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
