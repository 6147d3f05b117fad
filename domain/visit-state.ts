import { FuelLevel } from './actions.js';
import { CatalogueRef, Translations } from './catalogue.js';
import { DispatchProposal, PriorityReason, SkillLevel } from './dispatch.js';
import { MaintenanceDue } from './maintenance.js';
import { InvoiceTotals } from './money.js';
import { ActorRole } from './roles.js';
import { Stage } from './stages.js';
import { VisitKind } from './visit.js';
import { z } from './zod.js';

export const LineStatus = z.enum(['proposed', 'approved', 'declined', 'done']);
export type LineStatus = z.infer<typeof LineStatus>;

export const Line = z.object({
  id: z.string(),
  source: z.enum(['estimate', 'additional_work']),
  kind: z.enum(['labour', 'part']),
  description: z.string(),
  jobCode: z.string().optional(),
  quantity: z.number(),
  unitPriceCents: z.number().int(),
  discountCents: z.number().int(),
  totalCents: z.number().int(),
  requiredSkill: SkillLevel,
  campaign: z.boolean(),
  /** Recommended by the advisor, not required for what the customer came for: the customer may well decline it. */
  recommended: z.boolean(),
  status: LineStatus,
  consentId: z.string().optional(),
  /** Set when this line repeats work the customer declined at an earlier visit. */
  offeredFromLineId: z.string().optional(),
  /** The catalogue entry it was priced from, at the catalogue's price then; absent: a line typed by hand. */
  catalogue: CatalogueRef.optional(),
  /**
   * How the catalogue words that entry now, in English and the shop's other languages, so a screen or paper names
   * the line in its reader's language (the description is in the customer's). Read from the catalogue with the
   * line (db/visit-view.ts); the visit itself never keeps it.
   */
  catalogueWords: z.object({ description: z.string(), translations: Translations }).optional(),
});
export type Line = z.infer<typeof Line>;

/** The three lanes of the service blueprint [S5]. */
export const Lane = z.enum(['customer', 'front_stage', 'back_stage']);
export type Lane = z.infer<typeof Lane>;

