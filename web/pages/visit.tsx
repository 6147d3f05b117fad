import type { Child } from 'hono/jsx';
import type { ApprovalLinkStatus } from '../../api/queries/approval-links.js';
import type { CustomerFile } from '../../api/queries/customer-file.js';
import type { ActionName } from '../../domain/actions.js';
import { documentsOf } from '../../domain/documents.js';
import { invoiceTotals } from '../../domain/money-rules.js';
import { FRONT_DESK_ROLES, holdsRole, TIMELINE_READERS } from '../../domain/roles.js';
import type { Directory } from '../../domain/staff.js';
import { LOOP_STAGES, type Stage } from '../../domain/stages.js';
import { ContactChannel } from '../../domain/visit.js';
import type { VisitState } from '../../domain/visit-state.js';
import { ACTION_UI, type ActionContext, actionSubmit, actionTitle, availableActions } from '../actions/index.js';
import { date, dateTime, fuelLabel, km, money, reasonLabel, relative, stageLabel, when, who } from '../format.js';
import { type FailedForm, FormError, FormView, IdempotencyKey } from '../forms.js';
import { hasKey, type Key, locale, t } from '../i18n/index.js';
import { Badge, Card, Empty, Facts, Page, PromiseBadge, StageBadge } from '../layout.js';
import type { LiveMark } from '../live/topics.js';
import { taxedParts } from '../money.js';
import type { Session } from '../session.js';
import { ApprovalLinkCard } from './approval-link.js';

export interface VisitRecord {
  roNumber?: number;
  kind?: string;
  stage?: string;
  customerId?: string;
  vin?: string;
  plate?: string;
  advisorId?: string;
  appointmentAt?: string | null;
  promisedAt?: string | null;
  technicianId?: string | null;
  totalCents?: number | null;
}

/** The steps of the loop [S1], as the progress strip shows them (short labels: `visit.step.*`). */
const STEPS = LOOP_STAGES;

const Progress = ({ stage }: { stage: Stage }) => {
  const at = stage === 'closed' ? STEPS.length : (STEPS as readonly Stage[]).indexOf(stage);
  return (
    <ol class="progress" aria-label={t('visit.whereIs')}>
      {STEPS.map((s, i) => (
        <li class={i < at ? 'done' : i === at ? 'current' : ''} aria-current={i === at ? 'step' : undefined} data-stage={s}>
          {t(`visit.step.${s}`)}
        </li>
      ))}
    </ol>
  );
};

/** What the lines still waiting for a decision add up to (recall lines are free). */
/** What still waits for the customer's decision, priced at the visit's tax like the invoice. */
const proposedTotals = (s: VisitState) =>
  invoiceTotals(
    s.lines.filter((l) => l.status === 'proposed' && !l.campaign),
    s,
  );

const LINE_TONE: Record<string, string> = { proposed: 'amber', approved: 'blue', declined: 'grey', done: 'green' };

