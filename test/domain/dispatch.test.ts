import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Job,
  orderJobs,
  PRIORITY_ORDER,
  planDispatch,
  priorityRank,
  proposeTechnician,
  type Technician,
} from '../../domain/dispatch.js';

const NOW = '2024-05-01T08:00:00.000Z';

const job = (visitId: string, overrides: Partial<Job> = {}): Job => ({
  visitId,
  reason: 'walk_in',
  promisedAt: '2024-05-01T12:00:00.000Z',
  requiredSkill: 1,
  estimatedHours: 1,
  ...overrides,
});
const tech = (id: string, overrides: Partial<Technician> = {}): Technician => ({
  id,
  name: `Tech ${id}`,
  skillLevel: 1,
  active: true,
  loadHours: 0,
  ...overrides,
});

describe('priority order', () => {
  it('follows seed S1 step 5, with plain walk-ins last', () => {
    expect(PRIORITY_ORDER).toEqual(['recall', 'rework', 'appointment', 'warranty', 'waiting', 'walk_in']);
    expect(priorityRank('recall')).toBe(0);
    expect(priorityRank('walk_in')).toBe(5);
  });
});

describe('orderJobs', () => {
  it('sorts by priority, then promised time, then visitId', () => {
    const jobs = [
      job('v-walk', { reason: 'walk_in', promisedAt: '2024-05-01T09:00:00Z' }),
      job('v-wait', { reason: 'waiting', promisedAt: '2024-05-01T10:00:00Z' }),
      job('v-appt-late', { reason: 'appointment', promisedAt: '2024-05-01T16:00:00Z' }),
      job('v-appt-b', { reason: 'appointment', promisedAt: '2024-05-01T11:00:00Z' }),
      job('v-appt-a', { reason: 'appointment', promisedAt: '2024-05-01T11:00:00Z' }),
      job('v-warranty', { reason: 'warranty', promisedAt: '2024-05-01T09:30:00Z' }),
      job('v-rework', { reason: 'rework', promisedAt: '2024-05-01T17:00:00Z' }),
      job('v-recall', { reason: 'recall', promisedAt: '2024-05-02T17:00:00Z' }),
    ];
    expect(orderJobs(jobs).map((j) => j.visitId)).toEqual([
      'v-recall',
      'v-rework',
      'v-appt-a',
      'v-appt-b',
      'v-appt-late',
      'v-warranty',
      'v-wait',
      'v-walk',
    ]);
  });

  it('compares promised times as instants, not strings', () => {
    const jobs = [
      job('v1', { promisedAt: '2024-05-01T08:00:00Z' }),
      job('v2', { promisedAt: '2024-05-01T09:00:00+02:00' }), // 07:00Z
    ];
    expect(orderJobs(jobs).map((j) => j.visitId)).toEqual(['v2', 'v1']);
  });

  it('does not mutate its input', () => {
    const jobs = [job('b'), job('a')];
    orderJobs(jobs);
    expect(jobs.map((j) => j.visitId)).toEqual(['b', 'a']);
  });
});

