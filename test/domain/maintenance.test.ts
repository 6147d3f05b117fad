import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  averageDailyKm,
  DEFAULT_SERVICE_INTERVAL,
  MAX_SERVICE_INTERVAL,
  nextMaintenanceDue,
  planNextService,
  ServiceInterval,
} from '../../domain/maintenance.js';
import { addMonthsUtc } from '../../domain/time.js';

describe('addMonthsUtc', () => {
  it('adds calendar months and clamps to the end of shorter months', () => {
    expect(addMonthsUtc('2024-01-31T10:00:00Z', 1)).toBe('2024-02-29T10:00:00.000Z');
    expect(addMonthsUtc('2023-01-31T10:00:00Z', 1)).toBe('2023-02-28T10:00:00.000Z');
    expect(addMonthsUtc('2024-01-31T10:00:00Z', 13)).toBe('2025-02-28T10:00:00.000Z');
    expect(addMonthsUtc('2024-03-31T00:00:00Z', 1)).toBe('2024-04-30T00:00:00.000Z');
    expect(addMonthsUtc('2024-12-15T23:59:59.999Z', 1)).toBe('2025-01-15T23:59:59.999Z');
    expect(addMonthsUtc('2024-02-29T08:00:00Z', 12)).toBe('2025-02-28T08:00:00.000Z');
  });

  it('works in UTC even when the input carries an offset', () => {
    // 2024-01-31T23:30-02:00 is 2024-02-01T01:30Z.
    expect(addMonthsUtc('2024-01-31T23:30:00-02:00', 1)).toBe('2024-03-01T01:30:00.000Z');
  });
});

describe('averageDailyKm', () => {
  it('uses the oldest and newest readings, whatever the input order', () => {
    const history = [
      { at: '2024-01-11T00:00:00Z', mileage: 10_500 },
      { at: '2024-01-05T00:00:00Z', mileage: 10_450 }, // ignored: neither oldest nor newest
      { at: '2024-01-01T00:00:00Z', mileage: 10_000 },
    ];
    expect(averageDailyKm(history)).toBe(50); // 500 km over 10 days
  });

  it('is null with fewer than two readings or less than a day between them', () => {
    expect(averageDailyKm([])).toBeNull();
    expect(averageDailyKm([{ at: '2024-01-01T00:00:00Z', mileage: 100 }])).toBeNull();
    expect(
      averageDailyKm([
        { at: '2024-01-01T00:00:00Z', mileage: 100 },
        { at: '2024-01-01T23:59:59Z', mileage: 400 },
      ]),
    ).toBeNull();
    expect(
      averageDailyKm([
        { at: '2024-01-01T00:00:00Z', mileage: 100 },
        { at: '2024-01-02T00:00:00Z', mileage: 400 },
      ]),
    ).toBe(300);
  });

  it('is never negative when the odometer goes backwards', () => {
    expect(
      averageDailyKm([
        { at: '2024-01-01T00:00:00Z', mileage: 90_000 },
        { at: '2024-02-01T00:00:00Z', mileage: 12 },
      ]),
    ).toBe(0);
  });
});

