// The service manager's dashboard: the page that puts its parts together, and its loading from the API.
import type { ComplaintList } from '../../../api/queries/complaints.js';
import { KpiGrouping, KpiName } from '../../../domain/kpis.js';
import { localDate } from '../../../domain/local-time.js';
import type { Directory } from '../../../domain/staff.js';
import { Stage } from '../../../domain/stages.js';
import { MS_PER_HOUR } from '../../../domain/time.js';
import { type Answer, type ApiCaller, must, PageError, staffDirectory } from '../../api-client.js';
import { BarChart } from '../../charts.js';
import { date, duration, stageLabel } from '../../format.js';
import { t } from '../../i18n/index.js';
import { Card, Empty, Page } from '../../layout.js';
import type { Session } from '../../session.js';
import { SurveyCard } from '../surveys.js';
import { statusOf } from './figures.js';
import { dayNumber, periodsOf, rangeOf, shortDay } from './range.js';
import { AlertsCard, ComplaintsCard, FeedbackCard, IncidentsCard, ProblemsCard } from './review.js';
import { GroupTable, KpiTile } from './tiles.js';

// The service manager's dashboard [S6, S7]: every KPI over a date range against its target, its trend period by
// period, the time visits spend in each stage, and the alerts and problem records the daily review raised.

/** What `GET /kpis` answers: the report and each KPI's documented definition (the screen titles them from its catalogue). */
export type KpiReportView = Answer<'/kpis'>;
type Alert = Answer<'/alerts'>['items'][number];
type Problem = Answer<'/problems'>['items'][number];
export type FeedbackTally = Answer<'/feedback/tally'>['stages'];

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
  /** Staff suggestions sent in the range, per step of the loop, and what became of them. */
  feedback: FeedbackTally;
  /** The customers' survey answers in the range (undefined when they could not be read). */
  surveys?: Answer<'/customer-surveys'>;
}

const grid = (min: number) => `display:grid;grid-template-columns:repeat(auto-fill,minmax(${min}px,1fr));gap:12px`;

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
          <FeedbackCard p={p} />
          <SurveyCard summary={p.surveys} tz={p.session.tz} />
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
  const tz = session.tz;
  const today = localDate(Date.now(), tz);
  const { from, to } = rangeOf(query, today);
  const by = KpiGrouping.safeParse(query.by).data ?? 'shop';
  const kpis = (range: { from: string; to: string }, group: KpiGrouping = 'shop') =>
    api.get('/kpis', { query: { from: range.from, to: range.to, by: group, tz } });
  const ranges = periodsOf(from, to);
  const [directory, shop, grouped, alerts, problems, complaints, feedback, surveys, ...periods] = await Promise.all([
    staffDirectory(api),
    kpis({ from, to }),
    by === 'shop' ? undefined : kpis({ from, to }, by),
    api.get('/alerts', { query: { status: 'open' } }),
    api.get('/problems', { query: { status: 'open' } }),
    api.get('/complaints', { query: { status: 'open', tz, limit: 500 } }),
    api.get('/feedback/tally', { query: { from, to, tz } }),
    api.get('/customer-surveys', { query: { from, to, tz } }),
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
        if (!result) throw new PageError(500, t('errorPage.retry'));
        return { ...r, label: shortDay(r.from), report: must(result) };
      })}
      alerts={must(alerts).items.filter((a) => a.kind === 'kpi_target_missed')}
      incidents={must(alerts).items.filter((a) => a.kind !== 'kpi_target_missed')}
      problems={must(problems).items}
      complaints={must(complaints).items}
      feedback={must(feedback).stages}
      surveys={surveys.ok ? surveys.data : undefined}
    />
  );
}
