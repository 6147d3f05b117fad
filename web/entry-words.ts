import { callReference } from '../domain/call-reference.js';
import { type Translations, wordedIn } from '../domain/catalogue.js';
import {
  CARE_ENTRY_TYPES_OF,
  customerCancelled,
  type EntryDetail,
  isOneOf,
  VISIT_EVENT_TYPES,
  type VisitEventType,
} from '../domain/entry-words.js';
import { KPI_DEFINITIONS, KpiName } from '../domain/kpis.js';
import { rescueRequestParts } from '../domain/rescue-rules.js';
import type { Directory } from '../domain/staff.js';
import { isTaskKind, type TaskKind } from '../domain/tasks.js';
import { dateTime, fuelLabel, km, money, reasonLabel, who } from './format.js';
import { hasKey, type Key, language, t } from './i18n/index.js';
import { formatKpi } from './pages/kpis/figures.js';

// Issue 17, "labels, not codes": the screens word what the workflows recorded — visit events, complaint and rescue
// timeline entries, call-list tasks, timers — in the reader's language, from the stored type and values, with
// staff ids named from the directory and instants in the reader's zone. A row written before its values were
// recorded (or a type newer than this screen) shows the English text it was stored with, so nothing goes blank.

/** What wording needs besides the entry: who is who, and the reader's time zone. */
export interface Reader {
  directory: Directory;
  tz: string;
}

type Values = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : undefined);
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const count = (v: unknown) => (Array.isArray(v) ? v.length : 0);
const when = (v: unknown, r: Reader) => (str(v) ? dateTime(str(v), r.tz) : undefined);
/** A parts reservation's words, with what is short and when it is expected (workflows/steps/parts.ts). */
const withOrder = (what: string, d: Values, r: Reader) =>
  num(d.order)
    ? t('entry.visitPart.partsToOrder', { what, order: num(d.order) ?? 0, when: when(d.waitingUntil, r) ?? '—' })
    : what;
/** A repair step the foreman or manager recorded for the assigned technician (domain/assignment-rules.ts) says for whom. */
const forTechnician = (d: Values, r: Reader, what: string) =>
  str(d.forTechnician) ? t('entry.visitPart.forTechnician', { what, name: who(r.directory, str(d.forTechnician)) }) : what;
/** Whether a checklist the event records ticks `item`. */
const confirmed = (d: Values, item: string) => (d.checklist as Values | undefined)?.[item] === true;
/** A label from a catalogue section keyed by a code the record holds; an unknown code is shown as it is. */
const label = (prefix: string, code: unknown) => {
  const key = `${prefix}.${String(code)}`;
  return hasKey(key) ? t(key) : String(code ?? '');
};

/**
 * What failed quality control: the items typed by the inspector as they typed them, then the failed items of the
 * maintenance checklist in the reader's language, each with its note.
 */
export const qcFailures = (typed: readonly unknown[], checklist: readonly unknown[]) =>
  [
    ...typed.filter((item): item is string => typeof item === 'string'),
    ...checklist.map((c) => {
      const check = (c ?? {}) as Values;
      const item = wordedIn(str(check.description) ?? '', check.translations as Translations, language());
      return str(check.note) ? t('qcChecklist.withNote', { item, note: str(check.note) }) : item;
    }),
  ].join('; ');

/** Words, or undefined when the values they need were not recorded (the stored English text is shown then). */
type Wording = (d: Values, r: Reader) => string | undefined;

