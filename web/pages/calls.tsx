import type { JSX } from 'hono/jsx/jsx-runtime';
import type { z } from 'zod';
import type { Task } from '../../api/queries/tasks.js';
import type { VisitList } from '../../api/queries/visit-list.js';
import { FRONT_DESK_ROLES, holdsRole } from '../../domain/roles.js';
import { complaintOfTask, isTaskKind, type TaskKind } from '../../domain/tasks.js';
import type { ContactChannel } from '../../domain/visit.js';
import { assigneeLabel, relative, taskKindLabel, toLocalInput, when } from '../format.js';
import { type FailedForm, FormError, FormView, IdempotencyKey } from '../forms.js';
import { Badge, Card, Empty, Page } from '../layout.js';
import type { Session } from '../session.js';
import { WaitingForCustomer } from './approval-link.js';

type SectionId = 'confirmations' | 'no-shows' | 'follow-ups' | 'reminders' | 'escalations' | 'messages' | 'care' | 'shop';

/** The call list's sections [S1.1, S1.9, S1.10, S4, S7], in the order a working day reads them. */
export const CALL_SECTIONS: { id: SectionId; title: string }[] = [
  { id: 'confirmations', title: 'Confirmation calls' },
  { id: 'no-shows', title: 'No-shows' },
  { id: 'follow-ups', title: 'Follow-up calls' },
  { id: 'messages', title: 'Messages not delivered' },
  { id: 'care', title: 'Complaints and rescues' },
  { id: 'escalations', title: 'Escalations' },
  { id: 'reminders', title: 'Maintenance reminders' },
  { id: 'shop', title: 'Shop alerts' },
];

/** Where each kind of task is listed. */
export const TASK_SECTION: Record<TaskKind, SectionId> = {
  confirmation_call: 'confirmations',
  confirmation_escalation: 'confirmations',
  no_show: 'no-shows',
  approval_escalation: 'escalations',
  at_risk: 'escalations',
  follow_up_call: 'follow-ups',
  follow_up_escalation: 'follow-ups',
  supervisor_review: 'escalations',
  maintenance_reminder: 'reminders',
  delivery_failed: 'messages',
  complaint_assignment: 'care',
  complaint_escalation: 'care',
  rescue_escalation: 'care',
  kpi_alert: 'shop',
  problem_review: 'shop',
  incident: 'shop',
};

/** A row the system wrote before its kind was renamed still shows, among the escalations. */
const sectionOf = (kind: string): SectionId => (isTaskKind(kind) ? TASK_SECTION[kind] : 'escalations');

const CHANNEL_LABEL: Record<z.infer<typeof ContactChannel>, string> = {
  sms: 'prefers SMS',
  email: 'prefers e-mail',
  phone: 'prefers a call',
};

/** The one-click outcomes a kind of task offers; `op` names what happened. */
type OutcomeSet =
  | 'confirmation'
  | 'no_show'
  | 'follow_up'
  | 'reminder'
  | 'visit'
  | 'message'
  | 'complaint'
  | 'rescue'
  | 'kpis'
  | 'incident';
export const TASK_OUTCOMES: Record<TaskKind, OutcomeSet> = {
  confirmation_call: 'confirmation',
  confirmation_escalation: 'confirmation',
  no_show: 'no_show',
  approval_escalation: 'visit',
  at_risk: 'visit',
  follow_up_call: 'follow_up',
  follow_up_escalation: 'follow_up',
  supervisor_review: 'visit',
  maintenance_reminder: 'reminder',
  delivery_failed: 'message',
  complaint_assignment: 'complaint',
  complaint_escalation: 'complaint',
  rescue_escalation: 'rescue',
  kpi_alert: 'kpis',
  problem_review: 'kpis',
  incident: 'incident',
};

const button = (op: string, label: string, tone = '') => (
  <button type="submit" name="op" value={op} class={`btn btn-small ${tone}`} data-op={op}>
    {label}
  </button>
);
const link = (href: string, label: string, tone = 'btn-ghost') => (
  <a class={`btn btn-small ${tone}`} href={href} data-link>
    {label}
  </a>
);
const visitLink = (task: Task) => (task.visitId ? link(`/app/visits/${encodeURIComponent(task.visitId)}`, 'Open visit') : null);

