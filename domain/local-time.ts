// Calendar days in a shop's time zone, with Intl only: the board for "14 March in Berlin" runs from Berlin
// midnight to Berlin midnight, whatever the offset (and DST) of that day.

/** A zone's formatter, under the zone's own name (`Intl` spells `europe/berlin` as `Europe/Berlin`). */
interface Zone {
  name: string;
  format: Intl.DateTimeFormat;
}

// Both maps are bounded whatever callers send: `zones` by the IANA database, `spellings` by its size. A client
// may send endless case variants of one name (the API accepts them, as Intl does); each would otherwise keep a
// formatter of its own.
const zones = new Map<string, Zone>();
const spellings = new Map<string, Zone>();
const MOST_SPELLINGS = 1_024;

function zoneOf(timeZone: string): Zone {
  const known = spellings.get(timeZone);
  if (known) return known;
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  const name = format.resolvedOptions().timeZone;
  let zone = zones.get(name);
  if (!zone) {
    zone = { name, format };
    zones.set(name, zone);
  }
  if (spellings.size >= MOST_SPELLINGS) spellings.clear();
  spellings.set(timeZone, zone);
  return zone;
}

export function isTimeZone(timeZone: string): boolean {
  try {
    zoneOf(timeZone);
    return true;
  } catch {
    return false;
  }
}

interface LocalParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

/**
 * Answers already worked out, by zone and whole second. Screens and boards place the same few dozen slot times in
 * the zone on every request, and each formatToParts costs microseconds: on the appointment board that was the
 * largest CPU share after the database driver. Bounded; emptied when full rather than kept in use order.
 */
const placed = new Map<string, LocalParts>();
const MOST_PLACED = 8_192;

export function localParts(epochMs: number, timeZone: string): LocalParts {
  const zone = zoneOf(timeZone);
  const second = Math.floor(epochMs / 1000);
  const key = `${second} ${zone.name}`;
  const known = placed.get(key);
  if (known) return known;
  const parts = zone.format.formatToParts(new Date(second * 1000));
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const local: LocalParts = {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
    second: get('second'),
  };
  if (placed.size >= MOST_PLACED) placed.clear();
  placed.set(key, local);
  return local;
}

/** How far the zone's wall clock is ahead of UTC at this instant. */
export function offsetMs(epochMs: number, timeZone: string): number {
  const p = localParts(epochMs, timeZone);
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return wall - Math.floor(epochMs / 1000) * 1000;
}

function parseDate(date: string): [number, number, number] {
  const [y, m, d] = date.split('-').map(Number);
  if (y === undefined || m === undefined || d === undefined) throw new RangeError(`Not a date: ${date}`);
  return [y, m, d];
}

/** How far either side of a wall-clock time its zone's offsets are read: beyond any one change of the clocks. */
const AROUND_MS = 26 * 3_600_000;

/** Which time a wall-clock time means when the clocks go back and it happens twice. */
export type Pass = 'first' | 'last';

/**
 * The instant a wall-clock time (HH:MM) of a local day happens in the zone. On the night the clocks go back it
 * happens twice: `first` (the default; a day's start, an opening) or `last` (a closing, so a shop open 02:00–03:00
 * is open while the clock reads so, both times round). On the night they go forward it does not happen at all: it
 * is the instant the clocks jump past it (02:30 in Berlin on 28 March 2027 is 03:00 summer time), so nothing is
 * ever placed at a time that does not exist and an opening wholly inside the gap is no opening at all.
 */
