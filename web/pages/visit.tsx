import type { Child } from 'hono/jsx';
import type { ApprovalLinkStatus } from '../../api/queries/approval-links.js';
import type { CustomerFile } from '../../api/queries/customer-file.js';
import type { ActionName } from '../../domain/actions.js';
import { FRONT_DESK_ROLES, holdsRole, TIMELINE_READERS } from '../../domain/roles.js';
import type { Directory } from '../../domain/staff.js';
import type { Stage } from '../../domain/stages.js';
import type { VisitState } from '../../domain/visit-state.js';
import { ACTION_UI, type ActionContext, availableActions } from '../actions.js';
import { date, dateTime, fuelLabel, km, money, reasonLabel, relative, stageLabel, when, who } from '../format.js';
import { type FailedForm, FormError, FormView, IdempotencyKey } from '../forms.js';
import { Badge, Card, Empty, Facts, Page, PromiseBadge, StageBadge } from '../layout.js';
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

/** The ten steps of the loop [S1], as the progress strip shows them. */
const STEPS: [Stage, string][] = [
  ['booked', 'Booked'],
  ['reception', 'Reception'],
  ['diagnosis', 'Diagnosis'],
  ['awaiting_approval', 'Approval'],
  ['awaiting_dispatch', 'Dispatch'],
  ['in_repair', 'Repair'],
  ['quality_check', 'QC'],
  ['ready_for_pickup', 'Pickup'],
  ['follow_up', 'Follow-up'],
  ['aftercare', 'Aftercare'],
];

const Progress = ({ stage }: { stage: Stage }) => {
  const at = stage === 'closed' ? STEPS.length : STEPS.findIndex(([s]) => s === stage);
  return (
    <ol class="progress" aria-label="Where the visit is">
      {STEPS.map(([s, label], i) => (
        <li class={i < at ? 'done' : i === at ? 'current' : ''} aria-current={i === at ? 'step' : undefined} data-stage={s}>
          {label}
        </li>
      ))}
    </ol>
  );
};

/** What the lines still waiting for a decision add up to (recall lines are free). */
const proposedCents = (s: VisitState) =>
  s.lines.filter((l) => l.status === 'proposed' && !l.campaign).reduce((sum, l) => sum + l.totalCents, 0);

const LINE_TONE: Record<string, string> = { proposed: 'amber', approved: 'blue', declined: 'grey', done: 'green' };

