import { describe, expect, it } from 'vitest';
import { readVisitPapers } from '../../db/visit-papers.js';
import { addMonthsUtc } from '../../domain/time.js';
import { asStaff } from '../support/auth.js';
import { postJson, readJson } from '../support/http.js';
import { useTestStack } from '../support/stack.js';
import { act, bookVisit, pickup, qc, receiveAndEstimate, repairToQc, signature, walkIn } from '../support/visits.js';

/**
 * Delivery [S1.8]: the advisor reminds the customer of the next maintenance, its approximate date and mileage. The
 * figure is planned when the car is picked up, so the invoice handed over then (and its copy on the customer's
 * channel) and the visit page carry it; it used to appear only once the follow-up was over, days later.
 */
describe('the next service at pickup', () => {
  const stack = useTestStack({ technicians: true });

  it('is on the visit and the invoice as soon as the car is picked up, and the reminder keeps that figure', async () => {
    const visitId = await walkIn(stack);
    const estimated = await receiveAndEstimate(stack, visitId);
    await act(stack, visitId, 'decide', {
      decisions: estimated.lines.map((l) => ({ lineId: l.id, approved: true })),
      consent: { method: 'signature', signature: signature('Customer') },
    });
    await repairToQc(stack, visitId);
    const passed = await act(stack, visitId, 'record_qc', { passed: true }, qc);

    const res = await postJson(
      asStaff(stack.app, 'advisor', 'adv-lena'),
      `/visits/${visitId}/actions/record_pickup`,
      pickup(passed.totals.totalCents),
    );
    expect(res.status).toBe(200);
    const state = await readJson(res);
    // A first visit on file: 12 months from pickup or 15,000 km past the 52,000 read at reception.
    expect(state.nextMaintenance).toEqual({ dueAt: addMonthsUtc(state.pickup.at, 12), dueMileage: 67_000, basis: 'time' });
    expect((await readVisitPapers(stack.database.db, visitId))?.visit.nextMaintenance).toEqual(state.nextMaintenance);

    await act(stack, visitId, 'record_follow_up', { reached: true, satisfaction: 5 });
    const visit = async () => (await readJson(await asStaff(stack.app, 'manager').request(`/visits/${visitId}`))).state;
    // The fast policy's reminder falls due at once: the aftercare run reminds the customer and closes the visit.
    await expect.poll(async () => (await visit()).stage).toBe('closed');
    const closed = await visit();
    // Planned once, at pickup: the reminder went out on the figure the customer was told.
    expect(closed.timeline.filter((e: { type: string }) => e.type === 'maintenance_planned')).toHaveLength(1);
    expect(closed.nextMaintenance).toEqual(state.nextMaintenance);
  });
});

describe('the next service of a visit that never reaches pickup', () => {
  const stack = useTestStack();
  const nextService = async (visitId: string) =>
    readJson(await asStaff(stack.app, 'advisor', 'adv-lena').request(`/visits/${visitId}/next-service`));

  it('is worked out while the car is still expected, and no longer once the visit is cancelled or the car never came', async () => {
    const cancelled = await bookVisit(stack, { inMs: 86_400_000 });
    // Due in a second: a no-show is recorded only once the appointment time has come.
    const missed = await bookVisit(stack, { inMs: 1_000 });
    // While booked the preview reads the vehicle file's 40,000 km: the figure the advisor would tell at a handover now.
    expect(await nextService(cancelled)).toMatchObject({ due: { dueMileage: 55_000 }, recorded: false, missing: null });

    await act(stack, cancelled, 'cancel', { reason: 'Customer sold the car' });
    await expect
      .poll(
        () =>
          act(stack, missed, 'mark_no_show', {}).then(
            () => true,
            () => false,
          ),
        { timeout: 30_000 },
      )
      .toBe(true);
    for (const id of [cancelled, missed]) expect(await nextService(id)).toEqual({ due: null, recorded: false, missing: 'ended' });
  });
});
