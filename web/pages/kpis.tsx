import type { ComplaintList } from '../../api/queries/complaints.js';
import { incidentReason } from '../../domain/incidents.js';
import type { KpiTarget } from '../../domain/kpi-targets.js';
import { KpiGrouping, KpiName, type KpiValue } from '../../domain/kpis.js';
import { localDate } from '../../domain/local-time.js';
import type { Directory } from '../../domain/staff.js';
import { Stage } from '../../domain/stages.js';
import { MS_PER_HOUR } from '../../domain/time.js';
import { type Answer, type ApiCaller, must, PageError, staffDirectory } from '../api-client.js';
import { BarChart, TrendChart } from '../charts.js';
import { addDays, date, duration, money, relative, stageLabel, who } from '../format.js';
import { locale, t } from '../i18n/index.js';
import { Badge, Card, Empty, Page } from '../layout.js';
import type { Session } from '../session.js';

// The service manager's dashboard [S6, S7]: every KPI over a date range against its target, its trend period by
// period, the time visits spend in each stage, and the alerts and problem records the daily review raised.

/** What `GET /kpis` answers: the report and each KPI's documented definition (the screen titles them from its catalogue). */
export type KpiReportView = Answer<'/kpis'>;
type Alert = Answer<'/alerts'>['items'][number];
type Problem = Answer<'/problems'>['items'][number];

export interface KpiPeriod {
  from: string;
  to: string;
  label: string;
  report: KpiReportView;
}

export interface KpisPageProps {
  session: Session;
  /** Names the advisors and technicians of a per-person breakdown. */
  directory: Directory;
  from: string;
  to: string;
  by: KpiGrouping;
  /** The whole range for the shop. */
  shop: KpiReportView;
  /** The whole range per advisor or technician (when `by` is not the shop). */
  grouped?: KpiReportView;
  /** The range cut into at most MAX_PERIODS consecutive periods (weeks unless the range is long). */
  periods: KpiPeriod[];
  /** Open KPI alerts from the daily review. */
  alerts: Alert[];
  /** Open incidents: records the database refused, activities failing for minutes. */
  incidents: Alert[];
  problems: Problem[];
  /** Open complaints (the service manager reaches the complaint list from here). */
  complaints: ComplaintList['items'];
}

const DAY_MS = 86_400_000;
/** One in-process `GET /kpis` per period: the trend lines never cost more than this many reads. */
export const MAX_PERIODS = 12;
const DEFAULT_WEEKS = 8;

const isDay = (s: string | undefined): s is string => !!s && /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(s));
const dayNumber = (day: string) => Math.round(Date.parse(`${day}T00:00:00Z`) / DAY_MS);
const shortDay = (day: string) => date(`${day}T12:00:00Z`, 'UTC').replace(/ \d{4}$/, '');

/** Consecutive periods covering [from, to]: 7 days each, longer when the range would need more than MAX_PERIODS. */
export function periodsOf(from: string, to: string): { from: string; to: string }[] {
  const days = dayNumber(to) - dayNumber(from) + 1;
  const size = Math.max(7, Math.ceil(days / MAX_PERIODS));
  const out: { from: string; to: string }[] = [];
  for (let start = from; dayNumber(start) <= dayNumber(to); start = addDays(start, size)) {
    const end = addDays(start, size - 1);
    out.push({ from: start, to: dayNumber(end) > dayNumber(to) ? to : end });
  }
  return out;
}

// ---- figures ----

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

const meetsTarget = (t: KpiTarget, value: number) => (t.direction === 'at_least' ? value >= t.target : value <= t.target);

export type KpiStatus = 'good' | 'bad' | 'none' | 'tracked';

function statusOf(value: KpiValue | undefined, target: KpiTarget | undefined): KpiStatus {
  if (!value || value.value === null) return 'none';
  if (!target?.enabled) return 'tracked';
  return meetsTarget(target, value.value) ? 'good' : 'bad';
}

