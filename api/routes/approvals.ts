import { createRoute, z } from '@hono/zod-openapi';
import { Signature } from '../../domain/actions.js';
import { text } from '../../domain/text.js';
import type { ApprovalClaims } from '../../runtime/approval-links.js';
import type { VisitAck } from '../../workflows/messages.js';
import { CustomerApproval, customerApproval, linkedApproval } from '../approval-view.js';
import { AppError, ErrorBody } from '../errors.js';
import { idempotentUpdate } from '../idempotency.js';
import { jsonBody, jsonResponse, router } from '../openapi.js';
import { actOn, visitState } from '../visit-workflow.js';
import { earlierOutcome } from '../workflow-updates.js';

const LinkToken = z.object({
  token: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,2048}$/, 'expected the token of an approval link')
    .openapi({ param: { name: 'token', in: 'path' }, description: 'The token of the link the service desk sent' }),
});

const CustomerDecision = z
  .object({
    decisions: z
      .array(z.object({ lineId: text(64), approved: z.boolean() }))
      .min(1)
      .max(100)
      .openapi({ description: 'One entry per line the customer decides; lines left out stay open' }),
    signature: Signature,
  })
  .openapi('CustomerDecision');

const publicErrors = {
  401: jsonResponse(ErrorBody, 'The link is not valid (tampered with, or not an approval link)'),
  403: jsonResponse(ErrorBody, 'The link does not belong to this visit'),
  410: jsonResponse(ErrorBody, 'The link has expired, or the approval was already decided'),
  503: jsonResponse(ErrorBody, 'Temporal is unreachable; nothing was recorded'),
};

const linkOf = (link: ApprovalClaims | undefined) => {
  if (!link) throw new AppError('unauthenticated', 'The link is not valid');
  return link;
};

/** The customer's side of an approval: no login, the signed link is the credential. */
export const approvalRoutes = router()
  .openapi(
    createRoute({
      method: 'get',
      path: '/approvals/{token}',
      tags: ['approvals'],
      summary: 'What the customer is asked to approve: the pending lines with prices and totals',
      request: { params: LinkToken },
      responses: { 200: jsonResponse(CustomerApproval, 'The approval'), ...publicErrors },
    }),
    async (c) => {
      const link = linkOf(c.var.approvalLink);
      const state = await visitState(c.var.deps, link.visitId);
      linkedApproval(state, link);
      return c.json(customerApproval(state, link), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/approvals/{token}',
      tags: ['approvals'],
      summary: 'The customer approves or declines each line and signs',
      description: 'Recorded on the visit as the customer’s decision with their drawn signature as consent evidence.',
      middleware: [idempotentUpdate],
      request: { params: LinkToken, body: jsonBody(CustomerDecision, 'A decision per line and the signature') },
      responses: {
        200: jsonResponse(CustomerApproval, 'Recorded; the approval as it now stands'),
        400: jsonResponse(ErrorBody, 'A field is invalid; the error names it'),
        409: jsonResponse(ErrorBody, 'The visit no longer waits for this approval'),
        422: jsonResponse(ErrorBody, 'A line is not part of this approval or is already decided; the error names it'),
        ...publicErrors,
      },
    }),
    async (c) => {
      const link = linkOf(c.var.approvalLink);
      const { decisions, signature } = c.req.valid('json');
      const state = await visitState(c.var.deps, link.visitId);
      if (customerApproval(state, link).status === 'decided') {
        // A retry of the decision that decided it gets its first answer; anyone else is told the link is used.
        const earlier = await earlierOutcome<VisitAck>(c, link.visitId);
        if (earlier) return c.json(customerApproval(state, link), 200);
      }
      const approval = linkedApproval(state, link);
      decisions.forEach((d, i) => {
        if (!approval.lineIds.includes(d.lineId))
          throw new AppError('unprocessable', `decisions.${i}.lineId: line ${d.lineId} is not part of this approval`, {
            fields: [{ field: `decisions.${i}.lineId`, message: 'not part of this approval' }],
          });
      });
      const after = await actOn(c, link.visitId, 'decide', {
        actor: { id: `customer:${state.customer.id}`, role: 'customer' },
        payload: { decisions, consent: { method: 'signature', signature } },
      });
      return c.json(customerApproval(after, link), 200);
    },
  );
