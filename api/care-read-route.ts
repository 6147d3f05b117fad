// The read route of a complaint and of a rescue, `GET /complaints/{id}` and `GET /rescues/{id}`: one definition, so
// both answer, refuse and document `live=true` alike.
import { createRoute, z } from '@hono/zod-openapi';
import type { QueryDefinition } from '@temporalio/common';
import { holdsRole, type ReadName, TIMELINE_READERS } from '../domain/roles.js';
import { requireReader } from './auth.js';
import { LiveQuery, liveState } from './care-workflows.js';
import type { ApiDeps, Staff } from './deps.js';
import { AppError, ErrorBody } from './errors.js';
import { jsonResponse } from './openapi.js';
import { serializeDates } from './queries/params.js';

type Subject = 'complaint' | 'rescue';

/** The `{id}` of a complaint's or rescue's routes: `complaint-…` or `rescue-…`, which is also its workflow id. */
export const careIdParams = (subject: Subject) =>
  z.object({
    id: z
      .string()
      .regex(new RegExp(`^${subject}-[A-Za-z0-9-]{1,100}$`), `expected a ${subject} id such as ${subject}-…`)
      .openapi({ param: { name: 'id', in: 'path' }, description: `The ${subject} id (also its workflow id)` }),
  });

interface CareReadSpec<S extends Subject, P extends string, Rec extends z.ZodType, St extends z.ZodType> {
  subject: S;
  /** `/complaints/{id}` or `/rescues/{id}`, spelled out so the typed client (web/api-client.ts) knows the route. */
  path: P;
  tag: string;
  summary: string;
  /** Its row of `READS`: who may read it. */
  read: ReadName;
  params: ReturnType<typeof careIdParams>;
  /** The row as JSON. */
  record: Rec;
  /** The state in its workflow's shape. */
  state: St;
}

/** The route: its answer is `{ <subject>Id, record, state }`, the state from the read model unless `live=true`. */
// `const`: as an argument of `.openapi()`, a plain type parameter would widen the path to `string`, and the typed
// client would lose every route of the router.
export function careReadRoute<const S extends Subject, const P extends string, Rec extends z.ZodType, St extends z.ZodType>(
  spec: CareReadSpec<S, P, Rec, St>,
) {
  const { subject } = spec;
  const body = z.object({
    [`${subject}Id`]: z.string(),
    record: spec.record.openapi({ description: `The ${subject}s row` }),
    state: spec.state.nullable().openapi({
      description: "With `live=true`, the workflow's own state instead (null once the workflow has ended)",
    }),
  } as { [K in `${S}Id`]: z.ZodString } & { record: Rec; state: z.ZodNullable<St> });
  return createRoute({
    method: 'get',
    path: spec.path,
    tags: [spec.tag],
    summary: spec.summary,
    middleware: [requireReader(spec.read)],
    request: { params: spec.params, query: LiveQuery },
    responses: {
      200: jsonResponse(body, `The ${subject}`),
      400: jsonResponse(ErrorBody, 'The id or a query parameter is invalid; the error names it'),
      403: jsonResponse(ErrorBody, 'Only the service manager and an administrator ask the workflow itself (`live=true`)'),
      404: jsonResponse(ErrorBody, `No ${subject} has this id`),
      503: jsonResponse(ErrorBody, 'The database (or, with `live=true`, Temporal) is unreachable'),
    },
  });
}

/** How the route reads one complaint or rescue: from the read model, and from its workflow with `live=true`. */
interface CareSource<R extends Record<string, unknown>, V> {
  subject: Subject;
  view(deps: ApiDeps, id: string): Promise<{ record: R; state: V }>;
  query: QueryDefinition<V>;
}

/**
 * The route's answer but for the id: the row as JSON and the state. `live` asks the workflow instead, which only a
 * timeline reader (the manager) may.
 */
export async function careRead<R extends Record<string, unknown>, V>(
  deps: ApiDeps,
  staff: Staff,
  id: string,
  live: boolean,
  source: CareSource<R, V>,
) {
  if (live && !holdsRole(staff.role, TIMELINE_READERS))
    throw new AppError(
      'forbidden',
      `Only the service manager asks the ${source.subject} workflow for its live state (live=true)`,
    );
  const { record, state } = await source.view(deps, id);
  const shown = live ? await liveState(deps.temporal, id, source.query) : state;
  return { record: serializeDates(record), state: shown };
}
