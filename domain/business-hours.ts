import { DEFAULT_BUSINESS_HOURS } from './business-hours-rules.js';
import { addWorkingTime, calendarOfHours } from './calendar-rules.js';
import { z } from './zod.js';

export const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM');

/**
 * When the shop is staffed. SLA clocks run only inside these hours, so a complaint received on Saturday
 * evening is not "late" by Sunday morning. [S3.4]: open 365 days with published hours → every weekday.
 */
export const BusinessHours = z
  .object({
    timeZone: z.string().min(1).default(DEFAULT_BUSINESS_HOURS.timeZone),
    /** ISO weekdays: 1 = Monday … 7 = Sunday. */
    days: z.array(z.number().int().min(1).max(7)).min(1).default(DEFAULT_BUSINESS_HOURS.days),
    opensAt: ClockTime.default(DEFAULT_BUSINESS_HOURS.opensAt),
    closesAt: ClockTime.default(DEFAULT_BUSINESS_HOURS.closesAt),
  })
  .refine((h) => h.opensAt < h.closesAt, { path: ['closesAt'], message: 'must be after opensAt' });
export type BusinessHours = z.infer<typeof BusinessHours>;

/**
 * The instant `durationMs` of open time after `startMs`. With `hours` null the clock runs around the
 * clock (tests, 24-hour services). A start outside the hours begins counting at the next opening.
 */
export function addBusinessTime(startMs: number, durationMs: number, hours: BusinessHours | null): number {
  return addWorkingTime(startMs, durationMs, hours ? [calendarOfHours(hours)] : []);
}