describe('proposeTechnician', () => {
  const bigJob = job('v1', {
    requiredSkill: 2,
    estimatedHours: 2,
    promisedAt: '2024-05-01T12:00:00Z',
  });

  it('picks the least senior technician who meets the promise', () => {
    const techs = [
      tech('A', { skillLevel: 3 }), // finishes 10:00, on time but senior
      tech('B', { skillLevel: 2, loadHours: 1 }), // finishes 11:00, on time
      tech('C', { skillLevel: 2, loadHours: 3 }), // finishes 13:00, late
      tech('D', { skillLevel: 1 }), // not qualified
      tech('E', { skillLevel: 2, active: false }), // inactive
    ];
    const p = proposeTechnician(bigJob, techs, NOW);
    expect(p).toMatchObject({
      technicianId: 'B',
      projectedFinishAt: '2024-05-01T11:00:00.000Z',
      meetsPromise: true,
    });
    expect(p?.reason).toContain('Tech B');
  });

  it('breaks ties by load, then id', () => {
    const techs = [
      tech('z', { skillLevel: 2, loadHours: 0.5 }),
      tech('y', { skillLevel: 2, loadHours: 0.5 }),
      tech('x', { skillLevel: 2, loadHours: 1 }),
    ];
    expect(proposeTechnician(bigJob, techs, NOW)?.technicianId).toBe('y');
  });

  it('counts finishing exactly at the promised time as on time', () => {
    const p = proposeTechnician(bigJob, [tech('A', { skillLevel: 2, loadHours: 2 })], NOW);
    expect(p).toMatchObject({ projectedFinishAt: '2024-05-01T12:00:00.000Z', meetsPromise: true });
  });

  it('falls back to the earliest finisher when nobody can meet the promise', () => {
    const urgent = { ...bigJob, promisedAt: '2024-05-01T09:00:00Z' };
    const techs = [
      tech('B', { skillLevel: 2, loadHours: 1 }), // 11:00
      tech('A', { skillLevel: 3 }), // 10:00
      tech('C', { skillLevel: 1 }), // not qualified, would finish 10:00
    ];
    const p = proposeTechnician(urgent, techs, NOW);
    expect(p).toMatchObject({
      technicianId: 'A',
      projectedFinishAt: '2024-05-01T10:00:00.000Z',
      meetsPromise: false,
    });
    expect(p?.reason).toContain('No qualified technician');
  });

  it('starts work no earlier than availableFrom', () => {
    const techs = [
      tech('late-shift', { skillLevel: 2, availableFrom: '2024-05-01T10:30:00Z' }), // 12:30
      tech('senior', { skillLevel: 3, loadHours: 1.5 }), // 11:30
    ];
    expect(proposeTechnician(bigJob, techs, NOW)).toMatchObject({
      technicianId: 'senior',
      projectedFinishAt: '2024-05-01T11:30:00.000Z',
      meetsPromise: true,
    });
    // An availableFrom in the past does not move the start.
    const past = [tech('p', { skillLevel: 2, availableFrom: '2024-05-01T06:00:00Z' })];
    expect(proposeTechnician(bigJob, past, NOW)?.projectedFinishAt).toBe('2024-05-01T10:00:00.000Z');
  });

  it('returns null when nobody is qualified and active', () => {
    const techs = [tech('D', { skillLevel: 1 }), tech('E', { skillLevel: 3, active: false })];
    expect(proposeTechnician(bigJob, techs, NOW)).toBeNull();
    expect(proposeTechnician(bigJob, [], NOW)).toBeNull();
  });

  it('rejects an invalid clock', () => {
    expect(() => proposeTechnician(bigJob, [tech('A')], 'yesterday')).toThrow();
  });
});

describe('planDispatch', () => {
  it('accounts for hours handed out to earlier, more urgent jobs', () => {
    const techs = [tech('T1', { skillLevel: 1 }), tech('T2', { skillLevel: 3 })];
    const jobs = [
      job('J3', { reason: 'walk_in', estimatedHours: 1, promisedAt: '2024-05-01T10:30:00Z' }),
      job('J2', {
        reason: 'rework',
        requiredSkill: 3,
        estimatedHours: 3,
        promisedAt: '2024-05-01T12:00:00Z',
      }),
      job('J1', { reason: 'recall', estimatedHours: 2, promisedAt: '2024-05-01T10:00:00Z' }),
    ];
    const plan = planDispatch(jobs, techs, NOW);
    // J1 -> T1 until 10:00; J2 -> T2 until 11:00; J3 now finishes 11:00 on T1 or 12:00 on T2,
    // both late, so the earliest (T1) is proposed.
    expect(plan.map(({ job: j, proposal: p }) => [j.visitId, p?.technicianId, p?.projectedFinishAt, p?.meetsPromise])).toEqual([
      ['J1', 'T1', '2024-05-01T10:00:00.000Z', true],
      ['J2', 'T2', '2024-05-01T11:00:00.000Z', true],
      ['J3', 'T1', '2024-05-01T11:00:00.000Z', false],
    ]);
    expect(techs.map((t) => t.loadHours)).toEqual([0, 0]);
  });

  it('leaves a job without a proposal when nobody can do it', () => {
    const plan = planDispatch([job('J', { requiredSkill: 3 })], [tech('T1')], NOW);
    expect(plan).toEqual([{ job: job('J', { requiredSkill: 3 }), proposal: null }]);
  });

  it('rejects duplicate technician ids', () => {
    expect(() => planDispatch([job('J')], [tech('T'), tech('T')], NOW)).toThrow(/Duplicate/);
  });
});

