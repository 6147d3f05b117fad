import { OpenAPIHono, type RouteConfig, z } from '@hono/zod-openapi';
import type { ZodError } from 'zod';
import { STAFF_ROLES } from '../domain/role-rules.js';
import { READ_WORDS, type ReadName, rolesInWords, type StaffRole } from '../domain/roles.js';
import { ADMITTED_ROLES, isPublicPath, READ_NAME } from './auth.js';
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

type Marked = { [ADMITTED_ROLES]?: readonly string[]; [READ_NAME]?: ReadName };

/**
 * A route's 403, from the role check among its middleware (the other common answers are added in docs.ts), and a
 * read's row of `READS` as `x-read`. A staff GET route without a row is refused here, when it is registered: who
 * may read it must be decided before anyone can.
 */
function withRoleAnswer<R extends RouteConfig>(route: R): R {
  const middleware = [route.middleware ?? []].flat() as Marked[];
  const read = middleware.find((m) => m[READ_NAME])?.[READ_NAME];
  if (route.method === 'get' && !read && !isPublicPath(route.path))
    throw new Error(`GET ${route.path} has no readers: give it requireReader() with its row of READS (domain/roles.ts)`);
  const marked = read ? { ...route, 'x-read': read } : route;
  const roles = middleware.find((m) => m[ADMITTED_ROLES])?.[ADMITTED_ROLES];
  // A read every role has some of is refused for no role: there is no 403 to document but the route's own.
  if (!roles || new Set([...roles, 'admin']).size === STAFF_ROLES.length) return marked;
  const own = route.responses[403];
  if (own && !read) return marked;
  const what = read ? `read ${READ_WORDS[read]}` : 'do this';
  const refused = `The token's role may not ${what}; only ${rolesInWords([...(roles as readonly StaffRole[]), 'admin'])} may`;
  const description = own && 'description' in own ? `${refused}. ${own.description}` : refused;
  return { ...marked, responses: { ...route.responses, 403: jsonResponse(ErrorBody, description) } };
}

/**
 * A query parameter arrives as text, once: one sent twice, or left out, is said so in those words rather than as the
 * type zod met ("expected string, received array", "expected string, received undefined"). A list is the parameter
 * repeated: a value of it is named by the parameter and its place ("kind: value 2 must be one of …"), not `kind.1`.
 */
function asSent(error: ZodError, sent: Record<string, string[]>): ZodError {
  const issues = error.issues.map((issue) => {
    const name = String(issue.path[0]);
    const count = sent[name]?.length ?? 0;
    const [, at] = issue.path;
    if (issue.path.length === 2 && typeof at === 'number')
      return { ...issue, path: [name], message: count > 1 ? `value ${at + 1} ${issue.message}` : issue.message };
    if (count > 1 && issue.path.length === 1) return { ...issue, message: 'given more than once; send it once' };
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
