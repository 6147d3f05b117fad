import { beforeAll, describe, expect, it } from 'vitest';
import { asStaff } from '../support/auth.js';
import { type RequestingApp, readJson } from '../support/http.js';
import { useTestStack } from '../support/stack.js';
import { seedLine, seedTechnician, seedVisit } from './seed.js';

const HOUR = 3_600_000;

describe('GET /workshop', () => {
  const stack = useTestStack();
  let staff: RequestingApp;
  const v: Record<string, string> = {};

  beforeAll(async () => {
    staff = asStaff(stack.app, 'advisor');
    const db = stack.database.db;
    const inHours = (h: number) => new Date(Date.now() + h * HOUR);
    await seedTechnician(db, { id: 'w-t1', name: 'Ben', skillLevel: 1 });
    await seedTechnician(db, { id: 'w-t2', name: 'Omar', skillLevel: 2 });
    await seedTechnician(db, { id: 'w-t3', name: 'Ivy', skillLevel: 3 });
    await seedTechnician(db, { id: 'w-t4', name: 'Away', skillLevel: 3, active: false });

    // In the workshop: Ivy has 3 h left on a job promised in 2 h; Omar has 0.5 h on a job in QC.
    v.repair = (
      await seedVisit(db, { stage: 'in_repair', technicianId: 'w-t3', promisedAt: inHours(2), priorityReason: 'waiting' })
    ).id;
    await seedLine(db, v.repair, { quantity: 3, requiredSkill: 3 });
    await seedLine(db, v.repair, { quantity: 1, status: 'done' });
    await seedLine(db, v.repair, { kind: 'part', quantity: 4 });
    v.qc = (await seedVisit(db, { stage: 'quality_check', technicianId: 'w-t2', promisedAt: inHours(5) })).id;
    await seedLine(db, v.qc, { quantity: 0.5 });

    // Waiting for dispatch, seeded out of order.
    v.walk = (await seedVisit(db, { stage: 'awaiting_dispatch', priorityReason: 'walk_in', promisedAt: inHours(1) })).id;
    await seedLine(db, v.walk, { quantity: 1, requiredSkill: 1 });
    await seedLine(db, v.walk, { quantity: 5, requiredSkill: 3, status: 'declined' });
    v.recall = (await seedVisit(db, { stage: 'awaiting_dispatch', priorityReason: 'recall', promisedAt: inHours(8) })).id;
    await seedLine(db, v.recall, { quantity: 2, requiredSkill: 2 });
    v.appointment = (
      await seedVisit(db, { stage: 'awaiting_dispatch', priorityReason: 'appointment', promisedAt: inHours(4) })
    ).id;
    await seedLine(db, v.appointment, { quantity: 1.5, requiredSkill: 1 });
    v.warranty = (await seedVisit(db, { stage: 'awaiting_dispatch', priorityReason: 'warranty', promisedAt: inHours(3) })).id;
    await seedLine(db, v.warranty, { quantity: 1, requiredSkill: 3 });
    v.partsOnly = (await seedVisit(db, { stage: 'awaiting_dispatch', priorityReason: 'waiting' })).id;
    await seedLine(db, v.partsOnly, { kind: 'part', quantity: 1 });

    // Waiting for diagnosis: on the board for the technicians; at reception: not yet.
    v.diagnosis = (await seedVisit(db, { stage: 'diagnosis' })).id;
    await seedVisit(db, { stage: 'reception' });
  });

  it('queues jobs in the seed’s priority order with a proposed technician each', async () => {
    const res = await staff.request('/workshop');
    expect(res.status).toBe(200);
    const board = await readJson(res);
    const queue = board.awaitingDispatch;
    // recall > rework > appointment > warranty > waiting > walk-in
    expect(queue.map((j: { visitId: string }) => j.visitId)).toEqual([v.recall, v.appointment, v.warranty, v.partsOnly, v.walk]);
    expect(queue.map((j: { position: number }) => j.position)).toEqual([1, 2, 3, 4, 5]);
    expect(queue[0]).toMatchObject({ priorityReason: 'recall', requiredSkill: 2, estimatedHours: 2 });
    // A declined skill-3 line does not raise the skill a job needs.
    expect(queue[4]).toMatchObject({ priorityReason: 'walk_in', requiredSkill: 1, estimatedHours: 1 });
    expect(queue[3]).toMatchObject({ promisedAt: null, estimatedHours: 0 });

    // Ivy has 3 h on the lift; QC work is done work. Each job goes to the earliest finish: the recall to Omar,
    // the appointment to Ben, the skill-3 warranty job can only go to Ivy and will be late, the parts-only job
    // (no promise) to Ben, and the walk-in is late whoever takes it.
    expect(queue.map((j: { proposal: { technicianId: string } }) => j.proposal?.technicianId)).toEqual([
      'w-t2',
      'w-t1',
      'w-t3',
      'w-t1',
      'w-t1',
    ]);
    expect(queue.map((j: { proposal: { meetsPromise: boolean } }) => j.proposal?.meetsPromise)).toEqual([
      true,
      true,
      false,
      true,
      false,
    ]);
    expect(queue[0].proposal).toMatchObject({ technicianName: 'Omar', reason: expect.stringContaining('Omar') });
    expect(queue[2].proposal.reason).toMatch(/No qualified technician can finish by the promised time/);
    expect(queue[0].placeReason).toMatch(/^recall, with a promised time: first in the queue/);
    // The same reasons as data, for screens in any language.
    expect(queue[0].placeReasonParts).toEqual({
      kind: 'proposed',
      priority: 'recall',
      promised: true,
      ahead: 0,
      requiredSkill: 2,
    });
    expect(queue[2].proposal.reasonParts).toMatchObject({ kind: 'late', requiredSkill: queue[2].requiredSkill });
    expect(queue[0].proposal.reasonParts).toMatchObject({ technicianName: 'Omar', skillLevel: 2 });
    expect(board.planVersion).toMatch(/^[0-9a-f]{8}$/);
  });

  it('shows each active technician’s timeline, assigned work first, against the promises of their jobs', async () => {
    const board = await readJson(await staff.request('/workshop'));
    expect(board.technicians.map((t: { id: string }) => t.id)).toEqual(['w-t1', 'w-t2', 'w-t3']);
    const [ben, omar, ivy] = board.technicians;
    const ids = (t: { jobs: { visitId: string }[] }) => t.jobs.map((j) => j.visitId);
    expect(ben).toMatchObject({ loadHours: 2.6, assignedHours: 0, jobsBehindPromise: 1 });
    expect(ids(ben)).toEqual([v.appointment, v.partsOnly, v.walk]);
    expect(omar).toMatchObject({ loadHours: 2, assignedHours: 0, jobsBehindPromise: 0 });
    expect(ids(omar)).toEqual([v.recall]);
    expect(ivy).toMatchObject({ loadHours: 4, assignedHours: 3, jobsBehindPromise: 2 });
    expect(ivy.jobs).toEqual([
      expect.objectContaining({ visitId: v.repair, stage: 'in_repair', remainingHours: 3, assigned: true, meetsPromise: false }),
      expect.objectContaining({ visitId: v.warranty, stage: 'awaiting_dispatch', remainingHours: 1, assigned: false }),
    ]);
    // One timeline: each job starts when the one before it finishes.
    expect(ivy.jobs[1].startAt).toBe(ivy.jobs[0].projectedFinishAt);
    // Every proposal of the queue is a slot on the proposed technician's timeline, finishing at the same time.
    for (const entry of board.awaitingDispatch) {
      const line = board.technicians.find((t: { id: string }) => t.id === entry.proposal.technicianId);
      const slot = line.jobs.find((j: { visitId: string }) => j.visitId === entry.visitId);
      expect(slot.projectedFinishAt).toBe(entry.proposal.projectedFinishAt);
    }
  });

  it('lists the jobs in repair and in quality control', async () => {
    const board = await readJson(await staff.request('/workshop'));
    expect(board.inRepair).toEqual([expect.objectContaining({ visitId: v.repair, technicianId: 'w-t3', remainingHours: 3 })]);
    expect(board.qualityCheck).toEqual([expect.objectContaining({ visitId: v.qc, technicianId: 'w-t2' })]);
    expect(board.waitingDiagnosis).toEqual([expect.objectContaining({ visitId: v.diagnosis, stage: 'diagnosis' })]);
    expect(board.totals).toEqual({ awaitingDispatch: 5, waitingDiagnosis: 1, inRepair: 1, qualityCheck: 1 });
  });

  it('bounds every list with limit, planning over the whole queue', async () => {
    const board = await readJson(await staff.request('/workshop?limit=2'));
    expect(board.awaitingDispatch.map((j: { visitId: string }) => j.visitId)).toEqual([v.recall, v.appointment]);
    expect(board.technicians).toHaveLength(2);
    expect(board.totals.awaitingDispatch).toBe(5);
  });

  it.each(['limit=0', 'limit=501', 'limit=many'])('answers 400 naming limit for %s', async (query) => {
    const res = await staff.request(`/workshop?${query}`);
    expect(res.status).toBe(400);
    const { error } = await readJson(res);
    expect(error.code).toBe('invalid_request');
    expect(error.details.fields.map((f: { field: string }) => f.field)).toEqual(['limit']);
  });

  it('needs a staff token; the foreman and technicians read it', async () => {
    const res = await stack.app.request('/workshop');
    expect(res.status).toBe(401);
    expect((await readJson(res)).error.code).toBe('unauthenticated');
    expect((await asStaff(stack.app, 'foreman').request('/workshop')).status).toBe(200);
    expect((await asStaff(stack.app, 'technician').request('/workshop')).status).toBe(200);
  });
});
