import { asc, eq, gte, sql } from 'drizzle-orm';
import {
  type CalendarException,
  defaultCalendar,
  type OpeningHours,
  type ShopCalendar,
  WEEKDAYS,
  type Weekday,
} from '../domain/calendar-rules.js';
import { localDate } from '../domain/local-time.js';
import type { Database } from './client.js';
import { calendarExceptions, openingHours } from './schema.js';

// The shop's calendar in PostgreSQL: the one reader every rule gets it from (the complaint clocks, the planner,
// the promise, the booking slots) and the writes of the calendar API, its only writer.

/** More exceptions than any shop keeps ahead (a holiday a day for years); bounds the read. */
const MAX_EXCEPTIONS = 2_000;

const hoursOf = (row: { opensAt: string | null; closesAt: string | null }): OpeningHours | null =>
  row.opensAt && row.closesAt ? { opensAt: row.opensAt, closesAt: row.closesAt } : null;

/**
 * The calendar as the database holds it, in the shop's zone: weekdays never edited keep the default hours, and
 * the exceptions are those from the day before `now` on (a rule counts open time forward from now; the day
 * before covers a zone behind the reader's).
 */
export async function readCalendar(db: Database, timeZone: string, now = new Date()): Promise<ShopCalendar> {
  return (await reading(db, timeZone, now)).calendar;
}

/**
 * The calendar once a manager has kept one (any weekday's hours or a day ahead set), else undefined: the workshop
 * plan then keeps to the technicians' shifts alone, as it did before the shop had a calendar.
 */
export async function readKeptCalendar(db: Database, timeZone: string, now = new Date()): Promise<ShopCalendar | undefined> {
  const { calendar, kept } = await reading(db, timeZone, now);
  return kept ? calendar : undefined;
}

async function reading(db: Database, timeZone: string, now: Date): Promise<{ calendar: ShopCalendar; kept: boolean }> {
  const from = localDate(now.getTime() - 86_400_000, timeZone);
  const [hours, exceptions] = await Promise.all([
    db.select().from(openingHours),
    db
      .select()
      .from(calendarExceptions)
      .where(gte(calendarExceptions.date, from))
      .orderBy(asc(calendarExceptions.date))
      .limit(MAX_EXCEPTIONS),
  ]);
  const calendar = defaultCalendar(timeZone);
  for (const row of hours) {
    const day = WEEKDAYS[row.weekday - 1];
    if (day) calendar.week[day] = hoursOf(row);
  }
  return {
    calendar: { ...calendar, exceptions: exceptions.map((e) => ({ date: e.date, hours: hoursOf(e), note: e.note })) },
    kept: hours.length > 0 || exceptions.length > 0,
  };
}

/** Sets the hours of every weekday given; the others keep theirs. */
export async function writeOpeningHours(
  db: Database,
  week: Partial<Record<Weekday, OpeningHours | null>>,
  staffId: string,
): Promise<void> {
  const rows = WEEKDAYS.flatMap((day, i) => {
    const hours = week[day];
    return hours === undefined
      ? []
      : [{ weekday: i + 1, opensAt: hours?.opensAt ?? null, closesAt: hours?.closesAt ?? null, updatedBy: staffId }];
  });
  if (rows.length === 0) return;
  await db
    .insert(openingHours)
    .values(rows)
    .onConflictDoUpdate({
      target: openingHours.weekday,
      set: {
        opensAt: sql`excluded.opens_at`,
        closesAt: sql`excluded.closes_at`,
        updatedBy: sql`excluded.updated_by`,
        updatedAt: sql`now()`,
      },
    });
}

/** Adds an exception, or replaces the one on that day. */
export async function writeException(db: Database, exception: CalendarException, staffId: string): Promise<void> {
  const values = {
    date: exception.date,
    opensAt: exception.hours?.opensAt ?? null,
    closesAt: exception.hours?.closesAt ?? null,
    note: exception.note,
    createdBy: staffId,
  };
  const { date: _date, ...set } = values;
  await db
    .insert(calendarExceptions)
    .values(values)
    .onConflictDoUpdate({ target: calendarExceptions.date, set: { ...set, createdAt: sql`now()` } });
}

/** Removes the exception on a day; false when there was none. */
export async function deleteException(db: Database, date: string): Promise<boolean> {
  const rows = await db
    .delete(calendarExceptions)
    .where(eq(calendarExceptions.date, date))
    .returning({ date: calendarExceptions.date });
  return rows.length > 0;
}
