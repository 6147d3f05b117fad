// Each technician's load for the day: the load bar and the jobs planned for them.
import type { Workshop } from '../../../api/queries/workshop.js';
import { placeWords } from '../../dispatch-words.js';
import { hours, when, whenRange } from '../../format.js';
import { t } from '../../i18n/index.js';
import { Badge, StageBadge } from '../../layout.js';

/** A technician's day, for the load bar. */
const SHIFT_HOURS = 8;

/** One technician: skill, jobs behind their promise, the load bar and the planned jobs. */
export const TechnicianLoad = ({ tech, mine, tz }: { tech: Workshop['technicians'][number]; mine: boolean; tz: string }) => (
  <div class={`tech ${mine ? 'mine' : ''}`} data-technician={tech.id}>
    <div class="tech-head">
      <strong>{tech.name}</strong>
      <span class="muted small">{t('actionForm.skill', { n: tech.skillLevel })}</span>
      <span class="grow" />
      {tech.jobsBehindPromise ? <Badge tone="red">{t('workshop.behind', { n: tech.jobsBehindPromise })}</Badge> : null}
      <span class="small">{hours(tech.loadHours)}</span>
    </div>
    <div class="loadbar" title={t('workshop.load', { load: hours(tech.loadHours), day: hours(SHIFT_HOURS) })}>
      {tech.jobs.map((j) => (
        <span
          class={`seg ${j.meetsPromise === false ? 'late' : j.stage === 'quality_check' ? 'qc' : ''}`}
          style={`width:${Math.min(100, (j.remainingHours / SHIFT_HOURS) * 100)}%`}
          title={`${j.plate}: ${hours(j.remainingHours)}, ${t('visit.finishes', { when: when(j.projectedFinishAt, tz) })}`}
        />
      ))}
    </div>
    {tech.jobs.length ? (
      <ul class="plain small">
        {tech.jobs.map((j) => (
          <li data-slot={j.visitId} class={j.assigned ? 'assigned' : 'proposed'} title={placeWords(j.reasonParts)}>
            <a href={`/app/visits/${j.visitId}`}>{j.plate}</a>{' '}
            {j.assigned ? <StageBadge stage={j.stage} /> : <Badge tone="slate">{t('visit.lineStatus.proposed')}</Badge>}{' '}
            {whenRange(j.startAt, j.projectedFinishAt, tz)} · {t('workshop.slotPromised', { when: when(j.promisedAt, tz) })}{' '}
            {j.meetsPromise === false ? <Badge tone="red">{t('workshop.late')}</Badge> : j.meetsPromise ? '✓' : ''}
            <div class="muted small place-reason">{placeWords(j.reasonParts)}</div>
          </li>
        ))}
      </ul>
    ) : (
      <p class="muted small">{t('workshop.free')}</p>
    )}
  </div>
);
