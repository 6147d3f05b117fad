// The dashboard's date range: what the query asks for and its cut into the trend's periods.
import { addDays } from '../../../domain/local-time.js';
import { DayInput, MAX_RANGE_DAYS } from '../../../domain/time.js';
import { date } from '../../format.js';

const DAY_MS = 86_400_000;
/** One in-process `GET /kpis` per period: the trend lines never cost more than this many reads. */
export const MAX_PERIODS = 12;
export const DEFAULT_WEEKS = 8;

/** A day the API takes (domain/time.ts `DayInput`: a real date in the years a report covers). */
export const isDay = (s: string | undefined): s is string => DayInput.safeParse(s).success;
export const dayNumber = (day: string) => Math.round(Date.parse(`${day}T00:00:00Z`) / DAY_MS);
export const shortDay = (day: string) => date(`${day}T12:00:00Z`, 'UTC').replace(/ \d{4}$/, '');

/** Consecutive periods covering [from, to]: 7 days each, longer when the range would need more than MAX_PERIODS. */
export function periodsOf(from: string, to: string): { from: string; to: string }[] {
  const days = dayNumber(to) - dayNumber(from) + 1;
  const size = Math.max(7, Math.ceil(days / MAX_PERIODS));
  const out: { from: string; to: string }[] = [];
  for (let start = from; dayNumber(start) <= dayNumber(to); start = addDays(start, size)) {
    const end = addDays(start, size - 1);
    out.push({ from: start, to: dayNumber(end) > dayNumber(to) ? to : end });
  }
  return out;
}

/**
 * The range the query asks for, made one the API answers: days it does not take give way to the default (the last
 * DEFAULT_WEEKS weeks up to `today`), reversed ends are swapped, and a range longer than MAX_RANGE_DAYS keeps its
 * last MAX_RANGE_DAYS days.
 */
export function rangeOf(query: { from?: string; to?: string }, today: string): { from: string; to: string } {
  let to = isDay(query.to) ? query.to : today;
  let from = isDay(query.from) ? query.from : addDays(to, -(DEFAULT_WEEKS * 7 - 1));
  if (dayNumber(from) > dayNumber(to)) [from, to] = [to, from];
  if (dayNumber(to) - dayNumber(from) + 1 > MAX_RANGE_DAYS) from = addDays(to, -(MAX_RANGE_DAYS - 1));
  return { from, to };
}
