import type { Task } from '../../api/queries/tasks.js';
import type { VisitList } from '../../api/queries/visit-list.js';
import { assigneeLabel, relative, TASK_KIND_LABEL, toLocalInput, when } from '../format.js';
import { type FailedForm, FormError, FormView, IdempotencyKey } from '../forms.js';
import { Badge, Card, Empty, Page } from '../layout.js';
import type { Session } from '../session.js';
import { WaitingForCustomer } from './approval-link.js';

/** The call list's sections [S1.1, S1.9, S1.10] and the kinds of task each holds. */
export const CALL_SECTIONS: { id: string; title: string; kinds: string[] }[] = [
  { id: 'confirmations', title: 'Confirmation calls', kinds: ['confirmation_call', 'confirmation_escalation'] },
  { id: 'no-shows', title: 'No-shows', kinds: ['no_show'] },
  { id: 'follow-ups', title: 'Follow-up calls', kinds: ['follow_up_call', 'follow_up_escalation'] },
  { id: 'reminders', title: 'Maintenance reminders', kinds: ['maintenance_reminder'] },
  { id: 'escalations', title: 'Escalations', kinds: ['approval_escalation', 'at_risk', 'rework_notice', 'supervisor_review'] },
];

/** One click per outcome: `op` names what happened on the call. */
const Outcomes = ({ task, session }: { task: Task; session: Session }) => {
  const k = task.kind;
  const button = (op: string, label: string, tone = '') => (
    <button type="submit" name="op" value={op} class={`btn btn-small ${tone}`} data-op={op}>
      {label}
    </button>
  );
  if (k === 'confirmation_call' || k === 'confirmation_escalation')
    return (
      <>
        {button('confirmed', 'Confirmed', 'btn-primary')}
        {button('not_confirmed', 'Reached, not confirmed')}
        {button('no_answer', 'No answer')}
        <a class="btn btn-small btn-ghost" href={`/app/visits/${task.visitId}#action-reschedule`}>
          Re-book…
        </a>
      </>
    );
  if (k === 'follow_up_call' || k === 'follow_up_escalation')
    return (
      <>
        <span class="sat">
          <span class="small muted">Reached · satisfaction</span>
          {[1, 2, 3, 4, 5].map((n) => button(`satisfied:${n}`, String(n), n <= 2 ? 'btn-warn' : ''))}
        </span>
        {button('no_answer', 'No answer')}
      </>
    );
  if (k === 'no_show')
    return (
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
    );
  if (k === 'maintenance_reminder')
    return (
      <>
        {button('rebooked', 'Booked', 'btn-primary')}
        {button('reached', 'Reached, later')}
        {button('no_answer', 'No answer')}
      </>
    );
  return (
    <>
      {button('done', 'Done', 'btn-primary')}
      <a class="btn btn-small btn-ghost" href={`/app/visits/${task.visitId}`}>
        Open visit
      </a>
    </>
  );
};

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
  const mayLog = ['advisor', 'manager', 'admin'].includes(p.session.staff.role);
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
              <strong>{p.tasks.filter((t) => s.kinds.includes(t.kind)).length}</strong> {s.title.toLowerCase()}
            </a>
          ))}
          <span class="chip chip-warn">
            <strong>{overdue}</strong> overdue
          </span>
        </div>
      </div>
      {CALL_SECTIONS.map((section) => {
        const tasks = p.tasks.filter((t) => section.kinds.includes(t.kind));
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
                              <span class="muted"> · {t.customer.preferredChannel}</span>
                            </div>
                          ) : null}
                        </td>
                        <td class="what">
                          <Badge tone="slate">{TASK_KIND_LABEL[t.kind] ?? t.kind}</Badge>{' '}
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