export function localInstant(date: string, clock: string, timeZone: string, pass: Pass = 'first'): number {
  const [y, m, d] = parseDate(date);
  const [h, min] = clock.split(':').map(Number);
  const wall = Date.UTC(y, m - 1, d, h ?? 0, min ?? 0);
  const before = offsetMs(wall - AROUND_MS, timeZone);
  const after = offsetMs(wall + AROUND_MS, timeZone);
  // Most days: the clocks do not change, and the time happens once.
  if (before === after) return wall - before;
  const happens = [wall - before, wall - after].filter((at) => offsetMs(at, timeZone) === wall - at);
  if (happens.length > 0) return pass === 'first' ? Math.min(...happens) : Math.max(...happens);
  // In the gap: the clocks change between wall - after (still on `before`) and wall - before (already on `after`).
  let lo = wall - after;
  let hi = wall - before;
  while (hi - lo > 1_000) {
    const mid = Math.floor((lo + hi) / 2_000) * 1_000;
    if (offsetMs(mid, timeZone) === before) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** The instant the local day begins. */
export const startOfLocalDay = (date: string, timeZone: string): number => localInstant(date, '00:00', timeZone);

/** The calendar day `n` days after `date` (YYYY-MM-DD; before it when `n` is negative), whatever the zone. */
export function addDays(date: string, n: number): string {
  const [y, m, d] = parseDate(date);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** The calendar day after `date`. */
export const nextDate = (date: string): string => addDays(date, 1);

/** ISO weekday of a calendar day: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const [y, m, d] = parseDate(date);
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay() || 7;
}

export function localDayRange(date: string, timeZone: string): { start: Date; end: Date } {
  return { start: new Date(startOfLocalDay(date, timeZone)), end: new Date(startOfLocalDay(nextDate(date), timeZone)) };
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The instant `months` calendar months after `epochMs` on the zone's calendar and clock (a 12-month service): the same
 * local day, clamped to the end of a shorter month (29 February 2028 + 12 months is 28 February 2029, 31 January + 1
 * is the last of February), at the same local time, placed as `localInstant` places it on a night the clocks change.
 * Counted in UTC instead, a Shanghai morning is the evening before, and its month ends a day late.
 */
export function addLocalMonths(epochMs: number, months: number, timeZone: string): number {
  if (!Number.isInteger(months)) throw new RangeError(`months must be an integer, got ${months}`);
  const p = localParts(epochMs, timeZone);
  const monthIndex = p.month - 1 + months;
  const year = p.year + Math.floor(monthIndex / 12);
  const month = (((monthIndex % 12) + 12) % 12) + 1;
  // Day 0 of the next month is the last of this one; the years taken (2000–2100 and a service interval on) are past
  // the 0–99 that Date.UTC reads as 1900–1999.
  const day = Math.min(p.day, new Date(Date.UTC(year, month, 0)).getUTCDate());
  return sameClockOn(`${year}-${pad(month)}-${pad(day)}`, epochMs, p, timeZone);
}

/**
 * The instant `days` calendar days after `epochMs` (before it when negative) on the zone's calendar, at the same
 * local time, placed as `localInstant` places it on a night the clocks change: the day after Saturday 10:00 in
 * Berlin is Sunday 10:00 whether the clocks went forward in between (23 hours later) or back (25 hours later).
 */
export function addLocalDays(epochMs: number, days: number, timeZone: string): number {
  if (!Number.isInteger(days)) throw new RangeError(`days must be an integer, got ${days}`);
  const p = localParts(epochMs, timeZone);
  return sameClockOn(addDays(`${p.year}-${pad(p.month)}-${pad(p.day)}`, days), epochMs, p, timeZone);
}

/** `epochMs`'s local time of day (`p`, its parts in the zone), to the millisecond, on another local date. */
function sameClockOn(date: string, epochMs: number, p: LocalParts, timeZone: string): number {
  const secondsOn = p.second * 1_000 + (epochMs - Math.floor(epochMs / 1_000) * 1_000);
  return localInstant(date, `${pad(p.hour)}:${pad(p.minute)}`, timeZone) + secondsOn;
}

/** YYYY-MM-DD of the instant in the zone. */
export function localDate(epochMs: number, timeZone: string): string {
  const p = localParts(epochMs, timeZone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

/**
 * The latest calendar day anywhere at this instant (Kiribati's, UTC+14): a day "up to today" checked where the
 * shop's zone is not at hand refuses no shop's today; UTC's refused a Shanghai shop's until 08:00.
 */
export const latestLocalDate = (epochMs: number): string => localDate(epochMs, 'Pacific/Kiritimati');

/** HH:MM of the instant in the zone. */
export function localTime(epochMs: number, timeZone: string): string {
  const p = localParts(epochMs, timeZone);
  return `${pad(p.hour)}:${pad(p.minute)}`;
}

/**
 * The clock times a day skips when its clocks go forward ("02:00" up to "03:00" in Berlin on 28 March 2027), when
 * `clock` is one of them; undefined when that time happens on `date`.
 */
export function skippedHour(date: string, clock: string, timeZone: string): { from: string; to: string } | undefined {
  const jump = localInstant(date, clock, timeZone);
  if (localTime(jump, timeZone) === clock) return undefined;
  // The clock's last second before the jump, one second on: where the skipped stretch begins.
  const last = localParts(jump - 1_000, timeZone);
  const from = new Date(Date.UTC(2000, 0, 1, last.hour, last.minute, last.second + 1)).toISOString().slice(11, 16);
  return { from, to: localTime(jump, timeZone) };
}
