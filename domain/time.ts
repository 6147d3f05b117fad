import { z } from 'zod';

// Instants cross module boundaries as ISO-8601 strings (they survive Temporal's JSON payloads and
// the database unchanged) and are compared as epoch milliseconds, because strings with different
// offsets do not sort chronologically.
export const IsoDateTime = z.iso.datetime({ offset: true });
export type IsoDateTime = z.infer<typeof IsoDateTime>;

export const MS_PER_HOUR = 3_600_000;
export const MS_PER_DAY = 86_400_000;

export function toEpochMs(iso: string): number {
  // Date.parse alone would accept non-ISO forms whose interpretation is implementation-defined.
  const ms = Date.parse(IsoDateTime.parse(iso));
  if (Number.isNaN(ms)) throw new RangeError(`Not a valid instant: ${iso}`);
  return ms;
}

export function toIso(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

/**
 * Calendar months in UTC, clamping to the last day of the target month (Jan 31 + 1 → Feb 28/29),
 * so a "12-month service" lands on the same calendar date rather than drifting by 365-day blocks.
 */
export function addMonthsUtc(iso: string, months: number): string {
  if (!Number.isInteger(months)) throw new RangeError(`months must be an integer, got ${months}`);
  const d = new Date(toEpochMs(iso));
  const monthIndex = d.getUTCMonth() + months;
  const year = d.getUTCFullYear() + Math.floor(monthIndex / 12);
  const month = ((monthIndex % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(d.getUTCDate(), lastDay);
  const out = new Date(0);
  // setUTCFullYear avoids Date.UTC's mapping of years 0–99 onto 1900–1999.
  out.setUTCFullYear(year, month, day);
  out.setUTCHours(d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
  return out.toISOString();
}
