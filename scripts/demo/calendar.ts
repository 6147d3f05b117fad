import type { PromiseMove } from '../../domain/calendar-rules.js';
import { localDate, nextDate } from '../../domain/local-time.js';
import type { ServicelaneClient } from './client.js';

// The demo shop's calendar [S3.4]: tomorrow is a holiday, so a job too long for today's opening hours is promised
// after it, and the workshop plan and the complaint clocks skip it too (/app/calendar shows it).

interface Calendar {
  timeZone: string;
}
interface Suggestion {
  promisedAt: string;
  moved: PromiseMove;
  holiday?: { date: string; note: string };
}

/** Seeds tomorrow's holiday in the shop's zone and returns the day. */
export async function seedHoliday(api: ServicelaneClient): Promise<string> {
  const { timeZone } = await api.as('manager').get<Calendar>('/calendar');
  const tomorrow = nextDate(localDate(Date.now(), timeZone));
  await api.as('manager').post('/calendar/exceptions', { date: tomorrow, hours: null, note: 'Demo holiday' });
  return tomorrow;
}

/** An instant as the shop's people read it, in the shop's time zone (the calendar's). */
export async function shopTime(api: ServicelaneClient, iso: string | null): Promise<string> {
  if (iso === null) return 'not known';
  const { timeZone } = await api.as('manager').get<Calendar>('/calendar');
  return new Date(iso).toLocaleString('en-GB', { timeZone, dateStyle: 'full', timeStyle: 'short' });
}

/** Why a promise without a holiday in the way is not the clock time, as the demo's summary says it. */
const MOVED: Record<PromiseMove, string> = {
  none: 'at the clock time',
  holiday: 'moved past a holiday',
  closed_day: 'moved past a day the shop is closed',
  after_hours: 'moved to fit the opening hours (the work is done while the shop is open)',
};

/** What the holiday does to a promise for a day's work (10 open hours) from now, as one line. */
export async function holidayPromise(api: ServicelaneClient): Promise<string> {
  const s = await api.as('advisor').get<Suggestion>('/calendar/promise?workMinutes=600');
  const when = await shopTime(api, s.promisedAt);
  const why = s.holiday ? `moved past the holiday on ${s.holiday.date} (${s.holiday.note})` : MOVED[s.moved];
  return `10 h of work from now is promised for ${when}, ${why}`;
}
