import { DEFAULT_BUSINESS_HOURS } from './business-hours-rules.js';
import { addLocalDays, isoWeekday, localDate, localInstant, nextDate, skippedHour } from './local-time.js';

// The shop's calendar [S3.4 "open 365 days with published hours"] as plain data and rules, usable in workflows:
// the opening hours of each weekday and the dated exceptions (a holiday closed all day, or special hours), in the
// shop's time zone. The schemas that hold what a manager sends are in calendar.ts; the table is db/calendar.ts.

/** The days of the week in ISO order: index + 1 is the ISO weekday (1 = Monday … 7 = Sunday). */
export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** One stretch of opening on a day, local wall-clock "HH:MM"; `opensAt` is before `closesAt`. */
export interface OpeningHours {
  opensAt: string;
  closesAt: string;
}

/** A dated exception: `hours` null closes the shop all day (a holiday), else they replace the weekday's hours. */
export interface CalendarException {
  /** The local day, YYYY-MM-DD. */
  date: string;
  hours: OpeningHours | null;
  /** Why, as the manager wrote it ("Christmas Day"). */
  note: string;
}

export interface ShopCalendar {
  timeZone: string;
  /** Null: closed that weekday. */
  week: Record<Weekday, OpeningHours | null>;
  exceptions: CalendarException[];
}

/** A stretch of open time, epoch ms, end exclusive. */
export type Interval = readonly [start: number, end: number];

/** A weekly rota as the older fixed `BusinessHours` say it (a technician's shift): the same hours each open day. */
export interface WeeklyHours {
  timeZone: string;
  /** ISO weekdays: 1 = Monday … 7 = Sunday. */
  days: readonly number[];
  opensAt: string;
  closesAt: string;
}

export const weekdayOf = (date: string): Weekday => WEEKDAYS[isoWeekday(date) - 1] ?? 'monday';

/** The same hours every day in `days`, no exceptions. */
export function calendarOfHours(hours: WeeklyHours): ShopCalendar {
  const open = { opensAt: hours.opensAt, closesAt: hours.closesAt };
  const week = Object.fromEntries(WEEKDAYS.map((d, i) => [d, hours.days.includes(i + 1) ? open : null]));
  return { timeZone: hours.timeZone, week: week as ShopCalendar['week'], exceptions: [] };
}

/**
 * What a technician's work is placed in (the plan, domain/dispatch.ts) and their day read by (the rota,
 * domain/assignment-rules.ts `awayToday`): their shift and, when known, the shop's calendar (no work while closed).
 */
export const workingTime = (shift: WeeklyHours | null, shop: ShopCalendar | undefined): ShopCalendar[] => [
  ...(shift ? [calendarOfHours(shift)] : []),
  ...(shop ? [shop] : []),
];

/** A shop's calendar before any manager edits it: today's fixed hours (DEFAULT_BUSINESS_HOURS), in its zone. */
export const defaultCalendar = (timeZone: string): ShopCalendar => calendarOfHours({ ...DEFAULT_BUSINESS_HOURS, timeZone });

/** The exception on a local day, if any. */
export const exceptionOn = (calendar: ShopCalendar, date: string): CalendarException | undefined =>
  calendar.exceptions.find((e) => e.date === date);

/** What the shop keeps on a local day: an exception wins over the weekday; null is closed. */
export function hoursOn(calendar: ShopCalendar, date: string): OpeningHours | null {
  const exception = exceptionOn(calendar, date);
  return exception ? exception.hours : calendar.week[weekdayOf(date)];
}

/**
 * The opening intervals of a local day (none when closed). On the nights the clocks change, the shop opens the first
 * time its clock reads the opening time and closes the last time it reads the closing time; an hour the clocks skip
 * is no open time (local-time.ts `localInstant`).
 */
export function openingIntervals(calendar: ShopCalendar, date: string): Interval[] {
  const hours = hoursOn(calendar, date);
  if (!hours) return [];
  const start = localInstant(date, hours.opensAt, calendar.timeZone, 'first');
  const end = localInstant(date, hours.closesAt, calendar.timeZone, 'last');
  return start < end ? [[start, end]] : [];
}

