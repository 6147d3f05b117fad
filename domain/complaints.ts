import { z } from 'zod';
import { addBusinessTime, BusinessHours } from './business-hours.js';
import { lazySchema } from './lazy-schema.js';
import type { StaffRole } from './roles.js';
import { multilineText, text } from './text.js';
import { MS_PER_HOUR } from './time.js';

const duration = (defaultMs: number) =>
  z
    .number()
    .int()
    .min(0)
    .max(365 * 24 * MS_PER_HOUR)
    .default(defaultMs);

/** Complaint handling [S4]: receive and record → handle with a solution and follow it → report, explain, remedy. */
export const ComplaintStage = z.enum(['received', 'assigned', 'solution_proposed', 'carried_out', 'outcome_reported', 'closed']);
export type ComplaintStage = z.infer<typeof ComplaintStage>;

/**
 * Where it came from: a dissatisfied 3-day follow-up call, the hotline, another call-list call, the API, or
 * whatever channel the customer used to reach the desk (a phone call, in person, an e-mail, a letter).
 */
export const ComplaintSource = z.enum(['follow_up', 'hotline', 'call_list', 'api', 'phone', 'in_person', 'email', 'letter']);
export type ComplaintSource = z.infer<typeof ComplaintSource>;

/** How the complaint came in, as the timeline tells it ("received from … by a phone call"). */
export const COMPLAINT_SOURCE_NAME: Record<ComplaintSource, string> = {
  follow_up: 'the follow-up call',
  hotline: 'the hotline',
  call_list: 'a call-list call',
  api: 'the service desk',
  phone: 'a phone call',
  in_person: 'a visit to the desk',
  email: 'e-mail',
  letter: 'letter',
};

/** The sources staff record by hand; follow-up and hotline complaints are opened by their own workflows. */
export const RecordedComplaintSource = ComplaintSource.exclude(['follow_up', 'hotline']);
export type RecordedComplaintSource = z.infer<typeof RecordedComplaintSource>;

export const DEFAULT_BUSINESS_HOURS: BusinessHours = BusinessHours.parse({});

/**
 * The two SLA clocks, counted in open hours of the shop. Resolved once at start and kept as workflow
 * input, so a later change of the shop's rules never moves a running complaint's deadlines.
 */
export const ComplaintPolicy = lazySchema(() =>
  z.object({
    /** First response: an owner is assigned and has acknowledged the complaint to the customer. */
    firstResponseMs: duration(4 * MS_PER_HOUR),
    /** Resolution: the outcome, its explanation and the remedy are reported to the customer (3 days of 10 h). */
    resolutionMs: duration(30 * MS_PER_HOUR),
    /** null: the clocks run around the clock. */
    businessHours: BusinessHours.nullable().default(DEFAULT_BUSINESS_HOURS),
  }),
);
export type ComplaintPolicy = z.infer<typeof ComplaintPolicy>;
export type ComplaintPolicyOverride = z.input<typeof ComplaintPolicy>;

/** What a complaint workflow starts with: everything copied in so replay never reads the database. */
export const ComplaintStart = lazySchema(() =>
  z.object({
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
  }),
);
export type ComplaintStart = z.infer<typeof ComplaintStart>;

/** Every step of a complaint: payload, the stages it is accepted in, and who may take it. */
export const COMPLAINT_ACTIONS = {
  assign: {
    summary: 'Name an owner, who acknowledges the complaint to the customer (the first response)',
    stages: ['received', 'assigned'],
    roles: ['manager', 'advisor'],
    payload: lazySchema(() => z.object({ assigneeId: text(64), acknowledgement: multilineText(2000) })),
  },
  propose_solution: {
    summary: 'The solution agreed with the customer',
    stages: ['assigned', 'solution_proposed'],
    roles: ['manager', 'advisor'],
    payload: lazySchema(() => z.object({ solution: multilineText(4000) })),
  },
  carry_out: {
    summary: 'The solution was carried out',
    stages: ['solution_proposed'],
    roles: ['manager', 'advisor', 'foreman'],
    payload: lazySchema(() => z.object({ notes: multilineText(4000) })),
  },
  report_outcome: {
    summary: 'The outcome reported to the customer with the explanation and the remedy offered (resolution)',
    stages: ['carried_out'],
    roles: ['manager', 'advisor'],
    payload: lazySchema(() =>
      z.object({
        explanation: multilineText(4000),
        remedy: multilineText(2000),
        channel: z.enum(['phone', 'email', 'in_person', 'letter']),
      }),
    ),
  },
  close: {
    summary: 'Close the complaint with the customer’s answer to the outcome',
    stages: ['outcome_reported'],
    roles: ['manager'],
    payload: lazySchema(() => z.object({ customerAccepted: z.boolean(), notes: multilineText(2000).optional() })),
  },
} as const satisfies Record<
  string,
  { summary: string; stages: readonly ComplaintStage[]; roles: readonly StaffRole[]; payload: z.ZodType }
>;
export type ComplaintActionName = keyof typeof COMPLAINT_ACTIONS;
export type ComplaintActionPayload<A extends ComplaintActionName> = z.infer<(typeof COMPLAINT_ACTIONS)[A]['payload']>;

export const SlaClock = z.enum(['first_response', 'resolution']);
export type SlaClock = z.infer<typeof SlaClock>;

export interface ComplaintEntry {
  at: string;
  type: string;
  actorId: string;
  summary: string;
}

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
  timeline: ComplaintEntry[];
}

/** Both deadlines, counted in the shop's open hours from receipt. */
export function complaintDeadlines(receivedAtMs: number, policy: ComplaintPolicy) {
  return {
    firstResponseDueAt: new Date(addBusinessTime(receivedAtMs, policy.firstResponseMs, policy.businessHours)).toISOString(),
    resolutionDueAt: new Date(addBusinessTime(receivedAtMs, policy.resolutionMs, policy.businessHours)).toISOString(),
  };
}
