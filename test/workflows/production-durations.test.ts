import { and, count, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openVisit } from '../../api/open-visit.js';
import type { DatabaseHandle } from '../../db/client.js';
import { visitEvents } from '../../db/schema.js';
import { resolvePolicy } from '../../domain/policy.js';
import { addMonthsUtc } from '../../domain/time.js';
import type { VisitState } from '../../domain/visit-state.js';
import { PromisedAtKey, VisitStageKey } from '../../workflows/search-attributes.js';
import { openTestDatabase } from '../support/database.js';
import {
  act,
  entries,
  eventually,
  expectAt,
  outboxOf,
  seedTechnicians,
  startTimeSkippingStack,
  stateOf,
  type TimeSkippingStack,
  taskKinds,
  tasksOf,
  templates,
  visitOf,
} from '../support/time-skipping.js';
import { advisor, newVisitBody, pickup, qc, repairToQc, signature, technician } from '../support/visits.js';

// The production defaults themselves, on Temporal's time-skipping test server: every timer below is the
// real duration (24 h, 2 h, 30 min, 7 days, 3 days, 15 days, 12 months − 14 days) and the clock is skipped
// to it. Time skips only while the test awaits `sleepUntil` (env.sleep) or a workflow result; updates and
// queries run at wall-clock pace with the clock locked, which is what lets us look at the visit just
// before each timer (a minute, an hour or a day) and again at its instant.
//
// Instants are checked on the workflow's own records (timeline `at`, which is also visit_events.at) and on
// task due dates: tasks.created_at is the database's now(), i.e. wall-clock time, which the test server
// does not skip.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('production durations on the time-skipping test server', () => {
  let stack: TimeSkippingStack;
  const open = (kind: 'appointment' | 'walk_in', appointmentAt?: number) =>
    openVisit(
      { database: stack.database, temporal: stack.client, taskQueue: stack.taskQueue },
      newVisitBody(),
      kind,
      appointmentAt === undefined ? undefined : new Date(appointmentAt).toISOString(),
      {},
    );

  let database: DatabaseHandle;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => database?.close());
  // A server per test: its clock, and any visit a failed test left running, stay with that test.
  beforeEach(async () => {
    stack = await startTimeSkippingStack({ database });
    await seedTechnicians(stack);
  });
  afterEach(async () => stack?.close());

  it('a booking made 3 days ahead: day-before call, retry, advisor flag, no-show task, closed as no-show after 7 days', () =>
    stack.withWorker(async () => {
      const appointment = (await stack.now()) + 3 * DAY;
      const start = await open('appointment', appointment);
      expect(start.policy).toEqual(resolvePolicy());
      const { visitId } = start;
      const handle = stack.client.workflow.getHandle(visitId);
      const call = () => tasksOf(stack, visitId).then((rows) => rows.find((t) => t.kind === 'confirmation_call'));

      // 47 h after booking, 25 h before the appointment: nothing on the call list yet.
      await stack.sleepUntil(appointment - 25 * HOUR);
      expect((await stateOf(stack, visitId)).stage).toBe('booked');
      expect(await taskKinds(stack, visitId)).toEqual([]);

      // 48 h after booking: the day-before call, due by the appointment.
      await stack.sleepUntil(appointment - 24 * HOUR);
      await eventually(() => taskKinds(stack, visitId)).toEqual(['confirmation_call']);
      const first = await call();
      expect(first).toMatchObject({ status: 'open', attempts: 1, assigneeRole: 'advisor' });
      expect(first?.dueAt.getTime()).toBe(appointment);
      const [due1] = await entries(stack, visitId, 'confirmation_call_due');
      expectAt(due1?.at, appointment - 24 * HOUR);
      await act(stack, visitId, 'record_confirmation_call', { reached: false }, advisor);

      // No answer: called again 2 h later (the same task, second attempt).
      await stack.sleepUntil(appointment - 22 * HOUR - MINUTE);
      expect((await call())?.attempts).toBe(1);
      await stack.sleepUntil(appointment - 22 * HOUR);
      await eventually(async () => (await call())?.attempts).toBe(2);
      const calls = await entries(stack, visitId, 'confirmation_call_due');
      expect(calls).toHaveLength(2);
      expectAt(calls[1]?.at, appointment - 22 * HOUR);

      // Two calls, no confirmation: 2 h after the last call the advisor is told.
      await stack.sleepUntil(appointment - 20 * HOUR - MINUTE);
      expect(await taskKinds(stack, visitId)).not.toContain('confirmation_escalation');
      await stack.sleepUntil(appointment - 20 * HOUR);
      await eventually(() => taskKinds(stack, visitId)).toContain('confirmation_escalation');
      await eventually(() => templates(stack, visitId)).toContain('booking_unconfirmed');
      const [flag] = await entries(stack, visitId, 'confirmation_unanswered');
      expectAt(flag?.at, appointment - 20 * HOUR);
      expect((await stateOf(stack, visitId)).appointment).toMatchObject({
        confirmed: false,
        confirmationCalls: 2,
        flaggedForAdvisor: true,
      });

      // Not arrived 30 min after the appointment: the no-show call.
      await stack.sleepUntil(appointment + 29 * MINUTE);
      expect(await taskKinds(stack, visitId)).not.toContain('no_show');
      await stack.sleepUntil(appointment + 30 * MINUTE);
      await eventually(() => taskKinds(stack, visitId)).toContain('no_show');
      const [noShowTask] = (await tasksOf(stack, visitId)).filter((t) => t.kind === 'no_show');
      expect(noShowTask?.status).toBe('open');
      expectAt((await entries(stack, visitId, 'no_show_detected'))[0]?.at, appointment + 30 * MINUTE);

      // Nobody re-booked: still booked a day before the 7 days are up, closed as no-show at 7 days.
      await stack.sleepUntil(appointment + 6 * DAY);
      expect((await stateOf(stack, visitId)).stage).toBe('booked');
      const final: VisitState = await handle.result();
      expect(final.stage).toBe('no_show');
      const closed = final.timeline.find((e) => e.type === 'no_show');
      expect(closed).toMatchObject({ fromStage: 'booked', toStage: 'no_show', actor: { role: 'system' } });
      expectAt(closed?.at, appointment + 7 * DAY);
      expect((await tasksOf(stack, visitId)).map((t) => [t.kind, t.status]).sort()).toEqual([
        ['confirmation_call', 'done'],
        ['confirmation_escalation', 'done'],
        ['no_show', 'done'],
      ]);
      expect((await handle.describe()).typedSearchAttributes.get(VisitStageKey)).toBe('no_show');
    }));

  const recorded = async (visitId: string, type: string) =>
    (
      await database.db
        .select({ n: count() })
        .from(visitEvents)
        .where(and(eq(visitEvents.visitId, visitId), eq(visitEvents.type, type)))
    )[0]?.n;

  it('a walk-in: approval stall reminder at 2 h and escalation at 4 h; follow-up on day 2, escalated on day 3, window closed on day 15; reminder 14 days before the 12-month service', () =>
    stack.withWorker(async () => {
      const { visitId } = await open('walk_in');
      const handle = stack.client.workflow.getHandle(visitId);
      await act(stack, visitId, 'arrive', { coversFitted: true, mileage: 52_000 }, advisor);
      await act(
        stack,
        visitId,
        'record_inspection',
        { damages: [], valuables: [], fuelLevel: 'half', mileage: 52_000, customerSignature: signature('Customer') },
        advisor,
      );
      await act(stack, visitId, 'record_diagnosis', { findings: 'Service due', roadTest: false }, technician);
      const estimated = await act(
        stack,
        visitId,
        'submit_estimate',
        {
          lines: [
            { kind: 'labour', description: 'Annual service', quantity: 1.5, unitPriceCents: 9_000, requiredSkill: 2 },
            { kind: 'part', description: 'Oil filter', quantity: 1, unitPriceCents: 1_250 },
          ],
          // Far enough out that the promise watch stays quiet while the customer sits on the estimate.
          promisedAt: new Date((await stack.now()) + 2 * DAY).toISOString(),
        },
        advisor,
      );
      const requested = Date.parse(estimated.approvals[0]?.requestedAt ?? '');

      // The customer sits on the estimate: reminded at 2 h…
      await stack.sleepUntil(requested + 2 * HOUR - MINUTE);
      expect(await templates(stack, visitId)).toEqual(['estimate_ready']);
      await stack.sleepUntil(requested + 2 * HOUR);
      await eventually(() => templates(stack, visitId)).toEqual(['approval_reminder', 'estimate_ready']);
      expectAt((await entries(stack, visitId, 'approval_reminder_sent'))[0]?.at, requested + 2 * HOUR);
      expectAt((await stateOf(stack, visitId)).approvals[0]?.customerRemindedAt, requested + 2 * HOUR);

      // …and the advisor is asked to call at 4 h.
      await stack.sleepUntil(requested + 4 * HOUR - MINUTE);
      expect(await taskKinds(stack, visitId)).toEqual([]);
      await stack.sleepUntil(requested + 4 * HOUR);
      await eventually(() => taskKinds(stack, visitId)).toEqual(['approval_escalation']);
      // The call list says which paper the customer sits on.
      expect((await tasksOf(stack, visitId))[0]?.params).toEqual({ subject: 'estimate' });
      expectAt((await entries(stack, visitId, 'approval_escalated'))[0]?.at, requested + 4 * HOUR);

      const decided = await act(
        stack,
        visitId,
        'decide',
        {
          decisions: estimated.lines.map((l) => ({ lineId: l.id, approved: true })),
          consent: { method: 'signature', signature: signature('Customer') },
        },
        advisor,
      );
      expect(decided.stage).toBe('awaiting_dispatch');
      expect((await repairToQc(stack, visitId)).id).toBe('tech-omar');
      const passed = await act(stack, visitId, 'record_qc', { passed: true }, qc);
      const delivered = await act(stack, visitId, 'record_pickup', pickup(passed.totals.totalCents), advisor);
      expect(delivered.stage).toBe('follow_up');
      const pickupAt = delivered.pickup?.at ?? '';
      const pickedUp = Date.parse(pickupAt);
      const followUpCall = () => tasksOf(stack, visitId).then((rows) => rows.find((t) => t.kind === 'follow_up_call'));

      // The follow-up call goes on the list 2 days after pickup, to be made by day 3.
      await stack.sleepUntil(pickedUp + 2 * DAY - MINUTE);
      expect(await followUpCall()).toBeUndefined();
      await stack.sleepUntil(pickedUp + 2 * DAY);
      await eventually(async () => (await followUpCall())?.status).toBe('open');
      expect((await followUpCall())?.dueAt.getTime()).toBe(pickedUp + 3 * DAY);

      // Not logged by day 3: the service supervisor is told.
      await stack.sleepUntil(pickedUp + 3 * DAY - MINUTE);
      expect(await taskKinds(stack, visitId)).not.toContain('follow_up_escalation');
      await stack.sleepUntil(pickedUp + 3 * DAY);
      await eventually(() => taskKinds(stack, visitId)).toContain('follow_up_escalation');
      await eventually(() => templates(stack, visitId)).toContain('follow_up_overdue');
      expectAt((await entries(stack, visitId, 'follow_up_escalated'))[0]?.at, pickedUp + 3 * DAY);
      const [escalation] = (await tasksOf(stack, visitId)).filter((t) => t.kind === 'follow_up_escalation');
      expect(escalation?.assigneeRole).toBe('supervisor');

      // The window closes on day 15: aftercare, with the call taken off the list.
      await stack.sleepUntil(pickedUp + 15 * DAY - MINUTE);
      expect((await stateOf(stack, visitId)).stage).toBe('follow_up');
      await stack.sleepUntil(pickedUp + 15 * DAY);
      // Read from the database: a query sent while the visit continues as new can leave the test server's
      // clock locked for good (it does not release a lock held for a run that has closed).
      await eventually(async () => recorded(visitId, 'follow_up_window_closed')).toBe(1);
      // Planned once, at pickup (NEXT_SERVICE_AT_PICKUP_PATCH): the aftercare run reminds on that figure.
      expect(await recorded(visitId, 'maintenance_planned')).toBe(1);
      const aftercare = await visitOf(stack, visitId);
      expect(aftercare.stage).toBe('aftercare');
      const closedWindow = aftercare.timeline.find((e) => e.type === 'follow_up_window_closed');
      expect(closedWindow).toMatchObject({ fromStage: 'follow_up', toStage: 'aftercare' });
      expectAt(closedWindow?.at, pickedUp + 15 * DAY);
      await eventually(async () => (await followUpCall())?.status).toBe('done');

      // The next service is due 12 months after delivery (no mileage history to say otherwise)…
      const dueAt = addMonthsUtc(pickupAt, 12);
      expect(aftercare.nextMaintenance).toMatchObject({ dueAt, basis: 'time', dueMileage: 52_000 + 15_000 });
      const remindAt = Date.parse(dueAt) - 14 * DAY;

      // …and the customer is reminded 14 days before it; then the visit closes.
      await stack.sleepUntil(remindAt - HOUR);
      expect((await visitOf(stack, visitId)).stage).toBe('aftercare');
      expect(await templates(stack, visitId)).not.toContain('maintenance_due');
      // The aftercare run answers how the visit closed; the visit itself is the read model's.
      expect(await handle.result()).toMatchObject({ visitId, stage: 'closed' });
      const final = await visitOf(stack, visitId);
      expect(final.stage).toBe('closed');
      const reminded = final.timeline.find((e) => e.type === 'maintenance_reminder_sent');
      expect(reminded).toMatchObject({ fromStage: 'aftercare', toStage: 'closed' });
      expectAt(reminded?.at, remindAt);
      const reminder = (await outboxOf(stack, visitId)).find((m) => m.template === 'maintenance_due');
      expect(reminder?.payload).toMatchObject({ dueAt, plate: final.vehicle.plate });
      const [reminderTask] = (await tasksOf(stack, visitId)).filter((t) => t.kind === 'maintenance_reminder');
      expect(reminderTask?.dueAt.toISOString()).toBe(dueAt);

      // The search attributes followed the visit on this server too.
      const attributes = (await handle.describe()).typedSearchAttributes;
      expect(attributes.get(VisitStageKey)).toBe('closed');
      expect(attributes.get(PromisedAtKey)?.toISOString()).toBe(estimated.promisedAt);
    }));
});