const STATUS_COLOR: Record<KpiStatus, string> = { good: '#1e7f4f', bad: '#c0392b', none: '#c5ccd6', tracked: '#5b8def' };
const STATUS_TONE = { good: 'green', bad: 'red', tracked: 'slate', none: 'grey' } as const satisfies Record<KpiStatus, string>;

const oneDecimal = (n: number) => new Intl.NumberFormat(locale(), { maximumFractionDigits: 1 }).format(n);

function sampleText(kpi: KpiName, unit: string, v: KpiValue): string {
  if (kpi === 'technician_efficiency')
    return t('kpis.efficiencySample', { billed: oneDecimal(v.numerator), clocked: oneDecimal(v.denominator) });
  if (unit === 'score') return t(v.sample === 1 ? 'kpis.score' : 'kpis.scores', { n: v.sample });
  if (unit === 'cents') return t(v.sample === 1 ? 'kpis.line' : 'kpis.lines', { n: v.sample });
  return `${v.numerator} / ${v.denominator}`;
}

const targetText = (target: KpiTarget, format: (v: number) => string) =>
  t('kpis.target', { op: target.direction === 'at_least' ? '≥' : '≤', value: format(target.target) });

/** A KPI's name and definition in the page's language. */
const kpiTitle = (kpi: KpiName) => t(`kpis.kpi.${kpi}.title`);

// ---- the page ----

const grid = (min: number) => `display:grid;grid-template-columns:repeat(auto-fill,minmax(${min}px,1fr));gap:12px`;

function KpiTile({
  kpi,
  p,
  definition,
}: {
  kpi: KpiName;
  p: KpisPageProps;
  definition: KpiReportView['definitions'][number] | undefined;
}) {
  const unit = definition?.unit ?? 'ratio';
  const format = (v: number) => formatKpi(kpi, unit, v);
  const value = p.shop.groups[0]?.kpis[kpi];
  const target = p.shop.targets.find((x) => x.kpi === kpi);
  const status = statusOf(value, target);
  const judged = target?.enabled ? target : undefined;
  const points = p.periods.map((period) => ({
    label: period.label,
    value: period.report.groups[0]?.kpis[kpi]?.value ?? null,
  }));
  const title = kpiTitle(kpi);
  return (
    <section
      class="card"
      id={`kpi-${kpi}`}
      data-kpi={kpi}
      data-status={status}
      style={`margin:0;border-top:4px solid ${STATUS_COLOR[status]}`}
    >
      <div class="card-body" style="display:flex;flex-direction:column;gap:6px">
        <div style="display:flex;justify-content:space-between;gap:8px;align-items:flex-start">
          <h2 title={t(`kpis.kpi.${kpi}.definition`)}>{title}</h2>
          <Badge tone={STATUS_TONE[status]}>{t(`kpis.status.${status}`)}</Badge>
        </div>
        <div style="display:flex;align-items:baseline;gap:8px;flex-wrap:wrap">
          <strong data-figure style={`font-size:26px;line-height:1.1;color:${status === 'bad' ? '#a52a1d' : '#1c2430'}`}>
            {value?.value == null ? '—' : format(value.value)}
          </strong>
          {judged ? (
            <span class="small muted" data-goal>
              {targetText(judged, format)}
            </span>
          ) : null}
        </div>
        <div class="small muted" data-sample>
          {value ? sampleText(kpi, unit, value) : ''}
          {judged && value && value.value !== null && value.sample < judged.minSample
            ? t('kpis.underSample', { n: judged.minSample })
            : ''}
        </div>
        <TrendChart
          points={points}
          target={judged ? judged.target : null}
          meets={judged ? (v) => meetsTarget(judged, v) : undefined}
          format={format}
          label={t('kpis.trendLabel', {
            title,
            first: p.periods[0]?.label ?? '',
            last: p.periods[p.periods.length - 1]?.label ?? '',
          })}
          kpi={kpi}
          cap={kpi === 'technician_efficiency' || unit === 'cents' ? undefined : unit === 'score' ? 5 : 1}
        />
      </div>
    </section>
  );
}

