// The workshop's job lists (waiting for diagnosis, in repair, in quality control), a row per visit.
import type { Workshop } from '../../../api/queries/workshop.js';
import { hours, when } from '../../format.js';
import { t } from '../../i18n/index.js';
import { Badge, Card, Empty, PromiseBadge } from '../../layout.js';
import type { WorkshopPageProps } from './page.js';

const JobRow = ({ job, p }: { job: Workshop['inRepair'][number]; p: WorkshopPageProps }) => {
  const tech = p.workshop.technicians.find((t) => t.id === job.technicianId);
  const mine = job.technicianId === p.session.staff.id;
  return (
    <li class={`jobrow ${mine ? 'mine' : ''}`} data-visit={job.visitId}>
      <a class="job-plate" href={`/app/visits/${job.visitId}`}>
        {job.plate}
      </a>
      <span class="grow">
        {job.model} · {tech?.name ?? job.technicianId ?? t('workshop.unassigned')}
        <span class="muted small">
          {' '}
          · {hours(job.remainingHours)} · {t('workshop.slotPromised', { when: when(job.promisedAt, p.session.tz) })}
        </span>
      </span>
      {job.reworkCount ? <Badge tone="violet">{t('workshop.rework', { n: job.reworkCount })}</Badge> : null}
      <PromiseBadge atRisk={job.atRisk} late={job.late} promisedAt={job.promisedAt} />
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
