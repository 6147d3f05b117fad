import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Language } from '../domain/language.js';
import { InvoiceTotals, invoiceTotals } from '../domain/money.js';
import { Approval, Line, VisitState } from '../domain/visit-state.js';
import { type ApprovalClaims, approvalPageUrl } from '../runtime/approval-links.js';
import type { ApiEnv } from './deps.js';
import { AppError } from './errors.js';

const ApprovalLine = Line.pick({
  id: true,
  kind: true,
  description: true,
  quantity: true,
  unitPriceCents: true,
  discountCents: true,
  totalCents: true,
  campaign: true,
  recommended: true,
  status: true,
  // Where its price came from: the customer sees a price-list line's code or part number, or that the advisor priced it.
  catalogue: true,
  // So the page names the line in the language the customer reads it in.
  catalogueWords: true,
});

/** What the customer sees on the approval page: no staff ids, no timeline, only this approval's lines. */
export const CustomerApproval = z
  .object({
    visitId: z.string(),
    approvalId: z.string(),
    subject: Approval.shape.subject,
    status: z.enum(['pending', 'decided']),
    requestedAt: z.string(),
    linkExpiresAt: z.string(),
    customer: z.object({ name: z.string() }),
    vehicle: z.object({ plate: z.string(), model: z.string() }),
    promisedAt: z.string().optional(),
    reason: Approval.shape.reason.openapi({
      description:
        'Additional work only: what the technician found and why it matters, in their words. Absent for an estimate and for extra work reported before the reason was kept with the approval',
    }),
    lines: z.array(ApprovalLine),
    totals: InvoiceTotals.openapi({
      description: "Of the lines not declined, with the visit's tax; campaign and recall lines are free",
    }),
    taxRateBasisPoints: VisitState.shape.taxRateBasisPoints,
  })
  .openapi('CustomerApproval');
export type CustomerApproval = z.infer<typeof CustomerApproval>;

export const pendingApproval = (state: VisitState) =>
  state.stage === 'awaiting_approval' ? state.approvals.find((a) => !a.decidedAt) : undefined;

function linkedApprovalOrDecided(state: VisitState, link: ApprovalClaims) {
  const approval = state.visitId === link.visitId ? state.approvals.find((a) => a.id === link.approvalId) : undefined;
  if (!approval) throw new AppError('forbidden', 'This link does not belong to this visit');
  return approval;
}

/**
 * The approval a link names, refusing a link for another visit, one superseded by a newer request (extra work
 * reported after it) or an approval already decided.
 */
export function linkedApproval(state: VisitState, link: ApprovalClaims) {
  const approval = linkedApprovalOrDecided(state, link);
  if (state.approvals.at(-1)?.id !== approval.id)
    throw new AppError(
      'gone',
      'This link was superseded by a newer request from the service desk; please use the link in their latest message',
    );
  if (approval.decidedAt)
    throw new AppError('gone', `This approval was already decided on ${approval.decidedAt}; the link cannot be used again`, {
      decidedAt: approval.decidedAt,
      decisions: decisionsOn(state, approval),
    });
  return approval;
}

/**
 * What was decided on an approval's lines, for whoever comes too late (a second phone on the same link): each line's
 * name as the customer reads it, its price and whether it was approved, so the page can say what stands.
 */
export const ApprovalDecision = z.object({
  lineId: z.string(),
  approved: z.boolean(),
  description: z.string(),
  catalogueWords: Line.shape.catalogueWords,
  totalCents: z.number(),
  campaign: Line.shape.campaign,
});
export type ApprovalDecision = z.infer<typeof ApprovalDecision>;

const decisionsOn = (state: VisitState, approval: Approval): ApprovalDecision[] =>
  state.lines
    .filter((l) => approval.lineIds.includes(l.id) && l.status !== 'proposed')
    .map((l) => ({
      lineId: l.id,
      approved: l.status !== 'declined',
      description: l.description,
      ...(l.catalogueWords ? { catalogueWords: l.catalogueWords } : {}),
      totalCents: l.totalCents,
      campaign: l.campaign,
    }));

export function customerApproval(state: VisitState, link: ApprovalClaims): CustomerApproval {
  const approval = linkedApprovalOrDecided(state, link);
  const lines = state.lines.filter((l) => approval.lineIds.includes(l.id));
  const charged = lines.filter((l) => l.status !== 'declined' && !l.campaign);
  return {
    visitId: state.visitId,
    approvalId: approval.id,
    subject: approval.subject,
    status: approval.decidedAt ? 'decided' : 'pending',
    requestedAt: approval.requestedAt,
    linkExpiresAt: new Date(link.exp * 1000).toISOString(),
    customer: { name: state.customer.name },
    vehicle: { plate: state.vehicle.plate, model: state.vehicle.model },
    promisedAt: state.promisedAt,
    ...(approval.reason ? { reason: approval.reason } : {}),
    // Parsing strips what the customer has no business seeing (consent ids, skills, sources).
    lines: lines.map((l) => ApprovalLine.parse(l)),
    totals: invoiceTotals(charged, state),
    taxRateBasisPoints: state.taxRateBasisPoints,
  };
}

/**
 * The approval page for a link the API mints. Its host is PUBLIC_URL, which production requires: the request's own
 * origin (from its Host header, which anyone can set) stands in only in development.
 */
export const approvalUrlFor = (c: Context<ApiEnv>, token: string, language?: Language): string =>
  approvalPageUrl(c.var.settings.publicUrl ?? new URL(c.req.url).origin, token, language);