const VISIT_EVENT_WORDS: Record<VisitEventType, Wording> = {
  visit_opened: (d, r) =>
    d.kind === 'walk_in'
      ? t('entry.visitPart.walkIn')
      : when(d.appointmentAt, r) && t('entry.visit.visit_opened', { when: when(d.appointmentAt, r) }),
  appointment_confirmed: () => t('entry.visit.appointment_confirmed'),
  confirmation_call_due: () => t('entry.visit.confirmation_call_due'),
  confirmation_call_logged: (d) =>
    t('entry.visit.confirmation_call_logged', {
      outcome: t(
        !d.reached ? 'entry.visitPart.noAnswer' : d.confirmed ? 'entry.visitPart.confirmed' : 'entry.visitPart.cannotKeep',
      ),
    }),
  confirmation_unanswered: () => t('entry.visit.confirmation_unanswered'),
  rescheduled: (d, r) => when(d.appointmentAt, r) && t('entry.visit.rescheduled', { when: when(d.appointmentAt, r) }),
  cancelled: (d) => {
    const byCustomer = customerCancelled(str(d.reason) ?? '');
    if (!byCustomer) return t('entry.visit.cancelled', { reason: str(d.reason) ?? '—' });
    return byCustomer.said
      ? t('entry.visitPart.cancelledOnLinkSaying', { reason: byCustomer.said })
      : t('entry.visitPart.cancelledOnLink');
  },
  no_show_detected: () => t('entry.visit.no_show_detected'),
  no_show: () => t('entry.visit.no_show'),
  arrived: (d) => {
    if (num(d.mileage) === undefined) return undefined;
    const what = t('entry.visit.arrived', { km: km(num(d.mileage)) });
    return d.customerWaiting ? t('entry.visitPart.customerWaiting', { what }) : what;
  },
  inspection_signed: (d) =>
    t('entry.visit.inspection_signed', {
      damages: count(d.damages),
      valuables: count(d.valuables),
      fuel: fuelLabel(String(d.fuelLevel ?? '')),
      signedBy: str(d.signedBy) ?? '—',
    }),
  requests_confirmed: (d) =>
    Array.isArray(d.requests) ? t('entry.visit.requests_confirmed', { requests: d.requests.join('; ') }) : undefined,
  warranty_checked: (d) =>
    t('entry.visit.warranty_checked', {
      outcome: d.covered
        ? [t('entry.visitPart.covered'), str(d.reference)].filter(Boolean).join(' · ')
        : t('entry.visitPart.notCovered'),
    }),
  diagnosed: (d) => {
    const findings = str(d.findings);
    if (!findings) return undefined;
    const what = t('entry.visit.diagnosed', { findings });
    return d.roadTest ? t('entry.visitPart.roadTest', { what }) : what;
  },
  estimate_submitted: (d, r) => when(d.promisedAt, r) && t('entry.visit.estimate_submitted', { when: when(d.promisedAt, r) }),
  additional_work_reported: (d, r) =>
    when(d.promisedAt, r) && t('entry.visit.additional_work_reported', { when: when(d.promisedAt, r) }),
  approval_link_resent: () => t('entry.visit.approval_link_resent'),
  approval_reminder_sent: () => t('entry.visit.approval_reminder_sent'),
  approval_escalated: () => t('entry.visit.approval_escalated'),
  customer_decided: (d) => {
    if (!Array.isArray(d.decisions)) return undefined;
    const decisions = d.decisions as { approved?: unknown }[];
    return t('entry.visit.customer_decided', {
      approved: decisions.filter((x) => x.approved === true).length,
      declined: decisions.filter((x) => x.approved === false).length,
      how: consentWords(d),
    });
  },
  promise_revised: (d, r) =>
    when(d.promisedAt, r) &&
    t('entry.visit.promise_revised', { when: when(d.promisedAt, r), how: consentWords(d), reason: str(d.reason) ?? '—' }),
  dispatch_proposed: (d, r) => {
    const proposal = d.proposal as Values | null | undefined;
    return proposal
      ? t('entry.visit.dispatch_proposed', { name: who(r.directory, str(proposal.technicianId)) })
      : t('entry.visitPart.nobodyFree');
  },
  dispatched: (d, r) => {
    if (!str(d.technicianId)) return undefined;
    const what = t('entry.visit.dispatched', { name: who(r.directory, str(d.technicianId)) });
    return str(d.overrideReason) ? t('entry.visitPart.override', { what, reason: str(d.overrideReason) }) : what;
  },
  technician_reassigned: (d, r) => {
    if (!str(d.technicianId)) return undefined;
    const what = t('entry.visit.technician_reassigned', {
      from: who(r.directory, str(d.fromTechnicianId)),
      to: who(r.directory, str(d.technicianId)),
      by: who(r.directory, str(d.by)),
    });
    return str(d.reason) ? t('entry.visitPart.withReason', { what, reason: str(d.reason) }) : what;
  },
  // The technician's repair confirmations [S1.6], on the events recorded since they were asked.
  work_started: (d, r) => {
    const what = t('entry.visit.work_started');
    return forTechnician(d, r, confirmed(d, 'fenderCovers') ? t('entry.visitPart.fenderCovers', { what }) : what);
  },
  work_completed: (d, r) => {
    const what = t('entry.visit.work_completed');
    return forTechnician(
      d,
      r,
      confirmed(d, 'genuineParts') && confirmed(d, 'onlyWorkOrderItems')
        ? t('entry.visitPart.genuineAndAsOrdered', { what })
        : what,
    );
  },
  promise_at_risk: () => t('entry.visit.promise_at_risk'),
  promise_missed: () => t('entry.visit.promise_missed'),
  qc_passed: () => t('entry.visit.qc_passed'),
  qc_failed: (d) =>
    t('entry.visit.qc_failed', {
      items:
        qcFailures(
          Array.isArray(d.failedItems) ? d.failedItems : [],
          Array.isArray(d.failedChecklist) ? d.failedChecklist : [],
        ) || '—',
    }),
  picked_up: (d) => {
    const payment = d.payment as Values | undefined;
    return payment && num(payment.amountCents) !== undefined
      ? t('entry.visit.picked_up', { amount: money(num(payment.amountCents)), method: label('visit.method', payment.method) })
      : undefined;
  },
  follow_up_logged: (d) => {
    if (!d.reached) return t('entry.visit.follow_up_logged', { outcome: t('entry.visitPart.noAnswer') });
    const score = t('entry.visitPart.satisfaction', { n: num(d.satisfaction) ?? '—' });
    return t('entry.visit.follow_up_logged', { outcome: d.complaint ? t('entry.visitPart.complaint', { what: score }) : score });
  },
  follow_up_escalated: () => t('entry.visit.follow_up_escalated'),
  follow_up_window_closed: () => t('entry.visit.follow_up_window_closed'),
  maintenance_planned: () => t('entry.visit.maintenance_planned'),
  reminder_superseded: () => t('entry.visit.reminder_superseded'),
  maintenance_reminder_sent: () => t('entry.visit.maintenance_reminder_sent'),
  parts_reserved: (d, r) => withOrder(t('entry.visit.parts_reserved', { pick: num(d.pick) ?? 0 }), d, r),
};

