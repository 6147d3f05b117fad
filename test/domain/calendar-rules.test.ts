import { describe, expect, it } from 'vitest';
import { slotStarts } from '../../domain/booking.js';
import {
  addWorkingMinutes,
  addWorkingTime,
  calendarOfHours,
  callOnOpenDay,
  contactTime,
  defaultCalendar,
  isOpen,
  nextOpening,
  nextOpenOnStep,
  offeredTime,
  openingIntervals,
  reminderOnOpenDay,
  type ShopCalendar,
  skippedHoursProblem,
  suggestPromise,
} from '../../domain/calendar-rules.js';
import { planWorkshop } from '../../domain/dispatch.js';
import { localTime } from '../../domain/local-time.js';

const t = (iso: string) => Date.parse(iso);
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const HOUR = 3_600_000;

const day = { opensAt: '08:30', closesAt: '17:30' };
/** A Shanghai shop (UTC+8, no DST) open Monday to Saturday, closed on National Day. */
const shanghai: ShopCalendar = {
  timeZone: 'Asia/Shanghai',
  week: { monday: day, tuesday: day, wednesday: day, thursday: day, friday: day, saturday: day, sunday: null },
  exceptions: [
    { date: '2026-10-01', hours: null, note: 'National Day' },
    { date: '2026-10-02', hours: { opensAt: '10:00', closesAt: '14:00' }, note: 'Short day' },
  ],
};

