// The visit's first two cards: the customer and vehicle, and the promised time with the workshop's progress.
import type { Child } from 'hono/jsx';
import type { ActionName } from '../../../domain/actions.js';
import type { VisitShown } from '../../../domain/visit-state.js';
import { qcFailures } from '../../entry-words.js';
import { dateTime, km, relative, when } from '../../format.js';
import { t } from '../../i18n/index.js';
import { Badge, Card, Facts, PromiseBadge } from '../../layout.js';
import { technicianName } from './next-steps.js';
import type { VisitPageProps } from './page.js';

const contactRows = (phone: string, email: string | undefined): [string, Child][] => [
  [t('visit.f.phone'), <a href={`tel:${phone.replace(/[^+0-9]/g, '')}`}>{phone}</a>],
  [t('visit.f.email'), email ?? '—'],
];

/** Who brought which vehicle in, and how to reach them (for those who make the calls). */
export const CustomerVehicleCard = ({ s, fileLink }: { s: VisitShown; fileLink: boolean }) => (
  <Card title={t('visit.customerVehicle')}>
    <Facts
      rows={[
        [t('visit.f.customer'), fileLink ? <a href={`/app/customers/${s.customer.id}`}>{s.customer.name}</a> : s.customer.name],
        // The workshop's roles are shown the visit without the customer's contact data: the desk makes the calls.
        ...(s.customer.phone === undefined ? [] : contactRows(s.customer.phone, s.customer.email)),
        [t('visit.f.vehicle'), `${s.vehicle.model} · ${s.vehicle.plate}`],
        [t('visit.f.vin'), <span class="mono">{s.vehicle.vin}</span>],
        [t('visit.f.mileage'), km(s.arrival?.mileage ?? s.vehicle.mileage)],
      ]}
    />
  </Card>
);

/** The promised time, the plan's finish when it misses it, the technician, the work and QC, and the booking. */
export const PromiseCard = ({ p, actions }: { p: VisitPageProps; actions: ActionName[] }) => {
  const s = p.state;
  const tz = p.session.tz;
  return (
    <Card title={t('visit.promiseWorkshop')}>
      <Facts
        rows={[
          [
            t('visit.f.promised'),
            s.promisedAt ? (
              <span>
                {dateTime(s.promisedAt, tz)} <span class="muted small">({relative(s.promisedAt)})</span>{' '}
                <PromiseBadge atRisk={s.atRisk} late={s.late} />
              </span>
            ) : (
              '—'
            ),
          ],
          ...(p.plan?.meetsPromise === false && p.plan.finishAt
            ? ([
                [
                  t('visit.f.plan'),
                  <span data-plan-late>
                    <Badge tone="red">{t('visit.missesPromise')}</Badge>{' '}
                    {t('visit.finishes', { when: dateTime(p.plan.finishAt, tz) })}
                    {actions.includes('revise_promise') ? (
                      <>
                        {' '}
                        · <a href="#action-revise_promise">{t('visit.newTime')}</a>
                      </>
                    ) : null}
                  </span>,
                ],
              ] as [string, Child][])
            : []),
          [
            t('visit.f.technician'),
            s.dispatch.technicianId
              ? `${technicianName(p, s.dispatch.technicianId)}${s.dispatch.overrideReason ? ` ${t('visit.override', { reason: s.dispatch.overrideReason })}` : ''}`
              : s.dispatch.proposal
                ? t('visit.proposed', { name: technicianName(p, s.dispatch.proposal.technicianId) })
                : '—',
          ],
          [
            t('visit.f.work'),
            s.work.completedAt
              ? t('visit.workDone', { when: when(s.work.completedAt, tz) })
              : s.work.inProgress
                ? t('visit.workSince', { when: when(s.work.startedAt, tz) })
                : s.work.startedAt
                  ? t('visit.workPaused')
                  : '—',
          ],
          [
            t('visit.f.qc'),
            s.qc.length ? (
              <span>
                {s.qc.map((q) => {
                  const failed = qcFailures(q.failedItems, q.failedChecklist ?? []);
                  return (
                    <Badge tone={q.passed ? 'green' : 'red'} title={failed}>
                      #{q.attempt} {q.passed ? t('visit.qcPassed') : t('visit.qcFailed', { items: failed })}
                    </Badge>
                  );
                })}
              </span>
            ) : (
              '—'
            ),
          ],
          [
            t('visit.f.booking'),
            s.kind === 'walk_in'
              ? t('visit.walkIn')
              : `${t(s.appointment.confirmed ? 'visit.confirmed' : 'visit.notConfirmed')}${s.appointment.confirmationCalls ? ` · ${t('board.calls', { count: s.appointment.confirmationCalls })}` : ''}${s.appointment.flaggedForAdvisor ? ` · ${t('visit.unreachable')}` : ''}`,
          ],
        ]}
      />
    </Card>
  );
};
