import type { VisitPolicyOverride } from '../domain/policy.js';

const MINUTE = 60_000;

/**
 * Development only (the API refuses timer overrides in production): a visit whose calls come in seconds rather
 * than days, for demonstrations and the browser tests. The day-before confirmation call is due a few seconds
 * after booking and the follow-up call a few seconds after pickup; everything else keeps the shop's defaults.
 */
export function demoTimers(appointmentAt: string | undefined, now = Date.now()): VisitPolicyOverride {
  const appointment = appointmentAt ? Date.parse(appointmentAt) : Number.NaN;
  return {
    ...(appointment - now > 10_000 ? { confirmationLeadMs: appointment - now - 5_000 } : {}),
    confirmationRetryMs: 10 * MINUTE,
    followUpCallAfterMs: 5_000,
    followUpDeadlineMs: 10 * MINUTE,
    followUpRetryMs: 5 * MINUTE,
    followUpWindowMs: 60 * MINUTE,
  };
}
