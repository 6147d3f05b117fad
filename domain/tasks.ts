/**
 * Call-list work [S1.1, S1.9, S1.10, S4, S7]: one list of every kind of task the system creates. Every map over
 * the kinds (labels, sections, one-click outcomes) is keyed by `TaskKind`, so a new kind cannot be forgotten.
 */

/** Work that customer care and the manager's loop add to the visit's own. */
export const CareTaskKind = [
  'delivery_failed',
  'complaint_assignment',
  'complaint_escalation',
  'rescue_escalation',
  /** A consultation on the 24-hour hotline [S1.2]: its read-back promises the caller an advisor follows up. */
  'hotline_callback',
  'kpi_alert',
  'problem_review',
  'incident',
] as const;
export type CareTaskKind = (typeof CareTaskKind)[number];

export const TaskKind = [
  'confirmation_call',
  'confirmation_escalation',
  'no_show',
  'approval_escalation',
  'at_risk',
  'follow_up_call',
  'follow_up_escalation',
  'supervisor_review',
  'maintenance_reminder',
  'parts_preparation',
  /** A recall or product campaign affects the customer's vehicle: call them to book the free repair. */
  'campaign_call',
  ...CareTaskKind,
] as const;
export type TaskKind = (typeof TaskKind)[number];

export const isTaskKind = (kind: string): kind is TaskKind => (TaskKind as readonly string[]).includes(kind);

/** Who a task is for: a staff role, or the service supervisor, whom the manager stands in for on the screens. */
export const TaskAssignee = ['advisor', 'foreman', 'manager', 'supervisor', 'admin'] as const;
export type TaskAssignee = (typeof TaskAssignee)[number];

/** Complaint tasks are named after their complaint (`complaint-…:assign`, `complaint-…:escalation:…`). */
const COMPLAINT_TASK_KINDS: readonly TaskKind[] = ['complaint_assignment', 'complaint_escalation'];
export const complaintOfTask = (task: { id: string; kind: string }): string | undefined =>
  COMPLAINT_TASK_KINDS.includes(task.kind as TaskKind) ? task.id.split(':')[0] : undefined;