/** How the customer agreed: their drawn signature (by the name they signed) or a recorded phone call. */
function consentWords(d: Values): string {
  const consent = d.consent as Values | undefined;
  const signature = consent?.signature as Values | undefined;
  if ((d.consentMethod ?? consent?.method) === 'phone') return t('entry.visitPart.byPhone');
  return t('entry.visitPart.bySignature', { name: str(signature?.signedBy) ?? t('entry.taskPart.theCustomer') });
}

/** A visit event (`visit_events`, or `recordVisitEvent`'s input in the history) in the reader's language. */
export function visitEventText(e: { type: string; data: Values; summary?: string }, r: Reader): string {
  const words = isOneOf(VISIT_EVENT_TYPES, e.type) ? VISIT_EVENT_WORDS[e.type](e.data, r) : undefined;
  return words ?? e.summary ?? '';
}

const COMPLAINT_ENTRY_WORDS: Record<(typeof CARE_ENTRY_TYPES_OF)['complaint'][number], Wording> = {
  received: (d) => t('entry.complaint.received', { source: label('complaints.source', d.source) }),
  assigned: (d, r) =>
    t(d.first === false ? 'entry.complaintPart.reassigned' : 'entry.complaint.assigned', {
      name: who(r.directory, str(d.assigneeId)),
      text: str(d.acknowledgement) ?? '',
    }),
  solution_proposed: (d) => t('entry.complaint.solution_proposed', { text: str(d.solution) ?? '' }),
  carried_out: (d) => t('entry.complaint.carried_out', { text: str(d.notes) ?? '' }),
  outcome_reported: (d) =>
    t('entry.complaint.outcome_reported', { channel: label('complaints.channel', d.channel), text: str(d.remedy) ?? '' }),
  closed: (d) => t(d.accepted ? 'entry.complaint.closed' : 'entry.complaintPart.closedUnaccepted'),
  sla_missed: (d, r) =>
    t('entry.complaint.sla_missed', { clock: label('entry.complaintPart.clock', d.clock), when: when(d.dueAt, r) ?? '—' }),
};