const OUTCOMES: Record<OutcomeSet, (task: Task, session: Session) => JSX.Element | null> = {
  confirmation: (task) => (
    <>
      {button('confirmed', 'Confirmed', 'btn-primary')}
      {button('not_confirmed', 'Reached, not confirmed')}
      {button('no_answer', 'No answer')}
      {task.visitId ? link(`/app/visits/${encodeURIComponent(task.visitId)}#action-reschedule`, 'Re-book…') : null}
    </>
  ),
  follow_up: () => (
    <>
      <span class="sat">
        <span class="small muted">Reached · satisfaction</span>
        {[1, 2, 3, 4, 5].map((n) => button(`satisfied:${n}`, String(n), n <= 2 ? 'btn-warn' : ''))}
      </span>
      {button('no_answer', 'No answer')}
    </>
  ),
  no_show: (_task, session) => (
    <>
      <input
        type="datetime-local"
        name="appointmentAt"
        aria-label="New appointment time"
        value={toLocalInput(Math.ceil((Date.now() + 86_400_000) / 1_800_000) * 1_800_000, session.tz)}
      />
      {button('rebook', 'Re-book', 'btn-primary')}
      {button('no_answer', 'No answer')}
      {button('give_up', 'Will not come', 'btn-danger')}
    </>
  ),
  reminder: () => (
    <>
      {button('rebooked', 'Booked', 'btn-primary')}
      {button('reached', 'Reached, later')}
      {button('no_answer', 'No answer')}
    </>
  ),
  visit: (task) => (
    <>
      {button('done', 'Done', 'btn-primary')}
      {visitLink(task)}
    </>
  ),
  // The message's text is in the task's title: the advisor reads it out, or sends it another way.
  message: (task) => (
    <>
      {button('reached', 'Told them', 'btn-primary')}
      {button('done', 'Sent another way')}
      {visitLink(task)}
    </>
  ),
  // The complaint closes its own tasks when an owner is named and when the outcome is reported.
  complaint: (task) => {
    const complaintId = complaintOfTask(task);
    return complaintId ? link(`/app/complaints/${encodeURIComponent(complaintId)}`, 'Work the complaint', 'btn-primary') : null;
  },
  rescue: () => button('done', 'Taken over', 'btn-primary'),
  kpis: () => (
    <>
      {button('done', 'Reviewed', 'btn-primary')}
      {link('/app/kpis', 'Open KPIs')}
    </>
  ),
  incident: (task) => (
    <>
      {button('done', 'Repaired', 'btn-primary')}
      {visitLink(task)}
    </>
  ),
};

const Outcomes = ({ task, session }: { task: Task; session: Session }) =>
  OUTCOMES[isTaskKind(task.kind) ? TASK_OUTCOMES[task.kind] : 'visit'](task, session);

export interface CallsPageProps {
  session: Session;
  tasks: Task[];
  failed?: FailedForm;
  flash?: string;
  /** Visits whose estimate or extra work waits for the customer. */
  waiting?: VisitList['items'];
}

export function CallsPage(p: CallsPageProps) {
  const tz = p.session.tz;
  const mayLog = holdsRole(p.session.staff.role, FRONT_DESK_ROLES);
  const overdue = p.tasks.filter((t) => t.overdue).length;
  return (
    <Page title="Call list" session={p.session} screen="calls" flash={p.flash}>
      <div class="page-head">
        <div>
          <h1>Call list</h1>
          <p class="sub">Earliest due first · a logged call that changes the visit is sent to the visit itself</p>
        </div>
        <div class="chips">
          {CALL_SECTIONS.map((s) => (
            <a class="chip" href={`#${s.id}`}>
              <strong>{p.tasks.filter((t) => sectionOf(t.kind) === s.id).length}</strong> {s.title.toLowerCase()}
            </a>
          ))}
          <span class="chip chip-warn">
            <strong>{overdue}</strong> overdue
          </span>
        </div>
      </div>
      {CALL_SECTIONS.map((section) => {
        const tasks = p.tasks.filter((t) => sectionOf(t.kind) === section.id);
        return (
          <Card title={`${section.title} (${tasks.length})`} class="calls" id={section.id}>
            {tasks.length === 0 ? (
              <Empty>Nothing to call.</Empty>
            ) : (
              <table class="table table-calls">
                <tbody>
                  {tasks.map((t) => {
                    const form = new FormView(`task-${t.id}`, p.failed);
                    return (
                      <tr data-task={t.id} data-kind={t.kind} class={t.overdue ? 'overdue' : ''}>
                        <td class="due">
                          <strong>{when(t.dueAt, tz)}</strong>
                          <div class="small muted">{relative(t.dueAt)}</div>
                          {t.overdue ? <Badge tone="red">overdue</Badge> : null}
                        </td>
                        <td class="callee">
                          <strong>{t.customer?.name ?? '—'}</strong>
                          {t.customer ? (
                            <div class="small">
                              <a href={`tel:${t.customer.phone.replace(/[^+0-9]/g, '')}`}>{t.customer.phone}</a>
                              <span class="muted">
                                {' '}
                                ·{' '}
                                {CHANNEL_LABEL[t.customer.preferredChannel as z.infer<typeof ContactChannel>] ?? 'prefers a call'}
                              </span>
                            </div>
                          ) : null}
                        </td>
                        <td class="what">
                          <Badge tone="slate">{isTaskKind(t.kind) ? taskKindLabel(t.kind) : 'Task'}</Badge>{' '}
                          {t.plate ? <a href={`/app/visits/${t.visitId}`}>{t.plate}</a> : null}
                          <div class="small">{t.title}</div>
                          {t.attempts > 1 ? <div class="small muted">attempt {t.attempts}</div> : null}
                        </td>
                        <td class="outcome">
                          {mayLog ? (
                            <form method="post" action={`/app/calls/${encodeURIComponent(t.id)}`} class="outcome-form">
                              <IdempotencyKey />
                              <input type="hidden" name="visitId" value={t.visitId ?? ''} />
                              <input type="hidden" name="kind" value={t.kind} />
                              <FormError form={form} />
                              <Outcomes task={t} session={p.session} />
                            </form>
                          ) : (
                            <span class="muted small">for {assigneeLabel(t.assigneeRole)}</span>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            )}
          </Card>
        );
      })}
      {p.waiting ? <WaitingForCustomer visits={p.waiting} tz={tz} /> : null}
    </Page>
  );
}
