import { localDate, nextDate } from '../../domain/local-time.js';
import type { ServicelaneClient } from './client.js';

// The demo shop's calendar [S3.4]: tomorrow is a holiday, so a job too long for today's opening hours is promised
// after it, and the workshop plan and the complaint clocks skip it too (/app/calendar shows it).

interface Calendar {
  timeZone: string;
}
interface Suggestion {
  promisedAt: string;
  moved: string;
  holiday?: { date: string; note: string };
}

/** Seeds tomorrow's holiday in the shop's zone and returns the day. */
export async function seedHoliday(api: ServicelaneClient): Promise<string> {
  const { timeZone } = await api.as('manager').get<Calendar>('/calendar');
  const tomorrow = nextDate(localDate(Date.now(), timeZone));
  await api.as('manager').post('/calendar/exceptions', { date: tomorrow, hours: null, note: 'Demo holiday' });
  return tomorrow;
}

/** What the holiday does to a promise for a day's work (10 open hours) from now, as one line. */
export async function holidayPromise(api: ServicelaneClient): Promise<string> {
  const { timeZone } = await api.as('manager').get<Calendar>('/calendar');
  const s = await api.as('advisor').get<Suggestion>('/calendar/promise?workMinutes=600');
  const when = new Date(s.promisedAt).toLocaleString('en-GB', { timeZone, dateStyle: 'full', timeStyle: 'short' });
  const why = s.holiday ? `moved past the holiday on ${s.holiday.date} (${s.holiday.note})` : `moved: ${s.moved}`;
  return `10 h of work from now is promised for ${when}, ${why}`;
}