const RESCUE_ENTRY_WORDS: Record<(typeof CARE_ENTRY_TYPES_OF)['rescue'][number], Wording> = {
  dispatched: (d) => t('entry.rescue.dispatched', { location: str(d.location) ?? '—', problem: str(d.problem) ?? '' }),
  set_out: (d, r) => t('entry.rescue.set_out', { crew: str(d.crew) ?? '—', when: when(d.etaAt, r) ?? '—' }),
  eta_changed: (d, r) => t('entry.rescue.eta_changed', { crew: str(d.crew) ?? '—', when: when(d.etaAt, r) ?? '—' }),
  arrived: (d) => [t('entry.rescue.arrived'), str(d.notes)].filter(Boolean).join(': '),
  towed_in: (d) => t('entry.rescue.towed_in', { reason: reasonLabel(String(d.priorityReason ?? '')) }),
  resolved_on_site: (d) => t('entry.rescue.resolved_on_site', { text: str(d.notes) ?? '' }),
  cancelled: (d) => t('entry.rescue.cancelled', { text: str(d.reason) ?? '' }),
  set_out_late: () => t('entry.rescue.set_out_late'),
  eta_missed: (d, r) => t('entry.rescue.eta_missed', { when: when(d.etaAt, r) ?? '—' }),
};

/** A complaint's or rescue's timeline entry (`care_events`) in the reader's language. */
export function careEntryText(
  kind: keyof typeof CARE_ENTRY_TYPES_OF,
  e: { type: string; summary: string; detail?: EntryDetail | null },
  r: Reader,
): string {
  if (!e.detail) return e.summary;
  if (kind === 'complaint')
    return isOneOf(CARE_ENTRY_TYPES_OF.complaint, e.type) ? (COMPLAINT_ENTRY_WORDS[e.type](e.detail, r) ?? e.summary) : e.summary;
  return isOneOf(CARE_ENTRY_TYPES_OF.rescue, e.type) ? (RESCUE_ENTRY_WORDS[e.type](e.detail, r) ?? e.summary) : e.summary;
}

/** What the call list knows of a task: its row, its params and the visit it belongs to. */
export interface TaskWords {
  id: string;
  kind: string;
  title: string;
  params?: EntryDetail | null;
  dueAt: string;
  visit?: { appointmentAt?: string | null; promisedAt?: string | null; cannotKeep?: boolean } | null;
}

/** The reference people say on the phone, made from the id in the task's as the workflows make it (C-…, R-…). */
const referenceOf = (taskId: string) => {
  const subject = taskId.split(':')[0] ?? '';
  return subject.startsWith('rescue-')
    ? callReference('R', subject.replace(/^rescue-/, ''))
    : callReference('C', subject.replace(/^complaint-(call-)?/, ''));
};

type TaskWording = (d: Values, r: Reader, visit: TaskWords['visit']) => string | undefined;

const TASK_WORDS: Record<TaskKind, TaskWording> = {
  confirmation_call: (_, r, visit) => t('entry.task.confirmation_call', { when: when(visit?.appointmentAt, r) ?? '—' }),
  // The same task re-books a customer reached who cannot keep the time (CANNOT_KEEP_REBOOK_PATCH).
  confirmation_escalation: (_, __, visit) =>
    t(visit?.cannotKeep ? 'entry.taskPart.cannotKeep' : 'entry.task.confirmation_escalation'),
  no_show: () => t('entry.task.no_show'),
  // Tasks opened before the subject was recorded are worded without it.
  approval_escalation: (d) =>
    t('entry.task.approval_escalation', {
      what: t(`entry.taskPart.approval.${d.subject === 'estimate' || d.subject === 'additional_work' ? d.subject : 'unknown'}`),
    }),
  at_risk: (_, r, visit) => t('entry.task.at_risk', { when: when(visit?.promisedAt, r) ?? '—' }),
  follow_up_call: () => t('entry.task.follow_up_call'),
  follow_up_escalation: () => t('entry.task.follow_up_escalation'),
  supervisor_review: () => t('entry.task.supervisor_review'),
  maintenance_reminder: () => t('entry.task.maintenance_reminder'),
  parts_preparation: (d, r) => withOrder(t('entry.task.parts_preparation', { pick: num(d.pick) ?? 0 }), d, r),
  delivery_failed: (d, r) =>
    str(d.subject) &&
    t('entry.task.delivery_failed', {
      subject: str(d.subject),
      who: str(d.staffId) ? who(r.directory, str(d.staffId)) : t('entry.taskPart.theCustomer'),
      text: str(d.text) ?? '',
    }),
  complaint_assignment: (d) => t('entry.task.complaint_assignment', { reference: d.reference }),
  complaint_escalation: (d) => t('entry.task.complaint_escalation', { reference: d.reference }),
  rescue_escalation: (d) => t('entry.task.rescue_escalation', { reference: d.reference }),
  hotline_callback: (d) =>
    str(d.summary) && t('entry.task.hotline_callback', { reference: d.reference, summary: str(d.summary) }),
  kpi_alert: (d) => {
    const kpi = KpiName.safeParse(d.kpi).data;
    const value = num(d.value);
    const target = num(d.target);
    if (!kpi || value === undefined || target === undefined) return undefined;
    const format = (v: number) => formatKpi(kpi, KPI_DEFINITIONS[kpi].unit, v);
    return t('entry.task.kpi_alert', {
      kpi: t(`kpis.kpi.${kpi}.title`),
      value: format(value),
      target: `${d.direction === 'at_most' ? '≤' : '≥'} ${format(target)}`,
      days: num(d.days) ?? '—',
    });
  },
  problem_review: (d) =>
    num(d.comebacks) === undefined
      ? undefined
      : t('entry.task.problem_review', {
          n: num(d.comebacks),
          subject: t(d.on === 'vehicle' ? 'entry.taskPart.vehicle' : 'entry.taskPart.jobCode', {
            subject: str(d.subject) ?? '—',
          }),
          days: num(d.days) ?? '—',
        }),
  incident: (d) => str(d.scope) && t('entry.task.incident', { scope: label('entry.taskPart.scope', d.scope) }),
  campaign_call: (d) =>
    str(d.campaign) && t('entry.task.campaign_call', { campaign: str(d.campaign), plate: str(d.plate) ?? '—' }),
};

