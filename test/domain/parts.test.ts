import { describe, expect, it } from 'vitest';
import { type PlanJob, planWorkshop } from '../../domain/dispatch.js';
import { expectedArrival, partsNeeded } from '../../domain/parts-rules.js';

// Parts prepared before the car arrives [S1.1]: what a booking needs, and the planner's rule that a job waiting for
// its parts is not started before they are expected.

const HOUR = 3_600_000;
const NOW = '2024-05-01T08:00:00.000Z';
const at = (h: number) => new Date(Date.parse(NOW) + h * HOUR).toISOString();
const job = (visitId: string, o: Partial<PlanJob> = {}): PlanJob => ({
  visitId,
  reason: 'appointment',
  promisedAt: at(4),
  requiredSkill: 1,
  hours: 1,
  technicianId: null,
  inProgress: false,
  assignedAt: null,
  ...o,
});
const technicians = [{ id: 't1', name: 'Tom', skillLevel: 2, shift: null }];

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

describe('the planner and a job waiting for parts', () => {
  it('does not start it before the parts are expected, and says why; its promise is then missed', () => {
    const plan = planWorkshop({ now: NOW, technicians, jobs: [job('v-parts', { partsExpectedAt: at(24) })] });
    const slot = plan.timelines[0]?.slots[0];
    expect(slot?.startAt).toBe(at(24));
    expect(slot?.reasonParts.kind).toBe('waiting_for_parts');
    expect(plan.dispatch[0]?.proposal?.meetsPromise).toBe(false);
  });

  it('plans the jobs that can start first, so nobody idles for a delivery', () => {
    const plan = planWorkshop({
      now: NOW,
      technicians,
      jobs: [job('v-a', { reason: 'recall', partsExpectedAt: at(24) }), job('v-b', { reason: 'walk_in' })],
    });
    expect(plan.dispatch.map((d) => d.job.visitId)).toEqual(['v-b', 'v-a']);
    expect(plan.timelines[0]?.slots.map((s) => [s.visitId, s.startAt])).toEqual([
      ['v-b', at(0)],
      ['v-a', at(24)],
    ]);
  });

  it('plans as before once the parts are due, and never holds back work already started', () => {
    const arrived = planWorkshop({ now: NOW, technicians, jobs: [job('v-in', { partsExpectedAt: at(-1) })] });
    expect(arrived.timelines[0]?.slots[0]).toMatchObject({ startAt: at(0), reasonParts: { kind: 'proposed' } });
    const started = planWorkshop({
      now: NOW,
      technicians,
      jobs: [job('v-on', { technicianId: 't1', inProgress: true, assignedAt: at(-1), partsExpectedAt: at(24) })],
    });
    expect(started.timelines[0]?.slots[0]).toMatchObject({ startAt: at(0), reasonParts: { kind: 'in_progress' } });
  });
});
