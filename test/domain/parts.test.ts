import { describe, expect, it } from 'vitest';
import { expectedArrival, partsNeeded } from '../../domain/parts-rules.js';

// Parts prepared before the car arrives [S1.1]: what a booking needs and when a short part is expected (the planner's
// rule for a job waiting for its parts is in test/domain/dispatch.test.ts).

const NOW = '2024-05-01T08:00:00.000Z';

describe('the parts a booking needs', () => {
  const packages = new Map([
    [
      'SVC-12M',
      {
        items: [
          { kind: 'labour' as const, code: 'OIL-CHANGE' },
          { kind: 'part' as const, partNumber: 'OIL-5W30', quantity: 4.5 },
          { kind: 'part' as const, partNumber: 'FILTER-OIL', quantity: 1 },
        ],
      },
    ],
  ]);

  it('takes each kit whole units, adds parts booked by number, and ignores what names no parts', () => {
    const needs = partsNeeded(['SVC-12M', 'FILTER-OIL', 'OIL-CHANGE', 'SVC-12M'], packages, new Set(['FILTER-OIL', 'OIL-5W30']));
    expect(Object.fromEntries(needs)).toEqual({ 'OIL-5W30': 9, 'FILTER-OIL': 3 });
    expect(partsNeeded([], packages, new Set()).size).toBe(0);
  });

  it('expects a short part after its lead time', () => {
    expect(expectedArrival(Date.parse(NOW), 3)).toBe('2024-05-04T08:00:00.000Z');
  });
});
