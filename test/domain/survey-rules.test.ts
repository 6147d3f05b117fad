import { describe, expect, it } from 'vitest';
import { surveyAverages, surveyWindow } from '../../domain/survey-rules.js';

// The survey's window on the shop's clock, and the averages the manager reads (domain/survey-rules.ts).

describe('the survey window', () => {
  const at = (iso: string) => Date.parse(iso);

  it('is closed before pickup and open from it to the end of the 30th day after it, in the shop’s zone', () => {
    expect(surveyWindow(null, at('2026-03-01T10:00:00Z'), 'Asia/Shanghai')).toEqual({ state: 'before_pickup' });
    // Picked up at 00:30 on 2 March in Shanghai (16:30 UTC on 1 March): the 30th day after is 1 April, to midnight
    // there.
    const pickup = at('2026-03-01T16:30:00Z');
    expect(surveyWindow(pickup, pickup - 1, 'Asia/Shanghai')).toEqual({ state: 'before_pickup' });
    const closesAt = at('2026-04-01T16:00:00Z');
    expect(surveyWindow(pickup, closesAt - 1, 'Asia/Shanghai')).toEqual({ state: 'open', closesAt });
    expect(surveyWindow(pickup, closesAt, 'Asia/Shanghai')).toEqual({ state: 'closed', closesAt });
    // Counted in UTC, the same pickup falls a day earlier and the window would close 16 hours before the shop's midnight.
    expect(surveyWindow(pickup, closesAt - 1, 'UTC').state).toBe('closed');
  });

  it('ends at local midnight across a change of the clocks', () => {
    // Berlin moves to summer time on 29 March 2026: the window of a 1 March pickup closes at 00:00 CEST on 1 April.
    const pickup = at('2026-03-01T09:00:00Z');
    expect(surveyWindow(pickup, pickup, 'Europe/Berlin')).toEqual({ state: 'open', closesAt: at('2026-03-31T22:00:00Z') });
  });
});

describe('the survey averages', () => {
  it('is each question’s mean to one decimal, and nothing when nobody answered', () => {
    const sums = { overall: 17, explanation: 13, onTime: 12, carReady: 15, recommend: 19 };
    expect(surveyAverages({ answered: 4, sums, lowOverall: 1 })).toEqual({
      answered: 4,
      averages: { overall: 4.3, explanation: 3.3, onTime: 3, carReady: 3.8, recommend: 4.8 },
      lowOverall: 1,
    });
    const none = { overall: 0, explanation: 0, onTime: 0, carReady: 0, recommend: 0 };
    expect(surveyAverages({ answered: 0, sums: none, lowOverall: 0 }).averages).toEqual({
      overall: null,
      explanation: null,
      onTime: null,
      carReady: null,
      recommend: null,
    });
  });
});
