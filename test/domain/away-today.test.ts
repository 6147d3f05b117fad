import { describe, expect, it } from 'vitest';
import { awayToday } from '../../domain/assignment-rules.js';
import { defaultCalendar, type ShopCalendar } from '../../domain/calendar-rules.js';
import type { PlanTechnician } from '../../domain/dispatch.js';

// Who does not work today (domain/assignment-rules.ts `awayToday`), on the shop's local day: the board's flag and
// the reassignment's warning read it. A holiday on the shop's calendar keeps everyone home, "today" turns at the
// shop's midnight (not UTC's, not the server's), and a day the clocks change is one day like any other.

const at = (iso: string) => Date.parse(iso);
const weekdays = (timeZone: string) => ({ timeZone, days: [1, 2, 3, 4, 5], opensAt: '08:00', closesAt: '17:00' });
const everyDay = (timeZone: string) => ({ ...weekdays(timeZone), days: [1, 2, 3, 4, 5, 6, 7] });
const holiday = (timeZone: string, date: string, note: string): ShopCalendar => ({
  ...defaultCalendar(timeZone),
  exceptions: [{ date, hours: null, note }],
});

describe.each([
  // National Day, a Thursday: Shanghai is UTC+8 all year.
  {
    timeZone: 'Asia/Shanghai',
    day: '2026-10-01',
    before: '2026-09-30T15:59:00Z',
    first: '2026-09-30T16:00:00Z',
    last: '2026-10-01T15:59:00Z',
    after: '2026-10-01T16:00:00Z',
  },
  // The Sunday the clocks go back (03:00 CEST → 02:00 CET), a day of 25 hours: from 22:00 UTC to 23:00 UTC next day.
  {
    timeZone: 'Europe/Berlin',
    day: '2026-10-25',
    before: '2026-10-24T21:59:00Z',
    first: '2026-10-24T22:00:00Z',
    last: '2026-10-25T22:59:00Z',
    after: '2026-10-25T23:00:00Z',
  },
  // The Sunday the clocks go forward (02:00 CET → 03:00 CEST), a day of 23 hours: from 23:00 UTC to 22:00 UTC next day.
  {
    timeZone: 'Europe/Berlin',
    day: '2026-03-29',
    before: '2026-03-28T22:59:00Z',
    first: '2026-03-28T23:00:00Z',
    last: '2026-03-29T21:59:00Z',
    after: '2026-03-29T22:00:00Z',
  },
])('a holiday on $day in $timeZone', ({ timeZone, day, before, first, last, after }) => {
  const shop = { timeZone, calendar: holiday(timeZone, day, 'Shop holiday') };
  const onShift: Pick<PlanTechnician, 'id' | 'shift'>[] = [
    { id: 'tech-ivy', shift: everyDay(timeZone) },
    { id: 'tech-ben', shift: null },
  ];

  it('keeps every technician home from the shop’s midnight to its next, whatever their shift', () => {
    for (const now of [first, last])
      for (const id of ['tech-ivy', 'tech-ben'])
        expect(awayToday(id, onShift, shop, at(now)), `${id} ${now}`).toBe('shop_closed');
  });

  it('does not touch the day before nor the day after in the shop’s zone', () => {
    for (const now of [before, after])
      for (const id of ['tech-ivy', 'tech-ben']) expect(awayToday(id, onShift, shop, at(now)), `${id} ${now}`).toBeUndefined();
  });

  it('still names a technician taken off the rota as off it', () => {
    expect(awayToday('tech-omar', onShift, shop, at(first))).toBe('off_rota');
  });
});

describe('a shift on the shop’s day', () => {
  const timeZone = 'Asia/Shanghai';
  // Saturday 3 October 2026 in Shanghai; still Friday 2 October in UTC until 16:00.
  const saturdayMorning = at('2026-10-02T23:00:00Z');

  it('reads the weekday in the shop’s zone: a weekday shift is off on the shop’s Saturday while UTC is still on Friday', () => {
    const crew = [{ id: 'tech-ivy', shift: weekdays(timeZone) }];
    expect(awayToday('tech-ivy', crew, { timeZone }, saturdayMorning)).toBe('off_shift');
    expect(awayToday('tech-ivy', crew, { timeZone }, at('2026-10-02T15:00:00Z'))).toBeUndefined();
  });

  it('counts only time both the shift and the shop’s hours hold: special hours after the shift ends leave them off', () => {
    const calendar: ShopCalendar = {
      ...defaultCalendar(timeZone),
      exceptions: [{ date: '2026-10-05', hours: { opensAt: '18:00', closesAt: '21:00' }, note: 'Evening only' }],
    };
    const crew = [
      { id: 'tech-ivy', shift: weekdays(timeZone) },
      { id: 'tech-ben', shift: null },
    ];
    const monday = at('2026-10-05T02:00:00Z');
    expect(awayToday('tech-ivy', crew, { timeZone, calendar }, monday)).toBe('off_shift');
    expect(awayToday('tech-ben', crew, { timeZone, calendar }, monday)).toBeUndefined();
  });

  it('keeps to the shifts alone before a manager keeps a calendar, as the plan does', () => {
    expect(awayToday('tech-ben', [{ id: 'tech-ben', shift: null }], { timeZone }, saturdayMorning)).toBeUndefined();
  });
});