describe('nextMaintenanceDue', () => {
  it('defaults to 12 months / 15 000 km', () => {
    expect(ServiceInterval.parse({})).toEqual({ months: 12, km: 15_000 });
    expect(DEFAULT_SERVICE_INTERVAL).toEqual({ months: 12, km: 15_000 });
    expect(nextMaintenanceDue({ lastServiceAt: '2024-03-15T00:00:00Z', lastMileage: 20_000 })).toEqual({
      dueAt: '2025-03-15T00:00:00.000Z',
      dueMileage: 35_000,
      basis: 'time',
    });
  });

  it('dates the next service from any interval it accepts, and accepts none longer than a maker uses', () => {
    const longest = ServiceInterval.parse(MAX_SERVICE_INTERVAL);
    const due = nextMaintenanceDue({ lastServiceAt: '2100-12-31T23:59:59Z', lastMileage: 2_000_000, interval: longest });
    expect(due.dueAt).toBe('2105-12-31T23:59:59.000Z');
    expect(ServiceInterval.safeParse({ months: MAX_SERVICE_INTERVAL.months + 1 }).success).toBe(false);
    expect(ServiceInterval.safeParse({ km: MAX_SERVICE_INTERVAL.km + 1 }).success).toBe(false);
  });

  it('is due by time when the car is driven little', () => {
    // 30 km/day: 15 000 km would take 500 days; 12 months is 365 days, by which the car
    // has done 10 950 km.
    expect(
      nextMaintenanceDue({
        lastServiceAt: '2024-03-15T00:00:00Z',
        lastMileage: 20_000,
        averageDailyKm: 30,
      }),
    ).toEqual({ dueAt: '2025-03-15T00:00:00.000Z', dueMileage: 30_950, basis: 'time' });
  });

  it('is due by distance when the car is driven a lot', () => {
    // 50 km/day: 15 000 km in 300 days, 2024-03-15 + 300 days = 2025-01-09.
    expect(
      nextMaintenanceDue({
        lastServiceAt: '2024-03-15T00:00:00Z',
        lastMileage: 20_000,
        interval: { months: 12, km: 15_000 },
        averageDailyKm: 50,
      }),
    ).toEqual({ dueAt: '2025-01-09T00:00:00.000Z', dueMileage: 35_000, basis: 'distance' });
  });

  it('adds months calendar-wise', () => {
    expect(
      nextMaintenanceDue({
        lastServiceAt: '2024-01-31T09:00:00Z',
        lastMileage: 1_000,
        interval: { months: 1, km: 5_000 },
        averageDailyKm: null,
      }),
    ).toEqual({ dueAt: '2024-02-29T09:00:00.000Z', dueMileage: 6_000, basis: 'time' });
  });

  it("counts the months on the shop's calendar and clock: 29 February, a month's end, a Shanghai morning, Munich's clocks", () => {
    const due = (lastServiceAt: string, months: number, timeZone: string) =>
      nextMaintenanceDue({ lastServiceAt, lastMileage: 0, interval: { months, km: 100_000 }, timeZone }).dueAt;
    // 07:00 on 29 February 2028 in Shanghai is 23:00 on the 28th in UTC: counted in UTC it fell due on 1 March 2029.
    expect(due('2028-02-28T23:00:00Z', 12, 'Asia/Shanghai')).toBe('2029-02-27T23:00:00.000Z'); // 28 Feb 2029, 07:00
    expect(due('2028-02-29T10:00:00+08:00', 48, 'Asia/Shanghai')).toBe('2032-02-29T02:00:00.000Z'); // a leap year again
    // 07:30 on 31 March in Shanghai: one month on is 30 April, not 1 May.
    expect(due('2027-03-30T23:30:00Z', 1, 'Asia/Shanghai')).toBe('2027-04-29T23:30:00.000Z');
    // 31 December at 23:30 in Munich (22:30 UTC) plus two months: the last of February at 23:30, not 1 March.
    expect(due('2027-12-31T22:30:00Z', 2, 'Europe/Berlin')).toBe('2028-02-29T22:30:00.000Z');
    // 10:00 in a Munich winter is 10:00 in its summer six months on (08:00 UTC, not 09:00), and back again.
    expect(due('2027-01-15T09:00:00Z', 6, 'Europe/Berlin')).toBe('2027-07-15T08:00:00.000Z');
    expect(due('2027-07-15T08:00:00Z', 6, 'Europe/Berlin')).toBe('2028-01-15T09:00:00.000Z');
    // Onto the night the clocks go forward, at a time that night skips: when they jump past it (03:00 summer time).
    expect(due('2026-09-28T00:30:00Z', 6, 'Europe/Berlin')).toBe('2027-03-28T01:00:00.000Z');
    // UTC, the default, is what it was.
    expect(due('2024-02-29T08:00:00Z', 12, 'UTC')).toBe('2025-02-28T08:00:00.000Z');
  });

  it('projects no extra mileage for a car that is not driven', () => {
    expect(
      nextMaintenanceDue({
        lastServiceAt: '2024-01-01T00:00:00Z',
        lastMileage: 42_000,
        averageDailyKm: 0,
      }),
    ).toEqual({ dueAt: '2025-01-01T00:00:00.000Z', dueMileage: 42_000, basis: 'time' });
  });

  it('rejects invalid input', () => {
    expect(() => nextMaintenanceDue({ lastServiceAt: 'last week', lastMileage: 1 })).toThrow();
    expect(() =>
      nextMaintenanceDue({
        lastServiceAt: '2024-01-01T00:00:00Z',
        lastMileage: 1,
        interval: { months: 0, km: 1 },
      }),
    ).toThrow();
    expect(() =>
      nextMaintenanceDue({
        lastServiceAt: '2024-01-01T00:00:00Z',
        lastMileage: 1,
        averageDailyKm: -5,
      }),
    ).toThrow();
  });
});

const arbInstant = fc
  .date({
    min: new Date('2000-01-01T00:00:00Z'),
    max: new Date('2090-12-31T00:00:00Z'),
    noInvalidDate: true,
  })
  .map((d) => d.toISOString());