const LinesTable = ({ state }: { state: VisitState }) => {
  if (state.lines.length === 0) return <Empty>{t('visit.noEstimate')}</Empty>;
  const proposed = proposedTotals(state);
  return (
    <>
      <table class="table">
        <thead>
          <tr>
            <th>{t('visit.lines.work')}</th>
            <th class="num">{t('visit.lines.qty')}</th>
            <th class="num">{t('visit.lines.unit')}</th>
            <th class="num">{t('visit.lines.total')}</th>
            <th>{t('visit.lines.status')}</th>
          </tr>
        </thead>
        <tbody>
          {state.lines.map((l) => (
            <tr class={l.status === 'declined' ? 'declined' : ''} data-line={l.description}>
              <td>
                {l.description}
                <div class="muted small">
                  {t(l.kind === 'labour' ? 'visit.lines.labour' : 'visit.lines.part')}
                  {l.source === 'additional_work' ? ` · ${t('visit.lines.additional')}` : ''}
                  {l.campaign ? ` · ${t('visit.lines.recall')}` : ''}
                  {l.offeredFromLineId ? ` · ${t('visit.lines.offeredAgain')}` : ''}
                  {l.recommended ? ` · ${t('money.recommended')}` : ''}
                  {l.kind === 'labour' ? ` · ${t('visit.lines.skill', { n: l.requiredSkill })}` : ''}
                </div>
              </td>
              <td class="num">{new Intl.NumberFormat(locale()).format(l.quantity)}</td>
              <td class="num">{money(l.unitPriceCents)}</td>
              <td class="num">{money(l.totalCents)}</td>
              <td>
                <Badge tone={LINE_TONE[l.status] ?? 'grey'}>{t(`visit.lineStatus.${l.status}`)}</Badge>
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          {proposed.subtotalCents ? (
            <tr data-proposed>
              <td colspan={3}>
                {t('visit.lines.waiting')} · {t('money.withTax', taxedParts(proposed, state.taxRateBasisPoints))}
              </td>
              <td class="num">{money(proposed.totalCents)}</td>
              <td class="muted small">{t('visit.lineStatus.proposed')}</td>
            </tr>
          ) : null}
          <tr>
            <td colspan={3}>
              {t('visit.lines.totals', { labour: money(state.totals.labourCents), parts: money(state.totals.partsCents) })}
              {state.totals.discountCents ? ` · ${t('visit.lines.discount', { amount: money(state.totals.discountCents) })}` : ''}
              {` · ${t('money.withTax', taxedParts(state.totals, state.taxRateBasisPoints))}`}
            </td>
            <td class="num strong" data-invoice-total>
              {money(state.totals.totalCents)}
            </td>
            <td class="muted small">{t('visit.lines.invoice')}</td>
          </tr>
        </tfoot>
      </table>
      {state.approvals.length ? (
        <ul class="plain small muted">
          {state.approvals.map((a) => (
            <li>
              {t(a.subject === 'estimate' ? 'visit.approvals.estimate' : 'visit.approvals.additional', {
                ago: relative(a.requestedAt),
              })}
              {a.decidedAt
                ? ` · ${t('visit.approvals.decided', { ago: relative(a.decidedAt) })}`
                : ` · ${t('visit.approvals.waiting')}`}
              {a.customerRemindedAt ? ` · ${t('visit.approvals.reminded')}` : ''}
              {a.linkResentAt && !a.decidedAt ? ` · ${t('visit.approvals.resent', { ago: relative(a.linkResentAt) })}` : ''}
              {a.escalatedAt ? ` · ${t('visit.approvals.escalated')}` : ''}
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
};

export interface VisitPageProps {
  session: Session;
  visitId: string;
  record: VisitRecord;
  state: VisitState;
  file?: CustomerFile;
  technicians: ActionContext['technicians'];
  plan?: ActionContext['plan'];
  failed?: FailedForm;
  flash?: string;
  /** What waits for the customer and the link sent for it (advisors and managers, while an approval is open). */
  approvalLinks?: ApprovalLinkStatus;
  temporalUrl?: string;
  /** Names the advisor and the staff on the page. */
  directory?: Directory;
  live?: LiveMark;
}

const ActionForm = ({
  name,
  ctx,
  failed,
  visitId,
}: {
  name: ActionName;
  ctx: ActionContext;
  failed?: FailedForm;
  visitId: string;
}) => {
  const ui = ACTION_UI[name];
  const form = new FormView(`action-${name}`, failed);
  const Fields = ui.Fields;
  return (
    <details
      class={`action ${ui.danger ? 'action-danger' : ''}`}
      open={ui.primary?.(ctx.state, ctx.plan) || form.isFailed}
      id={`action-${name}`}
    >
      <summary>{actionTitle(name)}</summary>
      <form method="post" action={`/app/visits/${visitId}/actions/${name}`} class="action-form" novalidate data-action={name}>
        <IdempotencyKey />
        <FormError form={form} />
        {Fields ? <Fields form={form} ctx={ctx} /> : null}
        <div class="form-actions">
          {ui.submits ? (
            ui.submits.map((s) => (
              <button type="submit" name={s.name} value={s.value} class={`btn ${s.danger ? 'btn-danger' : 'btn-primary'}`}>
                {t(s.label)}
              </button>
            ))
          ) : (
            <button type="submit" class={`btn ${ui.danger ? 'btn-danger' : 'btn-primary'}`}>
              {actionSubmit(name)}
            </button>
          )}
        </div>
      </form>
    </details>
  );
};

/** The papers this visit has so far (domain/documents.ts), each as a page to print and as a PDF. */
const PrintList = ({ visitId, state }: { visitId: string; state: VisitState }) => {
  const kinds = documentsOf(state);
  if (!kinds.length) return <Empty>{t('documents.nothingYet')}</Empty>;
  const base = `/app/visits/${encodeURIComponent(visitId)}/documents`;
  return (
    <>
      <p class="muted small">{t('documents.printHint')}</p>
      <ul class="print-list" data-documents>
        {kinds.map((kind) => (
          <li>
            <a href={`${base}/${kind}`} target="_blank" rel="noopener" data-document={kind}>
              {t(`documents.kind.${kind}`)}
            </a>{' '}
            ·{' '}
            <a href={`${base}/${kind}.pdf`} target="_blank" rel="noopener">
              {t('documents.pdf')}
            </a>
          </li>
        ))}
      </ul>
    </>
  );
};

export function VisitPage(p: VisitPageProps) {
  const { state: s, session, record } = p;
  const tz = session.tz;
  const role = session.staff.role;
  const ctx: ActionContext = { state: s, tz, staff: session.staff, technicians: p.technicians, plan: p.plan };
  const actions = availableActions(s, role);
  const manager = holdsRole(role, TIMELINE_READERS);
  const mayLink = holdsRole(role, FRONT_DESK_ROLES);
  const pendingApproval = s.stage === 'awaiting_approval' && s.approvals.some((a) => !a.decidedAt);
  const vehicleFile = p.file?.vehicles.find((v) => v.vehicle.vin === s.vehicle.vin);
  const title = `${t('visit.ro', { n: record.roNumber ?? '' })} · ${s.vehicle.plate}`;

  return (
    <Page title={title} session={session} screen="visit" flash={p.flash} live={p.live}>
      <div class="page-head">
        <div>
          <h1>
            <span class="ro">{t('visit.ro', { n: record.roNumber ?? '—' })}</span> {s.vehicle.plate}{' '}
            <span class="muted">· {s.vehicle.model}</span>
          </h1>
          <p class="sub">
            {s.customer.name} ·{' '}
            {s.kind === 'walk_in' ? t('visit.walkIn') : t('visit.appointment', { when: dateTime(s.appointmentAt, tz) })} ·{' '}
            {t('visit.advisor', { who: who(p.directory ?? new Map(), s.advisorId) })} ·{' '}
            <span title={t('visit.priority')}>{reasonLabel(s.priorityReason)}</span>
          </p>
        </div>
        <div class="head-badges">
          <StageBadge stage={s.stage} />
          <PromiseBadge atRisk={s.atRisk} late={s.late} promisedAt={s.promisedAt} />
          {s.reworkCount ? <Badge tone="red">{t('visit.rework', { n: s.reworkCount })}</Badge> : null}
          {s.incidents?.length ? (
            <Badge tone="red" title={s.incidents.map((i) => i.cause).join('\n')}>
              {t('visit.incidents', { n: s.incidents.length })}
            </Badge>
          ) : null}
        </div>
        <div class="head-links">
          <a class="btn btn-ghost btn-small" href={`/app/customers/${s.customer.id}`}>
            {t('visit.customerFile')}
          </a>
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
      <Progress stage={s.stage} />

      <div class="visit-grid">
        <div class="visit-main">
          <div class="cards-2">
            <Card title={t('visit.customerVehicle')}>
              <Facts
                rows={[
                  [t('visit.f.customer'), <a href={`/app/customers/${s.customer.id}`}>{s.customer.name}</a>],
                  [t('visit.f.phone'), <a href={`tel:${s.customer.phone.replace(/[^+0-9]/g, '')}`}>{s.customer.phone}</a>],
                  [t('visit.f.email'), s.customer.email ?? '—'],
                  [t('visit.f.vehicle'), `${s.vehicle.model} · ${s.vehicle.plate}`],
                  [t('visit.f.vin'), <span class="mono">{s.vehicle.vin}</span>],
                  [t('visit.f.mileage'), km(s.arrival?.mileage ?? s.vehicle.mileage)],
                ]}
              />
            </Card>
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
                      ? `${p.technicians.find((x) => x.id === s.dispatch.technicianId)?.name ?? s.dispatch.technicianId}${s.dispatch.overrideReason ? ` ${t('visit.override', { reason: s.dispatch.overrideReason })}` : ''}`
                      : s.dispatch.proposal
                        ? t('visit.proposed', {
                            name:
                              p.technicians.find((x) => x.id === s.dispatch.proposal?.technicianId)?.name ??
                              s.dispatch.proposal.technicianId,
                          })
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
                        {s.qc.map((q) => (
                          <Badge tone={q.passed ? 'green' : 'red'} title={q.failedItems.join('; ')}>
                            #{q.attempt}{' '}
                            {q.passed ? t('visit.qcPassed') : t('visit.qcFailed', { items: q.failedItems.join('; ') })}
                          </Badge>
                        ))}
                      </span>
                    ) : (
                      '—'
                    ),
                  ],
                  [
                    t('visit.f.booking'),
                    s.kind === 'walk_in'
                      ? t('visit.walkIn')
                      : `${t(s.appointment.confirmed ? 'visit.confirmed' : 'visit.notConfirmed')}${s.appointment.confirmationCalls ? ` · ${t('board.calls', { n: s.appointment.confirmationCalls })}` : ''}${s.appointment.flaggedForAdvisor ? ` · ${t('visit.unreachable')}` : ''}`,
                  ],
                ]}
              />
            </Card>
          </div>

          <Card title={t('visit.workOrder')}>
            <LinesTable state={s} />
          </Card>

          <div class="cards-2">
            <Card title={t('visit.reception')}>
              {s.arrival || s.inspection || s.requestedServices.length ? (
                <Facts
                  rows={[
                    [t('visit.f.requests'), s.requestedServices.length ? s.requestedServices.join('; ') : '—'],
                    [
                      t('visit.f.arrived'),
                      s.arrival
                        ? `${when(s.arrival.at, tz)} · ${t(s.arrival.coversFitted ? 'visit.coversFitted' : 'visit.coversNotFitted')}${s.arrival.customerWaiting ? ` · ${t('visit.customerWaiting')}` : ''}`
                        : '—',
                    ],
                    [
                      t('visit.f.damage'),
                      s.inspection
                        ? s.inspection.damages.map((d) => `${d.area}: ${d.description}`).join('; ') || t('visit.none')
                        : '—',
                    ],
                    [t('visit.f.valuables'), s.inspection ? s.inspection.valuables.join(', ') || t('visit.none') : '—'],
                    [
                      t('visit.f.fuel'),
                      s.inspection ? `${fuelLabel(s.inspection.fuelLevel)} · ${km(s.inspection.mileage)}` : '—',
                    ],
                    [t('visit.f.signedBy'), s.inspection ? s.inspection.signedBy : '—'],
                    [
                      t('visit.f.warranty'),
                      s.warranty
                        ? `${t(s.warranty.covered ? 'visit.covered' : 'visit.notCovered')} ${s.warranty.reference ?? ''}`
                        : '—',
                    ],
                  ]}
                />
              ) : (
                <Empty>{t('visit.notArrived')}</Empty>
              )}
            </Card>
            <Card title={t('visit.diagnosis')}>
              {s.diagnosis ? (
                <Facts
                  rows={[
                    [t('visit.f.findings'), s.diagnosis.findings],
                    [t('visit.f.roadTest'), t(s.diagnosis.roadTest ? 'visit.yes' : 'visit.no')],
                    [t('visit.f.scan'), s.diagnosis.scanReportRef ?? '—'],
                    [t('visit.f.signedBy'), s.diagnosis.signedBy ?? '—'],
                  ]}
                />
              ) : (
                <Empty>{t('visit.noDiagnosis')}</Empty>
              )}
            </Card>
          </div>

          <div class="cards-2">
            <Card title={t('visit.customerFile')} actions={<a href={`/app/customers/${s.customer.id}`}>{t('visit.open')}</a>}>
              {vehicleFile ? (
                <Facts
                  rows={[
                    [
                      t('visit.f.lastService'),
                      vehicleFile.serviceHistory[0]
                        ? `${date(vehicleFile.serviceHistory[0].at, tz)} · ${vehicleFile.serviceHistory[0].description}`
                        : t('visit.noneOnFile'),
                    ],
                    [t('visit.f.visitsOnFile'), String(vehicleFile.serviceHistory.length)],
                    [
                      t('visit.f.declinedBefore'),
                      s.declinedBefore.length
                        ? s.declinedBefore.map((d) => `${d.description} (${money(d.totalCents)})`).join('; ')
                        : t('visit.none'),
                    ],
                    [
                      t('visit.f.nextDue'),
                      vehicleFile.nextMaintenance
                        ? t('visit.dueOr', {
                            date: date(vehicleFile.nextMaintenance.dueAt, tz),
                            km: km(vehicleFile.nextMaintenance.dueMileage),
                          })
                        : '—',
                    ],
                    [
                      t('visit.f.contact'),
                      p.file
                        ? `${t(ContactChannel.safeParse(p.file.customer.preferredChannel).success ? (`calls.prefers.${p.file.customer.preferredChannel}` as Key) : 'calls.prefers.phone')}${p.file.customer.address ? ` · ${p.file.customer.address}` : ''}`
                        : '—',
                    ],
                  ]}
                />
              ) : (
                <Empty>{t('visit.noFile')}</Empty>
              )}
            </Card>
            <Card title={t('visit.delivery')}>
              <Facts
                rows={[
                  [
                    t('visit.f.pickedUp'),
                    s.pickup
                      ? `${when(s.pickup.at, tz)} · ${t('visit.paid', { amount: money(s.pickup.paidCents), method: hasKey(`visit.method.${s.pickup.method}`) ? t(`visit.method.${s.pickup.method}` as Key) : s.pickup.method })}`
                      : '—',
                  ],
                  [
                    t('visit.f.followUp'),
                    s.followUp.reached
                      ? t('visit.reached', { n: s.followUp.satisfaction ?? '—' })
                      : s.followUp.attempts
                        ? t('visit.attempts', { n: s.followUp.attempts })
                        : '—',
                  ],
                  [
                    t('visit.f.escalated'),
                    s.followUp.escalated || s.followUp.supervisorNotified ? t('visit.supervisorTold') : '—',
                  ],
                  [
                    t('visit.f.nextService'),
                    s.nextMaintenance
                      ? t('visit.dueOr', { date: date(s.nextMaintenance.dueAt, tz), km: km(s.nextMaintenance.dueMileage) })
                      : '—',
                  ],
                ]}
              />
            </Card>
          </div>
        </div>

        <aside class="visit-side">
          {pendingApproval && mayLink ? (
            <Card title={t('visit.customerApproval')} class="card-accent" id="approval">
              <ApprovalLinkCard status={p.approvalLinks} tz={tz} />
            </Card>
          ) : null}
          <Card title={t('visit.nextSteps', { stage: stageLabel(s.stage) })}>
            {actions.length ? (
              actions.map((name) => <ActionForm name={name} ctx={ctx} failed={p.failed} visitId={p.visitId} />)
            ) : (
              <Empty>
                {s.stage === 'aftercare' || s.stage === 'closed'
                  ? `${t('visit.done')} ${s.nextMaintenance ? t('visit.nextDueAt', { date: date(s.nextMaintenance.dueAt, tz), km: km(s.nextMaintenance.dueMileage) }) : ''}`
                  : t('visit.nothingForRole', { stage: stageLabel(s.stage) })}
              </Empty>
            )}
          </Card>
          <Card title={t('documents.print')} id="print">
            <PrintList visitId={p.visitId} state={s} />
          </Card>
        </aside>
      </div>
    </Page>
  );
}
