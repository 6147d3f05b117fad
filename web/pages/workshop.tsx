import type { Workshop } from '../../api/queries/workshop.js';
import { mayPerform } from '../../domain/actions.js';
import type { DispatchProposal } from '../../domain/dispatch.js';
import type { PlanForecast } from '../actions/index.js';
import type { ApiFailure } from '../api-client.js';
import { placeWords, proposalWords } from '../dispatch-words.js';
import { hours, reasonLabel, relative, time, when } from '../format.js';
import { type FailedForm, Field, FormError, FormView, IdempotencyKey, Select } from '../forms.js';
import { t } from '../i18n/index.js';
import { Badge, Card, Empty, Page, PromiseBadge, StageBadge } from '../layout.js';
import type { Session } from '../session.js';
import { mayEditTechnicians } from './technicians.js';

const REASON_TONE: Record<string, string> = {
  recall: 'red',
  rework: 'violet',
  appointment: 'blue',
  warranty: 'teal',
  waiting: 'amber',
  walk_in: 'grey',
};

/** A technician's day, for the load bar. */
const SHIFT_HOURS = 8;

export interface WorkshopPageProps {
  session: Session;
  workshop: Workshop;
  failed?: FailedForm;
  flash?: string;
}

type Job = Workshop['awaitingDispatch'][number];

/** What the workshop plan says about one visit: when its work finishes and whether that meets the promise. */
export function planForecast(w: Workshop, visitId: string): PlanForecast {
  const waiting = w.awaitingDispatch.find((j) => j.visitId === visitId);
  if (waiting)
    return {
      version: w.planVersion,
      finishAt: waiting.proposal?.projectedFinishAt ?? null,
      meetsPromise: waiting.proposal ? waiting.proposal.meetsPromise : null,
      proposal: waiting.proposal,
    };
  const slot = w.technicians.flatMap((t) => t.jobs).find((j) => j.visitId === visitId);
  return { version: w.planVersion, finishAt: slot?.projectedFinishAt ?? null, meetsPromise: slot?.meetsPromise ?? null };
}

interface PlanMoved {
  reason: 'plan_moved';
  chosen: { name: string };
  proposal: DispatchProposal & { technicianName: string };
}
const isPlanMoved = (d: unknown): d is PlanMoved => (d as PlanMoved | undefined)?.reason === 'plan_moved';

/**
 * The API's 409 when the workshop plan moved against a choice (domain/dispatch.ts `judgeAssignment`), in the
 * shop's words: what the plan proposes now, so the foreman assigns from it instead of meeting a dead end.
 */
export function assignRefusal(refusal: ApiFailure, tz: string): string | undefined {
  if (refusal.status !== 409 || !isPlanMoved(refusal.details)) return undefined;
  const { chosen, proposal } = refusal.details;
  const moved = t('workshop.planMoved', {
    chosen: chosen.name,
    proposed: proposal.technicianName,
    when: time(proposal.projectedFinishAt, tz),
    promise: t(proposal.meetsPromise ? 'workshop.byPromise' : 'workshop.afterPromise'),
  });
  return `${moved} ${proposalWords(proposal.reasonParts)}`;
}