/**
 * Why a wall-clock time of a local day cannot be placed there: the clocks skip it that night. A person who named it
 * (special hours, an appointment typed on a screen) meant that very day, so it is refused rather than moved to when
 * the clocks jump past it; undefined when the time happens.
 */
export function skippedTimeProblem(date: string, clock: string, timeZone: string): string | undefined {
  const skipped = skippedHour(date, clock, timeZone);
  return skipped
    ? `the clocks go forward from ${skipped.from} to ${skipped.to} on ${date}, so ${clock} does not happen that day; choose a time before ${skipped.from} or from ${skipped.to}`
    : undefined;
}

/**
 * Why special hours cannot be kept on their day, naming the end (`opensAt`, `closesAt`) that falls in the hour the
 * clocks skip that night (`skippedTimeProblem`). (Weekly hours hold for every week alike and are placed by
 * `openingIntervals` instead; a time the clocks go back over is kept, as the shop opens the first time and closes the
 * last time the clock reads it.)
 */
export function skippedHoursProblem(
  date: string,
  hours: OpeningHours,
  timeZone: string,
): { field: 'opensAt' | 'closesAt'; message: string } | undefined {
  for (const field of ['opensAt', 'closesAt'] as const) {
    const message = skippedTimeProblem(date, hours[field], timeZone);
    if (message) return { field, message };
  }
  return undefined;
}

/**
 * How far a contact due on a closed day looks for a day the shop opens (back for the day-before call, ahead for the
 * maintenance reminder, which then still reaches the customer before the service it announces, 14 days on in
 * production): beyond it, the contact stays where it was.
 */
const OPEN_DAY_REACH_DAYS = 14;
const HOUR_MS = 3_600_000;

/** Whether the shop opens at all on a local day (a day closed by its weekday or by a holiday does not). */
const opensOn = (calendar: ShopCalendar, date: string): boolean => openingIntervals(calendar, date).length > 0;

/**
 * When a call due at `dueMs` (the day-before confirmation [S1.1]) is made: then, when the shop opens that local day;
 * else on the last day before that it opens, at the same clock time moved into that day's hours (its opening when
 * earlier, its last hour when later), so a Monday booking is confirmed on Saturday rather than on the Sunday the
 * shop is closed, which left the call to the morning of the visit itself. Unchanged when no day opens in 14 before.
 */
export function callOnOpenDay(calendar: ShopCalendar, dueMs: number): number {
  const zone = calendar.timeZone;
  if (opensOn(calendar, localDate(dueMs, zone))) return dueMs;
  for (let back = 1; back <= OPEN_DAY_REACH_DAYS; back++) {
    const sameClock = addLocalDays(dueMs, -back, zone);
    const hours = openingIntervals(calendar, localDate(sameClock, zone))[0];
    if (hours) return Math.min(Math.max(sameClock, hours[0]), Math.max(hours[0], hours[1] - HOUR_MS));
  }
  return dueMs;
}

/**
 * When the maintenance reminder [S1.10] due at `dueMs` goes out: then, at whatever hour, when the shop opens that
 * local day; else at the opening of the next day it opens (a Sunday off's on Monday morning, a holiday's the day
 * after). Only the day counts, not the hours: a reminder that comes in the evening is answered the next morning,
 * one on a closed day would wait a day or more with the desk shut; and the shop's default calendar opens every day,
 * so without a manager's closed day no reminder is held. Moved, it goes at the opening rather than at its own clock
 * time, which may fall outside that day's hours: the desk can take the customer's call or booking all that day.
 * Unchanged when no day opens in the 14 after.
 */
export function reminderOnOpenDay(calendar: ShopCalendar, dueMs: number): number {
  let date = localDate(dueMs, calendar.timeZone);
  if (opensOn(calendar, date)) return dueMs;
  for (let ahead = 1; ahead <= OPEN_DAY_REACH_DAYS; ahead++) {
    date = nextDate(date);
    const hours = openingIntervals(calendar, date)[0];
    if (hours) return hours[0];
  }
  return dueMs;
}

