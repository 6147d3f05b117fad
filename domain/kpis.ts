import type { VisitEventType } from './entry-words.js';
import { pricedForCustomer } from './money-rules.js';
import { MS_PER_DAY, MS_PER_HOUR } from './time.js';
import { afterPolicySpan } from './timer-rules.js';
import { z } from './zod.js';

// The manager's KPIs [S6], each one documented pure definition over the records. Times are epoch ms; the
// window is half-open [from, to). `asOf` is when the figures are taken: a measure that needs time to mature
// (the 3-day call, a comeback within 30 days, an SLA deadline) only counts cases that had that time.
// Over 300 lines on purpose: KPI_DEFINITIONS is one table keyed by KpiName, each formula beside its siblings;
// the report that computes them per group is domain/kpi-report.ts.

export interface KpiVisit {
  id: string;
  kind: string;
  stage: string;
  advisorId: string;
  technicianId: string | null;
  vin: string;
  priorityReason: string;
  createdAt: number;
  appointmentAt: number | null;
  arrivedAt: number | null;
  promisedAt: number | null;
  deliveredAt: number | null;
  reworkCount: number;
}

/** A row of visit_events: the stage moves and the workshop's clock events. */
export interface KpiEvent {
  visitId: string;
  seq: number;
  type: string;
  at: number;
  toStage: string | null;
}

export interface KpiLine {
  visitId: string;
  kind: string;
  status: string;
  quantity: number;
  totalCents: number;
  /** A manufacturer campaign (recall) line: the maker pays it, so the customer's yes to it sells nothing. */
  campaign: boolean;
  /** When the customer's consent (approve or decline) was recorded; null while proposed. */
  decidedAt: number | null;
}

export interface KpiFollowUp {
  visitId: string;
  at: number;
  reached: boolean;
  satisfaction: number | null;
}

export interface KpiComplaint {
  id: string;
  visitId: string | null;
  receivedAt: number;
  firstResponseDueAt: number;
  firstResponseAt: number | null;
  resolutionDueAt: number;
  resolvedAt: number | null;
}

/** A vehicle a recall campaign affects (campaign_vehicles), with when its recall line was done. */
export interface KpiCampaignVehicle {
  campaignCode: string;
  importedAt: number;
  completedAt: number | null;
}

export interface KpiRecords {
  visits: KpiVisit[];
  events: KpiEvent[];
  lines: KpiLine[];
  followUps: KpiFollowUp[];
  complaints: KpiComplaint[];
  /** The shop's campaign vehicles: they belong to no advisor or technician, so only the shop's figures have them. */
  campaignVehicles?: KpiCampaignVehicle[];
}

export interface KpiWindow {
  from: number;
  to: number;
  asOf: number;
  /** Every comeback visit (opened as `rework`) from `from` on, whoever handled it: comebacks cross advisors. */
  comebacks: { visitId: string; vin: string; openedAt: number }[];
  /**
   * The shop's zone (SHOP_TIME_ZONE): the 3-day follow-up window ends at the hour of delivery three calendar days on
   * there, as the visit's own follow-up deadline does (domain/timer-rules.ts). Absent: 72 hours.
   */
  timeZone?: string;
}

/**
 * `value` is null when there is nothing to measure. For rates value = numerator / denominator; for
 * averages numerator is the sum; `sample` is the number of cases, which targets use to ignore noise.
 */
export interface KpiValue {
  value: number | null;
  numerator: number;
  denominator: number;
  sample: number;
}

export const KpiName = z.enum([
  'on_time_delivery',
  'rework_rate',
  'comeback_rate',
  'first_time_fix',
  'follow_up_completion',
  'csi',
  'appointment_share',
  'no_show_rate',
  'approval_rate',
  'declined_value',
  'technician_efficiency',
  'complaint_first_response_within_sla',
  'complaint_resolution_within_sla',
  'campaign_completion',
]);
export type KpiName = z.infer<typeof KpiName>;

export interface KpiDefinition {
  title: string;
  unit: 'ratio' | 'score' | 'cents';
  /** Which way is good: the default direction of a target. */
  better: 'higher' | 'lower';
  /** The README's definition, word for word. */
  definition: string;
  compute(records: KpiRecords, window: KpiWindow): KpiValue;
}

export const COMEBACK_WINDOW_MS = 30 * MS_PER_DAY;
export const FOLLOW_UP_WINDOW_MS = 3 * MS_PER_DAY;

