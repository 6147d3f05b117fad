import type { JSX } from 'hono/jsx/jsx-runtime';
import type { Task } from '../../api/queries/tasks.js';
import type { VisitList } from '../../api/queries/visit-list.js';
import { offeredTime, type ShopCalendar } from '../../domain/calendar-rules.js';
import type { Directory } from '../../domain/staff.js';
import type { SurveySummary } from '../../domain/survey.js';
import { complaintOfTask, isTaskKind, type TaskKind } from '../../domain/tasks.js';
import { ContactChannel } from '../../domain/visit.js';
import { taskText } from '../entry-words.js';
import { Check } from '../fields.js';
import { relative, taskKindLabel, toLocalInput, when } from '../format.js';
import { type FailedForm, FormError, FormView, IdempotencyKey } from '../forms.js';
import { hasKey, type Key, t } from '../i18n/index.js';
import { Badge, Card, Empty, Page } from '../layout.js';
import type { LiveMark } from '../live/topics.js';
import { mayOpen } from '../screen-roles.js';
import type { Session } from '../session.js';
import { WaitingForCustomer } from './approval-link.js';
import { LowSurveysCard } from './surveys.js';

type SectionId = 'confirmations' | 'no-shows' | 'follow-ups' | 'reminders' | 'escalations' | 'messages' | 'care' | 'shop';

/** The call list's sections [S1.1, S1.9, S1.10, S4, S7], in the order a working day reads them (titles: `calls.section.*`). */
const CALL_SECTIONS: SectionId[] = [
  'confirmations',
  'no-shows',
  'follow-ups',
  'messages',
  'care',
  'escalations',
  'reminders',
  'shop',
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
  parts_preparation: 'confirmations',
  campaign_call: 'reminders',
  delivery_failed: 'messages',
  complaint_assignment: 'care',
  complaint_escalation: 'care',
  rescue_escalation: 'care',
  hotline_callback: 'care',
  kpi_alert: 'shop',
  problem_review: 'shop',
  incident: 'shop',
};

/** A row the system wrote before its kind was renamed still shows, among the escalations. */
const sectionOf = (kind: string): SectionId => (isTaskKind(kind) ? TASK_SECTION[kind] : 'escalations');

const prefers = (channel: string) =>
  t(ContactChannel.safeParse(channel).success ? (`calls.prefers.${channel}` as Key) : 'calls.prefers.phone');

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
  | 'callback'
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
  parts_preparation: 'visit',
  campaign_call: 'reminder',
  delivery_failed: 'message',
  complaint_assignment: 'complaint',
  complaint_escalation: 'complaint',
  rescue_escalation: 'rescue',
  hotline_callback: 'callback',
  kpi_alert: 'kpis',
  problem_review: 'kpis',
  incident: 'incident',
};

const button = (op: string, label: Key | string, tone = '') => (
  <button type="submit" name="op" value={op} class={`btn btn-small ${tone}`} data-op={op}>
    {hasKey(label) ? t(label) : label}
  </button>
);
const link = (href: string, label: Key, tone = 'btn-ghost') => (
  <a class={`btn btn-small ${tone}`} href={href} data-link>
    {t(label)}
  </a>
);
const visitLink = (task: Task) =>
  task.visitId ? link(`/app/visits/${encodeURIComponent(task.visitId)}`, 'calls.op.openVisit') : null;

/** What a task's outcomes are offered with: the person, the form, and the time a re-booking offers. */
interface OutcomeContext {
  session: Session;
  form: FormView;
  rebookAt: number;
}

