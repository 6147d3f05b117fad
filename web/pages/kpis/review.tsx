// What the daily review raised [S6, S7]: incidents, KPI alerts, problem records, urgent complaints and staff suggestions.
import { activityWork } from '../../../activities/work.js';
import { incidentReason } from '../../../domain/incidents.js';
import { KpiName } from '../../../domain/kpis.js';
import { count, date, relative, stageLabel, who } from '../../format.js';
import { t } from '../../i18n/index.js';
import { Badge, Card, Empty } from '../../layout.js';
import { formatKpi, kpiTitle } from './figures.js';
import type { KpisPageProps } from './page.js';

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

export function IncidentsCard({ p }: { p: KpisPageProps }) {
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
              const reason = incidentReason(String(a.cause ?? ''));
              const href = subjectLink(a.scope, subject);
              return (
                <tr data-incident={String(a.id)}>
                  <td>
                    <Badge tone={a.kind === 'record_rejected' ? 'red' : 'amber'}>{incidentKind(a.kind)}</Badge>{' '}
                    {incidentScope(a.scope)} {href ? <a href={href}>{t('kpis.incidents.open')}</a> : null}
                  </td>
                  <td class="small">
                    {a.kind === 'activity_failing' ? (
                      <div>
                        {t('kpis.incidents.failing', {
                          work: t(`kpis.incidents.work.${activityWork(a.activity) ?? 'unknown'}`),
                        })}
                      </div>
                    ) : null}
                    {/* A failing step's cause is worth a line only when the database named it. */}
                    {a.kind !== 'activity_failing' || reason !== 'other' ? t(`kpis.incidents.reason.${reason}`) : null}
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

export function AlertsCard({ p }: { p: KpisPageProps }) {
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

export function ProblemsCard({ p }: { p: KpisPageProps }) {
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

export function ComplaintsCard({ p }: { p: KpisPageProps }) {
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

/** Staff suggestions sent in the range, per step: what came in and what the manager decided, to re-evaluate by. */
export function FeedbackCard({ p }: { p: KpisPageProps }) {
  return (
    <Card
      title={t('kpis.feedback.title')}
      id="feedback"
      actions={
        <a class="btn btn-small btn-ghost" href="/app/feedback" data-feedback-link>
          {t('kpis.feedback.list')}
        </a>
      }
    >
      {p.feedback.length === 0 ? (
        <Empty>{t('kpis.feedback.none')}</Empty>
      ) : (
        <table class="table table-cards" data-feedback-tally>
          <thead>
            <tr>
              <th>{t('kpis.feedback.step')}</th>
              <th class="num">{t('kpis.feedback.received')}</th>
              <th class="num">{t('kpis.feedback.accepted')}</th>
              <th class="num">{t('kpis.feedback.declined')}</th>
              <th class="num">{t('kpis.feedback.open')}</th>
            </tr>
          </thead>
          <tbody>
            {p.feedback.map((row) => (
              <tr data-feedback-stage={row.stage}>
                <td data-label={t('kpis.feedback.step')}>{stageLabel(row.stage)}</td>
                <td class="num" data-label={t('kpis.feedback.received')}>
                  {count(row.received)}
                </td>
                <td class="num" data-label={t('kpis.feedback.accepted')}>
                  {count(row.accepted)}
                </td>
                <td class="num" data-label={t('kpis.feedback.declined')}>
                  {count(row.declined)}
                </td>
                <td class="num" data-label={t('kpis.feedback.open')}>
                  {count(row.open)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p class="hint">{t('kpis.feedback.hint')}</p>
    </Card>
  );
}