export const inWindow = (t: number | null, w: KpiWindow): t is number => t !== null && t >= w.from && t < w.to;
const rate = (numerator: number, denominator: number): KpiValue => ({
  value: denominator > 0 ? numerator / denominator : null,
  numerator,
  denominator,
  sample: denominator,
});
/** When the follow-up window of a car delivered at `deliveredAt` closes: the visit's own deadline rule [S1.9]. */
const followUpWindowEnd = (deliveredAt: number, w: KpiWindow) => afterPolicySpan(deliveredAt, FOLLOW_UP_WINDOW_MS, w.timeZone);
const delivered = (r: KpiRecords, w: KpiWindow) => r.visits.filter((v) => inWindow(v.deliveredAt, w));
/** Delivered in the range and past the comeback window at the time of reading: only these cases are settled. */
const settledForComebacks = (r: KpiRecords, w: KpiWindow) =>
  delivered(r, w).filter((v) => (v.deliveredAt ?? 0) + COMEBACK_WINDOW_MS <= w.asOf);
/** Less clocked time than this compares billed hours with noise (a job started and finished in seconds). */
export const MIN_CLOCKED_HOURS = 0.1;

export function eventsByVisit(events: readonly KpiEvent[]): Map<string, KpiEvent[]> {
  const map = new Map<string, KpiEvent[]>();
  for (const e of events) {
    const list = map.get(e.visitId) ?? [];
    list.push(e);
    map.set(e.visitId, list);
  }
  for (const list of map.values()) list.sort((a, b) => a.seq - b.seq);
  return map;
}

/** When the vehicle last became ready for pickup (QC passed, or every line declined). */
function readyAt(events: readonly KpiEvent[] | undefined): number | null {
  let at: number | null = null;
  for (const e of events ?? []) if (e.toStage === 'ready_for_pickup') at = e.at;
  return at;
}

/**
 * When each booking of a visit was missed (its first `no_show_detected` or `no_show`), and whether the last one
 * was. A `rescheduled` after a miss opens a new booking: the miss stays on the day it happened, and the customer
 * who comes at the new time kept that one. Judged by the last booked time alone, a no-show re-booked for another
 * day left the day it was missed and counted as a no-show on the day the customer came. An `arrived` after the
 * no-show call went on the list is a customer who came late to that booking: they kept it, as the call list
 * already says by closing that call.
 */
function missedBookings(events: readonly KpiEvent[] | undefined): { missedAt: number[]; lastMissed: boolean } {
  const missedAt: number[] = [];
  let lastMissed = false;
  for (const e of events ?? []) {
    if (e.type === 'rescheduled') lastMissed = false;
    else if (e.type === 'arrived' && lastMissed) {
      missedAt.pop();
      lastMissed = false;
    } else if ((e.type === 'no_show_detected' || e.type === 'no_show') && !lastMissed) {
      missedAt.push(e.at);
      lastMissed = true;
    }
  }
  return { missedAt, lastMissed };
}

function cameBack(v: KpiVisit, w: KpiWindow): boolean {
  const deliveredAt = v.deliveredAt ?? Number.POSITIVE_INFINITY;
  return w.comebacks.some(
    (c) => c.vin === v.vin && c.visitId !== v.id && c.openedAt > deliveredAt && c.openedAt <= deliveredAt + COMEBACK_WINDOW_MS,
  );
}

/**
 * What stops the repair clock: the work done, extra work sent to the customer, or the job handed to another
 * technician (who starts it again: the hours nobody worked on it in between are not clocked).
 */
const CLOCK_STOPS: readonly VisitEventType[] = ['work_completed', 'additional_work_reported', 'technician_reassigned'];

/** Hours between each work_started and the next event that stops the clock (`CLOCK_STOPS`). */
export function clockedHours(events: readonly KpiEvent[]): number {
  let started: number | null = null;
  let ms = 0;
  for (const e of events) {
    if (e.type === 'work_started') started ??= e.at;
    else if ((CLOCK_STOPS as readonly string[]).includes(e.type) && started !== null) {
      ms += e.at - started;
      started = null;
    }
  }
  return ms / MS_PER_HOUR;
}