/**
 * Which contact with the customer due at a time (`contactTime`): `call`, the day-before confirmation the shop
 * makes ahead of the visit, moved back to the last open day; `reminder`, the maintenance reminder, moved on to the
 * next open day, when it falls due (a holiday entered months after the visit still counts).
 */
export type ContactKind = 'call' | 'reminder';

/** When the contact `kind` due at `dueMs` is made, on the shop's calendar: its own rule for a closed day. */
export const contactTime = (calendar: ShopCalendar, dueMs: number, kind: ContactKind): number =>
  kind === 'reminder' ? reminderOnOpenDay(calendar, dueMs) : callOnOpenDay(calendar, dueMs);

/** Ten years of days bounds every walk, even for a shop open one day a week. */
const MAX_DAYS = 3_660;

/** The open time at or after `fromMs`, in order, for at most ten years, and no day after the one `untilMs` falls on. */
export function* openFrom(calendar: ShopCalendar, fromMs: number, untilMs = Number.POSITIVE_INFINITY): Generator<Interval> {
  let date = localDate(fromMs, calendar.timeZone);
  const lastDate = Number.isFinite(untilMs) ? localDate(untilMs, calendar.timeZone) : undefined;
  for (let i = 0; i < MAX_DAYS && (lastDate === undefined || date <= lastDate); i++) {
    for (const [start, end] of openingIntervals(calendar, date)) if (end > fromMs) yield [Math.max(start, fromMs), end];
    date = nextDate(date);
  }
}

/** The time open in both (the shop and a technician's shift, each in its own zone). */
function* bothOpen(a: Iterator<Interval>, b: Iterator<Interval>): Generator<Interval> {
  let x = a.next();
  let y = b.next();
  while (!x.done && !y.done) {
    const start = Math.max(x.value[0], y.value[0]);
    const end = Math.min(x.value[1], y.value[1]);
    if (start < end) yield [start, end];
    if (x.value[1] <= y.value[1]) x = a.next();
    else y = b.next();
  }
}

export function isOpen(calendar: ShopCalendar, atMs: number): boolean {
  return openingIntervals(calendar, localDate(atMs, calendar.timeZone)).some(([s, e]) => s <= atMs && atMs < e);
}

/** The first open instant at or after `atMs` (itself when open); null when closed for ten years. */
export function nextOpening(calendar: ShopCalendar, atMs: number): number | null {
  const first = openFrom(calendar, atMs).next();
  return first.done ? null : first.value[0];
}

/**
 * The first instant at or after `fromMs` on a `stepMs` boundary (a quarter hour) at which the shop is open, so a
 * time offered to a person reads round: an opening off the boundary (08:10) offers its next one, and a stretch too
 * short to hold one is passed over. Null when closed for ten years.
 */
export function nextOpenOnStep(calendar: ShopCalendar, fromMs: number, stepMs: number): number | null {
  for (const [start, end] of openFrom(calendar, fromMs)) {
    const at = Math.ceil(start / stepMs) * stepMs;
    if (at < end) return at;
  }
  return null;
}

/**
 * The time a form offers a person, from `fromMs`: the next open step, or the step itself when the shop never opens
 * (the API then says why it refuses it).
 */
export const offeredTime = (calendar: ShopCalendar, fromMs: number, stepMs: number): number =>
  nextOpenOnStep(calendar, fromMs, stepMs) ?? Math.ceil(fromMs / stepMs) * stepMs;

/** The time open in every calendar (at least one) at or after `fromMs`, up to the day `untilMs` falls on. */
function openTogether(calendars: readonly ShopCalendar[], fromMs: number, untilMs?: number): Iterator<Interval> {
  let open: Iterator<Interval> = openFrom(calendars[0] as ShopCalendar, fromMs, untilMs);
  for (const other of calendars.slice(1)) open = bothOpen(open, openFrom(other, fromMs, untilMs));
  return open;
}

