import { describe, expect, it } from 'vitest';
import { addBusinessTime, BusinessHours } from '../../domain/business-hours.js';
import { defaultCalendar } from '../../domain/calendar-rules.js';
import { ComplaintPolicy, complaintDeadlines } from '../../domain/complaints.js';
import { readBack, suggestCategory } from '../../domain/hotline.js';
import { DEFAULT_TARGETS, effectiveTargets, missedTargets, recurringComebacks } from '../../domain/kpi-targets.js';
import type { KpiName, KpiValue } from '../../domain/kpis.js';

const HOUR = 3_600_000;
const t = (iso: string) => Date.parse(iso);

describe('SLA clocks count open hours only', () => {
  const weekdays = BusinessHours.parse({ timeZone: 'Europe/Berlin', days: [1, 2, 3, 4, 5], opensAt: '08:00', closesAt: '18:00' });

  it('a complaint on Friday at 17:00 with 4 hours to answer is due Monday at 11:00 (Berlin)', () => {
    // 2025-03-07 is a Friday; Berlin is UTC+1 in March before the switch.
    expect(new Date(addBusinessTime(t('2025-03-07T16:00:00Z'), 4 * HOUR, weekdays)).toISOString()).toBe(
      '2025-03-10T10:00:00.000Z',
    );
  });

  it('received at night, the clock starts at opening', () => {
    expect(new Date(addBusinessTime(t('2025-03-11T02:00:00Z'), HOUR, weekdays)).toISOString()).toBe('2025-03-11T08:00:00.000Z');
  });

  it('the day clocks go forward has its opening at the new offset', () => {
    // Open every day; Saturday 29 March 17:00 CET leaves 1 h, Sunday 30 March (CEST, UTC+2) 08:00 + 3 h = 11:00 = 09:00Z.
    const everyDay = BusinessHours.parse({ timeZone: 'Europe/Berlin' });
    expect(new Date(addBusinessTime(t('2025-03-29T16:00:00Z'), 4 * HOUR, everyDay)).toISOString()).toBe(
      '2025-03-30T09:00:00.000Z',
    );
  });

  it('without business hours the clock runs around the clock, and both deadlines follow the policy', () => {
    expect(addBusinessTime(1_000, 500, null)).toBe(1_500);
    const calendar = defaultCalendar('Europe/Berlin');
    const d = complaintDeadlines(t('2025-03-07T16:00:00Z'), ComplaintPolicy.parse({ businessHours: weekdays }), calendar);
    // 30 open hours from Friday 17:00: 1 h Friday, 10 h each Monday and Tuesday, 9 h Wednesday → Wed 17:00.
    expect(d).toEqual({ firstResponseDueAt: '2025-03-10T10:00:00.000Z', resolutionDueAt: '2025-03-12T16:00:00.000Z' });
  });

  it('without hours in the policy the clocks count the shop calendar, holidays skipped', () => {
    const calendar = { ...defaultCalendar('Europe/Berlin'), exceptions: [{ date: '2025-03-08', hours: null, note: 'Closed' }] };
    // Friday 17:00: 1 h Friday, Saturday closed, Sunday 08:00 + 3 h.
    expect(complaintDeadlines(t('2025-03-07T16:00:00Z'), ComplaintPolicy.parse({}), calendar).firstResponseDueAt).toBe(
      '2025-03-09T10:00:00.000Z',
    );
  });
});

describe('hotline classification', () => {
  it('proposes rescue before complaint, and consultation otherwise', () => {
    expect(suggestCategory('Broke down on the A100, angry about last repair')).toBe('rescue');
    expect(suggestCategory('The noise is still not fixed after your repair')).toBe('complaint');
    expect(suggestCategory('When is my next service due?')).toBe('consultation');
  });

  it('reads back what was understood and what happens next', () => {
    const text = readBack({
      callerName: 'Mara',
      summary: 'Flat tyre.',
      category: 'rescue',
      location: 'A100 km 12',
      reference: 'R-1',
    });
    expect(text).toBe(
      "Mara, let me read that back: Flat tyre. We are sending roadside assistance to A100 km 12. Your reference is R-1; we will text you the crew's arrival time.",
    );
  });
});

describe('targets and problems', () => {
  const value = (v: number | null, sample: number): KpiValue => ({ value: v, numerator: 0, denominator: sample, sample });

  it('a KPI misses only on the wrong side of an enabled target with enough cases', () => {
    const values = {
      csi: value(4.2, 12),
      rework_rate: value(0.08, 3),
      no_show_rate: value(0.2, 40),
      on_time_delivery: value(null, 0),
    } as Record<KpiName, KpiValue>;
    const targets = effectiveTargets([{ kpi: 'no_show_rate', direction: 'at_most', target: 0.1, minSample: 10, enabled: false }]);
    expect(targets).toHaveLength(DEFAULT_TARGETS.length);
    // rework 8 % is above 5 % but from 3 cases only; no-shows are off; on-time has nothing to judge.
    expect(missedTargets(values, targets).map((m) => m.kpi)).toEqual(['csi']);
  });

  it('comebacks recurring on one vehicle or one job code become problems', () => {
    const found = recurringComebacks(
      [
        { visitId: 'v1', vin: 'VIN-A', jobCodes: ['BRK-01'] },
        { visitId: 'v2', vin: 'VIN-A', jobCodes: ['ELC-07'] },
        { visitId: 'v3', vin: 'VIN-B', jobCodes: ['BRK-01', 'BRK-01'] },
        { visitId: 'v4', vin: 'VIN-C', jobCodes: ['BRK-01'] },
      ],
      { vehicle: 2, jobCode: 3 },
    );
    expect(found).toEqual([
      { kind: 'job_code', subject: 'BRK-01', visitIds: ['v1', 'v3', 'v4'] },
      { kind: 'vehicle', subject: 'VIN-A', visitIds: ['v1', 'v2'] },
    ]);
  });
});
