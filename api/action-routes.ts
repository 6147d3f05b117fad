import { createRoute, type z } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { MOST_TAKES_IN_ONE_STAGE } from '../domain/action-rules.js';
import type { StaffRole } from '../domain/roles.js';
import { requireRole } from './auth.js';
import type { ApiEnv } from './deps.js';
import { ErrorBody } from './errors.js';
import { idempotentUpdate } from './idempotency.js';
import { jsonBody, jsonResponse, type router } from './openapi.js';

/** What the OpenAPI document says of one action: its rule (stages, roles) and the payload schema it is held to. */
interface ActionDoc {
  summary: string;
  stages: readonly string[];
  roles: readonly StaffRole[];
  payload: z.ZodType;
}

/** The actions of one workflow type as routes: `POST /{resource}/{id}/actions/{name}`, one operation each. */
export interface ActionRouteSpec<N extends string> {
  resource: 'visits' | 'complaints' | 'rescues';
  /** The workflow's word in the document: "Accepted while the complaint is …". */
  subject: 'visit' | 'complaint' | 'rescue';
  /** `operationId` is `{operationPrefix}_{name}`. */
  operationPrefix: string;
  tag: string;
  params: z.ZodObject<{ id: z.ZodType<string> }>;
  actions: { readonly [K in N]: ActionDoc };
  /** What the document says after the roles (the visit: who acted comes from the token). */
  note?: string;
  /** The role check of one action; by default its rule's roles. */
  roleCheck?(name: N): MiddlewareHandler<ApiEnv>;
  /** The body schema of one action (default: its payload) and what "the {name} …" records: an action or a step. */
  body?(name: N): z.ZodType;
  records: 'action' | 'step';
  /** What the answers say; a complaint's and a rescue's 404, 409 and 422 are worded alike from `subject`. */
  responses: { 200: [z.ZodType, string]; 404?: string; 409?: string; 422?: string };
  /** Sends the accepted request to the workflow and answers with what the read model holds now. */
  take(c: Context<ApiEnv>, id: string, name: N, payload: unknown): Promise<object>;
}

/** Adds one documented route per action, so each action's body schema, stages and roles are in the OpenAPI document. */
export function addActionRoutes<N extends string>(routes: ReturnType<typeof router>, spec: ActionRouteSpec<N>): void {
  for (const name of Object.keys(spec.actions) as N[]) {
    const action = spec.actions[name];
    const [okBody, okDescription] = spec.responses[200];
    const { subject } = spec;
    routes.openapi(
      createRoute({
        method: 'post',
        path: `/${spec.resource}/{id}/actions/${name}`,
        operationId: `${spec.operationPrefix}_${name}`,
        tags: [spec.tag],
        summary: action.summary,
        description:
          `Accepted while the ${spec.subject} is ${action.stages.map((s) => `\`${s}\``).join(', ')}. ` +
          `Roles: ${[...action.roles, 'admin'].join(', ')}.${spec.note ? ` ${spec.note}` : ''}`,
        middleware: [spec.roleCheck?.(name) ?? requireRole(...action.roles), idempotentUpdate],
        request: {
          params: spec.params,
          body: jsonBody(spec.body?.(name) ?? action.payload, `What the ${name} ${spec.records} records`),
        },
        responses: {
          200: jsonResponse(okBody, okDescription),
          400: jsonResponse(ErrorBody, 'A field is invalid; the error names it'),
          404: jsonResponse(ErrorBody, spec.responses[404] ?? `No running ${subject} has this id`),
          409: jsonResponse(
            ErrorBody,
            spec.responses[409] ??
              `The ${subject} is not at a stage that accepts this step, or the step was already taken ${MOST_TAKES_IN_ONE_STAGE} times in this stage`,
          ),
          422: jsonResponse(
            ErrorBody,
            spec.responses[422] ??
              'The step was accepted (`details.accepted`) but the database refused its record: an incident on GET /alerts',
          ),
          503: jsonResponse(ErrorBody, 'Temporal is unreachable; nothing was recorded'),
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param') as { id: string };
        return c.json(await spec.take(c, id, name, c.req.valid('json')), 200);
      },
    );
  }
}
