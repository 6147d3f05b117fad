import { count, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { historyOfAllRuns } from '../../api/history/runs.js';
import { invoices, serviceHistory, vehicles, visitEvents } from '../../db/schema.js';
import { readVisit } from '../../db/visit-view.js';
import { ServiceAdvisorKey, VehiclePlateKey, VisitStageKey } from '../../workflows/search-attributes.js';
import { asStaff } from '../support/auth.js';
import { readJson } from '../support/http.js';
import { useTestStack } from '../support/stack.js';
import {
  act,
  advisor,
  bookWithCallDue,
  outboxOf,
  receiveAndEstimate,
  repairAndDeliver,
  signature,
  stateOf,
  tasksOf,
  visitRow,
  waitForStage,
} from '../support/visits.js';

describe('a booked visit from appointment to maintenance reminder', () => {
  const stack = useTestStack({ technicians: true });

  it('walks the whole service loop and leaves one record of everything', async () => {
    const visitId = await bookWithCallDue(stack);
    expect((await stateOf(stack, visitId)).stage).toBe('booked');

    // The day-before call lands on the call list (within a second here, 24 h ahead in production).
    await expect.poll(async () => (await tasksOf(stack, visitId)).map((t) => t.kind)).toContain('confirmation_call');
    await act(stack, visitId, 'record_confirmation_call', { reached: true, confirmed: true });

    const estimated = await receiveAndEstimate(stack, visitId);
    expect(estimated.stage).toBe('awaiting_approval');
    expect(estimated.lines.map((l) => l.status)).toEqual(['proposed', 'proposed', 'proposed']);

    const decided = await act(stack, visitId, 'decide', {
      decisions: estimated.lines.map((l) => ({ lineId: l.id, approved: true })),
      consent: { method: 'signature', signature: signature('Customer') },
    });
    expect(decided.stage).toBe('awaiting_dispatch');
    // 1.5 h × 90.00 + 12.50 + 2 × 18.00 = 183.50, plus 19 % tax = 34.87 (rounded half up) → 218.37
    expect(decided.totals).toMatchObject({ subtotalCents: 18_350, taxCents: 3_487, totalCents: 21_837 });

    const delivered = await repairAndDeliver(stack, visitId);
    expect(delivered.stage).toBe('follow_up');
    expect(delivered.dispatch.technicianId).toBe('tech-omar');

    await expect.poll(async () => (await tasksOf(stack, visitId)).map((t) => t.kind)).toContain('follow_up_call');
    const followed = await act(
      stack,
      visitId,
      'record_follow_up',
      { reached: true, satisfaction: 5, comments: 'Great' },
      advisor,
    );
    // The reached call moves the visit into aftercare; with the reminder due at once here, it may have closed already.
    expect(followed.timeline.find((e) => e.type === 'follow_up_logged')?.toStage).toBe('aftercare');

    await waitForStage(stack, visitId, 'closed');
    const handle = stack.client.workflow.getHandle(visitId);
    // The aftercare run answers how the visit closed; the visit itself is the read model's.
    expect(await handle.result()).toMatchObject({ visitId, stage: 'closed' });
    const final = await readVisit(stack.database.db, visitId);
    if (!final) throw new Error('the closed visit is not in the database');
    expect(final.nextMaintenance?.dueMileage).toBeGreaterThan(52_000);
    expect(final.timeline.map((e) => e.type)).toEqual(
      expect.arrayContaining([
        'visit_opened',
        'confirmation_call_due',
        'arrived',
        'inspection_signed',
        'estimate_submitted',
        'customer_decided',
        'dispatched',
        'qc_passed',
        'picked_up',
        'follow_up_logged',
        'maintenance_reminder_sent',
      ]),
    );

    // Followed up, the visit went on in a new run: its months of aftercare replay from a few dozen events.
    const runs = await historyOfAllRuns(stack.client, visitId);
    expect(runs).toHaveLength(2);
    expect(runs[0]?.events?.at(-1)?.workflowExecutionContinuedAsNewEventAttributes).toBeTruthy();
    // A visit started now (CURRENT_VISIT_PATCH) records one patch marker, not one per change it holds, and one for
    // each change made since that it met (DESK_BOOKING_CONFIRMATION_PATCH once booked, NEXT_SERVICE_AT_PICKUP_PATCH at
    // pickup); it writes its tasks with its events as local activities: only its messages and its reads are activities.
    const first = runs[0]?.events ?? [];
    const patchMarkers = first.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_patch');
    expect(patchMarkers).toHaveLength(3);
    const scheduled = new Set(first.map((e) => e.activityTaskScheduledEventAttributes?.activityType?.name).filter(Boolean));
    expect([...scheduled].sort()).toEqual(['notify', 'planNextMaintenance', 'proposeDispatch']);
    // The compact aftercare run (COMPACT_AFTERCARE_PATCH): its input is the reminder's plan, not the visit. Begun
    // by a current visit, it asks no patch and writes its task and closing event as local activities.
    const second = runs[1]?.events ?? [];
    expect(second.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_patch')).toEqual([]);
    expect(second.map((e) => e.activityTaskScheduledEventAttributes?.activityType?.name).filter(Boolean)).toEqual(['notify']);
    expect(runs[1]?.events?.length).toBeLessThan(30);
    expect(JSON.stringify(runs[1]?.events?.[0]).length).toBeLessThan(4_000);
    // The same workflow id, still found by its plate, advisor and stage.
    const attributes = (await handle.describe()).typedSearchAttributes;
    expect([attributes.get(VehiclePlateKey), attributes.get(ServiceAdvisorKey), attributes.get(VisitStageKey)]).toEqual([
      final.vehicle.plate,
      advisor.id,
      'closed',
    ]);
    // The manager reads one story across both runs, its entries in order.
    const history = await readJson(await asStaff(stack.app, 'manager').request(`/visits/${visitId}/history?limit=500`));
    const entries: { eventId: number; kind: string }[] = history.entries;
    expect(entries.map((e) => e.eventId)).toEqual([...entries.map((e) => e.eventId)].sort((a, b) => a - b));
    expect(new Set(entries.map((e) => e.eventId)).size).toBe(entries.length);
    expect(entries.filter((e) => e.kind === 'visit_opened')).toHaveLength(1);
    expect(entries.map((e) => e.kind)).toEqual(expect.arrayContaining(['continued_as_new', 'visit_completed']));

    const row = await visitRow(stack, visitId);
    expect(row).toMatchObject({
      stage: 'closed',
      confirmed: true,
      technicianId: 'tech-omar',
      totalCents: 21_837,
      mileageIn: 52_000,
    });
    expect(row?.closedAt).not.toBeNull();
    const db = stack.database.db;
    expect((await db.select({ n: count() }).from(visitEvents).where(eq(visitEvents.visitId, visitId)))[0]?.n).toBe(
      final.timeline.length,
    );
    expect(await db.select().from(invoices).where(eq(invoices.visitId, visitId))).toHaveLength(1);
    // The odometer read at reception is now the vehicle's mileage on file.
    expect((await db.select().from(vehicles).where(eq(vehicles.vin, final.vehicle.vin)))[0]?.mileage).toBe(52_000);
    expect(await db.select().from(serviceHistory).where(eq(serviceHistory.visitId, visitId))).toHaveLength(1);

    const taskKinds = Object.fromEntries((await tasksOf(stack, visitId)).map((t) => [t.kind, t.status]));
    expect(taskKinds).toMatchObject({ confirmation_call: 'done', follow_up_call: 'done', maintenance_reminder: 'open' });
    const templates = (await outboxOf(stack, visitId)).map((m) => m.template).sort();
    // The booking was confirmed with its link [S1.1]; the customer keeps copies of the signed estimate and the invoice [S1.2].
    expect(templates).toEqual([
      'booking_confirmed',
      'estimate_ready',
      'estimate_signed',
      'invoice_issued',
      'maintenance_due',
      'vehicle_ready',
    ]);
  });
});