const BASE_MS = Date.parse(NOW);
const arbJob = fc.record({
  visitId: fc.string({ minLength: 1, maxLength: 6 }),
  reason: fc.constantFrom(...PRIORITY_ORDER),
  promisedAt: fc.integer({ min: -2 * 60, max: 12 * 60 }).map((minutes) => new Date(BASE_MS + minutes * 60_000).toISOString()),
  requiredSkill: fc.integer({ min: 1, max: 3 }),
  estimatedHours: fc.integer({ min: 1, max: 32 }).map((quarters) => quarters / 4),
});
const arbTech = fc.record(
  {
    id: fc.string({ minLength: 1, maxLength: 4 }),
    name: fc.constant('T'),
    skillLevel: fc.integer({ min: 1, max: 3 }),
    active: fc.boolean(),
    loadHours: fc.integer({ min: 0, max: 40 }).map((quarters) => quarters / 4),
    availableFrom: fc.integer({ min: -120, max: 240 }).map((minutes) => new Date(BASE_MS + minutes * 60_000).toISOString()),
  },
  { requiredKeys: ['id', 'name', 'skillLevel', 'active', 'loadHours'] },
);
const arbTechs = fc.uniqueArray(arbTech, { selector: (t) => t.id, maxLength: 8 });

describe('dispatch properties', () => {
  it('orderJobs is a permutation that respects priority and is input-order independent', () => {
    fc.assert(
      fc.property(fc.uniqueArray(arbJob, { selector: (j) => j.visitId }), (jobs) => {
        const ordered = orderJobs(jobs);
        expect(ordered).toHaveLength(jobs.length);
        for (const j of jobs) expect(ordered).toContain(j);
        for (let i = 1; i < ordered.length; i++) {
          const prev = ordered[i - 1] as Job;
          const cur = ordered[i] as Job;
          const byRank = priorityRank(prev.reason) - priorityRank(cur.reason);
          expect(byRank).toBeLessThanOrEqual(0);
          if (byRank === 0) {
            expect(Date.parse(prev.promisedAt)).toBeLessThanOrEqual(Date.parse(cur.promisedAt));
          }
        }
        expect(orderJobs([...jobs].reverse())).toEqual(ordered);
      }),
    );
  });

  it('proposeTechnician only proposes active, qualified technicians', () => {
    fc.assert(
      fc.property(arbJob, arbTechs, (j, techs) => {
        const p = proposeTechnician(j, techs, NOW);
        const qualified = techs.filter((t) => t.active && t.skillLevel >= j.requiredSkill);
        if (qualified.length === 0) {
          expect(p).toBeNull();
          return;
        }
        expect(p).not.toBeNull();
        const chosen = techs.find((t) => t.id === p?.technicianId);
        expect(chosen?.active).toBe(true);
        expect(chosen?.skillLevel).toBeGreaterThanOrEqual(j.requiredSkill);
        expect(p?.meetsPromise).toBe(Date.parse(p?.projectedFinishAt ?? '') <= Date.parse(j.promisedAt));
      }),
    );
  });

  it('meets the promise whenever some qualified technician could', () => {
    fc.assert(
      fc.property(arbJob, arbTechs, (j, techs) => {
        const finishes = techs
          .filter((t) => t.active && t.skillLevel >= j.requiredSkill)
          .map(
            (t) =>
              Math.max(BASE_MS, t.availableFrom ? Date.parse(t.availableFrom) : BASE_MS) +
              (t.loadHours + j.estimatedHours) * 3_600_000,
          );
        const p = proposeTechnician(j, techs, NOW);
        if (finishes.some((f) => f <= Date.parse(j.promisedAt))) {
          expect(p?.meetsPromise).toBe(true);
        } else if (finishes.length > 0) {
          expect(p?.meetsPromise).toBe(false);
          expect(Date.parse(p?.projectedFinishAt ?? '')).toBe(Math.min(...finishes));
        }
      }),
    );
  });

  it('planDispatch covers every job once, in priority order, queueing work per technician', () => {
    fc.assert(
      fc.property(fc.uniqueArray(arbJob, { selector: (j) => j.visitId, maxLength: 10 }), arbTechs, (jobs, techs) => {
        const plan = planDispatch(jobs, techs, NOW);
        expect(plan.map((e) => e.job)).toEqual(orderJobs(jobs));
        // Each technician's proposals finish at strictly later times as work queues up.
        const lastFinish = new Map<string, number>();
        for (const { proposal } of plan) {
          if (proposal === null) continue;
          const finish = Date.parse(proposal.projectedFinishAt);
          const previous = lastFinish.get(proposal.technicianId);
          if (previous !== undefined) expect(finish).toBeGreaterThan(previous);
          lastFinish.set(proposal.technicianId, finish);
        }
      }),
    );
  });
});
