import type { VisitPolicy } from './policy.js';
import { afterPolicySpan } from './timer-rules.js';

export type AppointmentStep =
  | { kind: 'reserve_parts'; at: number }
  | { kind: 'confirmation_call'; attempt: number; at: number }
  | { kind: 'confirmation_unanswered'; at: number }
  | { kind: 'no_show'; at: number }
  | { kind: 'close_no_show'; at: number };

export interface AppointmentProgress {
  /** When this appointment time was set (booked or rescheduled), epoch ms. */
  bookedAt: number;
  appointmentAt: number;
  confirmed: boolean;
  /** Reached, the customer said they cannot keep the slot: no more calls, the advisor re-books. */
  cannotKeep?: boolean;
  confirmationCalls: number;
  flaggedForAdvisor: boolean;
  noShowTaskOpened: boolean;
  /** The booked jobs' parts are still to be reserved: at the day-before call, or at once for a late booking. */
  partsDue?: boolean;
  /**
   * When the first day-before call goes on the list, moved off a day the shop is closed (`callOnOpenDay` in
   * calendar-rules.ts). Unset: the policy's lead before the appointment.
   */
  firstCallAt?: number;
}

/**
 * What the booking waits for next: the day-before reservation of parts, the day-before call (and its retries), flagging an unconfirmed booking to
 * the advisor, the no-show task, and finally closing a booking nobody came to. A booking made inside the
 * confirmation window needs no call: the customer just confirmed it by booking. Each span of the policy falls on the
 * shop's clock (`timeZone`, see `afterPolicySpan`): the day-before call is at the appointment's hour the day before.
 */
export function nextAppointmentStep(p: AppointmentProgress, policy: VisitPolicy, timeZone: string | undefined): AppointmentStep {
  const steps: AppointmentStep[] = [];
  const after = (fromMs: number, spanMs: number) => afterPolicySpan(fromMs, spanMs, timeZone);
  const firstCall = p.firstCallAt ?? after(p.appointmentAt, -policy.confirmationLeadMs);
  // First in the list: at the same instant as the call, the parts are reserved before the advisor rings.
  if (p.partsDue) steps.push({ kind: 'reserve_parts', at: Math.max(firstCall, p.bookedAt) });
  const callsApply = !p.confirmed && !p.cannotKeep && firstCall >= p.bookedAt;
  if (callsApply && p.confirmationCalls < policy.confirmationAttempts) {
    const at = after(firstCall, p.confirmationCalls * policy.confirmationRetryMs);
    if (at < p.appointmentAt) steps.push({ kind: 'confirmation_call', attempt: p.confirmationCalls + 1, at });
  }
  if (callsApply && p.confirmationCalls > 0 && !p.flaggedForAdvisor) {
    const afterLastCall = after(firstCall, p.confirmationCalls * policy.confirmationRetryMs);
    const noMoreCalls = p.confirmationCalls >= policy.confirmationAttempts || afterLastCall >= p.appointmentAt;
    if (noMoreCalls) steps.push({ kind: 'confirmation_unanswered', at: Math.min(afterLastCall, p.appointmentAt) });
  }
  if (!p.noShowTaskOpened) steps.push({ kind: 'no_show', at: after(p.appointmentAt, policy.noShowGraceMs) });
  steps.push({ kind: 'close_no_show', at: after(p.appointmentAt, Math.max(policy.noShowCloseMs, policy.noShowGraceMs)) });
  return steps.reduce((first, step) => (step.at < first.at ? step : first));
}