describe('the shop calendar', () => {
  it('opens and closes at the local hours on both DST days in Berlin', () => {
    const berlin = defaultCalendar('Europe/Berlin');
    // 30 March 2025: clocks go forward (UTC+2 from 02:00); 26 October 2025: back (UTC+1 from 03:00).
    expect(openingIntervals(berlin, '2025-03-29').map((i) => i.map(iso))).toEqual([
      ['2025-03-29T07:00:00.000Z', '2025-03-29T17:00:00.000Z'],
    ]);
    expect(openingIntervals(berlin, '2025-03-30').map((i) => i.map(iso))).toEqual([
      ['2025-03-30T06:00:00.000Z', '2025-03-30T16:00:00.000Z'],
    ]);
    expect(openingIntervals(berlin, '2025-10-26').map((i) => i.map(iso))).toEqual([
      ['2025-10-26T07:00:00.000Z', '2025-10-26T17:00:00.000Z'],
    ]);
    expect(isOpen(berlin, t('2025-03-30T06:30:00Z'))).toBe(true);
    expect(isOpen(berlin, t('2025-03-29T06:30:00Z'))).toBe(false);
  });

  it('special hours on the nights the clocks change: the repeated hour is open both times, the skipped one never', () => {
    const night = (date: string, opensAt: string, closesAt: string): ShopCalendar => ({
      ...defaultCalendar('Europe/Berlin'),
      exceptions: [{ date, hours: { opensAt, closesAt }, note: 'Night of the clocks' }],
    });
    const times = (date: string, calendar: ShopCalendar) =>
      slotStarts(date, calendar, 30).map((at) => localTime(at, 'Europe/Berlin'));
    // 25 October 2026: open from the first 02:00 to the last 03:00, two hours of four real half-hour slots.
    const autumn = night('2026-10-25', '02:00', '03:00');
    expect(openingIntervals(autumn, '2026-10-25')).toEqual([[Date.UTC(2026, 9, 25, 0), Date.UTC(2026, 9, 25, 2)]]);
    expect(times('2026-10-25', autumn)).toEqual(['02:00', '02:30', '02:00', '02:30']);
    // 28 March 2027: 01:30–03:30 is one real hour, and no slot at a time that does not happen.
    const spring = night('2027-03-28', '01:30', '03:30');
    expect(openingIntervals(spring, '2027-03-28')).toEqual([[Date.UTC(2027, 2, 28, 0, 30), Date.UTC(2027, 2, 28, 1, 30)]]);
    expect(times('2027-03-28', spring)).toEqual(['01:30', '03:00']);
    expect(skippedHoursProblem('2027-03-28', { opensAt: '01:30', closesAt: '03:30' }, 'Europe/Berlin')).toBeUndefined();
    expect(skippedHoursProblem('2027-03-28', { opensAt: '02:30', closesAt: '03:00' }, 'Europe/Berlin')).toMatchObject({
      field: 'opensAt',
    });
  });

  it('adds working minutes across the night the clocks go back', () => {
    const berlin = defaultCalendar('Europe/Berlin');
    // Saturday 25 Oct 17:00 CEST leaves 60 min; Sunday 08:00 CET (07:00Z) + 60 min.
    expect(iso(addWorkingMinutes(berlin, t('2025-10-25T15:00:00Z'), 120))).toBe('2025-10-26T08:00:00.000Z');
  });

  it('skips Sundays and holidays, and keeps special hours (Shanghai)', () => {
    // Wednesday 30 Sep 16:00 local: 1.5 h that day, National Day closed, Friday 2 Oct opens at 10:00 → 12:30.
    expect(iso(addWorkingTime(t('2026-09-30T08:00:00Z'), 4 * HOUR, [shanghai]))).toBe('2026-10-02T04:30:00.000Z');
    expect(isOpen(shanghai, t('2026-10-01T03:00:00Z'))).toBe(false);
    // Saturday 3 Oct after closing → Monday 5 Oct 08:30 local.
    expect(iso(nextOpening(shanghai, t('2026-10-03T10:00:00Z')))).toBe('2026-10-05T00:30:00.000Z');
    expect(iso(nextOpening(shanghai, t('2026-10-05T01:00:00Z')))).toBe('2026-10-05T01:00:00.000Z');
  });

  it('offers the next open quarter hour: after closing, off the boundary, past a stretch too short (Shanghai)', () => {
    const QUARTER = 15 * 60_000;
    // Saturday 3 Oct after closing → Monday 5 Oct 08:30 local; inside the hours, the next quarter hour.
    expect(iso(nextOpenOnStep(shanghai, t('2026-10-03T10:00:00Z'), QUARTER))).toBe('2026-10-05T00:30:00.000Z');
    expect(iso(nextOpenOnStep(shanghai, t('2026-10-05T01:07:00Z'), QUARTER))).toBe('2026-10-05T01:15:00.000Z');
    expect(iso(offeredTime(shanghai, t('2026-10-03T10:00:00Z'), QUARTER))).toBe('2026-10-05T00:30:00.000Z');
    // A special opening at 08:10 offers 08:15; one from 08:16 to 08:29 holds no quarter hour, so the next day's.
    const odd: ShopCalendar = {
      ...shanghai,
      exceptions: [
        { date: '2026-10-06', hours: { opensAt: '08:10', closesAt: '17:30' }, note: 'Late start' },
        { date: '2026-10-07', hours: { opensAt: '08:16', closesAt: '08:29' }, note: 'Stocktaking' },
      ],
    };
    expect(iso(nextOpenOnStep(odd, t('2026-10-05T12:00:00Z'), QUARTER))).toBe('2026-10-06T00:15:00.000Z');
    expect(iso(nextOpenOnStep(odd, t('2026-10-06T12:00:00Z'), QUARTER))).toBe('2026-10-08T00:30:00.000Z');
  });

  it('never opens: nextOpening is null and adding time is a RangeError', () => {
    const closed = calendarOfHours({ timeZone: 'UTC', days: [], opensAt: '08:00', closesAt: '18:00' });
    expect(nextOpening(closed, 0)).toBeNull();
    expect(nextOpenOnStep(closed, 0, 15 * 60_000)).toBeNull();
    // A form still offers a round time; the API says why it refuses it.
    expect(offeredTime(closed, 7 * 60_000, 15 * 60_000)).toBe(15 * 60_000);
    expect(() => addWorkingTime(0, HOUR, [closed])).toThrow(RangeError);
  });

  it('works only where the shop and a shift are both open', () => {
    const shift = calendarOfHours({
      timeZone: 'Asia/Shanghai',
      days: [1, 2, 3, 4, 5, 6, 7],
      opensAt: '12:00',
      closesAt: '20:00',
    });
    // Wednesday 30 Sep 12:00–17:30 (5.5 h), then Friday 2 Oct 12:00–14:00 (2 h), then Saturday 3 Oct from 12:00: 12:30.
    expect(iso(addWorkingTime(t('2026-09-30T00:00:00Z'), 8 * HOUR, [shanghai, shift]))).toBe('2026-10-03T04:30:00.000Z');
  });
});

