// The workshop's job lists (waiting for diagnosis, in repair, in quality control), a row per visit.
import type { Workshop } from '../../../api/queries/workshop.js';
import { acceptedAt, mayPerform } from '../../../domain/actions.js';
import { ReassignFields } from '../../actions/repair.js';
import { hours, when } from '../../format.js';
import { FormError, FormView, IdempotencyKey } from '../../forms.js';
import { t } from '../../i18n/index.js';
import { Badge, Card, Empty, PromiseBadge } from '../../layout.js';
import type { WorkshopPageProps } from './page.js';

type Job = Workshop['inRepair'][number];

/**
 * The foreman's hand-over of a job in repair (`reassign_technician`): to a technician on the rota with the job's
 * skill; open at once when its technician is off the rota today (not when the shop is closed: nobody works then).
 */
const Reassign = ({ job, p }: { job: Job; p: WorkshopPageProps }) => {
  if (!acceptedAt('reassign_technician', job.stage) || !mayPerform('reassign_technician', p.session.staff.role)) return null;
  const form = new FormView(`reassign-${job.visitId}`, p.failed);
  return (
    <details
      class="sub"
      open={(job.assigneeOffRota && job.assigneeAwayToday !== 'shop_closed') || form.isFailed}
      data-reassign={job.visitId}
    >
      <summary>{t('workshop.reassign')}</summary>
      <FormError form={form} />
      <form method="post" action="/app/workshop/reassign" novalidate>
        <IdempotencyKey />
        <input type="hidden" name="visitId" value={job.visitId} />
        <div class="row2">
          <ReassignFields
            form={form}
            technicians={p.workshop.technicians}
            requiredSkill={job.requiredSkill}
            assignee={job.technicianId}
          />
        </div>
        <button type="submit" class="btn btn-small">
          {t('action.reassign_technician.submit')}
        </button>
      </form>
    </details>
  );
};

const JobRow = ({ job, p }: { job: Job; p: WorkshopPageProps }) => {
  const tech = p.workshop.technicians.find((t) => t.id === job.technicianId);
  const mine = job.technicianId === p.session.staff.id;
  return (
    <li class={`jobrow ${mine ? 'mine' : ''}`} data-visit={job.visitId}>
      <a class="job-plate" href={`/app/visits/${job.visitId}`}>
        {job.plate}
      </a>
      <span class="grow">
        {job.model} ·{' '}
        <span class="assignee">{job.technicianName ?? tech?.name ?? job.technicianId ?? t('workshop.unassigned')}</span>
        <span class="muted small">
          {' '}
          · {hours(job.remainingHours)} · {t('workshop.slotPromised', { when: when(job.promisedAt, p.session.tz) })}
        </span>
      </span>
      {job.assigneeAwayToday ? (
        <span data-off-rota={job.visitId} data-away={job.assigneeAwayToday}>
          <Badge tone="red">{t(job.assigneeAwayToday === 'shop_closed' ? 'workshop.shopClosedToday' : 'workshop.offRota')}</Badge>
        </span>
      ) : null}
      {job.reworkCount ? <Badge tone="violet">{t('workshop.rework', { n: job.reworkCount })}</Badge> : null}
      <PromiseBadge atRisk={job.atRisk} late={job.late} promisedAt={job.promisedAt} />
      <Reassign job={job} p={p} />
    </li>
  );
};

/** One of the lists: its jobs as rows, or what it says when it has none. */
export const JobList = ({
  title,
  id,
  jobs,
  empty,
  p,
}: {
  title: string;
  id?: string;
  jobs: Workshop['inRepair'];
  empty: string;
  p: WorkshopPageProps;
}) => (
  <Card title={title} id={id}>
    {jobs.length ? (
      <ul class="plain jobs">
        {jobs.map((j) => (
          <JobRow job={j} p={p} />
        ))}
      </ul>
    ) : (
      <Empty>{empty}</Empty>
    )}
  </Card>
);
