import { describe, expect, it } from 'vitest';
import { clockedHours, KPI_DEFINITIONS, type KpiRecords, type KpiVisit, type KpiWindow } from '../../domain/kpis.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const now = Date.parse('2026-12-01T12:00:00Z');

function visit(id: string, deliveredAt: number, reworkCount = 0): KpiVisit {
  return {
    id,
    kind: 'walk_in',
    stage: 'follow_up',
    advisorId: 'adv-a',
    technicianId: 'tech-1',
    vin: `VIN-${id}`,
    priorityReason: 'waiting',
    createdAt: deliveredAt - 3 * 60 * MINUTE,
    appointmentAt: null,
    arrivedAt: deliveredAt - 3 * 60 * MINUTE,
    promisedAt: null,
    deliveredAt,
    reworkCount,
  };
}

/** One labour line of `billedHours`, worked from `startedAt` for `clockedMs`. */
function records(
  visits: KpiVisit[],
  work: { visitId: string; startedAt: number; clockedMs: number; billedHours: number }[] = [],
) {
  return {
    visits,
    events: work.flatMap((w, i) => [
      { visitId: w.visitId, seq: 2 * i, type: 'work_started', at: w.startedAt, toStage: 'in_repair' },
      { visitId: w.visitId, seq: 2 * i + 1, type: 'work_completed', at: w.startedAt + w.clockedMs, toStage: 'quality_check' },
    ]),
    lines: work.map((w) => ({
      visitId: w.visitId,
      kind: 'labour',
      status: 'done',
      quantity: w.billedHours,
      totalCents: 0,
      campaign: false,
      decidedAt: w.startedAt,
    })),
    followUps: [],
    complaints: [],
  } satisfies KpiRecords;
}

const today: KpiWindow = { from: now - DAY, to: now + DAY, asOf: now, comebacks: [] };

describe('KPIs that need time to settle', () => {
  it('first-time fix and comeback rate count no visit delivered minutes ago: its 30 days have not passed', () => {
    const r = records([visit('a', now - 5 * MINUTE), visit('b', now - 10 * MINUTE, 1)]);
    for (const name of ['first_time_fix', 'comeback_rate'] as const) {
      expect(KPI_DEFINITIONS[name].compute(r, today)).toMatchObject({ value: null, sample: 0 });
    }
    // The rework itself is known at once.
    expect(KPI_DEFINITIONS.rework_rate.compute(r, today)).toMatchObject({ numerator: 1, denominator: 2 });
  });

  it('counts a visit once its 30 days have passed, with or without a comeback', () => {
    const month = { from: now - 40 * DAY, to: now - 30 * DAY, asOf: now };
    const r = records([visit('a', now - 35 * DAY), visit('b', now - 34 * DAY)]);
    const window: KpiWindow = { ...month, comebacks: [{ visitId: 'c', vin: 'VIN-b', openedAt: now - 30 * DAY }] };
    expect(KPI_DEFINITIONS.first_time_fix.compute(r, window)).toMatchObject({ numerator: 1, denominator: 2 });
    expect(KPI_DEFINITIONS.comeback_rate.compute(r, window)).toMatchObject({ numerator: 1, denominator: 2 });
  });
});

describe('technician efficiency', () => {
  it('is n/a when next to no time was clocked, not a thousandfold ratio', () => {
    const r = records(
      [visit('a', now - 5 * MINUTE)],
      [{ visitId: 'a', startedAt: now - 60 * MINUTE, clockedMs: 6_000, billedHours: 1.7 }],
    );
    expect(KPI_DEFINITIONS.technician_efficiency.compute(r, today)).toMatchObject({ value: null, numerator: 1.7 });
  });

  it('divides billed by clocked hours once real time was clocked', () => {
    const r = records(
      [visit('a', now - 5 * MINUTE)],
      [{ visitId: 'a', startedAt: now - 120 * MINUTE, clockedMs: 90 * MINUTE, billedHours: 2 }],
    );
    expect(KPI_DEFINITIONS.technician_efficiency.compute(r, today).value).toBeCloseTo(2 / 1.5, 10);
  });
});