describe('the promise suggestion', () => {
  it('a holiday moves the promise to the next opening plus the remaining work, and says so', () => {
    const s = suggestPromise(shanghai, t('2026-09-30T08:00:00Z'), 4 * HOUR);
    expect(iso(s.promisedAt)).toBe('2026-10-02T04:30:00.000Z');
    expect(s.moved).toBe('holiday');
    expect(s.holiday?.note).toBe('National Day');
  });

  it('inside the hours it is the clock time on the half hour; after closing or on a closed weekday it says why', () => {
    const monday = suggestPromise(shanghai, t('2026-10-05T01:10:00Z'), 2 * HOUR);
    expect([iso(monday.promisedAt), monday.moved]).toEqual(['2026-10-05T03:30:00.000Z', 'none']);
    const late = suggestPromise(shanghai, t('2026-10-06T08:00:00Z'), 2 * HOUR);
    expect([iso(late.promisedAt), late.moved]).toEqual(['2026-10-07T01:00:00.000Z', 'after_hours']);
    const weekend = suggestPromise(shanghai, t('2026-10-10T08:00:00Z'), 2 * HOUR);
    expect([iso(weekend.promisedAt), weekend.moved]).toEqual(['2026-10-12T01:00:00.000Z', 'closed_day']);
  });

  it('for a walk-in either side of midnight, counts from the next opening and never lands on the closed day', () => {
    // Saturday 10 October 23:50 in Shanghai (15:50 UTC), Sunday closed: Monday 08:30 + 2 h, and the form says why.
    const saturdayNight = suggestPromise(shanghai, t('2026-10-10T15:50:00Z'), 2 * HOUR);
    expect([iso(saturdayNight.promisedAt), saturdayNight.moved]).toEqual(['2026-10-12T02:30:00.000Z', 'closed_day']);
    // Ten minutes on it is Sunday 00:00: the same promise, still moved by the closed day it is in.
    const sundayMidnight = suggestPromise(shanghai, t('2026-10-10T16:00:00Z'), 2 * HOUR);
    expect([iso(sundayMidnight.promisedAt), sundayMidnight.moved]).toEqual(['2026-10-12T02:30:00.000Z', 'closed_day']);
    // Monday 00:10: after hours, not a closed day, on Monday's own opening.
    const mondayNight = suggestPromise(shanghai, t('2026-10-11T16:10:00Z'), 2 * HOUR);
    expect([iso(mondayNight.promisedAt), mondayNight.moved]).toEqual(['2026-10-12T02:30:00.000Z', 'after_hours']);
  });
});

describe('the workshop plan keeps to the calendar', () => {
  it('plans no work while the shop is closed for a holiday', () => {
    const plan = planWorkshop({
      now: '2026-09-30T08:00:00.000Z',
      technicians: [{ id: 't1', name: 'Li', skillLevel: 2, shift: null }],
      jobs: [
        {
          visitId: 'v1',
          reason: 'appointment',
          promisedAt: '2026-10-01T08:00:00.000Z',
          requiredSkill: 1,
          hours: 4,
          technicianId: null,
          inProgress: false,
          assignedAt: null,
        },
      ],
      calendar: shanghai,
    });
    const slot = plan.timelines[0]?.slots[0];
    // 1.5 h on Wednesday, none on National Day, 2.5 h from Friday's 10:00 opening.
    expect([slot?.startAt, slot?.finishAt, slot?.meetsPromise]).toEqual([
      '2026-09-30T08:00:00.000Z',
      '2026-10-02T04:30:00.000Z',
      false,
    ]);
  });
});

describe('the day-before call on a day the shop is closed', () => {
  it('keeps a call on an open day, whatever its hour; moves one on a closed day to the last open day, into its hours', () => {
    // 2026-10-03 is a Saturday: open day, kept as it is (also outside the hours, as it always was).
    expect(iso(callOnOpenDay(shanghai, t('2026-10-03T02:00:00Z')))).toBe('2026-10-03T02:00:00.000Z');
    expect(iso(callOnOpenDay(shanghai, t('2026-10-03T12:00:00Z')))).toBe('2026-10-03T12:00:00.000Z');
    // Sunday 4 October 10:00 (closed) → Saturday 3 October 10:00.
    expect(iso(callOnOpenDay(shanghai, t('2026-10-04T02:00:00Z')))).toBe('2026-10-03T02:00:00.000Z');
    // Sunday 19:30 → Saturday, within its last hour before 17:30 closing: 16:30.
    expect(iso(callOnOpenDay(shanghai, t('2026-10-04T11:30:00Z')))).toBe('2026-10-03T08:30:00.000Z');
    // Thursday 1 October (National Day) 07:00 → Wednesday 30 September at opening, 08:30.
    expect(iso(callOnOpenDay(shanghai, t('2026-09-30T23:00:00Z')))).toBe('2026-09-30T00:30:00.000Z');
    // The short day before (2 October, 10:00–14:00) takes a call due on the Saturday were it closed too.
    const longHoliday: ShopCalendar = { ...shanghai, week: { ...shanghai.week, saturday: null } };
    expect(iso(callOnOpenDay(longHoliday, t('2026-10-04T02:00:00Z')))).toBe('2026-10-02T02:00:00.000Z');
    // Never open within 14 days: unchanged.
    const closed: ShopCalendar = {
      ...shanghai,
      exceptions: [],
      week: { ...shanghai.week, ...Object.fromEntries(Object.keys(shanghai.week).map((d) => [d, null])) },
    };
    expect(iso(callOnOpenDay(closed, t('2026-10-04T02:00:00Z')))).toBe('2026-10-04T02:00:00.000Z');
  });
});