export const KPI_DEFINITIONS: Record<KpiName, KpiDefinition> = {
  on_time_delivery: {
    title: 'On-time delivery',
    unit: 'ratio',
    better: 'higher',
    definition:
      'Of the visits delivered (picked up) in the range that had a promised time, the share that were ready for pickup no later than the last promised time agreed with the customer, and never passed a promise unready: a new time agreed after the old one had passed does not make a late vehicle on time [S1.2, S3.4].',
    compute(r, w) {
      const events = eventsByVisit(r.events);
      const promised = delivered(r, w).filter((v) => v.promisedAt !== null);
      const onTime = promised.filter((v) => {
        const list = events.get(v.id);
        // The promise watch records `promise_missed` when the promise in force passed before the vehicle was ready.
        if (list?.some((e) => e.type === 'promise_missed')) return false;
        const ready = readyAt(list) ?? v.deliveredAt ?? Number.POSITIVE_INFINITY;
        return ready <= (v.promisedAt ?? 0);
      });
      return rate(onTime.length, promised.length);
    },
  },
  rework_rate: {
    title: 'Rework rate',
    unit: 'ratio',
    better: 'lower',
    definition:
      'Of the visits delivered in the range, the share that failed quality control at least once and went back to repair [S1.7].',
    compute(r, w) {
      const all = delivered(r, w);
      return rate(all.filter((v) => v.reworkCount > 0).length, all.length);
    },
  },
  comeback_rate: {
    title: 'Comeback rate',
    unit: 'ratio',
    better: 'lower',
    definition:
      'Of the visits delivered in the range whose 30 days had passed by the time of reading, the share whose vehicle came back within 30 days of delivery on a visit opened as a comeback (priority `rework`).',
    compute(r, w) {
      const all = settledForComebacks(r, w);
      return rate(all.filter((v) => cameBack(v, w)).length, all.length);
    },
  },
  first_time_fix: {
    title: 'First-time fix',
    unit: 'ratio',
    better: 'higher',
    definition:
      'Of the visits delivered in the range whose 30 days had passed by the time of reading, the share fixed right the first time: quality control passed at the first check and no comeback within 30 days.',
    compute(r, w) {
      const all = settledForComebacks(r, w);
      return rate(all.filter((v) => v.reworkCount === 0 && !cameBack(v, w)).length, all.length);
    },
  },
  follow_up_completion: {
    title: '3-day follow-up completion',
    unit: 'ratio',
    better: 'higher',
    definition:
      'Of the visits delivered in the range whose 3-day window had closed by the time of reading, the share whose customer was reached by a follow-up call within 3 days of delivery (to the hour of delivery three days on, on the shop’s clock) [S1.9, S3.3].',
    compute(r, w) {
      const due = delivered(r, w).filter((v) => followUpWindowEnd(v.deliveredAt ?? 0, w) <= w.asOf);
      const reached = due.filter((v) =>
        r.followUps.some((f) => f.visitId === v.id && f.reached && f.at <= followUpWindowEnd(v.deliveredAt ?? 0, w)),
      );
      return rate(reached.length, due.length);
    },
  },
  csi: {
    title: 'Customer satisfaction (CSI)',
    unit: 'score',
    better: 'higher',
    definition: 'The average satisfaction score (1–5) given on the follow-up calls that reached the customer in the range [S6].',
    compute(r, w) {
      const scores = r.followUps.filter((f) => f.reached && f.satisfaction !== null && inWindow(f.at, w));
      const sum = scores.reduce((s, f) => s + (f.satisfaction ?? 0), 0);
      return {
        value: scores.length ? sum / scores.length : null,
        numerator: sum,
        denominator: scores.length,
        sample: scores.length,
      };
    },
  },
  appointment_share: {
    title: 'Appointment share',
    unit: 'ratio',
    better: 'higher',
    definition:
      'Of the vehicles that arrived at reception in the range, the share that came on a booked appointment rather than as walk-ins [S1.1].',
    compute(r, w) {
      const arrived = r.visits.filter((v) => inWindow(v.arrivedAt, w));
      return rate(arrived.filter((v) => v.kind === 'appointment').length, arrived.length);
    },
  },
  no_show_rate: {
    title: 'No-show rate',
    unit: 'ratio',
    better: 'lower',
    definition:
      'Of the booked times that came in the range, not counting cancelled bookings, the share the customer did not come to: a no-show was detected or the visit was closed as a no-show, unless the customer came late to that booking. A missed booking counts on the day it was missed, and a booking made again after it is a booking of its own [S1.1].',
    compute(r, w) {
      const events = eventsByVisit(r.events);
      let missed = 0;
      let due = 0;
      for (const v of r.visits) {
        if (v.kind !== 'appointment') continue;
        const { missedAt, lastMissed } = missedBookings(events.get(v.id));
        const inRange = missedAt.filter((t) => inWindow(t, w)).length;
        missed += inRange;
        due += inRange;
        // The booking that stands: kept, or still to be missed once its grace has passed.
        if (!lastMissed && v.stage !== 'cancelled' && inWindow(v.appointmentAt, w) && v.appointmentAt <= w.asOf) due++;
      }
      return rate(missed, due);
    },
  },
  approval_rate: {
    title: 'Approval rate of recommended work',
    unit: 'ratio',
    better: 'higher',
    definition:
      'Of the repair lines (estimate and additional work) with a price for the customer that they decided on in the range, the share approved; each line counts once, whatever its value. A recall line the maker pays and a free line (goodwill, nothing to pay after its discount) ask nothing of the customer, so they are neither approvals nor requests [S1.4].',
    compute(r, w) {
      const decided = r.lines.filter((l) => inWindow(l.decidedAt, w) && l.status !== 'proposed' && pricedForCustomer(l));
      return rate(decided.filter((l) => l.status !== 'declined').length, decided.length);
    },
  },
  declined_value: {
    title: 'Declined work value',
    unit: 'cents',
    better: 'lower',
    definition:
      "The total value before tax, in cents, of the repair lines the customer declined in the range; they are offered again at the next visit. A recall line put off is not counted: the maker pays for it, so its price was never the customer's to refuse; nor is a free line [S1.4].",
    compute(r, w) {
      const declined = r.lines.filter((l) => l.status === 'declined' && inWindow(l.decidedAt, w) && pricedForCustomer(l));
      const cents = declined.reduce((s, l) => s + l.totalCents, 0);
      return { value: cents, numerator: cents, denominator: declined.length, sample: declined.length };
    },
  },
  technician_efficiency: {
    title: 'Technician efficiency',
    unit: 'ratio',
    better: 'higher',
    definition:
      'Billed labour hours (the hours on labour lines done) divided by clocked hours (from each `work_started` to the next `work_completed`, `additional_work_reported` or `technician_reassigned`), over the visits delivered in the range, per the technician assigned. Above 1 the work took less time than it billed; none with less than 0.1 clocked hours.',
    compute(r, w) {
      const events = eventsByVisit(r.events);
      const visits = delivered(r, w);
      const ids = new Set(visits.map((v) => v.id));
      const billed = r.lines
        .filter((l) => ids.has(l.visitId) && l.kind === 'labour' && l.status === 'done')
        .reduce((s, l) => s + l.quantity, 0);
      const clocked = visits.reduce((s, v) => s + clockedHours(events.get(v.id) ?? []), 0);
      return {
        value: clocked >= MIN_CLOCKED_HOURS ? billed / clocked : null,
        numerator: billed,
        denominator: clocked,
        sample: visits.length,
      };
    },
  },
  complaint_first_response_within_sla: {
    title: 'Complaints answered within SLA',
    unit: 'ratio',
    better: 'higher',
    definition:
      'Of the complaints received in the range whose first-response deadline has passed or that were answered, the share whose first response (owner assigned and customer acknowledged) came by the deadline [S4].',
    compute(r, w) {
      const due = r.complaints.filter(
        (c) => inWindow(c.receivedAt, w) && (c.firstResponseAt !== null || c.firstResponseDueAt <= w.asOf),
      );
      return rate(due.filter((c) => c.firstResponseAt !== null && c.firstResponseAt <= c.firstResponseDueAt).length, due.length);
    },
  },
  complaint_resolution_within_sla: {
    title: 'Complaints resolved within SLA',
    unit: 'ratio',
    better: 'higher',
    definition:
      'Of the complaints received in the range whose resolution deadline has passed or that were resolved, the share resolved (outcome, explanation and remedy reported to the customer) by the deadline [S4].',
    compute(r, w) {
      const due = r.complaints.filter((c) => inWindow(c.receivedAt, w) && (c.resolvedAt !== null || c.resolutionDueAt <= w.asOf));
      return rate(due.filter((c) => c.resolvedAt !== null && c.resolvedAt <= c.resolutionDueAt).length, due.length);
    },
  },
  campaign_completion: {
    title: 'Campaign completion',
    unit: 'ratio',
    better: 'higher',
    definition:
      'Of the vehicles affected by the recall campaigns imported before the end of the range, the share whose recall line was done by then; shop-wide only [S1.5].',
    compute(r, w) {
      const affected = (r.campaignVehicles ?? []).filter((v) => v.importedAt < w.to);
      return rate(affected.filter((v) => v.completedAt !== null && v.completedAt < w.to).length, affected.length);
    },
  },
};

export const KpiGrouping = z.enum(['shop', 'advisor', 'technician']);
export type KpiGrouping = z.infer<typeof KpiGrouping>;
