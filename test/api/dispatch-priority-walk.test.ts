import { describe, expect, it } from 'vitest';
import type { NewVisit } from '../../domain/visit.js';
import { asStaff } from '../support/auth.js';
import { readJson } from '../support/http.js';
import { useTestStack } from '../support/stack.js';
import { act, bookVisit, estimateLines, newVisitBody, signature, technician, walkIn } from '../support/visits.js';

/**
 * Dispatch priority [S1.5] as the visits themselves claim it, walked through the workflow (the board's own suite,
 * test/api/workshop.test.ts, writes the claims into the rows): a comeback, a warranty job, a customer waiting on
 * site and a plain walk-in, all approved at once, queue comeback > warranty > waiting > walk-in, whatever order
 * they were approved in and whichever promise is nearest.
 */
describe('the dispatch queue of visits walked to dispatch', () => {
  const stack = useTestStack({ technicians: true });

  async function toDispatch(opts: {
    body?: NewVisit;
    /** Booked for two hours from now, and come in: an appointment. */
    booked?: boolean;
    waiting?: boolean;
    warranty?: boolean;
    promiseInHours?: number;
    promisedAt?: string;
  }) {
    const visitId = opts.booked
      ? await bookVisit(stack, { body: opts.body, inMs: 2 * 3_600_000 })
      : await walkIn(stack, { body: opts.body });
    await act(stack, visitId, 'arrive', { coversFitted: true, mileage: 52_000, customerWaiting: opts.waiting ?? false });
    if (opts.warranty) await act(stack, visitId, 'check_warranty', { covered: true, reference: 'WR-1' });
    await act(stack, visitId, 'record_inspection', {
      damages: [],
      valuables: [],
      fuelLevel: 'half',
      mileage: 52_000,
      customerSignature: signature('Customer'),
    });
    await act(stack, visitId, 'record_diagnosis', { findings: 'Noise at the front', roadTest: false }, technician);
    const estimated = await act(stack, visitId, 'submit_estimate', {
      lines: estimateLines,
      promisedAt: opts.promisedAt ?? new Date(Date.now() + (opts.promiseInHours ?? 5) * 3_600_000).toISOString(),
    });
    await act(stack, visitId, 'decide', {
      decisions: estimated.lines.map((l) => ({ lineId: l.id, approved: true })),
      consent: { method: 'signature', signature: signature('Customer') },
    });
    return visitId;
  }

  it('queues comeback > warranty > waiting > walk-in', async () => {
    // The nearest promise goes to the job with the weakest claim, so promise order alone would invert the queue.
    const plain = await toDispatch({ promiseInHours: 5 });
    const waiting = await toDispatch({ waiting: true, promiseInHours: 6 });
    const warranty = await toDispatch({ warranty: true, promiseInHours: 7 });
    const comeback = await toDispatch({ body: { ...newVisitBody(), priorityReason: 'rework' }, promiseInHours: 8 });

    const board = await readJson(await asStaff(stack.app, 'foreman', 'fm-jo').request('/workshop'));
    const queue = board.awaitingDispatch.map((j: { visitId: string; priorityReason: string }) => [j.visitId, j.priorityReason]);
    expect(queue).toEqual([
      [comeback, 'rework'],
      [warranty, 'warranty'],
      [waiting, 'waiting'],
      [plain, 'walk_in'],
    ]);
  });

  it('queues customers of the same priority promised the same time in the order they arrived', async () => {
    // The promise is a round hour, as an advisor gives it; five waiting customers, one after another. Ordered by
    // their random visit ids instead, the five would come out in this order once in 120 runs.
    const promisedAt = new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000 + 6 * 3_600_000).toISOString();
    const arrived: string[] = [];
    for (let i = 0; i < 5; i++) arrived.push(await toDispatch({ waiting: true, promisedAt }));

    const board = await readJson(await asStaff(stack.app, 'foreman', 'fm-jo').request('/workshop'));
    const queue = board.awaitingDispatch.map((j: { visitId: string }) => j.visitId);
    // The jobs of the test before stay on the board, ahead (stronger claims) or behind (later promise).
    expect(queue.filter((id: string) => arrived.includes(id))).toEqual(arrived);
  });

  it('queues a booking the desk marked as a warranty job or a waiting customer with the appointments', async () => {
    // The booking form's priority claim replaced the appointment's own: a booked warranty job queued behind the
    // walk-ins' appointments as a warranty job, and a booked customer who waits behind every warranty job.
    const warrantyWalkIn = await toDispatch({ warranty: true, promiseInHours: 3 });
    const bookedWarranty = await toDispatch({
      booked: true,
      body: { ...newVisitBody(), priorityReason: 'warranty' },
      warranty: true,
      promiseInHours: 4,
    });
    const bookedWaiting = await toDispatch({
      booked: true,
      body: { ...newVisitBody(), priorityReason: 'waiting' },
      waiting: true,
      promiseInHours: 5,
    });

    const board = await readJson(await asStaff(stack.app, 'foreman', 'fm-jo').request('/workshop'));
    const ours = [warrantyWalkIn, bookedWarranty, bookedWaiting];
    const queue = board.awaitingDispatch
      .filter((j: { visitId: string }) => ours.includes(j.visitId))
      .map((j: { visitId: string; priorityReason: string }) => [j.visitId, j.priorityReason]);
    expect(queue).toEqual([
      [bookedWarranty, 'appointment'],
      [bookedWaiting, 'appointment'],
      [warrantyWalkIn, 'warranty'],
    ]);
  });
});