describe('planNextService', () => {
  const interval = DEFAULT_SERVICE_INTERVAL;
  const plan = (over: Partial<Parameters<typeof planNextService>[0]>) =>
    planNextService({ history: [], deliveredAt: '2026-12-03T09:00:00Z', mileage: 52_000, interval, timeZone: 'UTC', ...over });

  it("counts from this visit's reading, and judges the daily mileage with it joined to the history", () => {
    expect(plan({})).toEqual({ dueAt: '2027-12-03T09:00:00.000Z', dueMileage: 67_000, basis: 'time' });
    // 40 km a day since a year ago: 15,000 km falls due in 375 days, after the 12 months.
    const history = [{ at: '2025-12-03T09:00:00Z', mileage: 52_000 - 365 * 40 }];
    expect(plan({ history })).toEqual({ dueAt: '2027-12-03T09:00:00.000Z', dueMileage: 66_600, basis: 'time' });
    // 80 km a day: the distance comes first, 187.5 days on: the 187th day, at the hour of the handover (not 21:00).
    expect(plan({ history: [{ at: '2025-12-03T09:00:00Z', mileage: 52_000 - 365 * 80 }] })).toEqual({
      dueAt: '2027-06-08T09:00:00.000Z',
      dueMileage: 67_000,
      basis: 'distance',
    });
  });

  it('falls due by distance on a whole day of the shop’s calendar at the hour of the handover, across a change of the clocks', () => {
    // Handed over in Munich on Thursday 3 December 2026 at 17:30 CET (16:30 UTC); 70 km a day: 15,000 km in 214.3
    // days. Due on day 214, Monday 5 July 2027, 17:30 summer time (15:30 UTC): the reminder goes out at 17:30 on
    // 21 June, not at 00:25, where 0.29 of a day lands.
    const history = [{ at: '2025-12-03T16:30:00Z', mileage: 52_000 - 365 * 70 }];
    const due = plan({ history, deliveredAt: '2026-12-03T16:30:00Z', timeZone: 'Europe/Berlin' });
    expect(due).toEqual({ dueAt: '2027-07-05T15:30:00.000Z', dueMileage: 67_000, basis: 'distance' });
    // A Shanghai handover late at night (23:10, UTC+8) stays at 23:10, the hour the customer picked up.
    const late = plan({ history, deliveredAt: '2026-12-03T15:10:00Z', timeZone: 'Asia/Shanghai' });
    expect(late?.dueAt.slice(11)).toBe('15:10:00.000Z');
  });

  it('counts from the newest reading on file when this visit has none, and is null when the vehicle has none at all', () => {
    expect(plan({ mileage: null, history: [{ at: '2026-01-10T09:00:00Z', mileage: 30_000 }] })?.dueMileage).toBe(45_000);
    expect(plan({ mileage: null })).toBeNull();
  });
});

describe('maintenance properties', () => {
  it('is due at whichever limit comes first and never past either one', () => {
    fc.assert(
      fc.property(
        arbInstant,
        fc.integer({ min: 0, max: 500_000 }),
        fc.record({
          months: fc.integer({ min: 1, max: 36 }),
          km: fc.integer({ min: 1, max: 60_000 }),
        }),
        fc.option(fc.double({ min: 0, max: 1_000, noNaN: true }), { nil: null }),
        (lastServiceAt, lastMileage, interval, rate) => {
          const due = nextMaintenanceDue({
            lastServiceAt,
            lastMileage,
            interval,
            averageDailyKm: rate,
          });
          const timeLimit = Date.parse(addMonthsUtc(lastServiceAt, interval.months));
          const dueMs = Date.parse(due.dueAt);
          expect(dueMs).toBeGreaterThanOrEqual(Date.parse(lastServiceAt));
          expect(dueMs).toBeLessThanOrEqual(timeLimit);
          expect(due.dueMileage).toBeGreaterThanOrEqual(lastMileage);
          expect(due.dueMileage).toBeLessThanOrEqual(lastMileage + interval.km);
          if (due.basis === 'distance') {
            expect(due.dueMileage).toBe(lastMileage + interval.km);
            expect(dueMs).toBeLessThan(timeLimit);
          } else {
            expect(dueMs).toBe(timeLimit);
          }
          if (rate === null || rate === 0) expect(due.basis).toBe('time');
        },
      ),
    );
  });

  it('averageDailyKm is null or a non-negative finite rate', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ at: arbInstant, mileage: fc.integer({ min: 0, max: 999_999 }) })), (history) => {
        const rate = averageDailyKm(history);
        if (history.length < 2) expect(rate).toBeNull();
        if (rate !== null) {
          expect(Number.isFinite(rate)).toBe(true);
          expect(rate).toBeGreaterThanOrEqual(0);
        }
        expect(averageDailyKm([...history].reverse())).toBe(rate);
      }),
    );
  });
});
