// What the complaint screens share: the stage badge, the source's name, a deadline's badge and who may open them.
import { ComplaintSource, ComplaintStage, type ComplaintState } from '../../../domain/complaints.js';
import type { Answer } from '../../api-client.js';
import { relative, when } from '../../format.js';
import { t } from '../../i18n/index.js';
import { Badge } from '../../layout.js';

// Complaints [S4]: the list with both SLA deadlines (first response, resolution) and what is overdue or was
// escalated, one complaint with its timeline and the form for its next step, and the form that records a new one.
// Advisors handle them; the service manager is called in when a clock runs out.

const STAGE_TONE: Record<ComplaintStage, string> = {
  received: 'amber',
  assigned: 'blue',
  solution_proposed: 'indigo',
  carried_out: 'violet',
  outcome_reported: 'teal',
  closed: 'grey',
};

const isSource = (source: string): source is ComplaintSource => ComplaintSource.safeParse(source).success;

export const sourceLabel = (source: string) => t(isSource(source) ? `complaints.source.${source}` : 'complaints.source.api');

const isStage = (stage: string): stage is ComplaintStage => ComplaintStage.safeParse(stage).success;

export const ComplaintStageBadge = ({ stage }: { stage: string }) => (
  <Badge tone={isStage(stage) ? STAGE_TONE[stage] : 'grey'}>{isStage(stage) ? t(`complaints.stage.${stage}`) : stage}</Badge>
);

/** A deadline and where its step stands: met, met late, overdue, or still running. */
export function Deadline({ due, done, tz, now = Date.now() }: { due: string; done?: string | null; tz: string; now?: number }) {
  const dueMs = Date.parse(due);
  const badge = done ? (
    Date.parse(done) <= dueMs ? (
      <Badge tone="green" title={t('complaints.deadline.doneAt', { when: when(done, tz) })}>
        {t('complaints.deadline.met')}
      </Badge>
    ) : (
      <Badge tone="amber" title={t('complaints.deadline.doneAt', { when: when(done, tz) })}>
        {t('complaints.deadline.late')}
      </Badge>
    )
  ) : dueMs < now ? (
    <Badge tone="red">{t('complaints.deadline.overdue')}</Badge>
  ) : null;
  return (
    <span class="deadline" data-deadline={done ? 'done' : dueMs < now ? 'overdue' : 'open'}>
      <strong>{when(due, tz)}</strong> {badge}
      {done ? null : <div class="small muted">{relative(due, now)}</div>}
    </span>
  );
}

/** `GET /complaints/{id}`: the row and the complaint assembled from the database (never the workflow's query). */
export type ComplaintView = Omit<Answer<'/complaints/:id'>, 'state'> & { state: ComplaintState };
