import { BusinessHours } from './business-hours.js';
import { addWorkingTimeOrClock, calendarOfHours, type ShopCalendar } from './calendar-rules.js';
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
  /**
   * Absent: the shop's calendar as it is when the complaint is received (opening hours, holidays); fixed hours
   * (tests, rehearsals); null: the clocks run around the clock.
   */
  businessHours: BusinessHours.nullable().optional(),
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
    payload: z.object({ assigneeId: text(64), acknowledgement: multilineText(2000) }).strict(),
  },
  propose_solution: {
    ...COMPLAINT_ACTION_RULES.propose_solution,
    payload: z.object({ solution: multilineText(4000) }).strict(),
  },
  carry_out: {
    ...COMPLAINT_ACTION_RULES.carry_out,
    payload: z.object({ notes: multilineText(4000) }).strict(),
  },
  report_outcome: {
    ...COMPLAINT_ACTION_RULES.report_outcome,
    payload: z
      .object({
        explanation: multilineText(4000),
        remedy: multilineText(2000),
        channel: z.enum(['phone', 'email', 'in_person', 'letter']),
      })
      .strict(),
  },
  close: {
    ...COMPLAINT_ACTION_RULES.close,
    payload: z.object({ customerAccepted: z.boolean(), notes: multilineText(2000).optional() }).strict(),
  },
} as const satisfies { [A in ComplaintActionName]: (typeof COMPLAINT_ACTION_RULES)[A] & { payload: z.ZodType } };
export type ComplaintActionPayload<A extends ComplaintActionName> = z.infer<(typeof COMPLAINT_ACTIONS)[A]['payload']>;

export const SlaClock = z.enum(['first_response', 'resolution']);
export type SlaClock = z.infer<typeof SlaClock>;

/** A timeline entry as domain/care-records.ts `CareEntry` holds it, as a schema for the API's document. */
const CareEntrySchema = z.object({
  at: z.string(),
  type: z.string(),
  actorId: z.string(),
  summary: z.string(),
  detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
}) satisfies z.ZodType<CareEntry>;

/**
 * The complaint as its workflow's `state` query returns it and the read model assembles it, a schema so the API
 * documents it (the workflow imports only the type).
 */
export const ComplaintState = z.object({
  complaintId: z.string(),
  source: ComplaintSource,
  stage: ComplaintStage,
  receivedAt: z.string(),
  description: z.string(),
  customer: z.object({ id: z.string(), name: z.string() }).optional(),
  visitId: z.string().optional(),
  plate: z.string().optional(),
  hotlineCallId: z.string().optional(),
  satisfaction: z.number().optional(),
  assigneeId: z.string().optional(),
  firstResponseDueAt: z.string(),
  firstResponseAt: z.string().optional(),
  resolutionDueAt: z.string(),
  resolvedAt: z.string().optional(),
  closedAt: z.string().optional(),
  escalated: z.partialRecord(SlaClock, z.string()),
  solution: z.string().optional(),
  outcome: z
    .object({ explanation: z.string(), remedy: z.string(), channel: z.string(), notes: z.string().optional() })
    .optional(),
  customerAccepted: z.boolean().optional(),
  timeline: z.array(CareEntrySchema),
});
export type ComplaintState = z.infer<typeof ComplaintState>;

/**
 * Both deadlines, counted in the shop's open hours from receipt (`calendar` unless the policy fixes the hours), on
 * the clock when the calendar does not open long enough in ten years.
 */
export function complaintDeadlines(receivedAtMs: number, policy: ComplaintPolicy, calendar: ShopCalendar) {
  const hours = policy.businessHours;
  const open = hours === undefined ? [calendar] : hours ? [calendarOfHours(hours)] : [];
  return {
    firstResponseDueAt: new Date(addWorkingTimeOrClock(receivedAtMs, policy.firstResponseMs, open)).toISOString(),
    resolutionDueAt: new Date(addWorkingTimeOrClock(receivedAtMs, policy.resolutionMs, open)).toISOString(),
  };
}