const DispatchCard = ({ job, p }: { job: Job; p: WorkshopPageProps }) => {
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
        {t('actionForm.skill', { n: job.requiredSkill })} · {hours(job.estimatedHours)}
      </p>
      <p class="job-line muted small place-reason">{placeWords(job.placeReasonParts)}</p>
      {proposed ? (
        <p class={`proposal ${proposed.meetsPromise ? 'ok' : 'late'}`}>
          → <strong>{proposed.technicianName}</strong> {t('visit.finishes', { when: time(proposed.projectedFinishAt, tz) })}{' '}
          {t(proposed.meetsPromise ? 'workshop.meets' : 'workshop.misses')}
          <span class="small muted reason">{proposalWords(proposed.reasonParts)}</span>
        </p>
      ) : (
        <p class="proposal late">
          {t('workshop.noSkill', { n: job.requiredSkill })} <a href="/app/technicians">{t('actionForm.addOrRegrade')}</a>
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

const JobRow = ({ job, p }: { job: Workshop['inRepair'][number]; p: WorkshopPageProps }) => {
  const tech = p.workshop.technicians.find((t) => t.id === job.technicianId);
  const mine = job.technicianId === p.session.staff.id;
  return (
    <li class={`jobrow ${mine ? 'mine' : ''}`} data-visit={job.visitId}>
      <a class="job-plate" href={`/app/visits/${job.visitId}`}>
        {job.plate}
      </a>
      <span class="grow">
        {job.model} · {tech?.name ?? job.technicianId ?? 'unassigned'}
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

export function WorkshopPage(p: WorkshopPageProps) {
  const w = p.workshop;
  const tz = p.session.tz;
  return (
    <Page
      title={t('nav.workshop')}
      session={p.session}
      screen="workshop"
      flash={p.flash}
      // Refreshed in place when the board's version changes (web/live/, web/static/app.js).
      live={{ topic: 'workshop', version: w.boardVersion }}
    >
      <div>
        <div class="page-head">
          <div>
            <h1>{t('nav.workshop')}</h1>
            <p class="sub">{t('workshop.asOf', { when: time(w.at, tz) })}</p>
          </div>
          <div class="chips">
            <span class="chip">
              <strong>{w.totals.awaitingDispatch}</strong> {t('workshop.toDispatch')}
            </span>
            <span class="chip">
              <strong>{w.totals.waitingDiagnosis}</strong> {t('workshop.toDiagnose')}
            </span>
            <span class="chip">
              <strong>{w.totals.inRepair}</strong> {t('workshop.inRepairChip')}
            </span>
            <span class="chip">
              <strong>{w.totals.qualityCheck}</strong> {t('workshop.inQc')}
            </span>
            {mayEditTechnicians(p.session.staff.role) ? (
              <a class="btn btn-ghost btn-small" href="/app/technicians" data-technicians>
                {t('workshop.technicians')}
              </a>
            ) : null}
            <a class="btn btn-ghost btn-small" href="/app/workshop">
              {t('workshop.refresh')}
            </a>
          </div>
        </div>
        <div class="workshop-grid">
          <Card title={t('workshop.awaitingDispatch', { n: w.totals.awaitingDispatch })} class="col-dispatch">
            {w.awaitingDispatch.length ? (
              w.awaitingDispatch.map((job) => <DispatchCard job={job} p={p} />)
            ) : (
              <Empty>{t('workshop.noneWaiting')}</Empty>
            )}
          </Card>
          <Card title={t('workshop.technicians')} class="col-techs">
            {w.technicians.length ? (
              w.technicians.map((tech) => (
                <div class={`tech ${tech.id === p.session.staff.id ? 'mine' : ''}`} data-technician={tech.id}>
                  <div class="tech-head">
                    <strong>{tech.name}</strong>
                    <span class="muted small">{t('actionForm.skill', { n: tech.skillLevel })}</span>
                    <span class="grow" />
                    {tech.jobsBehindPromise ? (
                      <Badge tone="red">{t('workshop.behind', { n: tech.jobsBehindPromise })}</Badge>
                    ) : null}
                    <span class="small">{hours(tech.loadHours)}</span>
                  </div>
                  <div class="loadbar" title={t('workshop.load', { load: hours(tech.loadHours), day: hours(SHIFT_HOURS) })}>
                    {tech.jobs.map((j) => (
                      <span
                        class={`seg ${j.meetsPromise === false ? 'late' : j.stage === 'quality_check' ? 'qc' : ''}`}
                        style={`width:${Math.min(100, (j.remainingHours / SHIFT_HOURS) * 100)}%`}
                        title={`${j.plate}: ${hours(j.remainingHours)}, ${t('visit.finishes', { when: time(j.projectedFinishAt, tz) })}`}
                      />
                    ))}
                  </div>
                  {tech.jobs.length ? (
                    <ul class="plain small">
                      {tech.jobs.map((j) => (
                        <li data-slot={j.visitId} class={j.assigned ? 'assigned' : 'proposed'} title={placeWords(j.reasonParts)}>
                          <a href={`/app/visits/${j.visitId}`}>{j.plate}</a>{' '}
                          {j.assigned ? (
                            <StageBadge stage={j.stage} />
                          ) : (
                            <Badge tone="slate">{t('visit.lineStatus.proposed')}</Badge>
                          )}{' '}
                          {time(j.startAt, tz)}–{time(j.projectedFinishAt, tz)} ·{' '}
                          {t('workshop.slotPromised', { when: when(j.promisedAt, tz) })}{' '}
                          {j.meetsPromise === false ? <Badge tone="red">{t('workshop.late')}</Badge> : j.meetsPromise ? '✓' : ''}
                          <div class="muted small place-reason">{placeWords(j.reasonParts)}</div>
                        </li>
                      ))}
                    </ul>
                  ) : (
                    <p class="muted small">{t('workshop.free')}</p>
                  )}
                </div>
              ))
            ) : (
              <Empty>{t('workshop.noTechnicians')}</Empty>
            )}
          </Card>
          <div class="col-work">
            <Card title={t('workshop.waitingDiagnosis', { n: w.totals.waitingDiagnosis })} id="diagnosis">
              {w.waitingDiagnosis.length ? (
                <ul class="plain jobs">
                  {w.waitingDiagnosis.map((j) => (
                    <JobRow job={j} p={p} />
                  ))}
                </ul>
              ) : (
                <Empty>{t('workshop.noDiagnosis')}</Empty>
              )}
            </Card>
            <Card title={t('workshop.inRepair', { n: w.totals.inRepair })}>
              {w.inRepair.length ? (
                <ul class="plain jobs">
                  {w.inRepair.map((j) => (
                    <JobRow job={j} p={p} />
                  ))}
                </ul>
              ) : (
                <Empty>{t('workshop.noRepair')}</Empty>
              )}
            </Card>
            <Card title={t('workshop.waitingQc', { n: w.totals.qualityCheck })} id="quality-check">
              {w.qualityCheck.length ? (
                <ul class="plain jobs">
                  {w.qualityCheck.map((j) => (
                    <JobRow job={j} p={p} />
                  ))}
                </ul>
              ) : (
                <Empty>{t('workshop.noQc')}</Empty>
              )}
            </Card>
          </div>
        </div>
      </div>
    </Page>
  );
}
