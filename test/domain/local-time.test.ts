import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isTimeZone,
  localDate,
  localDayRange,
  localInstant,
  localParts,
  localTime,
  skippedHour,
} from '../../domain/local-time.js';

// The shop's days and clock times come from Intl alone; local-time.ts keeps what it worked out, so these check
// that what it keeps never answers for another zone, another second or a spelling it should refuse.

const ZONES = ['Europe/Berlin', 'Asia/Shanghai', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'UTC'];

/** What Intl says through another door (Swedish dates read "2026-12-03 15:30:00"), with nothing kept in between. */
function intlParts(epochMs: number, timeZone: string) {
  const text = new Date(epochMs).toLocaleString('sv-SE', { timeZone, hourCycle: 'h23' });
  const [year, month, day, hour, minute, second] = text.split(/[- :]/).map(Number);
  return { year, month, day, hour, minute, second };
}

const offsetAt = (ms: number, zone: string) => {
  const p = localParts(ms, zone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute) - Math.floor(ms / 60_000) * 60_000;
};
const changes = new Map<string, number[]>();
/** The instants a zone's clocks change in a year, to the minute: a day-by-day walk, then halving each day found. */
function changesIn(year: number, zone: string): number[] {
  const key = `${year} ${zone}`;
  const known = changes.get(key);
  if (known) return known;
  const found: number[] = [];
  for (let day = Date.UTC(year, 0, 1); day < Date.UTC(year + 1, 0, 1); day += 86_400_000) {
    if (offsetAt(day, zone) === offsetAt(day + 86_400_000, zone)) continue;
    let [lo, hi] = [day, day + 86_400_000];
    while (hi - lo > 60_000) {
      const mid = Math.floor((lo + hi) / 120_000) * 60_000;
      if (offsetAt(mid, zone) === offsetAt(lo, zone)) lo = mid;
      else hi = mid;
    }
    found.push(hi);
  }
  changes.set(key, found);
  return found;
}

describe('local time', () => {
  it('answers as Intl does for any instant in any zone, asked in any order and again', () => {
    const instant = fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2060, 0, 1) });
    fc.assert(
      fc.property(fc.array(fc.tuple(instant, fc.constantFrom(...ZONES)), { minLength: 1, maxLength: 50 }), (asks) => {
        for (const [ms, zone] of [...asks, ...asks]) expect(localParts(ms, zone)).toEqual(intlParts(ms, zone));
      }),
      { numRuns: 300 },
    );
  });

  it('counts a DST day as the 23 or 25 hours it has', () => {
    const spring = localDayRange('2026-03-29', 'Europe/Berlin');
    const autumn = localDayRange('2026-10-25', 'Europe/Berlin');
    expect(spring.end.getTime() - spring.start.getTime()).toBe(23 * 3_600_000);
    expect(autumn.end.getTime() - autumn.start.getTime()).toBe(25 * 3_600_000);
    expect(localTime(spring.start.getTime(), 'Europe/Berlin')).toBe('00:00');
    expect(localDate(autumn.end.getTime() - 1, 'Europe/Berlin')).toBe('2026-10-25');
  });

  it('places a clock time of a day deliberately on the nights the clocks change (Berlin)', () => {
    const berlin = (date: string, clock: string, pass?: 'first' | 'last') =>
      new Date(localInstant(date, clock, 'Europe/Berlin', pass)).toISOString();
    // 28 March 2027, 02:00 → 03:00: a time in the skipped hour is when the clocks jump past it.
    expect(berlin('2027-03-28', '01:59')).toBe('2027-03-28T00:59:00.000Z');
    for (const skipped of ['02:00', '02:30', '02:59']) expect(berlin('2027-03-28', skipped)).toBe('2027-03-28T01:00:00.000Z');
    expect(skippedHour('2027-03-28', '02:30', 'Europe/Berlin')).toEqual({ from: '02:00', to: '03:00' });
    expect(skippedHour('2027-03-28', '03:00', 'Europe/Berlin')).toBeUndefined();
    // 25 October 2026, 03:00 → 02:00: a repeated time is its first unless the last is asked for.
    expect(berlin('2026-10-25', '02:30')).toBe('2026-10-25T00:30:00.000Z');
    expect(berlin('2026-10-25', '02:30', 'last')).toBe('2026-10-25T01:30:00.000Z');
    expect(berlin('2026-10-25', '03:00', 'first')).toBe(berlin('2026-10-25', '03:00', 'last'));
    expect(skippedHour('2026-10-25', '02:30', 'Europe/Berlin')).toBeUndefined();
  });

  it('every minute of 2000–2100 lies in its own day, between the first and the last time its clock reads so', () => {
    // Havana's clocks go back over midnight, so the day's first instant is the first of its two midnights. (Not St
    // John's before 2011, whose clocks went back from 00:01 to 23:01: its next day began, went back a day, began again.)
    const zones = [...ZONES, 'America/Havana', 'America/Santiago', 'Asia/Beirut'];
    const minute = fc.integer({ min: Date.UTC(2000, 0, 1) / 60_000, max: Date.UTC(2100, 11, 30) / 60_000 });
    // Half the draws within three hours of a change of the clocks, where a clock time happens twice or not at all.
    const nearChange = fc
      .tuple(fc.integer({ min: 2000, max: 2099 }), fc.constantFrom(...zones), fc.nat(), fc.integer({ min: -180, max: 180 }))
      .map(([year, zone, i, m]) => {
        const changes = changesIn(year, zone);
        return [changes.length ? (changes[i % changes.length] ?? 0) / 60_000 + m : Date.UTC(year, 5, 1) / 60_000, zone] as const;
      });
    const anywhere = fc.tuple(minute, fc.constantFrom(...zones));
    fc.assert(
      fc.property(fc.oneof(anywhere, nearChange), ([m, zone]) => {
        const at = m * 60_000;
        const [date, clock] = [localDate(at, zone), localTime(at, zone)];
        const first = localInstant(date, clock, zone, 'first');
        const last = localInstant(date, clock, zone, 'last');
        expect(first).toBeLessThanOrEqual(at);
        expect(last).toBeGreaterThanOrEqual(at);
        for (const placed of [first, last]) expect([localDate(placed, zone), localTime(placed, zone)]).toEqual([date, clock]);
        const { start, end } = localDayRange(date, zone);
        expect(start.getTime()).toBeLessThanOrEqual(at);
        expect(end.getTime()).toBeGreaterThan(at);
      }),
      { numRuns: 3_000 },
    );
  });

  it('takes a zone in any case, as Intl does, and still refuses what is not a zone', () => {
    const at = Date.UTC(2026, 11, 3, 7, 30);
    // More spellings than it keeps: the ones it let go of are worked out again, the same.
    for (let i = 0; i < 2_100; i++) {
      const spelling = [...'asia/shanghai'].map((ch, k) => ((i >> k) & 1 ? ch.toUpperCase() : ch)).join('');
      expect(isTimeZone(spelling)).toBe(true);
      expect(localTime(at, spelling)).toBe('15:30');
    }
    for (const notAZone of ['Mars/Olympus', 'Europe/Berlin\u0000', '', '+25:00']) expect(isTimeZone(notAZone)).toBe(false);
  });
});
