// Where a timer of the visit's policy falls on the shop's clock. Plain code, imported by the workflows: no zod.
import { addLocalDays } from './local-time.js';
import { MS_PER_DAY } from './time-units.js';

/**
 * The instant `spanMs` after `fromMs` (before it, when negative) for a span of the visit's policy. Its whole days are
 * calendar days on the shop's clock in `timeZone`, the rest a duration: "3 days after delivery" is the hour of the
 * delivery three days on, and "the day before" the appointment's hour the day before, even when the clocks change in
 * between (a day of 23 or 25 hours), while a 2-hour approval reminder or a 30-minute no-show grace stays 2 hours or
 * 30 minutes. Without a zone (a visit started before it knew the shop's) every span is a duration, as it ran.
 */
export function afterPolicySpan(fromMs: number, spanMs: number, timeZone: string | undefined): number {
  const days = Math.trunc(spanMs / MS_PER_DAY);
  if (days === 0 || timeZone === undefined) return fromMs + spanMs;
  return addLocalDays(fromMs, days, timeZone) + (spanMs - days * MS_PER_DAY);
}