describe('the repair clock across a reassignment', () => {
  it("stops when the job is handed over and runs again when the new technician starts: the hours between are nobody's", () => {
    const t0 = now - 6 * 60 * MINUTE;
    const e = (seq: number, type: string, at: number) => ({ visitId: 'a', seq, type, at, toStage: null });
    const hours = clockedHours([
      e(1, 'work_started', t0),
      // Omar goes home sick after half an hour; Ivy takes the car over four hours later and needs another half hour.
      e(2, 'technician_reassigned', t0 + 30 * MINUTE),
      e(3, 'work_started', t0 + 4 * 60 * MINUTE),
      e(4, 'work_completed', t0 + 4 * 60 * MINUTE + 30 * MINUTE),
    ]);
    expect(hours).toBeCloseTo(1, 10);
  });
});

describe('no-show rate [S1.1]', () => {
  const booked = (id: string, appointmentAt: number): KpiVisit => ({
    ...visit(id, 0),
    kind: 'appointment',
    stage: 'booked',
    appointmentAt,
    arrivedAt: null,
    deliveredAt: null,
  });
  const event = (visitId: string, seq: number, type: string, at: number, toStage: string | null = null) => ({
    visitId,
    seq,
    type,
    at,
    toStage,
  });

  it('counts a customer who came after the no-show call went on the list as one who kept the booking', () => {
    const at = now - 3 * 60 * MINUTE;
    const r: KpiRecords = {
      ...records([booked('late', at), booked('gone', at)]),
      events: [
        event('late', 1, 'visit_opened', at - DAY),
        event('late', 2, 'no_show_detected', at + 30 * MINUTE),
        event('late', 3, 'arrived', at + 40 * MINUTE, 'reception'),
        event('gone', 1, 'visit_opened', at - DAY),
        event('gone', 2, 'no_show_detected', at + 30 * MINUTE),
      ],
    };
    const rate = KPI_DEFINITIONS.no_show_rate.compute(r, today);
    expect([rate.numerator, rate.denominator]).toEqual([1, 2]);
  });
});

describe('3-day follow-up completion on the shop’s clock', () => {
  // The visit's follow-up deadline is the hour of delivery three calendar days on in the shop's zone
  // (domain/timer-rules.ts); the KPI judges a call by the same end, so a call the visit escalated as late is not
  // counted on time, nor one it took in time counted late, across a change of the clocks. Instants in UTC.
  const HOUR = 60 * MINUTE;
  const judged = (deliveredAt: number, callAt: number, timeZone?: string) =>
    KPI_DEFINITIONS.follow_up_completion.compute(
      {
        ...records([visit('a', deliveredAt)]),
        followUps: [{ visitId: 'a', reached: true, satisfaction: 5, at: callAt }],
      },
      {
        from: deliveredAt - DAY,
        to: deliveredAt + DAY,
        asOf: deliveredAt + 10 * DAY,
        comebacks: [],
        ...(timeZone ? { timeZone } : {}),
      },
    ).value;

  it('Berlin, clocks forward: a call 71½ hours after a Friday 17:00 delivery is past Monday 17:00, so late', () => {
    // Friday 26 March 2027, 17:00 CET; the window ends Monday 29 March 17:00 CEST = 15:00 UTC, 71 hours on.
    const delivered = Date.parse('2027-03-26T16:00:00Z');
    expect(judged(delivered, Date.parse('2027-03-29T14:59:00Z'), 'Europe/Berlin')).toBe(1);
    expect(judged(delivered, Date.parse('2027-03-29T15:30:00Z'), 'Europe/Berlin')).toBe(0);
  });

  it('Berlin, clocks back: a call 72½ hours after a Friday 17:00 delivery is before Monday 17:00, so on time', () => {
    // Friday 29 October 2027, 17:00 CEST; the window ends Monday 1 November 17:00 CET = 16:00 UTC, 73 hours on.
    const delivered = Date.parse('2027-10-29T15:00:00Z');
    expect(judged(delivered, delivered + 72 * HOUR + 30 * MINUTE, 'Europe/Berlin')).toBe(1);
    expect(judged(delivered, delivered + 73 * HOUR + MINUTE, 'Europe/Berlin')).toBe(0);
  });

  it('Shanghai (no change of the clocks) and no zone: 72 hours', () => {
    // Late at night: delivered Monday 23:50 in Shanghai, the window ends Thursday 23:50.
    const delivered = Date.parse('2027-03-29T15:50:00Z');
    for (const zone of ['Asia/Shanghai', undefined]) {
      expect(judged(delivered, delivered + 72 * HOUR, zone)).toBe(1);
      expect(judged(delivered, delivered + 72 * HOUR + MINUTE, zone)).toBe(0);
    }
  });
});