/** A call-list task in the reader's language: its kind's words, filled from its visit and params. */
export function taskText(task: TaskWords, r: Reader): string {
  if (!isTaskKind(task.kind)) return task.title;
  return TASK_WORDS[task.kind]({ reference: referenceOf(task.id), ...task.params }, r, task.visit) ?? task.title;
}

/** The timers the workflows name (`waitUntil`'s summary), by that name; a name not listed reads "Timer". */
export const TIMER_WORDS: Record<string, Key> = {
  'booking: confirmation call': 'entry.timer.bookingConfirmationCall',
  'booking: confirmation unanswered': 'entry.timer.bookingConfirmationUnanswered',
  'booking: no show': 'entry.timer.bookingNoShow',
  'booking: close no show': 'entry.timer.bookingCloseNoShow',
  'approval: remind the customer': 'entry.timer.approvalReminder',
  'approval: escalate to the advisor': 'entry.timer.approvalEscalation',
  'promised time: at risk if not in QC': 'entry.timer.promiseAtRisk',
  'promised time: late if not ready': 'entry.timer.promiseLate',
  'follow-up: put the call on the list': 'entry.timer.followUpCall',
  'follow-up: escalate if not logged': 'entry.timer.followUpEscalation',
  'follow-up: close the window': 'entry.timer.followUpWindow',
  'maintenance reminder': 'entry.timer.maintenanceReminder',
  'maintenance reminder: next open day': 'entry.timer.maintenanceReminderNextOpenDay',
  'complaint: first response deadline': 'entry.timer.complaintFirstResponse',
  'complaint: resolution deadline': 'entry.timer.complaintResolution',
  'rescue: crew sets out': 'entry.timer.rescueSetOut',
  'rescue: ETA': 'entry.timer.rescueEta',
  'next warranty sweep': 'entry.timer.warrantySweep',
};

/** A timer's title in the reader's language, from the name the workflow gave it. */
export const timerTitle = (name: string | null | undefined) => t(TIMER_WORDS[name ?? ''] ?? 'entry.timer.other');

/** A customer's request as recorded, in the reader's language where the system wrote it (a towed-in car's rescue). */
export function requestText(request: string): string {
  const rescue = rescueRequestParts(request);
  return rescue ? t('visit.rescueRequest', rescue) : request;
}

/** The price list's names of what can be booked, with their translations (`GET /catalogue`). */
export interface BookableNames {
  packages: readonly { name: string; translations: Translations }[];
  labourOperations: readonly { description: string; translations: Translations }[];
}

/**
 * A request as the reader reads it: a service booked from the price list is recorded in the catalogue's English
 * (api/booking.ts `requestedWork`), and is worded in the reader's language while the price list still names it so;
 * anything else as `requestText`.
 */
export function requestWords(request: string, names: BookableNames | undefined): string {
  const lang = language();
  const pkg = names?.packages.find((p) => p.name === request);
  if (pkg) return wordedIn(pkg.name, pkg.translations, lang);
  const op = names?.labourOperations.find((o) => o.description === request);
  if (op) return wordedIn(op.description, op.translations, lang);
  return requestText(request);
}
