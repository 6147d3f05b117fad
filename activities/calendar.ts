import { readCalendar } from '../db/calendar.js';
import type { Database } from '../db/client.js';
import { callOnOpenDay } from '../domain/calendar-rules.js';

/** What a visit asks of the shop's calendar (db/calendar.ts), which the workflow cannot read itself. */
export function calendarActivities(db: Database) {
  return {
    /**
     * When the day-before call due at `dueAt` goes on the call list: on a day the shop opens, in the visit's zone
     * (domain/calendar-rules.ts `callOnOpenDay`). The calendar as it stands at booking: a closing added later does
     * not move a call already planned.
     */
    async callTimeOnOpenDay(input: { dueAt: string; timeZone: string }): Promise<string> {
      const calendar = await readCalendar(db, input.timeZone);
      return new Date(callOnOpenDay(calendar, Date.parse(input.dueAt))).toISOString();
    },
  };
}