const OUTCOMES: Record<OutcomeSet, (task: Task, ctx: OutcomeContext) => JSX.Element | null> = {
  confirmation: (task) => (
    <>
      {button('confirmed', 'calls.op.confirmed', 'btn-primary')}
      {button('not_confirmed', 'calls.op.notConfirmed')}
      {button('no_answer', 'calls.op.noAnswer')}
      {task.visitId ? link(`/app/visits/${encodeURIComponent(task.visitId)}#action-reschedule`, 'calls.op.rebookVisit') : null}
    </>
  ),
  follow_up: () => (
    <>
      <span class="sat">
        <span class="small muted">{t('calls.op.satisfaction')}</span>
        {[1, 2, 3, 4, 5].map((n) => button(`satisfied:${n}`, String(n), n <= 2 ? 'btn-warn' : ''))}
      </span>
      {button('no_answer', 'calls.op.noAnswer')}
    </>
  ),
  no_show: (_task, { session, form, rebookAt }) => (
    <>
      <input
        type="datetime-local"
        name="appointmentAt"
        aria-label={t('calls.op.newTime')}
        value={form.value('appointmentAt', toLocalInput(rebookAt, session.tz))}
      />
      {/* Offered once the API says the shop is closed then, as on the visit's own form (web/actions/appointment.tsx). */}
      {form.errorExact('confirmClosed') || form.checked('confirmClosed') ? (
        <Check form={form} name="confirmClosed" label={t('actionForm.moveAnyway')} />
      ) : null}
      {button('rebook', 'calls.op.rebook', 'btn-primary')}
      {button('no_answer', 'calls.op.noAnswer')}
      {button('give_up', 'calls.op.giveUp', 'btn-danger')}
    </>
  ),
  reminder: () => (
    <>
      {button('rebooked', 'calls.op.booked', 'btn-primary')}
      {button('reached', 'calls.op.later')}
      {button('no_answer', 'calls.op.noAnswer')}
    </>
  ),
  visit: (task) => (
    <>
      {button('done', 'calls.op.done', 'btn-primary')}
      {visitLink(task)}
    </>
  ),
  // The message's text is in the task's title: the advisor reads it out, or sends it another way.
  message: (task) => (
    <>
      {button('reached', 'calls.op.told', 'btn-primary')}
      {button('done', 'calls.op.otherWay')}
      {visitLink(task)}
    </>
  ),
  // The complaint closes its own tasks when an owner is named and when the outcome is reported.
  complaint: (task) => {
    const complaintId = complaintOfTask(task);
    return complaintId ? link(`/app/complaints/${encodeURIComponent(complaintId)}`, 'calls.op.complaint', 'btn-primary') : null;
  },
  // A rescue running late far away: the nearest service point may reach the car sooner.
  rescue: () => (
    <>
      {button('done', 'calls.op.takenOver', 'btn-primary')}
      {link('/app/contact-list', 'contacts.nearestForRescue')}
    </>
  ),
  // The hotline promised the caller an advisor: answered, or booked into the shop. Nobody answering keeps the
  // promise open, so there is no "no answer" that would take it off the list.
  callback: () => (
    <>
      {button('reached', 'calls.op.answered', 'btn-primary')}
      {button('rebooked', 'calls.op.booked')}
    </>
  ),
  kpis: (_task, { session }) => (
    <>
      {button('done', 'calls.op.reviewed', 'btn-primary')}
      {mayOpen(session.staff.role, 'kpis') ? link('/app/kpis', 'calls.op.openKpis') : null}
    </>
  ),
  incident: (task) => (
    <>
      {button('done', 'calls.op.repaired', 'btn-primary')}
      {visitLink(task)}
    </>
  ),
};

const Outcomes = ({ task, ...ctx }: { task: Task } & OutcomeContext) =>
  OUTCOMES[isTaskKind(task.kind) ? TASK_OUTCOMES[task.kind] : 'visit'](task, ctx);

export interface CallsPageProps {
  session: Session;
  tasks: Task[];
  /** Names the staff a task mentions (a message that could not reach a colleague). */
  directory: Directory;
  failed?: FailedForm;
  flash?: string;
  /** Visits whose estimate or extra work waits for the customer. */
  waiting?: VisitList['items'];
  /** The published calendar (`GET /calendar`): a re-booking is offered a time the shop is open. */
  calendar: ShopCalendar;
  /** The customers' survey answers of the last 30 days: the low overall ones are calls back to make. */
  lowSurveys?: SurveySummary;
  live?: LiveMark;
}