function GroupTable({ p, report }: { p: KpisPageProps; report: KpiReportView }) {
  const groups = report.groups;
  if (groups.length === 0) return <Empty>{t('kpis.nothingRecorded')}</Empty>;
  return (
    <div style="overflow-x:auto">
      <table class="table" data-grouped={report.by}>
        <thead>
          <tr>
            <th>{t('kpis.kpiColumn')}</th>
            {groups.map((g) => (
              <th class="num">{who(p.directory, g.key)}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {KpiName.options.map((kpi) => {
            const definition = p.shop.definitions.find((d) => d.kpi === kpi);
            const target = report.targets.find((x) => x.kpi === kpi);
            return (
              <tr>
                <td>{kpiTitle(kpi)}</td>
                {groups.map((g) => {
                  const v = g.kpis[kpi];
                  const status = statusOf(v, target);
                  return (
                    <td class="num" data-group={g.key} data-kpi={kpi}>
                      {v?.value == null ? (
                        <span class="muted">—</span>
                      ) : (
                        <span
                          style={status === 'bad' ? 'color:#a52a1d;font-weight:600' : status === 'good' ? 'color:#17663f' : ''}
                        >
                          {formatKpi(kpi, definition?.unit ?? 'ratio', v.value)}
                        </span>
                      )}
                      {v && v.value !== null ? <div class="small muted">n={v.sample}</div> : null}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** An incident's kind and scope, as the catalogue names them; a code it does not know is shown as it is. */
const incidentKind = (kind: unknown) =>
  kind === 'record_rejected' || kind === 'activity_failing' ? t(`kpis.incidents.kind.${kind}`) : String(kind);
const incidentScope = (scope: unknown) =>
  scope === 'visit' || scope === 'complaint' || scope === 'rescue' ? t(`kpis.incidents.scope.${scope}`) : String(scope);

/** Where the manager opens the workflow an incident is about. */
const subjectLink = (scope: unknown, subject: string) =>
  scope === 'visit'
    ? `/app/visits/${encodeURIComponent(subject)}`
    : scope === 'complaint'
      ? `/app/complaints/${encodeURIComponent(subject)}`
      : undefined;

function IncidentsCard({ p }: { p: KpisPageProps }) {
  return (
    <Card title={t('kpis.incidents.title', { n: p.incidents.length })} id="incidents">
      {p.incidents.length === 0 ? (
        <Empty>{t('kpis.incidents.none')}</Empty>
      ) : (
        <table class="table" data-incidents>
          <thead>
            <tr>
              <th>{t('kpis.incidents.what')}</th>
              <th>{t('kpis.incidents.cause')}</th>
              <th>{t('kpis.incidents.since')}</th>
            </tr>
          </thead>
          <tbody>
            {p.incidents.map((a) => {
              const subject = String(a.subject ?? '');
              const href = subjectLink(a.scope, subject);
              return (
                <tr data-incident={String(a.id)}>
                  <td>
                    <Badge tone={a.kind === 'record_rejected' ? 'red' : 'amber'}>{incidentKind(a.kind)}</Badge>{' '}
                    {incidentScope(a.scope)} {href ? <a href={href}>{t('kpis.incidents.open')}</a> : null}
                  </td>
                  <td class="small">
                    {t(`kpis.incidents.reason.${incidentReason(String(a.cause ?? ''))}`)}
                    {/* What IT needs to repair the record: the step, the workflow and the database's own words. */}
                    <details>
                      <summary>{t('kpis.incidents.technical')}</summary>
                      <div class="muted">
                        {String(a.activity ?? '')} · {subject}
                      </div>
                      <div class="muted">{String(a.cause ?? '')}</div>
                    </details>
                    {a.kind === 'activity_failing' ? (
                      <div class="muted">{t('kpis.incidents.attempt', { n: String(a.attempts) })}</div>
                    ) : null}
                  </td>
                  <td class="small">{relative(String(a.failingSince ?? a.createdAt))}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </Card>
  );
}

function AlertsCard({ p }: { p: KpisPageProps }) {
  return (
    <Card title={t('kpis.alerts.title', { n: p.alerts.length })} id="alerts">
      {p.alerts.length === 0 ? (
        <Empty>{t('kpis.alerts.none')}</Empty>
      ) : (
        <table class="table" data-alerts>
          <thead>
            <tr>
              <th>{t('kpis.kpiColumn')}</th>
              <th class="num">{t('kpis.alerts.value')}</th>
              <th class="num">{t('kpis.alerts.target')}</th>
              <th>{t('kpis.alerts.period')}</th>
            </tr>
          </thead>
          <tbody>
            {p.alerts.map((a) => {
              const kpi = KpiName.safeParse(a.kpi).data;
              const definition = p.shop.definitions.find((d) => d.kpi === kpi);
              const format = (v: number) => (kpi ? formatKpi(kpi, definition?.unit ?? 'ratio', v) : String(v));
              return (
                <tr data-alert={String(a.id)}>
                  <td>
                    <a href={kpi ? `#kpi-${kpi}` : '#'}>{kpi ? kpiTitle(kpi) : String(a.kpi)}</a>
                    {a.scope && a.scope !== 'shop' ? (
                      <span class="small muted"> · {who(p.directory, String(a.scope))}</span>
                    ) : null}
                  </td>
                  <td class="num">{typeof a.value === 'number' ? format(a.value) : '—'}</td>
                  <td class="num">
                    {typeof a.target === 'number' ? `${a.direction === 'at_most' ? '≤' : '≥'} ${format(a.target)}` : '—'}
                  </td>
                  <td class="small">
                    {date(String(a.periodFrom), p.session.tz)} – {date(String(a.periodTo), p.session.tz)}
                    <div class="muted">n={String(a.sample)}</div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </Card>
  );
}

function ProblemsCard({ p }: { p: KpisPageProps }) {
  return (
    <Card title={t('kpis.problems.title', { n: p.problems.length })} id="problems">
      {p.problems.length === 0 ? (
        <Empty>{t('kpis.problems.none')}</Empty>
      ) : (
        <table class="table" data-problems>
          <thead>
            <tr>
              <th>{t('kpis.problems.recurring')}</th>
              <th class="num">{t('kpis.problems.comebacks')}</th>
              <th>{t('kpis.problems.visits')}</th>
            </tr>
          </thead>
          <tbody>
            {p.problems.map((row) => {
              const visits = Array.isArray(row.comebackVisitIds) ? (row.comebackVisitIds as string[]) : [];
              return (
                <tr data-problem={String(row.id)}>
                  <td>
                    <Badge tone="amber">{row.kind === 'vehicle' ? t('kpis.problems.vehicle') : t('kpis.problems.jobCode')}</Badge>{' '}
                    <span class="mono">{String(row.subject)}</span>
                    <div class="small muted">{t('kpis.problems.opened', { when: date(String(row.openedAt), p.session.tz) })}</div>
                  </td>
                  <td class="num">{String(row.occurrences)}</td>
                  <td class="small">
                    {visits.map((id, i) => (
                      <>
                        {i > 0 ? ', ' : ''}
                        <a href={`/app/visits/${encodeURIComponent(id)}`}>{t('kpis.problems.visit', { n: i + 1 })}</a>
                      </>
                    ))}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </Card>
  );
}

function ComplaintsCard({ p }: { p: KpisPageProps }) {
  const overdue = p.complaints.filter((c) => c.overdue);
  const escalated = p.complaints.filter((c) => c.escalated);
  const urgent = p.complaints.filter((c) => c.overdue || c.escalated).slice(0, 5);
  return (
    <Card
      title={t('kpis.complaints.title')}
      id="complaints"
      actions={
        <a class="btn btn-small btn-ghost" href="/app/complaints" data-complaints-link>
          {t('kpis.complaints.list')}
        </a>
      }
    >
      <div class="chips" style="margin-bottom:8px">
        <a class="chip" href="/app/complaints">
          <strong>{p.complaints.length}</strong> {t('kpis.complaints.open')}
        </a>
        <span class={`chip ${overdue.length ? 'chip-warn' : ''}`}>
          <strong>{overdue.length}</strong> {t('kpis.complaints.overdue')}
        </span>
        <span class={`chip ${escalated.length ? 'chip-warn' : ''}`}>
          <strong>{escalated.length}</strong> {t('kpis.complaints.escalated')}
        </span>
      </div>
      {urgent.length === 0 ? (
        <Empty>{t('kpis.complaints.none')}</Empty>
      ) : (
        <ul class="plain">
          {urgent.map((c) => (
            <li data-urgent-complaint={c.complaintId}>
              <a href={`/app/complaints/${encodeURIComponent(c.complaintId)}`}>
                {c.customer?.name ?? c.plate ?? t('kpis.complaints.complaint')}
              </a>{' '}
              {c.overdue ? <Badge tone="red">{t('kpis.complaints.overdue')}</Badge> : null}{' '}
              {c.escalated ? <Badge tone="red">{t('kpis.complaints.escalated')}</Badge> : null}
              <span class="small muted">{t('kpis.complaints.received', { when: relative(c.receivedAt) })}</span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

export function KpisPage(p: KpisPageProps) {
  const order = new Map<string, number>(Stage.options.map((s, i) => [s, i]));
  const stages = [...(p.shop.groups[0]?.stageTimes ?? [])].sort(
    (a, b) => (order.get(a.stage) ?? 99) - (order.get(b.stage) ?? 99),
  );
  const shop = p.shop.groups[0]?.kpis;
  const misses = KpiName.options.filter(
    (k) =>
      statusOf(
        shop?.[k],
        p.shop.targets.find((x) => x.kpi === k),
      ) === 'bad',
  ).length;
  const first = p.periods[0];
  const periodDays = first ? dayNumber(first.to) - dayNumber(first.from) + 1 : 7;
  return (
    <Page title={t('kpis.pageTitle')} session={p.session} screen="kpis">
      <div class="page-head">
        <div>
          <h1>{t('kpis.title')}</h1>
          <p class="sub">
            {t('kpis.range', {
              from: shortDay(p.from),
              to: date(`${p.to}T12:00:00Z`, 'UTC'),
              by: t(`kpis.by.${p.by}`),
              period: periodDays === 7 ? t('kpis.week') : t('kpis.days', { n: periodDays }),
            })}
          </p>
        </div>
        <form method="get" action="/app/kpis" class="daynav" data-range>
          <input type="date" name="from" value={p.from} aria-label={t('kpis.from')} required />
          <span class="muted">{t('kpis.to')}</span>
          <input type="date" name="to" value={p.to} aria-label={t('kpis.toLabel')} required />
          <select name="by" aria-label={t('kpis.groupBy')}>
            {KpiGrouping.options.map((g) => (
              <option value={g} selected={g === p.by}>
                {t(`kpis.by.${g}`)}
              </option>
            ))}
          </select>
          <button type="submit" class="btn btn-small btn-primary">
            {t('kpis.show')}
          </button>
        </form>
        <div class="chips">
          <span class={`chip ${misses ? 'chip-warn' : ''}`}>
            <strong>{misses}</strong> {t('kpis.offTargetChip')}
          </span>
          <a class={`chip ${p.incidents.length ? 'chip-warn' : ''}`} href="#incidents">
            <strong>{p.incidents.length}</strong> {t('kpis.incidentsChip')}
          </a>
          <a class="chip" href="#alerts">
            <strong>{p.alerts.length}</strong> {t('kpis.alertsChip')}
          </a>
          <a class="chip" href="#problems">
            <strong>{p.problems.length}</strong> {t('kpis.problemsChip')}
          </a>
          <a class="chip" href="/app/complaints">
            <strong>{p.complaints.length}</strong> {t('kpis.complaintsChip')}
          </a>
        </div>
      </div>

      <div style={`${grid(270)};margin-bottom:12px`} data-tiles>
        {KpiName.options.map((kpi) => (
          <KpiTile kpi={kpi} p={p} definition={p.shop.definitions.find((d) => d.kpi === kpi)} />
        ))}
      </div>

      {p.grouped ? (
        <Card title={t('kpis.overRange', { by: t(`kpis.by.${p.by}`) })} id="grouped">
          <GroupTable p={p} report={p.grouped} />
        </Card>
      ) : null}

      <div class="cards-2" style="margin-bottom:12px;align-items:start">
        <Card title={t('kpis.stageTimes')} id="stage-times">
          {stages.length === 0 ? (
            <Empty>{t('kpis.noStage')}</Empty>
          ) : (
            <BarChart
              bars={stages.map((s) => ({
                label: stageLabel(s.stage),
                value: s.averageHours,
                note: t(s.stays === 1 ? 'kpis.stay' : 'kpis.stays', { n: s.stays }),
              }))}
              format={(h) => duration(h * MS_PER_HOUR)}
              label={t('kpis.stageChart')}
            />
          )}
          <p class="hint">{t('kpis.stageHint')}</p>
        </Card>
        <div>
          <IncidentsCard p={p} />
          <ComplaintsCard p={p} />
          <AlertsCard p={p} />
          <ProblemsCard p={p} />
        </div>
      </div>
    </Page>
  );
}

// ---- loading ----

/**
 * The dashboard for the signed-in manager: the range (default the last 8 weeks up to today, in their time zone)
 * and grouping from the query; every figure read from the API's own routes.
 */
export async function kpiDashboardPage(api: ApiCaller, session: Session, query: Record<string, string | undefined>) {
  if (!['manager', 'admin'].includes(session.staff.role)) throw new PageError(403, t('kpis.forManager'));
  const tz = session.tz;
  const today = localDate(Date.now(), tz);
  let to = isDay(query.to) ? query.to : today;
  let from = isDay(query.from) ? query.from : addDays(to, -(DEFAULT_WEEKS * 7 - 1));
  if (dayNumber(from) > dayNumber(to)) [from, to] = [to, from];
  const by = KpiGrouping.safeParse(query.by).data ?? 'shop';
  const kpis = (range: { from: string; to: string }, group: KpiGrouping = 'shop') =>
    api.get('/kpis', { query: { from: range.from, to: range.to, by: group, tz } });
  const ranges = periodsOf(from, to);
  const [directory, shop, grouped, alerts, problems, complaints, ...periods] = await Promise.all([
    staffDirectory(api),
    kpis({ from, to }),
    by === 'shop' ? undefined : kpis({ from, to }, by),
    api.get('/alerts', { query: { status: 'open' } }),
    api.get('/problems', { query: { status: 'open' } }),
    api.get('/complaints', { query: { status: 'open', tz, limit: 500 } }),
    ...ranges.map((r) => kpis(r)),
  ]);
  return (
    <KpisPage
      session={session}
      directory={directory}
      from={from}
      to={to}
      by={by}
      shop={must(shop)}
      grouped={grouped ? must(grouped) : undefined}
      periods={ranges.map((r, i) => {
        const result = periods[i];
        if (!result) throw new PageError(500, 'A period of the trend is missing');
        return { ...r, label: shortDay(r.from), report: must(result) };
      })}
      alerts={must(alerts).items.filter((a) => a.kind === 'kpi_target_missed')}
      incidents={must(alerts).items.filter((a) => a.kind !== 'kpi_target_missed')}
      problems={must(problems).items}
      complaints={must(complaints).items}
    />
  );
}