export const TimelineEntry = z.object({
  seq: z.number().int(),
  at: z.string(),
  type: z.string(),
  actor: z.object({ id: z.string(), role: ActorRole }),
  lane: Lane,
  fromStage: Stage.optional(),
  toStage: Stage.optional(),
  summary: z.string(),
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;

export const Approval = z.object({
  id: z.string(),
  subject: z.enum(['estimate', 'additional_work']),
  lineIds: z.array(z.string()),
  requestedAt: z.string(),
  decidedAt: z.string().optional(),
  consentIds: z.array(z.string()),
  customerRemindedAt: z.string().optional(),
  escalatedAt: z.string().optional(),
  /** The last time staff sent the approval link again (`send_approval_link`). */
  linkResentAt: z.string().optional(),
  /**
   * Additional work only: what the technician found and why it matters (`report_additional_work`'s reason), so the
   * customer reads it before deciding. An estimate has none, nor extra work reported before it was kept here.
   */
  reason: z.string().optional(),
});
export type Approval = z.infer<typeof Approval>;

export const QcResult = z.object({
  attempt: z.number().int(),
  passed: z.boolean(),
  failedItems: z.array(z.string()),
  /** The items of the maintenance checklist that failed (domain/checklist-rules.ts), as the catalogue words them. */
  failedChecklist: z
    .array(
      z.object({
        packageCode: z.string(),
        code: z.string(),
        description: z.string(),
        translations: Translations,
        note: z.string().optional(),
      }),
    )
    .optional(),
  by: z.string(),
  at: z.string(),
});

export const DeclinedRecommendation = z.object({
  lineId: z.string(),
  visitId: z.string(),
  description: z.string(),
  kind: z.enum(['labour', 'part']),
  quantity: z.number(),
  unitPriceCents: z.number().int(),
  totalCents: z.number().int(),
  declinedAt: z.string(),
});
export type DeclinedRecommendation = z.infer<typeof DeclinedRecommendation>;

/** The whole visit as the `state` query returns it: what the visit page and GET /visits/:id show. */
export const VisitState = z.object({
  visitId: z.string(),
  kind: VisitKind,
  stage: Stage,
  customer: z.object({ id: z.string(), name: z.string(), phone: z.string(), email: z.string().optional() }),
  vehicle: z.object({ vin: z.string(), plate: z.string(), model: z.string(), mileage: z.number().int().optional() }),
  advisorId: z.string(),
  appointmentAt: z.string().optional(),
  requestedServices: z.array(z.string()),
  priorityReason: PriorityReason,
  openedAt: z.string(),
  appointment: z.object({
    confirmed: z.boolean(),
    confirmationCalls: z.number().int(),
    flaggedForAdvisor: z.boolean(),
    /** Reached on a confirmation call, the customer cannot keep the slot: the advisor re-books it, nobody calls again. */
    cannotKeep: z.boolean().optional(),
    /**
     * How often a confirmation closed the re-booking "cannot keep" had opened: said again, it is opened one attempt
     * on, which reopens the closed task (activities/tasks.ts).
     */
    rebookingsWithdrawn: z.number().int().optional(),
  }),
  arrival: z
    .object({ at: z.string(), mileage: z.number().int(), coversFitted: z.boolean(), customerWaiting: z.boolean() })
    .optional(),
  inspection: z
    .object({
      damages: z.array(z.object({ area: z.string(), description: z.string() })),
      valuables: z.array(z.string()),
      fuelLevel: FuelLevel,
      mileage: z.number().int(),
      signedBy: z.string(),
      at: z.string(),
    })
    .optional(),
  warranty: z.object({ covered: z.boolean(), reference: z.string().optional() }).optional(),
  diagnosis: z
    .object({
      findings: z.string(),
      scanReportRef: z.string().optional(),
      roadTest: z.boolean(),
      signedBy: z.string().optional(),
      at: z.string(),
    })
    .optional(),
  declinedBefore: z.array(DeclinedRecommendation),
  lines: z.array(Line),
  approvals: z.array(Approval),
  promisedAt: z.string().optional(),
  atRisk: z.boolean(),
  late: z.boolean(),
  dispatch: z.object({
    // Visits that reached dispatch before the plan carried its reason as data hold only the English sentence.
    proposal: DispatchProposal.partial({ reasonParts: true }).nullable(),
    technicianId: z.string().optional(),
    assignedAt: z.string().optional(),
    overrideReason: z.string().optional(),
    /** The version of the workshop plan the assignment was checked against. */
    planVersion: z.string().optional(),
  }),
  work: z.object({ inProgress: z.boolean(), startedAt: z.string().optional(), completedAt: z.string().optional() }),
  qc: z.array(QcResult),
  reworkCount: z.number().int(),
  totals: InvoiceTotals,
  /** The sales tax of the visit's policy, in basis points: what its estimates, approvals and papers add. */
  taxRateBasisPoints: z.number().int(),
  pickup: z.object({ at: z.string(), paidCents: z.number().int(), method: z.string() }).optional(),
  followUp: z.object({
    attempts: z.number().int(),
    reached: z.boolean(),
    satisfaction: z.number().int().optional(),
    escalated: z.boolean(),
    supervisorNotified: z.boolean(),
  }),
  nextMaintenance: MaintenanceDue.optional(),
  timeline: z.array(TimelineEntry),
  /** Records the database refused for good: the visit needs attention until an administrator repairs them. */
  incidents: z.array(z.object({ id: z.string(), at: z.string(), activity: z.string(), cause: z.string() })).optional(),
});
export type VisitState = z.infer<typeof VisitState>;

/**
 * The visit as its reader is shown it (`GET /visits/{id}`, the visit page): the workshop's roles read it without the
 * customer's phone and e-mail, which are the front desk's to use (`READS.visit` in roles.ts).
 */
export const VisitShown = VisitState.extend({ customer: VisitState.shape.customer.partial({ phone: true }) });
export type VisitShown = z.infer<typeof VisitShown>;