/** A no-show is offered a new time a day ahead at the earliest, on the half hour, when the shop is open. */
const REBOOK_LEAD_MS = 86_400_000;
const HALF_HOUR_MS = 1_800_000;

export function CallsPage(p: CallsPageProps) {
  const tz = p.session.tz;
  const rebookAt = offeredTime(p.calendar, Date.now() + REBOOK_LEAD_MS, HALF_HOUR_MS);
  const overdue = p.tasks.filter((task) => task.overdue).length;
  return (
    <Page title={t('calls.title')} session={p.session} screen="calls" flash={p.flash} live={p.live}>
      <div class="page-head">
        <div>
          <h1>{t('calls.title')}</h1>
          <p class="sub">{t('calls.sub')}</p>
          {/* The hotline's calls come in here: a caller stranded far away is given the nearest service point. */}
          <p class="small">
            <a href="/app/contact-list" data-contact-list-link>
              {t('contacts.fromCalls')}
            </a>
          </p>
        </div>
        <div class="chips">
          {CALL_SECTIONS.map((id) => (
            <a class="chip" href={`#${id}`}>
              <strong>{p.tasks.filter((task) => sectionOf(task.kind) === id).length}</strong> {t(`calls.chip.${id}`)}
            </a>
          ))}
          <span class="chip chip-warn">
            <strong>{overdue}</strong> {t('calls.overdue')}
          </span>
        </div>
      </div>
      {CALL_SECTIONS.map((id) => {
        const tasks = p.tasks.filter((task) => sectionOf(task.kind) === id);
        return (
          <Card title={t('calls.sectionTitle', { title: t(`calls.section.${id}`), n: tasks.length })} class="calls" id={id}>
            {tasks.length === 0 ? (
              <Empty>{t('calls.nothing')}</Empty>
            ) : (
              <table class="table table-calls">
                <tbody>
                  {tasks.map((task) => {
                    const form = new FormView(`task-${task.id}`, p.failed);
                    return (
                      <tr data-task={task.id} data-kind={task.kind} class={task.overdue ? 'overdue' : ''}>
                        <td class="due">
                          <strong>{when(task.dueAt, tz)}</strong>
                          <div class="small muted">{relative(task.dueAt)}</div>
                          {task.overdue ? <Badge tone="red">{t('calls.overdue')}</Badge> : null}
                        </td>
                        <td class="callee">
                          <strong>{task.customer?.name ?? '—'}</strong>
                          {task.customer ? (
                            <div class="small">
                              <a href={`tel:${task.customer.phone.replace(/[^+0-9]/g, '')}`}>{task.customer.phone}</a>
                              <span class="muted"> · {prefers(task.customer.preferredChannel)}</span>
                            </div>
                          ) : null}
                        </td>
                        <td class="what">
                          <Badge tone="slate">{isTaskKind(task.kind) ? taskKindLabel(task.kind) : t('calls.task')}</Badge>{' '}
                          {task.plate ? <a href={`/app/visits/${task.visitId}`}>{task.plate}</a> : null}
                          <div class="small">{taskText(task, { directory: p.directory, tz })}</div>
                          {task.attempts > 1 ? <div class="small muted">{t('calls.attempt', { n: task.attempts })}</div> : null}
                        </td>
                        <td class="outcome">
                          <form method="post" action={`/app/calls/${encodeURIComponent(task.id)}`} class="outcome-form">
                            <IdempotencyKey />
                            <input type="hidden" name="visitId" value={task.visitId ?? ''} />
                            <input type="hidden" name="kind" value={task.kind} />
                            {/* The booked time a confirmation call is about: moved meanwhile, the call is refused. */}
                            <input type="hidden" name="callAbout" value={task.visit?.appointmentAt ?? ''} />
                            <FormError form={form} />
                            <Outcomes task={task} session={p.session} form={form} rebookAt={rebookAt} />
                          </form>
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
      {p.lowSurveys ? <LowSurveysCard summary={p.lowSurveys} tz={tz} /> : null}
    </Page>
  );
}
