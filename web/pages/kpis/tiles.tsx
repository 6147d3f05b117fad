// The KPI tiles with their trend charts, and the table of every KPI per advisor or technician.
import { KpiName } from '../../../domain/kpis.js';
import { TrendChart } from '../../charts.js';
import { who } from '../../format.js';
import { t } from '../../i18n/index.js';
import { Badge, Empty } from '../../layout.js';
import { formatKpi, type KpiStatus, kpiTitle, meetsTarget, sampleText, statusOf, targetText } from './figures.js';
import type { KpiReportView, KpisPageProps } from './page.js';

const STATUS_COLOR: Record<KpiStatus, string> = { good: '#1e7f4f', bad: '#c0392b', none: '#c5ccd6', tracked: '#5b8def' };
const STATUS_TONE = { good: 'green', bad: 'red', tracked: 'slate', none: 'grey' } as const satisfies Record<KpiStatus, string>;

export function KpiTile({
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

export function GroupTable({ p, report }: { p: KpisPageProps; report: KpiReportView }) {
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
