import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isTimeZone, localDate, localDayRange, localParts, localTime } from '../../domain/local-time.js';

// The shop's days and clock times come from Intl alone; local-time.ts keeps what it worked out, so these check
// that what it keeps never answers for another zone, another second or a spelling it should refuse.

const ZONES = ['Europe/Berlin', 'Asia/Shanghai', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'UTC'];

/** What Intl says through another door (Swedish dates read "2026-12-03 15:30:00"), with nothing kept in between. */
function intlParts(epochMs: number, timeZone: string) {
  const text = new Date(epochMs).toLocaleString('sv-SE', { timeZone, hourCycle: 'h23' });
  const [year, month, day, hour, minute, second] = text.split(/[- :]/).map(Number);
  return { year, month, day, hour, minute, second };
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
