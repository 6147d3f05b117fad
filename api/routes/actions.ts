import { createRoute } from '@hono/zod-openapi';
import { ACTIONS, ActionName, AssignChoice } from '../../domain/actions.js';
import { VisitState } from '../../domain/visit-state.js';
import { requireActionRole, staffActor } from '../auth.js';
import { checkedAssignment } from '../dispatch.js';
import { ErrorBody } from '../errors.js';
import { idempotentUpdate } from '../idempotency.js';
import { jsonBody, jsonResponse, router, VisitIdParam } from '../openapi.js';
import { actOn } from '../visit-workflow.js';

// Domain schemas may be built before @hono/zod-openapi patches zod, so they are named with zod's own `meta`.
export const VisitStateBody = VisitState.meta({ id: 'VisitState' });

const pascal = (name: string) => name.replace(/(^|_)(\w)/g, (_, _sep, ch: string) => ch.toUpperCase());

/** One documented route per action, so each action's body schema, stages and roles are in the OpenAPI document. */
export const actionRoutes = router();

for (const name of ActionName.options) {
  const action = ACTIONS[name];
  // A dispatch carries the plan it was checked against; the API computes that, so staff send only their choice.
  const body = name === 'assign_technician' ? AssignChoice : action.payload;
  actionRoutes.openapi(
    createRoute({
      method: 'post',
      path: `/visits/{id}/actions/${name}`,
      operationId: `action_${name}`,
      tags: ['actions'],
      summary: action.summary,
      description:
        `Accepted while the visit is ${action.stages.map((s) => `\`${s}\``).join(', ')}. ` +
        `Roles: ${[...action.roles, 'admin'].join(', ')}. The acting staff member is taken from the token.`,
      middleware: [requireActionRole(name, action.roles), idempotentUpdate],
      request: {
        params: VisitIdParam,
        body: jsonBody(body.meta({ id: `${pascal(name)}Payload` }), `What the ${name} action records`),
      },
      responses: {
        200: jsonResponse(VisitStateBody, 'Accepted: the visit as the database holds it now, with this action recorded'),
        400: jsonResponse(ErrorBody, 'A field is invalid; the error names it'),
        404: jsonResponse(ErrorBody, 'No visit has this id'),
        409: jsonResponse(
          ErrorBody,
          "The visit's stage (or another action that just landed) does not accept this action now; for a dispatch, " +
            'also: the workshop plan moved since the `planVersion` sent and the choice no longer meets the promise ' +
            '(`details.reason` "plan_moved", `details.proposal` what the plan proposes now)',
        ),
        422: jsonResponse(
          ErrorBody,
          'The payload is well-formed but contradicts the visit (e.g. an unknown line); the error names the field. ' +
            'Or the action was accepted (`details.accepted`) but the database refused its record: the visit needs ' +
            'attention and `details.incidentId` is its incident on GET /alerts',
        ),
        503: jsonResponse(ErrorBody, 'Temporal is unreachable; nothing was recorded'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const sent = c.req.valid('json');
      const payload = name === 'assign_technician' ? await checkedAssignment(c.var.deps, id, AssignChoice.parse(sent)) : sent;
      return c.json(await actOn(c, id, name, { actor: staffActor(c), payload }), 200);
    },
  );
}
