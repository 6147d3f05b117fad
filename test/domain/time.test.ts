import { describe, expect, it } from 'vitest';
import { DayInput, InstantInput } from '../../domain/time.js';

// The years 2000–2100 bound an instant where it falls (UTC), whatever offset it was written in; a day has no
// instant and is bounded by its own year.

describe('the years a date or time from outside may fall in', () => {
  it.each([
    ['2000-01-01T00:00:00Z', true],
    ['1999-12-31T23:00:00-02:00', true],
    ['2000-01-01T00:30:00+01:00', false],
    ['1999-12-31T23:59:59.999Z', false],
    ['2100-12-31T23:59:59.999Z', true],
    ['2101-01-01T00:30:00+01:00', true],
    ['2100-12-31T23:59:59.999-01:00', false],
    ['2101-01-01T00:00:00Z', false],
  ])('the instant %s is accepted: %s', (iso, accepted) => {
    const parsed = InstantInput.safeParse(iso);
    expect(parsed.success).toBe(accepted);
    if (!parsed.success) expect(parsed.error.issues.map((i) => i.message)).toEqual(['must be in the years 2000–2100 (UTC)']);
  });

  it('a day keeps the bound of its own year', () => {
    expect(DayInput.safeParse('2100-12-31').success).toBe(true);
    expect(DayInput.safeParse('2101-01-01').success).toBe(false);
    expect(DayInput.safeParse('1999-12-31').success).toBe(false);
  });
});
