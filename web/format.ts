import type { PriorityReason } from '../domain/dispatch.js';
import { localDate, localParts, offsetMs } from '../domain/local-time.js';
import type { StaffRole } from '../domain/roles.js';
import { assigneeRoleOf, type Directory, whoIs } from '../domain/staff.js';
import type { Stage } from '../domain/stages.js';
import type { TaskKind } from '../domain/tasks.js';

// Everything the screens print: money, instants in the staff member's time zone, labels for the API's codes.

const LOCALE = 'en-GB';
/** The shop's currency; amounts travel as integer cents. */
export const CURRENCY = 'EUR';

const moneyFormat = new Intl.NumberFormat(LOCALE, { style: 'currency', currency: CURRENCY });
export const money = (cents: number | null | undefined) => (cents == null ? '—' : moneyFormat.format(cents / 100));

/** "90.00" for a form field in currency units. */
export const moneyInput = (cents: number | null | undefined) => (cents == null ? '' : (cents / 100).toFixed(2));

const formats = new Map<string, Intl.DateTimeFormat>();
function fmt(kind: 'dateTime' | 'time' | 'date' | 'day', tz: string): Intl.DateTimeFormat {
  const key = `${kind}|${tz}`;
  let f = formats.get(key);
  if (!f) {
    const options: Record<typeof kind, Intl.DateTimeFormatOptions> = {
      dateTime: { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
      time: { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
      date: { day: 'numeric', month: 'short', year: 'numeric' },
      day: { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' },
    };
    f = new Intl.DateTimeFormat(LOCALE, { ...options[kind], timeZone: tz });
    formats.set(key, f);
  }
  return f;
}

const valid = (iso: string | null | undefined): iso is string => !!iso && !Number.isNaN(Date.parse(iso));

export const dateTime = (iso: string | null | undefined, tz: string) =>
  valid(iso) ? fmt('dateTime', tz).format(new Date(iso)) : '—';
export const time = (iso: string | null | undefined, tz: string) => (valid(iso) ? fmt('time', tz).format(new Date(iso)) : '—');
export const date = (iso: string | null | undefined, tz: string) => (valid(iso) ? fmt('date', tz).format(new Date(iso)) : '—');
export const longDay = (day: string) => fmt('day', 'UTC').format(new Date(`${day}T12:00:00Z`));

/** Same day as `now` → only the time, else weekday, day and time. */
export function when(iso: string | null | undefined, tz: string, now = Date.now()): string {
  if (!valid(iso)) return '—';
  const day = localDate(Date.parse(iso), tz);
  const today = localDate(now, tz);
  if (day === today) return time(iso, tz);
  return day.slice(0, 4) === today.slice(0, 4) ? dateTime(iso, tz) : `${date(iso, tz)}, ${time(iso, tz)}`;
}

const pad = (n: number) => String(n).padStart(2, '0');

export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** The value of an `<input type="datetime-local">` showing the instant in the zone. */
export function toLocalInput(iso: string | number | null | undefined, tz: string): string {
  if (iso == null) return '';
  const ms = typeof iso === 'number' ? iso : Date.parse(iso);
  if (Number.isNaN(ms)) return '';
  const p = localParts(ms, tz);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}

/**
 * The instant a `datetime-local` value names in the zone, as ISO 8601; what cannot be read is passed on as it
 * is, so the API names the field in its refusal.
 */
export function fromLocalInput(value: string, tz: string): string {
  const m = value.trim().match(/^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})$/);
  if (!m) return value.trim();
  const [, y, mo, d, h, mi] = m.map(Number) as [number, number, number, number, number, number];
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  // The offset is re-read at the first guess so a wall time on a DST change day comes out right.
  const first = wall - offsetMs(wall, tz);
  return new Date(wall - offsetMs(first, tz)).toISOString();
}

/** "2 h 05 min", "3 d 4 h", "40 s". */
export function duration(ms: number): string {
  const s = Math.round(Math.abs(ms) / 1000);
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return `${h} h${min % 60 ? ` ${pad(min % 60)} min` : ''}`;
  const d = Math.floor(h / 24);
  return `${d} d${h % 24 ? ` ${h % 24} h` : ''}`;
}

/** "in 2 h 05 min" / "3 min ago". */
export function relative(iso: string | null | undefined, now = Date.now()): string {
  if (!valid(iso)) return '';
  const delta = Date.parse(iso) - now;
  if (Math.abs(delta) < 45_000) return 'just now';
  return delta >= 0 ? `in ${duration(delta)}` : `${duration(delta)} ago`;
}

export const STAGE_LABEL: Record<Stage, string> = {
  booked: 'Booked',
  reception: 'Reception',
  diagnosis: 'Diagnosis',
  awaiting_approval: 'Awaiting approval',
  awaiting_dispatch: 'Awaiting dispatch',
  in_repair: 'In repair',
  quality_check: 'Quality check',
  ready_for_pickup: 'Ready for pickup',
  follow_up: 'Follow-up',
  aftercare: 'Aftercare',
  closed: 'Closed',
  cancelled: 'Cancelled',
  no_show: 'No-show',
};

export const stageLabel = (stage: string) => STAGE_LABEL[stage as Stage] ?? stage;

export const REASON_LABEL: Record<PriorityReason, string> = {
  recall: 'Recall / campaign',
  rework: 'Rework',
  appointment: 'Appointment',
  warranty: 'Warranty',
  waiting: 'Customer waiting',
  walk_in: 'Walk-in',
};

export const FUEL_LABEL: Record<string, string> = {
  empty: 'Empty',
  quarter: '¼',
  half: '½',
  three_quarters: '¾',
  full: 'Full',
};

export const TASK_KIND_LABEL: Record<TaskKind, string> = {
  confirmation_call: 'Confirmation call',
  confirmation_escalation: 'Unconfirmed booking',
  no_show: 'No-show',
  approval_escalation: 'Approval pending',
  at_risk: 'Promise at risk',
  follow_up_call: 'Follow-up call',
  follow_up_escalation: 'Follow-up overdue',
  supervisor_review: 'Dissatisfied customer',
  maintenance_reminder: 'Maintenance due',
  delivery_failed: 'Message not delivered',
  complaint_assignment: 'New complaint',
  complaint_escalation: 'Complaint overdue',
  rescue_escalation: 'Roadside rescue',
  kpi_alert: 'KPI off target',
  problem_review: 'Repeat comebacks',
  incident: 'Record refused',
};

// Looked up by any role string a record holds; every staff role must have its label.
export const ROLE_LABEL: Record<string, string> = {
  advisor: 'Service advisor',
  technician: 'Technician',
  qc: 'Quality control',
  foreman: 'Foreman',
  manager: 'Service manager',
  admin: 'Administrator',
} satisfies Record<StaffRole, string>;

export const km = (n: number | null | undefined) => (n == null ? '—' : `${new Intl.NumberFormat(LOCALE).format(n)} km`);
export const hours = (n: number) => `${Math.round(n * 10) / 10} h`;

/**
 * The name people know a staff member by, from the directory (`GET /staff`); an id the directory does not know
 * is shown as it is, marked unknown, and `system` is the software itself.
 */
export function who(directory: Directory, id: string | null | undefined): string {
  if (!id) return '—';
  if (id === 'system') return 'servicelane (automatic)';
  const person = whoIs(directory, id);
  if (!person.known) return `${id} (unknown)`;
  return person.active ? person.name : `${person.name} (left)`;
}

/** Who works a task addressed to a role; the supervisor's tasks go to the service manager (domain/staff.ts). */
export const assigneeLabel = (assignee: string) =>
  assignee === 'supervisor' ? `${ROLE_LABEL[assigneeRoleOf(assignee)]} (as supervisor)` : (ROLE_LABEL[assignee] ?? assignee);