/** Whether every calendar is open at once at some time in [fromMs, toMs). No calendar: around the clock. */
export function openTogetherBetween(calendars: readonly ShopCalendar[], fromMs: number, toMs: number): boolean {
  if (calendars.length === 0) return fromMs < toMs;
  const first = openTogether(calendars, fromMs, toMs).next();
  return !first.done && first.value[0] < toMs;
}

/**
 * The instant `durationMs` of time open in every calendar after `startMs` (a start outside begins counting at
 * the next opening; zero gives that opening). No calendar: around the clock. Wall-clock hours on a DST day are
 * as long as they really are. RangeError when ten years of opening do not hold the duration.
 */
export function addWorkingTime(startMs: number, durationMs: number, calendars: readonly ShopCalendar[]): number {
  if (calendars.length === 0) return startMs + durationMs;
  const open = openTogether(calendars, startMs);
  let left = durationMs;
  for (let next = open.next(); !next.done; next = open.next()) {
    const [start, end] = next.value;
    if (left <= end - start) return start + left;
    left -= end - start;
  }
  throw new RangeError('the calendar never opens long enough for this duration');
}

/**
 * `addWorkingTime`, or past the calendars on the clock when ten years of their opening do not hold the duration (a
 * shop closed every weekday, one open a minute a week): a deadline or a plan then still has an instant, and an
 * activity asking it never retries a calendar whose answer will not change.
 */
export function addWorkingTimeOrClock(startMs: number, durationMs: number, calendars: readonly ShopCalendar[]): number {
  try {
    return addWorkingTime(startMs, durationMs, calendars);
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    return startMs + durationMs;
  }
}

/** `minutes` of the shop's open time after `startMs`. */
export const addWorkingMinutes = (calendar: ShopCalendar, startMs: number, minutes: number): number =>
  addWorkingTime(startMs, minutes * 60_000, [calendar]);

/**
 * Why a promise was moved off the clock time: a holiday (an exception closing a day) lay in the way, the
 * work reached a closed weekday, or it ran past closing (or began before opening).
 */
export const PROMISE_MOVES = ['none', 'holiday', 'closed_day', 'after_hours'] as const;
export type PromiseMove = (typeof PROMISE_MOVES)[number];

export interface PromiseSuggestion {
  promisedAt: number;
  moved: PromiseMove;
  /** The first holiday in the way, when that is why. */
  holiday?: CalendarException;
}

/** Promises are offered on the half hour when that is still inside the opening they fall in. */
const HALF_HOUR_MS = 1_800_000;

/**
 * The promised delivery time for `workMs` of work from `fromMs` [S3.4 "deliver at the promised time"]: the
 * work counts only open time, so a promise that would fall on a holiday or outside the opening hours moves to
 * the next opening plus the remaining work; `moved` says why it differs from the clock time.
 */
export function suggestPromise(calendar: ShopCalendar, fromMs: number, workMs: number): PromiseSuggestion {
  const exact = addWorkingTime(fromMs, workMs, [calendar]);
  const day = localDate(exact, calendar.timeZone);
  const closing = openingIntervals(calendar, day).find(([s, e]) => s <= exact && exact <= e)?.[1] ?? exact;
  const rounded = Math.ceil(exact / HALF_HOUR_MS) * HALF_HOUR_MS;
  const promisedAt = rounded <= closing ? rounded : exact;
  if (exact === fromMs + workMs) return { promisedAt, moved: 'none' };
  let closedDay = false;
  for (let date = localDate(fromMs, calendar.timeZone); date <= day; date = nextDate(date)) {
    const exception = exceptionOn(calendar, date);
    if (exception && exception.hours === null) return { promisedAt, moved: 'holiday', holiday: exception };
    if (!exception && calendar.week[weekdayOf(date)] === null) closedDay = true;
  }
  return { promisedAt, moved: closedDay ? 'closed_day' : 'after_hours' };
}
