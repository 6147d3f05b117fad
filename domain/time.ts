import { NEW_INPUT_ONLY } from './input-rules.js';
import { addLocalMonths } from './local-time.js';
import { z } from './zod.js';

// Instants cross module boundaries as ISO-8601 strings (they survive Temporal's JSON payloads and
// the database unchanged) and are compared as epoch milliseconds, because strings with different
// offsets do not sort chronologically.
export const IsoDateTime = z.iso.datetime({ offset: true });
export type IsoDateTime = z.infer<typeof IsoDateTime>;

/**
 * The years a date or time sent from outside may fall in. Calendar arithmetic (Date.UTC maps years 0–99 onto
 * 1900–1999, a day after 9999-12-31 has no YYYY-MM-DD) and the timers are only sound well inside them.
 */
export const FIRST_YEAR = 2000;
export const LAST_YEAR = 2100;
const IN_YEARS = `must be in the years ${FIRST_YEAR}–${LAST_YEAR}`;
const yearOf = (iso: string) => Number(iso.slice(0, 4));
const inYears = (iso: string) => yearOf(iso) >= FIRST_YEAR && yearOf(iso) <= LAST_YEAR;

/**
 * An instant is bounded where it falls, in UTC, not by the year it was written in: 2100-12-31T23:59-01:00 is in 2101,
 * 1999-12-31T23:00-02:00 in 2000.
 */
const FIRST_INSTANT = Date.UTC(FIRST_YEAR, 0, 1);
const AFTER_LAST_INSTANT = Date.UTC(LAST_YEAR + 1, 0, 1);
const inInstants = (iso: string) => {
  const ms = Date.parse(iso);
  return ms >= FIRST_INSTANT && ms < AFTER_LAST_INSTANT;
};

/** An instant sent from outside (an appointment, a promise, an ETA): ISO 8601 with offset, in the years above (UTC). */
export const InstantInput = IsoDateTime.refine(inInstants, { message: `${IN_YEARS} (UTC)`, ...NEW_INPUT_ONLY });

/** A calendar day sent from outside (a board's day, a report's range): YYYY-MM-DD in the years above. */
export const DayInput = z.iso.date().refine(inYears, { message: IN_YEARS, ...NEW_INPUT_ONLY });

/** The longest range of days a report or list may span. */
export const MAX_RANGE_DAYS = 3 * 366;

export { MS_PER_DAY, MS_PER_HOUR } from './time-units.js';

export function toEpochMs(iso: string): number {
  // Date.parse alone would accept non-ISO forms whose interpretation is implementation-defined.
  const ms = Date.parse(IsoDateTime.parse(iso));
  if (Number.isNaN(ms)) throw new RangeError(`Not a valid instant: ${iso}`);
  return ms;
}

export function toIso(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

/** Calendar months on the UTC calendar and clock (local-time.ts `addLocalMonths` in UTC; a shop counts in its own zone). */
export const addMonthsUtc = (iso: string, months: number): string => toIso(addLocalMonths(toEpochMs(iso), months, 'UTC'));
