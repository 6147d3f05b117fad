import { KpiName, type KpiValue } from './kpis.js';
import { z } from './zod.js';

/** A share of cases, 0 to 1. */
const SHARE = { min: 0, max: 1, words: 'a share from 0 to 1 (0 % to 100 %)' };

export const TargetDirection = z.enum(['at_least', 'at_most']);
export type TargetDirection = z.infer<typeof TargetDirection>;

/**
 * The values a target of each KPI can sensibly take: a share is 0 to 1 (0–100 %), technician efficiency a ratio up
 * to 5 (billed hours per clocked hour), CSI the survey's 1–5 score, declined work a value up to 100,000,000 cents.
 * Anything else (1e308, a negative share) would judge every day missed, or none, for good.
 */
export const TARGET_RANGE: Record<KpiName, { min: number; max: number; words: string }> = {
  on_time_delivery: SHARE,
  rework_rate: SHARE,
  comeback_rate: SHARE,
  first_time_fix: SHARE,
  follow_up_completion: SHARE,
  csi: { min: 1, max: 5, words: 'a score from 1 to 5' },
  appointment_share: SHARE,
  no_show_rate: SHARE,
  approval_rate: SHARE,
  declined_value: { min: 0, max: 100_000_000, words: 'an amount in cents from 0 to 100,000,000' },
  technician_efficiency: { min: 0, max: 5, words: 'a ratio from 0 to 5 (billed hours per clocked hour)' },
  complaint_first_response_within_sla: SHARE,
  complaint_resolution_within_sla: SHARE,
  campaign_completion: SHARE,
};

/** Why `target` is no target for `kpi`, in words; undefined when it is one. */
export function targetProblem(kpi: KpiName, target: number): string | undefined {
  const range = TARGET_RANGE[kpi];
  if (!Number.isFinite(target) || target < range.min || target > range.max) return `the target must be ${range.words}`;
  return undefined;
}

const widest = {
  min: Math.min(...Object.values(TARGET_RANGE).map((r) => r.min)),
  max: Math.max(...Object.values(TARGET_RANGE).map((r) => r.max)),
};
const widestWords = `the target must be a number the KPI can reach: a share from 0 to 1, CSI from 1 to 5, efficiency up to 5, a value up to ${widest.max.toLocaleString('en')} cents`;

/** Any KPI's target at all: the widest of TARGET_RANGE; the KPI's own range is checked with it (`targetProblem`). */
export const TargetValue = z.number(widestWords).min(widest.min, widestWords).max(widest.max, widestWords);

export const KpiTarget = z
  .object({
    kpi: KpiName,
    direction: TargetDirection,
    target: TargetValue,
    /** Fewer cases than this in the review window and the KPI is not judged. */
    minSample: z.number().int().min(1).max(100_000).default(5),
    enabled: z.boolean().default(true),
  })
  .superRefine((t, ctx) => {
    const problem = targetProblem(t.kpi, t.target);
    if (problem) ctx.addIssue({ code: 'custom', path: ['target'], message: problem });
  });
export type KpiTarget = z.infer<typeof KpiTarget>;

/**
 * The shop's starting targets; managers change them through `PUT /kpis/targets/{kpi}`. The figures follow
 * the seed (100 % follow-up [S3.3]) and what dealers typically hold themselves to (≈6 % rework is common,
 * 15 % no-shows is the usual loss). Declined value has no default: it is watched, not judged.
 */
export const DEFAULT_TARGETS: readonly KpiTarget[] = [
  { kpi: 'on_time_delivery', direction: 'at_least', target: 0.9, minSample: 5, enabled: true },
  { kpi: 'rework_rate', direction: 'at_most', target: 0.05, minSample: 10, enabled: true },
  { kpi: 'comeback_rate', direction: 'at_most', target: 0.03, minSample: 10, enabled: true },
  { kpi: 'first_time_fix', direction: 'at_least', target: 0.9, minSample: 10, enabled: true },
  { kpi: 'follow_up_completion', direction: 'at_least', target: 1, minSample: 5, enabled: true },
  { kpi: 'csi', direction: 'at_least', target: 4.5, minSample: 5, enabled: true },
  { kpi: 'appointment_share', direction: 'at_least', target: 0.6, minSample: 10, enabled: true },
  { kpi: 'no_show_rate', direction: 'at_most', target: 0.1, minSample: 10, enabled: true },
  { kpi: 'approval_rate', direction: 'at_least', target: 0.7, minSample: 10, enabled: true },
  { kpi: 'technician_efficiency', direction: 'at_least', target: 1, minSample: 5, enabled: true },
  { kpi: 'complaint_first_response_within_sla', direction: 'at_least', target: 0.95, minSample: 1, enabled: true },
  { kpi: 'complaint_resolution_within_sla', direction: 'at_least', target: 0.9, minSample: 1, enabled: true },
  // A recall is worked off over months as owners come in: the target is there to switch on once the maker sets one.
  { kpi: 'campaign_completion', direction: 'at_least', target: 0.8, minSample: 10, enabled: false },
];

/** Stored targets override the defaults KPI by KPI. */
export function effectiveTargets(stored: readonly KpiTarget[]): KpiTarget[] {
  const byKpi = new Map(DEFAULT_TARGETS.map((t) => [t.kpi, t]));
  for (const t of stored) byKpi.set(t.kpi, t);
  return KpiName.options.flatMap((kpi) => byKpi.get(kpi) ?? []);
}

export interface TargetMiss {
  kpi: KpiName;
  value: number;
  target: number;
  direction: TargetDirection;
  sample: number;
}

/** A KPI misses when it has a value from enough cases and lies on the wrong side of its enabled target. */
export function missedTargets(values: Record<KpiName, KpiValue>, targets: readonly KpiTarget[]): TargetMiss[] {
  return targets.flatMap((t) => {
    const v = values[t.kpi];
    if (!t.enabled || !v || v.value === null || v.sample < t.minSample) return [];
    const missed = t.direction === 'at_least' ? v.value < t.target : v.value > t.target;
    return missed ? [{ kpi: t.kpi, value: v.value, target: t.target, direction: t.direction, sample: v.sample }] : [];
  });
}

/**
 * Problem management [S7]: comebacks (visits opened as `rework`) grouped by vehicle and by job code; a
 * subject with at least `threshold` of them in the lookback is a recurring problem worth a root-cause look.
 */
export function recurringComebacks(
  comebacks: readonly { visitId: string; vin: string; jobCodes: readonly string[] }[],
  thresholds: { vehicle: number; jobCode: number },
): { kind: 'vehicle' | 'job_code'; subject: string; visitIds: string[] }[] {
  const bySubject = new Map<string, { kind: 'vehicle' | 'job_code'; subject: string; visitIds: Set<string> }>();
  const add = (kind: 'vehicle' | 'job_code', subject: string, visitId: string) => {
    const key = `${kind}:${subject}`;
    const entry = bySubject.get(key) ?? { kind, subject, visitIds: new Set<string>() };
    entry.visitIds.add(visitId);
    bySubject.set(key, entry);
  };
  for (const c of comebacks) {
    add('vehicle', c.vin, c.visitId);
    for (const code of new Set(c.jobCodes)) add('job_code', code, c.visitId);
  }
  return [...bySubject.values()]
    .filter((e) => e.visitIds.size >= (e.kind === 'vehicle' ? thresholds.vehicle : thresholds.jobCode))
    .map((e) => ({ kind: e.kind, subject: e.subject, visitIds: [...e.visitIds].sort() }))
    .sort((a, b) => (`${a.kind}:${a.subject}` < `${b.kind}:${b.subject}` ? -1 : 1));
}
