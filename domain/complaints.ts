import { addBusinessTime, BusinessHours } from './business-hours.js';
import { DEFAULT_BUSINESS_HOURS } from './business-hours-rules.js';
import type { CareEntry } from './care-records.js';
import {
  COMPLAINT_ACTION_RULES,
  COMPLAINT_SOURCES,
  COMPLAINT_STAGES,
  type ComplaintActionName,
  DEFAULT_COMPLAINT_POLICY,
} from './complaint-rules.js';
import { multilineText, text } from './text.js';
import { MS_PER_HOUR } from './time.js';
import { z } from './zod.js';

export { DEFAULT_BUSINESS_HOURS } from './business-hours-rules.js';
export { COMPLAINT_SOURCE_NAME, type ComplaintActionName } from './complaint-rules.js';

const duration = (defaultMs: number) =>
  z
    .number()
    .int()
    .min(0)
    .max(365 * 24 * MS_PER_HOUR)
    .default(defaultMs);

/** Complaint handling [S4]: receive and record → handle with a solution and follow it → report, explain, remedy. */
export const ComplaintStage = z.enum(COMPLAINT_STAGES);
export type ComplaintStage = z.infer<typeof ComplaintStage>;

/** Where it came from (complaint-rules.ts). */
export const ComplaintSource = z.enum(COMPLAINT_SOURCES);
export type ComplaintSource = z.infer<typeof ComplaintSource>;

/** The sources staff record by hand; follow-up and hotline complaints are opened by their own workflows. */
export const RecordedComplaintSource = ComplaintSource.exclude(['follow_up', 'hotline']);
export type RecordedComplaintSource = z.infer<typeof RecordedComplaintSource>;

/**
 * The two SLA clocks, counted in open hours of the shop. Resolved once at start and kept as workflow
 * input, so a later change of the shop's rules never moves a running complaint's deadlines.
 */
export const ComplaintPolicy = z.object({
  /** First response: an owner is assigned and has acknowledged the complaint to the customer. */
  firstResponseMs: duration(DEFAULT_COMPLAINT_POLICY.firstResponseMs),
  /** Resolution: the outcome, its explanation and the remedy are reported to the customer (3 days of 10 h). */
  resolutionMs: duration(DEFAULT_COMPLAINT_POLICY.resolutionMs),
  /** null: the clocks run around the clock. */
  businessHours: BusinessHours.nullable().default(DEFAULT_BUSINESS_HOURS),
});
export type ComplaintPolicy = z.infer<typeof ComplaintPolicy>;
export type ComplaintPolicyOverride = z.input<typeof ComplaintPolicy>;

/** What a complaint workflow starts with: everything copied in so replay never reads the database. */
export const ComplaintStart = z.object({
  complaintId: z.string().min(1).max(128),
  source: ComplaintSource,
  receivedAt: z.iso.datetime({ offset: true }),
  description: multilineText(4000),
  customer: z.object({ id: z.string(), name: z.string() }).optional(),
  visitId: z.string().optional(),
  plate: z.string().optional(),
  hotlineCallId: z.string().optional(),
  satisfaction: z.number().int().min(1).max(5).optional(),
  policy: ComplaintPolicy,
});
export type ComplaintStart = z.infer<typeof ComplaintStart>;

/** Every step of a complaint: its rules (complaint-rules.ts) with the schema its payload is held to at the API. */
export const COMPLAINT_ACTIONS = {
  assign: {
    ...COMPLAINT_ACTION_RULES.assign,
    payload: z.object({ assigneeId: text(64), acknowledgement: multilineText(2000) }),
  },
  propose_solution: {
    ...COMPLAINT_ACTION_RULES.propose_solution,
    payload: z.object({ solution: multilineText(4000) }),
  },
  carry_out: {
    ...COMPLAINT_ACTION_RULES.carry_out,
    payload: z.object({ notes: multilineText(4000) }),
  },
  report_outcome: {
    ...COMPLAINT_ACTION_RULES.report_outcome,
    payload: z.object({
      explanation: multilineText(4000),
      remedy: multilineText(2000),
      channel: z.enum(['phone', 'email', 'in_person', 'letter']),
    }),
  },
  close: {
    ...COMPLAINT_ACTION_RULES.close,
    payload: z.object({ customerAccepted: z.boolean(), notes: multilineText(2000).optional() }),
  },
} as const satisfies { [A in ComplaintActionName]: (typeof COMPLAINT_ACTION_RULES)[A] & { payload: z.ZodType } };
export type ComplaintActionPayload<A extends ComplaintActionName> = z.infer<(typeof COMPLAINT_ACTIONS)[A]['payload']>;

export const SlaClock = z.enum(['first_response', 'resolution']);
export type SlaClock = z.infer<typeof SlaClock>;

/** The live complaint as the `state` query returns it. */
export interface ComplaintState {
  complaintId: string;
  source: ComplaintSource;
  stage: ComplaintStage;
  receivedAt: string;
  description: string;
  customer?: { id: string; name: string };
  visitId?: string;
  plate?: string;
  hotlineCallId?: string;
  satisfaction?: number;
  assigneeId?: string;
  firstResponseDueAt: string;
  firstResponseAt?: string;
  resolutionDueAt: string;
  resolvedAt?: string;
  closedAt?: string;
  escalated: Partial<Record<SlaClock, string>>;
  solution?: string;
  outcome?: { explanation: string; remedy: string; channel: string; notes?: string };
  customerAccepted?: boolean;
  timeline: CareEntry[];
}

/** Both deadlines, counted in the shop's open hours from receipt. */
export function complaintDeadlines(receivedAtMs: number, policy: ComplaintPolicy) {
  return {
    firstResponseDueAt: new Date(addBusinessTime(receivedAtMs, policy.firstResponseMs, policy.businessHours)).toISOString(),
    resolutionDueAt: new Date(addBusinessTime(receivedAtMs, policy.resolutionMs, policy.businessHours)).toISOString(),
  };
}
