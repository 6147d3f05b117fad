import { DEFAULT_SERVICE_INTERVAL, ServiceInterval } from './maintenance.js';
import { MAX_TAX_BASIS_POINTS } from './money.js';
import { MS_PER_DAY, MS_PER_HOUR } from './time.js';
import { z } from './zod.js';

const MINUTE = 60_000;
const duration = (defaultMs: number) =>
  z
    .number()
    .int()
    .min(0)
    .max(5 * 365 * MS_PER_DAY)
    .default(defaultMs);

/**
 * Every duration the visit process waits on, with the shop's production defaults. The API resolves it once
 * at start and the workflow keeps it as input, so a later change of defaults never alters a running visit.
 */
export const VisitPolicy = z.object({
  /** The day-before confirmation call is put on the call list this long before the appointment. */
  confirmationLeadMs: duration(24 * MS_PER_HOUR),
  /** Unconfirmed after a call attempt: try again after this long… */
  confirmationRetryMs: duration(2 * MS_PER_HOUR),
  /** …this many calls in all, then the advisor is told. */
  confirmationAttempts: z.number().int().min(1).max(10).default(2),
  /** Not arrived by appointment + grace → a no-show task (call and re-book). */
  noShowGraceMs: duration(30 * MINUTE),
  /** Never arrived nor re-booked by appointment + this → closed as no_show. */
  noShowCloseMs: duration(7 * MS_PER_DAY),
  /** Work not in quality control by promised − buffer → at risk, advisor told. */
  atRiskBufferMs: duration(60 * MINUTE),
  /** A pending estimate or additional work: remind the customer after… */
  approvalReminderMs: duration(2 * MS_PER_HOUR),
  /** …and escalate to the advisor after. */
  approvalEscalationMs: duration(4 * MS_PER_HOUR),
  /** The follow-up call goes on the call list this long after delivery (the call happens by day 3)… */
  followUpCallAfterMs: duration(2 * MS_PER_DAY),
  /** …and must be logged by this long after delivery, else the service supervisor is told. */
  followUpDeadlineMs: duration(3 * MS_PER_DAY),
  /** No answer → called again after… */
  followUpRetryMs: duration(MS_PER_DAY),
  /** …until the window closes. */
  followUpWindowMs: duration(15 * MS_PER_DAY),
  /** The maintenance reminder goes out this long before the next service is due. */
  reminderLeadMs: duration(14 * MS_PER_DAY),
  serviceInterval: ServiceInterval.default(DEFAULT_SERVICE_INTERVAL),
  /** Sales tax on the invoice subtotal, in basis points (1 900 = 19 %). */
  taxRateBasisPoints: z.number().int().min(0).max(MAX_TAX_BASIS_POINTS).default(0),
});
export type VisitPolicy = z.infer<typeof VisitPolicy>;

/** Shorter timers for one visit: demos and rehearsals in development; production refuses them. */
export const VisitPolicyOverride = VisitPolicy.partial().strict();
export type VisitPolicyOverride = z.input<typeof VisitPolicy>;

export const resolvePolicy = (override: VisitPolicyOverride = {}): VisitPolicy => VisitPolicy.parse(override);
