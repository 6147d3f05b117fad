// What the screens word a stored entry from (issue 17, "labels, not codes"). Visit events, complaint and rescue
// timeline entries and tasks are recorded with a type and plain values; each screen words them in the reader's
// language from the catalogues, whose sections are keyed by these unions, so a new type does not compile
// without its words. The English sentence each row also keeps (`summary`, `title`) is what rows written before
// these values were recorded show. Plain code: the workflows import it.

import { COMPLAINT_STAGES } from './complaint-rules.js';

/** The values an entry is worded from: ids, codes, numbers and instants, never a sentence of ours. */
export type EntryDetail = Record<string, string | number | boolean | null>;

/** Every event a visit records in `visit_events` (and in its history, as `recordVisitEvent`'s input). */
export const VISIT_EVENT_TYPES = [
  'visit_opened',
  'appointment_confirmed',
  'confirmation_call_due',
  'confirmation_call_logged',
  'confirmation_unanswered',
  'rescheduled',
  'cancelled',
  'no_show_detected',
  'no_show',
  'arrived',
  'inspection_signed',
  'requests_confirmed',
  'warranty_checked',
  'diagnosed',
  'estimate_submitted',
  'additional_work_reported',
  'approval_link_resent',
  'approval_reminder_sent',
  'approval_escalated',
  'customer_decided',
  'promise_revised',
  'dispatch_proposed',
  'dispatched',
  'technician_reassigned',
  'work_started',
  'work_completed',
  'promise_at_risk',
  'promise_missed',
  'qc_passed',
  'qc_failed',
  'picked_up',
  'follow_up_logged',
  'follow_up_escalated',
  'follow_up_window_closed',
  'maintenance_planned',
  'reminder_superseded',
  'maintenance_reminder_sent',
  'parts_reserved',
] as const;
export type VisitEventType = (typeof VISIT_EVENT_TYPES)[number];

/**
 * The reason a cancellation on the booking link is recorded with (api/routes/booking.ts): the visit's `cancel` needs
 * one and the customer may give none. The screens word it in the reader's language, what the customer wrote as written.
 */
const CANCELLED_ON_LINK = 'Cancelled by the customer on the booking link';
const CANCELLED_ON_LINK_SAYING = 'Cancelled by the customer: ';

export const customerCancelReason = (said: string | undefined) =>
  said ? `${CANCELLED_ON_LINK_SAYING}${said}` : CANCELLED_ON_LINK;

/** A `cancelled` event's reason, if the customer cancelled on the booking link: with what they wrote, if anything. */
export function customerCancelled(reason: string): { said?: string } | undefined {
  if (reason === CANCELLED_ON_LINK) return {};
  if (reason.startsWith(CANCELLED_ON_LINK_SAYING)) return { said: reason.slice(CANCELLED_ON_LINK_SAYING.length) };
  return undefined;
}

/** Every entry of a complaint's timeline (`care_events` of kind `complaint`): each stage it reaches, and a missed deadline. */
export const COMPLAINT_ENTRY_TYPES = [...COMPLAINT_STAGES, 'sla_missed'] as const;
export type ComplaintEntryType = (typeof COMPLAINT_ENTRY_TYPES)[number];

/** Every entry of a rescue's timeline (`care_events` of kind `rescue`). */
export const RESCUE_ENTRY_TYPES = [
  'dispatched',
  'set_out',
  'eta_changed',
  'arrived',
  'towed_in',
  'resolved_on_site',
  'cancelled',
  'set_out_late',
  'eta_missed',
] as const;
export type RescueEntryType = (typeof RESCUE_ENTRY_TYPES)[number];

/** The entry types of each kind of `care_events` row. */
export const CARE_ENTRY_TYPES_OF = { complaint: COMPLAINT_ENTRY_TYPES, rescue: RESCUE_ENTRY_TYPES } as const;

/** Whether a stored code is one of a union's members (a row may be newer than the code reading it). */
export const isOneOf = <T extends string>(members: readonly T[], code: string): code is T =>
  (members as readonly string[]).includes(code);

/** Patch id of noting, with each complaint and rescue timeline entry, the values it is worded from. */
export const CARE_ENTRY_DETAIL_PATCH = 'care-entry-detail';
