// The visit's heading: repair order, vehicle and customer, its badges and the links to its file and timeline.
import { dateTime, reasonLabel, who } from '../../format.js';
import { t } from '../../i18n/index.js';
import { Badge, PromiseBadge, StageBadge } from '../../layout.js';
import { mayOpen } from '../../screen-roles.js';
import type { VisitPageProps } from './page.js';

/** The top of the visit screen: who and what, where the visit stands, and where to read more. */
export const VisitHeader = ({ p }: { p: VisitPageProps }) => {
  const { state: s, record } = p;
  const tz = p.session.tz;
  const manager = mayOpen(p.session.staff.role, 'timeline');
  return (
    <div class="page-head">
      <div>
        <h1>
          <span class="ro">{t('visit.ro', { n: record.roNumber ?? '—' })}</span> {s.vehicle.plate}{' '}
          <span class="muted">· {s.vehicle.model}</span>
        </h1>
        <p class="sub">
          {s.customer.name} ·{' '}
          {s.kind === 'walk_in' ? t('visit.walkIn') : t('visit.appointment', { when: dateTime(s.appointmentAt, tz) })} ·{' '}
          {t('visit.advisor', { who: who(p.directory ?? new Map(), s.advisorId) })}
          {/* A walk-in or a booking with no stronger claim is placed as what it is, already said above. */}
          {s.priorityReason === s.kind ? null : (
            <span title={t('visit.priority')}> · {t('visit.priorityIs', { reason: reasonLabel(s.priorityReason) })}</span>
          )}
        </p>
      </div>
      <div class="head-badges">
        <StageBadge stage={s.stage} />
        <PromiseBadge atRisk={s.atRisk} late={s.late} promisedAt={s.promisedAt} />
        {s.reworkCount ? <Badge tone="red">{t('visit.rework', { n: s.reworkCount })}</Badge> : null}
        {s.incidents?.length ? (
          <Badge tone="red" title={s.incidents.map((i) => i.cause).join('\n')}>
            {t('visit.incidents', { count: s.incidents.length })}
          </Badge>
        ) : null}
      </div>
      <div class="head-links">
        {mayOpen(p.session.staff.role, 'customers') ? (
          <a class="btn btn-ghost btn-small" href={`/app/customers/${s.customer.id}`}>
            {t('visit.customerFile')}
          </a>
        ) : null}
        {manager ? (
          <a class="btn btn-ghost btn-small" href={`/app/visits/${p.visitId}/timeline`}>
            {t('visit.timeline')}
          </a>
        ) : null}
        {manager && p.temporalUrl ? (
          <a class="btn btn-ghost btn-small" href={p.temporalUrl} target="_blank" rel="noopener">
            Temporal UI ↗
          </a>
        ) : null}
      </div>
    </div>
  );
};
