// The dashboard's date range: what the query asks for and its cut into the trend's periods.
import { addDays } from '../../../domain/local-time.js';
import { date } from '../../format.js';

const DAY_MS = 86_400_000;
/** One in-process `GET /kpis` per period: the trend lines never cost more than this many reads. */
export const MAX_PERIODS = 12;
export const DEFAULT_WEEKS = 8;

export const isDay = (s: string | undefined): s is string => !!s && /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(s));
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