describe('the maintenance reminder on a day the shop is closed', () => {
  it('keeps a reminder due on an open day at its time, whatever the hour', () => {
    // Saturday 3 October 10:00, 20:00 (after closing) and 03:00 (before opening) in Shanghai: the day opens.
    for (const due of ['2026-10-03T02:00:00Z', '2026-10-03T12:00:00Z', '2026-10-02T19:00:00Z'])
      expect(iso(reminderOnOpenDay(shanghai, t(due)))).toBe(new Date(due).toISOString());
  });

  it('moves one due on a closed day to the opening of the next open day, on the local clock', () => {
    // Sunday 4 October (closed weekly) at 10:00, just after midnight and just before the next: Monday 08:30.
    for (const due of ['2026-10-04T02:00:00Z', '2026-10-03T16:10:00Z', '2026-10-04T15:50:00Z'])
      expect(iso(reminderOnOpenDay(shanghai, t(due)))).toBe('2026-10-05T00:30:00.000Z');
    // National Day (a holiday, 1 October) at 10:00: the short day after, at its 10:00 opening.
    expect(iso(reminderOnOpenDay(shanghai, t('2026-10-01T02:00:00Z')))).toBe('2026-10-02T02:00:00.000Z');
    // A holiday on the Monday too: over both to Tuesday 6 October, 08:30.
    const longWeekend: ShopCalendar = {
      ...shanghai,
      exceptions: [...shanghai.exceptions, { date: '2026-10-05', hours: null, note: 'Bridge day' }],
    };
    expect(iso(reminderOnOpenDay(longWeekend, t('2026-10-04T02:00:00Z')))).toBe('2026-10-06T00:30:00.000Z');
  });

  it('Berlin across both changes of the clocks: Monday 08:30 local, an hour apart in UTC', () => {
    const berlin: ShopCalendar = { ...shanghai, timeZone: 'Europe/Berlin', exceptions: [] };
    // Sunday 29 March 2026, the clocks go forward at 02:00: before and after, Monday 08:30 CEST is 06:30 UTC.
    expect(iso(reminderOnOpenDay(berlin, t('2026-03-29T00:30:00Z')))).toBe('2026-03-30T06:30:00.000Z');
    expect(iso(reminderOnOpenDay(berlin, t('2026-03-29T08:00:00Z')))).toBe('2026-03-30T06:30:00.000Z');
    // Sunday 25 October, the clocks go back: Monday 08:30 CET is 07:30 UTC.
    expect(iso(reminderOnOpenDay(berlin, t('2026-10-25T09:00:00Z')))).toBe('2026-10-26T07:30:00.000Z');
  });

  it('stays where it was when no day opens in the 14 after', () => {
    const never: ShopCalendar = {
      ...shanghai,
      exceptions: [],
      week: { ...shanghai.week, ...Object.fromEntries(Object.keys(shanghai.week).map((d) => [d, null])) },
    };
    expect(iso(reminderOnOpenDay(never, t('2026-10-04T02:00:00Z')))).toBe('2026-10-04T02:00:00.000Z');
    // Open every day but closed for a refit from 1 October: the 15th day after Sunday 4 October is too far, the 14th is not.
    const closedUntil = (last: string): ShopCalendar => ({
      ...shanghai,
      week: { ...shanghai.week, sunday: day },
      exceptions: Array.from({ length: 31 }, (_, i) => `2026-10-${String(i + 1).padStart(2, '0')}`)
        .filter((date) => date <= last)
        .map((date) => ({ date, hours: null, note: 'Refit' })),
    });
    expect(iso(reminderOnOpenDay(closedUntil('2026-10-18'), t('2026-10-04T02:00:00Z')))).toBe('2026-10-04T02:00:00.000Z');
    expect(iso(reminderOnOpenDay(closedUntil('2026-10-17'), t('2026-10-04T02:00:00Z')))).toBe('2026-10-18T00:30:00.000Z');
  });

  it("is the reminder's rule for the calendar activity, the call keeping its own", () => {
    expect(iso(contactTime(shanghai, t('2026-10-04T02:00:00Z'), 'reminder'))).toBe('2026-10-05T00:30:00.000Z');
    expect(iso(contactTime(shanghai, t('2026-10-04T02:00:00Z'), 'call'))).toBe('2026-10-03T02:00:00.000Z');
  });
});
