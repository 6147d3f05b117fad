// A job waiting for dispatch [S1 step 5]: its priority, the plan's proposal, and the forms to assign it.
import type { Workshop } from '../../../api/queries/workshop.js';
import { mayPerform } from '../../../domain/actions.js';
import { placeWords, proposalWords } from '../../dispatch-words.js';
import { Field, Select } from '../../fields.js';
import { billedHours, hours, reasonLabel, relative, when } from '../../format.js';
import { FormError, FormView, IdempotencyKey } from '../../forms.js';
import { t } from '../../i18n/index.js';
import { Badge, PromiseBadge } from '../../layout.js';
import { mayOpen } from '../../screen-roles.js';
import type { WorkshopPageProps } from './page.js';

const REASON_TONE: Record<string, string> = {
  recall: 'red',
  rework: 'violet',
  appointment: 'blue',
  warranty: 'teal',
  waiting: 'amber',
  walk_in: 'grey',
};

type Job = Workshop['awaitingDispatch'][number];

export const DispatchCard = ({ job, p }: { job: Job; p: WorkshopPageProps }) => {
  const tz = p.session.tz;
  const form = new FormView(`assign-${job.visitId}`, p.failed);
  const mayAssign = mayPerform('assign_technician', p.session.staff.role);
  // The workshop's one plan: the visit's own page and the assignment check read the same.
  const proposed = job.proposal;
  const qualified = p.workshop.technicians.filter((t) => t.skillLevel >= job.requiredSkill);
  return (
    <article class="job" data-visit={job.visitId}>
      <header class="job-head">
        <span class="pos">#{job.position}</span>
        <Badge tone={REASON_TONE[job.priorityReason] ?? 'grey'}>{reasonLabel(job.priorityReason)}</Badge>
        {job.reworkCount ? <Badge tone="violet">{t('workshop.rework', { n: job.reworkCount })}</Badge> : null}
        <PromiseBadge atRisk={job.atRisk} late={job.late} promisedAt={job.promisedAt} />
        <a class="job-plate" href={`/app/visits/${job.visitId}`}>
          {job.plate}
        </a>
      </header>
      <p class="job-line">
        {job.model} · {job.customerName} · {t('visit.ro', { n: job.roNumber })}
      </p>
      <p class="job-line muted small">
        {t('workshop.promised', { when: when(job.promisedAt, tz), ago: relative(job.promisedAt) })} ·{' '}
        {t('actionForm.skill', { n: job.requiredSkill })} · {billedHours(job.estimatedHours)}
      </p>
      <p class="job-line muted small place-reason">{placeWords(job.placeReasonParts)}</p>
      {proposed ? (
        <p class={`proposal ${proposed.meetsPromise ? 'ok' : 'late'}`}>
          → <strong>{proposed.technicianName}</strong> {t('visit.finishes', { when: when(proposed.projectedFinishAt, tz) })}{' '}
          {t(proposed.meetsPromise ? 'workshop.meets' : 'workshop.misses')}
          <span class="small muted reason">{proposalWords(proposed.reasonParts)}</span>
        </p>
      ) : (
        <p class="proposal late">
          {t('workshop.noSkill', { n: job.requiredSkill })}{' '}
          {mayOpen(p.session.staff.role, 'technicians') ? <a href="/app/technicians">{t('actionForm.addOrRegrade')}</a> : null}
        </p>
      )}
      {mayAssign ? (
        <>
          <FormError form={form} />
          {proposed ? (
            <form method="post" action="/app/workshop/assign" class="inline-form">
              <IdempotencyKey />
              <input type="hidden" name="visitId" value={job.visitId} />
              <input type="hidden" name="planVersion" value={p.workshop.planVersion} />
              <input type="hidden" name="technicianId" value={proposed.technicianId} />
              <button type="submit" class="btn btn-primary btn-small" data-assign={job.visitId}>
                {t('workshop.assignTo', { name: proposed.technicianName })}
              </button>
            </form>
          ) : null}
          {qualified.length ? (
            <details class="sub" open={form.isFailed}>
              <summary>{t('workshop.override')}</summary>
              <form method="post" action="/app/workshop/assign" novalidate>
                <IdempotencyKey />
                <input type="hidden" name="visitId" value={job.visitId} />
                <input type="hidden" name="planVersion" value={p.workshop.planVersion} />
                <div class="row2">
                  <Select
                    form={form}
                    name="technicianId"
                    label={t('actionForm.technician')}
                    value=""
                    options={[
                      ['', t('actionForm.choose')],
                      ...qualified.map(
                        (x) =>
                          [x.id, `${x.name} · ${t('actionForm.skill', { n: x.skillLevel })} · ${hours(x.loadHours)}`] as [
                            string,
                            string,
                          ],
                      ),
                    ]}
                  />
                  <Field form={form} name="overrideReason" label={t('actionForm.reason')} />
                </div>
                <button type="submit" class="btn btn-small">
                  Assign
                </button>
              </form>
            </details>
          ) : null}
        </>
      ) : null}
    </article>
  );
};
