import { and, eq, gte, inArray, isNotNull, lte, type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import { campaignVehicleRecords } from '../db/campaigns.js';
import { alerts, complaints, kpiTargets, problems } from '../db/care-schema.js';
import type { Database } from '../db/client.js';
import { consents, followUps, repairLines, visitEvents, visits } from '../db/schema.js';
import { feedbackTallyBetween } from '../db/staff-feedback.js';
import type { FeedbackTally } from '../domain/feedback.js';
import { computeKpis, type KpiGroupResult } from '../domain/kpi-report.js';
import { effectiveTargets, KpiTarget, missedTargets, recurringComebacks, type TargetMiss } from '../domain/kpi-targets.js';
import { KPI_DEFINITIONS, type KpiGrouping, type KpiName, type KpiRecords, type KpiWindow } from '../domain/kpis.js';
import { addLocalDays, localDate } from '../domain/local-time.js';
import { openCareTask } from './care-tasks.js';

const ms = (d: Date | null) => (d ? d.getTime() : null);

/**
 * Visits with anything in the window: delivered, arrived, booked for, a stage move, a missed booking (re-booked for
 * another day, it is no stage move), a call, a consent, a complaint.
 */
function visitsTouched(from: string, to: string): SQL {
  const between = (column: SQLWrapper) => sql`(${column} >= ${from}::timestamptz and ${column} < ${to}::timestamptz)`;
  return sql`(
    select ${visits.id} from ${visits}
      where ${between(visits.deliveredAt)} or ${between(visits.arrivedAt)} or ${between(visits.appointmentAt)}
    union select ${visitEvents.visitId} from ${visitEvents}
      where ${between(visitEvents.at)} and (${visitEvents.toStage} is not null or ${visitEvents.type} = 'no_show_detected')
    union select ${followUps.visitId} from ${followUps} where ${between(followUps.at)}
    union select ${consents.visitId} from ${consents} where ${between(consents.at)}
    union select ${complaints.visitId} from ${complaints} where ${between(complaints.receivedAt)} and ${complaints.visitId} is not null
  )`;
}

/** Reads what the KPI definitions need for [from, to): the visits touched, their whole event history and lines. */
export async function loadKpiRecords(db: Database, range: { from: Date; to: Date; asOf: Date; timeZone?: string }) {
  const from = range.from.toISOString();
  const to = range.to.toISOString();
  const ids = visitsTouched(from, to);
  const [visitRows, eventRows, lineRows, followUpRows, complaintRows, comebackRows, campaignRows] = await Promise.all([
    db.select().from(visits).where(sql`${visits.id} in ${ids}`),
    db
      .select({
        visitId: visitEvents.visitId,
        seq: visitEvents.seq,
        type: visitEvents.type,
        at: visitEvents.at,
        toStage: visitEvents.toStage,
      })
      .from(visitEvents)
      .where(sql`${visitEvents.visitId} in ${ids}`),
    db
      .select({
        visitId: repairLines.visitId,
        kind: repairLines.kind,
        status: repairLines.status,
        quantity: repairLines.quantity,
        totalCents: repairLines.totalCents,
        campaign: repairLines.campaign,
        decidedAt: consents.at,
      })
      .from(repairLines)
      .leftJoin(consents, eq(consents.id, repairLines.consentId))
      .where(sql`${repairLines.visitId} in ${ids}`),
    db.select().from(followUps).where(sql`${followUps.visitId} in ${ids}`),
    db
      .select({ complaint: complaints })
      .from(complaints)
      .where(and(gte(complaints.receivedAt, range.from), sql`${complaints.receivedAt} < ${to}::timestamptz`)),
    // Comebacks may fall after `to` (a car delivered on the last day returns a week later), up to asOf.
    db
      .select({ visitId: visits.id, vin: visits.vin, openedAt: visits.createdAt })
      .from(visits)
      .where(and(eq(visits.priorityReason, 'rework'), gte(visits.createdAt, range.from), lte(visits.createdAt, range.asOf))),
    campaignVehicleRecords(db),
  ]);
  const records: KpiRecords = {
    visits: visitRows.map((v) => ({
      id: v.id,
      kind: v.kind,
      stage: v.stage,
      advisorId: v.advisorId,
      technicianId: v.technicianId,
      vin: v.vin,
      priorityReason: v.priorityReason,
      createdAt: v.createdAt.getTime(),
      appointmentAt: ms(v.appointmentAt),
      arrivedAt: ms(v.arrivedAt),
      promisedAt: ms(v.promisedAt),
      deliveredAt: ms(v.deliveredAt),
      reworkCount: v.reworkCount,
    })),
    events: eventRows.map((e) => ({ ...e, at: e.at.getTime() })),
    lines: lineRows.map((l) => ({ ...l, decidedAt: ms(l.decidedAt) })),
    followUps: followUpRows.map((f) => ({
      visitId: f.visitId,
      at: f.at.getTime(),
      reached: f.reached,
      satisfaction: f.satisfaction,
    })),
    complaints: complaintRows.map(({ complaint: c }) => ({
      id: c.id,
      visitId: c.visitId,
      receivedAt: c.receivedAt.getTime(),
      firstResponseDueAt: c.firstResponseDueAt.getTime(),
      firstResponseAt: ms(c.firstResponseAt),
      resolutionDueAt: c.resolutionDueAt.getTime(),
      resolvedAt: ms(c.resolvedAt),
    })),
    campaignVehicles: campaignRows.map((v) => ({ ...v, importedAt: v.importedAt.getTime(), completedAt: ms(v.completedAt) })),
  };
  const window: KpiWindow = {
    from: range.from.getTime(),
    to: range.to.getTime(),
    asOf: range.asOf.getTime(),
    comebacks: comebackRows.map((c) => ({ visitId: c.visitId, vin: c.vin, openedAt: c.openedAt.getTime() })),
    ...(range.timeZone === undefined ? {} : { timeZone: range.timeZone }),
  };
  return { records, window };
}

export async function storedTargets(db: Database): Promise<KpiTarget[]> {
  const rows = await db.select().from(kpiTargets);
  return rows.flatMap((row) => {
    const parsed = KpiTarget.safeParse(row);
    return parsed.success ? [parsed.data] : [];
  });
}

export interface KpiReport {
  from: string;
  to: string;
  asOf: string;
  by: KpiGrouping;
  groups: KpiGroupResult[];
  targets: KpiTarget[];
}

/**
 * Every KPI over [from, to) per shop, advisor or technician, with the targets they are judged against. `timeZone`: the
 * shop's, whose calendar days the 3-day follow-up window counts (else 72 hours).
 */
export async function kpiReport(
  db: Database,
  q: { from: Date; to: Date; asOf: Date; by: KpiGrouping; timeZone?: string },
): Promise<KpiReport> {
  const { records, window } = await loadKpiRecords(db, q);
  return {
    from: q.from.toISOString(),
    to: q.to.toISOString(),
    asOf: q.asOf.toISOString(),
    by: q.by,
    groups: computeKpis(records, window, q.by),
    targets: effectiveTargets(await storedTargets(db)),
  };
}

function formatted(kpi: KpiName, value: number): string {
  const unit = KPI_DEFINITIONS[kpi].unit;
  if (unit === 'cents') return (value / 100).toFixed(2);
  if (unit === 'score') return value.toFixed(2);
  return `${(value * 100).toFixed(1)} %`;
}

const describeMiss = (m: TargetMiss, days: number) =>
  `${KPI_DEFINITIONS[m.kpi].title} was ${formatted(m.kpi, m.value)} over the last ${days} day(s) (${m.sample} cases), target ${
    m.direction === 'at_least' ? 'at least' : 'at most'
  } ${formatted(m.kpi, m.target)}: find the cause and act`;

/**
 * `timeZone`: the shop's (SHOP_TIME_ZONE). The review's days are its calendar days: the day an alert is raised on
 * (UTC's was yesterday for a Shanghai shop's 06:00 review) and the whole days of a window, which start at the
 * review's local time however often the clocks changed in between.
 */
export function kpiActivities(db: Database, timeZone: string) {
  const daysBefore = (asOf: Date, days: number) => new Date(addLocalDays(asOf.getTime(), -days, timeZone));
  return {
    /**
     * The daily review [S6, S7]: the shop's KPIs over the trailing window against their targets; each miss
     * is an alert with a task for the service manager. Alert ids carry the shop's day, so a re-run that day
     * (a retry, a manual trigger) raises nothing twice.
     */
    async reviewKpis(input: { asOf: string; windowDays: number }): Promise<string[]> {
      const asOf = new Date(input.asOf);
      const from = daysBefore(asOf, input.windowDays);
      const report = await kpiReport(db, { from, to: asOf, asOf, by: 'shop', timeZone });
      const shop = report.groups[0];
      if (!shop) return [];
      const day = localDate(asOf.getTime(), timeZone);
      const raised: string[] = [];
      for (const miss of missedTargets(shop.kpis, report.targets)) {
        const id = `kpi:${miss.kpi}:${day}`;
        await db.transaction(async (tx) => {
          await tx
            .insert(alerts)
            .values({
              id,
              kind: 'kpi_target_missed',
              kpi: miss.kpi,
              scope: 'shop',
              value: miss.value,
              target: miss.target,
              direction: miss.direction,
              sample: miss.sample,
              periodFrom: from,
              periodTo: asOf,
              taskId: `alert:${id}`,
            })
            .onConflictDoNothing();
          await openCareTask(tx, {
            id: `alert:${id}`,
            kind: 'kpi_alert',
            assigneeRole: 'manager',
            title: describeMiss(miss, input.windowDays),
            params: { kpi: miss.kpi, value: miss.value, target: miss.target, direction: miss.direction, days: input.windowDays },
            dueAt: input.asOf,
          });
        });
        raised.push(id);
      }
      return raised;
    },

    /**
     * Staff suggestions [S6] sent over the review's window, per step of the loop, with what the manager decided:
     * "improve, then re-evaluate" reads the figures of a step next to what was changed in it.
     */
    async tallyStaffFeedback(input: { asOf: string; windowDays: number }): Promise<FeedbackTally[]> {
      const asOf = new Date(input.asOf);
      return feedbackTallyBetween(db, daysBefore(asOf, input.windowDays), asOf);
    },

    /**
     * Problem management [S7]: comebacks in the lookback grouped by vehicle and by job code; a subject that
     * recurs opens a problem record (or adds to the open one) and asks the manager for a root-cause review.
     */
    async detectRecurringComebacks(input: {
      asOf: string;
      lookbackDays: number;
      vehicleThreshold: number;
      jobCodeThreshold: number;
    }): Promise<string[]> {
      const asOf = new Date(input.asOf);
      const since = daysBefore(asOf, input.lookbackDays);
      const comebackVisits = await db
        .select({ visitId: visits.id, vin: visits.vin })
        .from(visits)
        .where(and(eq(visits.priorityReason, 'rework'), gte(visits.createdAt, since), lte(visits.createdAt, asOf)));
      if (comebackVisits.length === 0) return [];
      const codes = await db
        .select({ visitId: repairLines.visitId, jobCode: repairLines.jobCode })
        .from(repairLines)
        .where(
          and(
            inArray(
              repairLines.visitId,
              comebackVisits.map((c) => c.visitId),
            ),
            isNotNull(repairLines.jobCode),
          ),
        );
      const found = recurringComebacks(
        comebackVisits.map((c) => ({
          ...c,
          jobCodes: codes.filter((l) => l.visitId === c.visitId).map((l) => l.jobCode as string),
        })),
        { vehicle: input.vehicleThreshold, jobCode: input.jobCodeThreshold },
      );
      const ids: string[] = [];
      for (const p of found) {
        const [open] = await db
          .select()
          .from(problems)
          .where(and(eq(problems.kind, p.kind), eq(problems.subject, p.subject), eq(problems.status, 'open')));
        if (open) {
          const merged = [...new Set([...open.comebackVisitIds, ...p.visitIds])].sort();
          await db.update(problems).set({ comebackVisitIds: merged, occurrences: merged.length }).where(eq(problems.id, open.id));
          ids.push(open.id);
          continue;
        }
        const id = `problem:${p.kind}:${p.subject}:${p.visitIds[0]}`;
        await db.transaction(async (tx) => {
          await tx
            .insert(problems)
            .values({
              id,
              kind: p.kind,
              subject: p.subject,
              comebackVisitIds: p.visitIds,
              occurrences: p.visitIds.length,
              openedAt: asOf,
              taskId: `review:${id}`,
            })
            .onConflictDoNothing();
          await openCareTask(tx, {
            id: `review:${id}`,
            kind: 'problem_review',
            assigneeRole: 'manager',
            title: `${p.visitIds.length} comebacks on ${p.kind === 'vehicle' ? `vehicle ${p.subject}` : `job code ${p.subject}`} in ${input.lookbackDays} days: find the root cause`,
            params: { comebacks: p.visitIds.length, on: p.kind, subject: p.subject, days: input.lookbackDays },
            dueAt: input.asOf,
          });
        });
        ids.push(id);
      }
      return ids;
    },
  };
}
