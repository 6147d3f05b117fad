// How a KPI's figure reads (a share, a score, money, a ratio) and whether it meets its target.
import type { KpiTarget } from '../../../domain/kpi-targets.js';
import type { KpiName, KpiValue } from '../../../domain/kpis.js';
import { money } from '../../format.js';
import { locale, t } from '../../i18n/index.js';

const SPECIAL: Partial<Record<KpiName, (v: number) => string>> = {
  technician_efficiency: (v) => `${v.toFixed(2)}×`,
};

/** A KPI's value as the manager reads it: a share in %, a score out of 5, money, or hours billed per hour clocked. */
export function formatKpi(kpi: KpiName, unit: string, value: number): string {
  const special = SPECIAL[kpi];
  if (special) return special(value);
  if (unit === 'cents') return money(Math.round(value));
  if (unit === 'score') return value.toFixed(2);
  return `${Math.round(value * 1000) / 10} %`;
}

export const meetsTarget = (t: KpiTarget, value: number) => (t.direction === 'at_least' ? value >= t.target : value <= t.target);

export type KpiStatus = 'good' | 'bad' | 'none' | 'tracked';

export function statusOf(value: KpiValue | undefined, target: KpiTarget | undefined): KpiStatus {
  if (!value || value.value === null) return 'none';
  if (!target?.enabled) return 'tracked';
  return meetsTarget(target, value.value) ? 'good' : 'bad';
}

const oneDecimal = (n: number) => new Intl.NumberFormat(locale(), { maximumFractionDigits: 1 }).format(n);

export function sampleText(kpi: KpiName, unit: string, v: KpiValue): string {
  if (kpi === 'technician_efficiency')
    return t('kpis.efficiencySample', { billed: oneDecimal(v.numerator), clocked: oneDecimal(v.denominator) });
  if (unit === 'score') return t(v.sample === 1 ? 'kpis.score' : 'kpis.scores', { n: v.sample });
  if (unit === 'cents') return t(v.sample === 1 ? 'kpis.line' : 'kpis.lines', { n: v.sample });
  return `${v.numerator} / ${v.denominator}`;
}

export const targetText = (target: KpiTarget, format: (v: number) => string) =>
  t('kpis.target', { op: target.direction === 'at_least' ? '≥' : '≤', value: format(target.target) });

/** A KPI's name and definition in the page's language. */
export const kpiTitle = (kpi: KpiName) => t(`kpis.kpi.${kpi}.title`);