const LinesTable = ({ state }: { state: VisitState }) =>
  state.lines.length === 0 ? (
    <Empty>No estimate yet.</Empty>
  ) : (
    <>
      <table class="table">
        <thead>
          <tr>
            <th>Work</th>
            <th class="num">Qty</th>
            <th class="num">Unit</th>
            <th class="num">Total</th>
            <th>Status</th>
          </tr>
        </thead>
        <tbody>
          {state.lines.map((l) => (
            <tr class={l.status === 'declined' ? 'declined' : ''} data-line={l.description}>
              <td>
                {l.description}
                <div class="muted small">
                  {l.kind === 'labour' ? 'Labour' : 'Part'}
                  {l.source === 'additional_work' ? ' · additional work' : ''}
                  {l.campaign ? ' · recall, free' : ''}
                  {l.offeredFromLineId ? ' · offered again' : ''}
                  {l.kind === 'labour' ? ` · skill ${l.requiredSkill}` : ''}
                </div>
              </td>
              <td class="num">{l.quantity}</td>
              <td class="num">{money(l.unitPriceCents)}</td>
              <td class="num">{money(l.totalCents)}</td>
              <td>
                <Badge tone={LINE_TONE[l.status] ?? 'grey'}>{l.status}</Badge>
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          {proposedCents(state) ? (
            <tr>
              <td colspan={3}>Waiting for the customer’s decision (before tax)</td>
              <td class="num">{money(proposedCents(state))}</td>
              <td class="muted small">proposed</td>
            </tr>
          ) : null}
          <tr>
            <td colspan={3}>
              Labour {money(state.totals.labourCents)} · Parts {money(state.totals.partsCents)}
              {state.totals.discountCents ? ` · Discount −${money(state.totals.discountCents)}` : ''} · Tax{' '}
              {money(state.totals.taxCents)}
            </td>
            <td class="num strong">{money(state.totals.totalCents)}</td>
            <td class="muted small">invoice</td>
          </tr>
        </tfoot>
      </table>
      {state.approvals.length ? (
        <ul class="plain small muted">
          {state.approvals.map((a) => (
            <li>
              {a.subject === 'estimate' ? 'Estimate' : 'Additional work'} sent {relative(a.requestedAt)}
              {a.decidedAt ? ` · decided ${relative(a.decidedAt)}` : ' · waiting for the customer'}
              {a.customerRemindedAt ? ' · customer reminded' : ''}
              {a.linkResentAt && !a.decidedAt ? ` · link sent again ${relative(a.linkResentAt)}` : ''}
              {a.escalatedAt ? ' · escalated to the advisor' : ''}
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );

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
      <summary>{ui.title}</summary>
      <form method="post" action={`/app/visits/${visitId}/actions/${name}`} class="action-form" novalidate data-action={name}>
        <IdempotencyKey />
        <FormError form={form} />
        {Fields ? <Fields form={form} ctx={ctx} /> : null}
        <div class="form-actions">
          {ui.submits ? (
            ui.submits.map((s) => (
              <button type="submit" name={s.name} value={s.value} class={`btn ${s.danger ? 'btn-danger' : 'btn-primary'}`}>
                {s.label}
              </button>
            ))
          ) : (
            <button type="submit" class={`btn ${ui.danger ? 'btn-danger' : 'btn-primary'}`}>
              {ui.submit}
            </button>
          )}
        </div>
      </form>
    </details>
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
  const title = `RO ${record.roNumber ?? ''} · ${s.vehicle.plate}`;

  return (
    <Page title={title} session={session} screen="visit" flash={p.flash}>
      <div class="page-head">
        <div>
          <h1>
            <span class="ro">RO {record.roNumber ?? '—'}</span> {s.vehicle.plate} <span class="muted">· {s.vehicle.model}</span>
          </h1>
          <p class="sub">
            {s.customer.name} · {s.kind === 'walk_in' ? 'Walk-in' : `Appointment ${dateTime(s.appointmentAt, tz)}`} · advisor{' '}
            {who(p.directory ?? new Map(), s.advisorId)} · <span title="Dispatch priority">{reasonLabel(s.priorityReason)}</span>
          </p>
        </div>
        <div class="head-badges">
          <StageBadge stage={s.stage} />
          <PromiseBadge atRisk={s.atRisk} late={s.late} promisedAt={s.promisedAt} />
          {s.reworkCount ? <Badge tone="red">Rework ×{s.reworkCount}</Badge> : null}
          {s.incidents?.length ? (
            <Badge tone="red" title={s.incidents.map((i) => i.cause).join('\n')}>
              Needs attention: {s.incidents.length} record(s) refused
            </Badge>
          ) : null}
        </div>
        <div class="head-links">
          <a class="btn btn-ghost btn-small" href={`/app/customers/${s.customer.id}`}>
            Customer file
          </a>
          {manager ? (
            <a class="btn btn-ghost btn-small" href={`/app/visits/${p.visitId}/timeline`}>
              Timeline
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
            <Card title="Customer and vehicle">
              <Facts
                rows={[
                  ['Customer', <a href={`/app/customers/${s.customer.id}`}>{s.customer.name}</a>],
                  ['Phone', <a href={`tel:${s.customer.phone.replace(/[^+0-9]/g, '')}`}>{s.customer.phone}</a>],
                  ['E-mail', s.customer.email ?? '—'],
                  ['Vehicle', `${s.vehicle.model} · ${s.vehicle.plate}`],
                  ['VIN', <span class="mono">{s.vehicle.vin}</span>],
                  ['Mileage', km(s.arrival?.mileage ?? s.vehicle.mileage)],
                ]}
              />
            </Card>
            <Card title="Promise and workshop">
              <Facts
                rows={[
                  [
                    'Promised',
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
                          'Workshop plan',
                          <span data-plan-late>
                            <Badge tone="red">misses the promise</Badge> finishes {dateTime(p.plan.finishAt, tz)}
                            {actions.includes('revise_promise') ? (
                              <>
                                {' '}
                                · <a href="#action-revise_promise">tell the customer a new time</a>
                              </>
                            ) : null}
                          </span>,
                        ],
                      ] as [string, Child][])
                    : []),
                  [
                    'Technician',
                    s.dispatch.technicianId
                      ? `${p.technicians.find((t) => t.id === s.dispatch.technicianId)?.name ?? s.dispatch.technicianId}${s.dispatch.overrideReason ? ` (override: ${s.dispatch.overrideReason})` : ''}`
                      : s.dispatch.proposal
                        ? `proposed ${p.technicians.find((t) => t.id === s.dispatch.proposal?.technicianId)?.name ?? s.dispatch.proposal.technicianId}`
                        : '—',
                  ],
                  [
                    'Work',
                    s.work.completedAt
                      ? `done ${when(s.work.completedAt, tz)}`
                      : s.work.inProgress
                        ? `in progress since ${when(s.work.startedAt, tz)}`
                        : s.work.startedAt
                          ? 'paused'
                          : '—',
                  ],
                  [
                    'Quality control',
                    s.qc.length ? (
                      <span>
                        {s.qc.map((q) => (
                          <Badge tone={q.passed ? 'green' : 'red'} title={q.failedItems.join('; ')}>
                            #{q.attempt} {q.passed ? 'passed' : `failed: ${q.failedItems.join('; ')}`}
                          </Badge>
                        ))}
                      </span>
                    ) : (
                      '—'
                    ),
                  ],
                  [
                    'Booking',
                    s.kind === 'walk_in'
                      ? 'Walk-in'
                      : `${s.appointment.confirmed ? 'confirmed' : 'not confirmed'}${s.appointment.confirmationCalls ? ` · ${s.appointment.confirmationCalls} call(s)` : ''}${s.appointment.flaggedForAdvisor ? ' · unreachable' : ''}`,
                  ],
                ]}
              />
            </Card>
          </div>

          <Card title="Work order">
            <LinesTable state={s} />
          </Card>

          <div class="cards-2">
            <Card title="Reception">
              {s.arrival || s.inspection || s.requestedServices.length ? (
                <Facts
                  rows={[
                    ['Requests', s.requestedServices.length ? s.requestedServices.join('; ') : '—'],
                    [
                      'Arrived',
                      s.arrival
                        ? `${when(s.arrival.at, tz)} · covers ${s.arrival.coversFitted ? 'fitted' : 'not fitted'}${s.arrival.customerWaiting ? ' · customer waiting' : ''}`
                        : '—',
                    ],
                    [
                      'Damage',
                      s.inspection ? s.inspection.damages.map((d) => `${d.area}: ${d.description}`).join('; ') || 'none' : '—',
                    ],
                    ['Valuables', s.inspection ? s.inspection.valuables.join(', ') || 'none' : '—'],
                    ['Fuel · km', s.inspection ? `${fuelLabel(s.inspection.fuelLevel)} · ${km(s.inspection.mileage)}` : '—'],
                    ['Signed by', s.inspection ? s.inspection.signedBy : '—'],
                    [
                      'Warranty',
                      s.warranty ? `${s.warranty.covered ? 'covered' : 'not covered'} ${s.warranty.reference ?? ''}` : '—',
                    ],
                  ]}
                />
              ) : (
                <Empty>Not arrived yet.</Empty>
              )}
            </Card>
            <Card title="Diagnosis">
              {s.diagnosis ? (
                <Facts
                  rows={[
                    ['Findings', s.diagnosis.findings],
                    ['Road test', s.diagnosis.roadTest ? 'yes' : 'no'],
                    ['Scan report', s.diagnosis.scanReportRef ?? '—'],
                    ['Signed by', s.diagnosis.signedBy ?? '—'],
                  ]}
                />
              ) : (
                <Empty>No diagnosis yet.</Empty>
              )}
            </Card>
          </div>

          <div class="cards-2">
            <Card title="Customer file" actions={<a href={`/app/customers/${s.customer.id}`}>Open</a>}>
              {vehicleFile ? (
                <Facts
                  rows={[
                    [
                      'Last service',
                      vehicleFile.serviceHistory[0]
                        ? `${date(vehicleFile.serviceHistory[0].at, tz)} · ${vehicleFile.serviceHistory[0].description}`
                        : 'none on file',
                    ],
                    ['Visits on file', String(vehicleFile.serviceHistory.length)],
                    [
                      'Declined before',
                      s.declinedBefore.length
                        ? s.declinedBefore.map((d) => `${d.description} (${money(d.totalCents)})`).join('; ')
                        : 'none',
                    ],
                    [
                      'Next due',
                      vehicleFile.nextMaintenance
                        ? `${date(vehicleFile.nextMaintenance.dueAt, tz)} or ${km(vehicleFile.nextMaintenance.dueMileage)}`
                        : '—',
                    ],
                    [
                      'Contact',
                      p.file
                        ? `${p.file.customer.preferredChannel}${p.file.customer.address ? ` · ${p.file.customer.address}` : ''}`
                        : '—',
                    ],
                  ]}
                />
              ) : (
                <Empty>No file.</Empty>
              )}
            </Card>
            <Card title="Delivery and follow-up">
              <Facts
                rows={[
                  [
                    'Picked up',
                    s.pickup ? `${when(s.pickup.at, tz)} · paid ${money(s.pickup.paidCents)} by ${s.pickup.method}` : '—',
                  ],
                  [
                    'Follow-up',
                    s.followUp.reached
                      ? `reached · satisfaction ${s.followUp.satisfaction ?? '—'}/5`
                      : s.followUp.attempts
                        ? `${s.followUp.attempts} attempt(s), not reached`
                        : '—',
                  ],
                  ['Escalated', s.followUp.escalated || s.followUp.supervisorNotified ? 'supervisor told' : '—'],
                  [
                    'Next service',
                    s.nextMaintenance ? `${date(s.nextMaintenance.dueAt, tz)} or ${km(s.nextMaintenance.dueMileage)}` : '—',
                  ],
                ]}
              />
            </Card>
          </div>
        </div>

        <aside class="visit-side">
          {pendingApproval && mayLink ? (
            <Card title="Customer approval" class="card-accent" id="approval">
              <ApprovalLinkCard status={p.approvalLinks} tz={tz} />
            </Card>
          ) : null}
          <Card title={`Next steps · ${stageLabel(s.stage)}`}>
            {actions.length ? (
              actions.map((name) => <ActionForm name={name} ctx={ctx} failed={p.failed} visitId={p.visitId} />)
            ) : (
              <Empty>
                {s.stage === 'aftercare' || s.stage === 'closed'
                  ? `Done. ${s.nextMaintenance ? `Next service due ${date(s.nextMaintenance.dueAt, tz)} or at ${km(s.nextMaintenance.dueMileage)}.` : ''}`
                  : `Nothing for your role to do while the visit is ${stageLabel(s.stage).toLowerCase()}.`}
              </Empty>
            )}
          </Card>
        </aside>
      </div>
    </Page>
  );
}

/** The visit's record when the workflow is gone from Temporal's retention. */
export const ArchivedVisitPage = ({
  session,
  record,
  visitId,
  directory,
}: {
  session: Session;
  record: VisitRecord;
  visitId: string;
  directory: Directory;
}) => (
  <Page title={`RO ${record.roNumber ?? ''}`} session={session} screen="visit">
    <div class="page-head">
      <h1>
        <span class="ro">RO {record.roNumber ?? '—'}</span> {record.plate}
      </h1>
      <StageBadge stage={record.stage ?? 'closed'} />
    </div>
    <Card title="Archived visit">
      <p>The visit’s process is no longer in Temporal; its records remain.</p>
      <Facts
        rows={[
          ['Visit', visitId],
          ['Advisor', who(directory, record.advisorId)],
          ['Invoice total', money(record.totalCents)],
        ]}
      />
      {record.customerId ? <a href={`/app/customers/${record.customerId}`}>Customer file</a> : null}
    </Card>
  </Page>
);
