import { DEFAULT_BUSINESS_HOURS } from './business-hours-rules.js';
import { localParts, offsetMs } from './local-time.js';
import { z } from './zod.js';

const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM');

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

interface LocalDay {
  year: number;
  month: number;
  day: number;
  weekday: number;
}

/** The instant a wall-clock time happens in the zone; the offset is re-read at the result for DST days. */
function instantOf(day: LocalDay, clock: string, timeZone: string): number {
  const [h, m] = clock.split(':').map(Number);
  const wall = Date.UTC(day.year, day.month - 1, day.day, h ?? 0, m ?? 0);
  const first = wall - offsetMs(wall, timeZone);
  return wall - offsetMs(first, timeZone);
}

function localDay(epochMs: number, timeZone: string): LocalDay {
  const p = localParts(epochMs, timeZone);
  const weekday = new Date(Date.UTC(p.year, p.month - 1, p.day)).getUTCDay() || 7;
  return { year: p.year, month: p.month, day: p.day, weekday };
}

function nextDay(day: LocalDay): LocalDay {
  const d = new Date(Date.UTC(day.year, day.month - 1, day.day + 1));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), weekday: d.getUTCDay() || 7 };
}

/**
 * The instant `durationMs` of open time after `startMs`. With `hours` null the clock runs around the
 * clock (tests, 24-hour services). A start outside the hours begins counting at the next opening.
 */
export function addBusinessTime(startMs: number, durationMs: number, hours: BusinessHours | null): number {
  if (!hours) return startMs + durationMs;
  let day = localDay(startMs, hours.timeZone);
  let left = durationMs;
  // Ten years of days bounds the walk even for a shop open one day a week.
  for (let i = 0; i < 3_660; i++) {
    if (hours.days.includes(day.weekday)) {
      const open = instantOf(day, hours.opensAt, hours.timeZone);
      const close = instantOf(day, hours.closesAt, hours.timeZone);
      const from = Math.max(startMs, open);
      if (from < close) {
        if (left <= close - from) return from + left;
        left -= close - from;
      }
    }
    day = nextDay(day);
  }
  throw new RangeError('business hours never open long enough for this duration');
}

/** When the shop opens and closes on a local day (YYYY-MM-DD), or null on a weekday it is closed. */
export function openingOn(date: string, hours: BusinessHours): { opensMs: number; closesMs: number } | null {
  const [year = 0, month = 1, dayOfMonth = 1] = date.split('-').map(Number);
  const day = { year, month, day: dayOfMonth, weekday: new Date(Date.UTC(year, month - 1, dayOfMonth)).getUTCDay() || 7 };
  if (!hours.days.includes(day.weekday)) return null;
  return { opensMs: instantOf(day, hours.opensAt, hours.timeZone), closesMs: instantOf(day, hours.closesAt, hours.timeZone) };
}
