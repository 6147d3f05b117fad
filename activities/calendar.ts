import { readCalendar } from '../db/calendar.js';
import type { Database } from '../db/client.js';
import { type ContactKind, contactTime } from '../domain/calendar-rules.js';

/** What a visit asks of the shop's calendar (db/calendar.ts), which the workflow cannot read itself. */
export function calendarActivities(db: Database) {
  return {
    /**
     * When a contact with the customer due at `dueAt` is made, on a day the shop opens, in the visit's zone
     * (domain/calendar-rules.ts `contactTime`): the day-before call (`call`, which a booking placed before the kind
     * was named asks by leaving it out) on the last open day, the maintenance reminder (`reminder`) on the next.
     * The calendar as it stands when asked: a closing added later does not move a call already planned. Named for
     * the call it first placed: the name is recorded in the histories of visits that asked it.
     */
    async callTimeOnOpenDay(input: { dueAt: string; timeZone: string; kind?: ContactKind }): Promise<string> {
      const calendar = await readCalendar(db, input.timeZone);
      return new Date(contactTime(calendar, Date.parse(input.dueAt), input.kind ?? 'call')).toISOString();
    },
  };
}
