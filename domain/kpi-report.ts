import {
  eventsByVisit,
  inWindow,
  KPI_DEFINITIONS,
  type KpiGrouping,
  KpiName,
  type KpiRecords,
  type KpiValue,
  type KpiWindow,
} from './kpis.js';
import { MS_PER_HOUR } from './time.js';

// The KPI review's report: every definition of domain/kpis.ts computed per group (shop, advisor, technician),
// with the time visits spend in each stage.

export interface StageTime {
  stage: string;
  averageHours: number;
  stays: number;
}

/**
 * Average time in each stage: every stay (entering a stage until the next stage move, from visit_events)
 * that ended in the range counts once; a visit sent back to repair has two repair stays. A walk-in's first
 * stay is reception, an appointment's is booked, both from the visit's first event.
 */
export function stageTimes(r: KpiRecords, w: KpiWindow): StageTime[] {
  const totals = new Map<string, { ms: number; stays: number }>();
  const events = eventsByVisit(r.events);
  for (const v of r.visits) {
    const list = events.get(v.id) ?? [];
    let stage = v.kind === 'walk_in' ? 'reception' : 'booked';
    let since = list[0]?.at ?? v.createdAt;
    for (const e of list) {
      if (!e.toStage || e.toStage === stage) continue;
      if (inWindow(e.at, w)) {
        const t = totals.get(stage) ?? { ms: 0, stays: 0 };
        t.ms += e.at - since;
        t.stays++;
        totals.set(stage, t);
      }
      stage = e.toStage;
      since = e.at;
    }
  }
  return [...totals.entries()].map(([stage, t]) => ({ stage, averageHours: t.ms / t.stays / MS_PER_HOUR, stays: t.stays }));
}

/** Records with no advisor or technician to credit (a complaint about no visit, an unassigned job). */
export const UNASSIGNED = 'unassigned';

/** Splits the records by the visit they belong to: per shop (one group), per advisor, or per technician assigned. */
export function groupRecords(r: KpiRecords, by: KpiGrouping): Map<string, KpiRecords> {
  if (by === 'shop') return new Map([['shop', r]]);
  const keyOfVisit = new Map(r.visits.map((v) => [v.id, (by === 'advisor' ? v.advisorId : v.technicianId) ?? UNASSIGNED]));
  const groups = new Map<string, KpiRecords>();
  const group = (visitId: string | null) => {
    const key = (visitId && keyOfVisit.get(visitId)) || UNASSIGNED;
    let g = groups.get(key);
    if (!g) {
      g = { visits: [], events: [], lines: [], followUps: [], complaints: [] };
      groups.set(key, g);
    }
    return g;
  };
  for (const v of r.visits) group(v.id).visits.push(v);
  for (const e of r.events) group(e.visitId).events.push(e);
  for (const l of r.lines) group(l.visitId).lines.push(l);
  for (const f of r.followUps) group(f.visitId).followUps.push(f);
  for (const c of r.complaints) group(c.visitId).complaints.push(c);
  return groups;
}

export interface KpiGroupResult {
  key: string;
  kpis: Record<KpiName, KpiValue>;
  stageTimes: StageTime[];
}

/** Every KPI for every group, in a stable order (groups by key). */
export function computeKpis(r: KpiRecords, w: KpiWindow, by: KpiGrouping): KpiGroupResult[] {
  return [...groupRecords(r, by).entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, records]) => ({
      key,
      kpis: Object.fromEntries(KpiName.options.map((name) => [name, KPI_DEFINITIONS[name].compute(records, w)])) as Record<
        KpiName,
        KpiValue
      >,
      stageTimes: stageTimes(records, w),
    }));
}
