import { createRoute, z } from '@hono/zod-openapi';
import { FRONT_DESK_ROLES } from '../../domain/roles.js';
import { signApprovalLink } from '../../runtime/approval-links.js';
import { approvalUrlFor, pendingApproval } from '../approval-view.js';
import { requireReader, requireRole } from '../auth.js';
import { AppError, ErrorBody } from '../errors.js';
import { jsonResponse, router, VisitIdParam } from '../openapi.js';
import { ApprovalLinkStatus, approvalLinkStatus, customerLanguage } from '../queries/approval-links.js';
import { dependency } from '../unavailable.js';
import { visitState } from '../visit-workflow.js';

const NewApprovalLink = z
  .object({
    expiresInHours: z
      .number()
      .int()
      .min(1)
      .max(720)
      .optional()
      .openapi({ description: 'How long the link works (default: APPROVAL_LINK_TTL_HOURS, 72)' }),
  })
  .openapi('NewApprovalLink');

const ApprovalLink = z
  .object({
    url: z.url().openapi({ description: 'The approval screen to send the customer (/app/approval?token=…)' }),
    token: z.string(),
    expiresAt: z.string(),
    visitId: z.string(),
    approvalId: z.string(),
  })
  .openapi('ApprovalLink');

export const approvalLinkRoutes = router()
  .openapi(
    createRoute({
      method: 'get',
      path: '/visits/{id}/approval-links',
      tags: ['approvals'],
      summary: 'What waits for the customer and the newest approval link they were sent for it, with its delivery status',
      description:
        'Roles: advisor, manager, admin. The visit sends the link itself with the estimate, the extra work, the reminder ' +
        'and `send_approval_link`; a link of an earlier approval is never returned (it answers 410 "superseded").',
      middleware: [requireReader('approvalLinks')],
      request: { params: VisitIdParam },
      responses: {
        200: jsonResponse(ApprovalLinkStatus, 'The approval waiting for the customer and its newest link, if any'),
        400: jsonResponse(ErrorBody, 'A field is invalid; the error names it'),
        404: jsonResponse(ErrorBody, 'No visit has this id'),
        503: jsonResponse(ErrorBody, 'The database is unreachable'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      return c.json(await dependency('database', () => approvalLinkStatus(c.var.deps.database.db, id)), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/visits/{id}/approval-links',
      tags: ['approvals'],
      summary: "A signed, expiring link for the customer to approve or decline the visit's pending lines",
      description:
        'Roles: advisor, manager, admin. The link is good for this approval of this visit only and stops working once the ' +
        'customer has decided or it expires. Send it by SMS or e-mail; the customer needs no login.',
      middleware: [requireRole(...FRONT_DESK_ROLES)],
      request: {
        params: VisitIdParam,
        body: {
          required: false,
          description: 'Optional: a shorter or longer life',
          content: { 'application/json': { schema: NewApprovalLink } },
        },
      },
      responses: {
        201: jsonResponse(ApprovalLink, 'The link'),
        400: jsonResponse(ErrorBody, 'A field is invalid; the error names it'),
        404: jsonResponse(ErrorBody, 'No visit has this id'),
        409: jsonResponse(ErrorBody, 'No approval is waiting for the customer'),
        503: jsonResponse(ErrorBody, 'Temporal is unreachable'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { settings, deps } = c.var;
      const state = await visitState(deps, id);
      const approval = pendingApproval(state);
      if (!approval) throw new AppError('conflict', `No approval is waiting for the customer while the visit is ${state.stage}`);
      const hours = c.req.valid('json').expiresInHours ?? settings.approvalLinkTtlHours;
      const link = await signApprovalLink({ visitId: id, approvalId: approval.id }, settings.approvalLinkKey, hours * 3600);
      // The page opens in the customer's language, like the links the worker sends with their messages.
      const language = await dependency('database', () => customerLanguage(deps.database.db, state.customer.id));
      return c.json(
        {
          url: approvalUrlFor(c, link.token, language),
          token: link.token,
          expiresAt: link.expiresAt,
          visitId: id,
          approvalId: approval.id,
        },
        201,
      );
    },
  );
