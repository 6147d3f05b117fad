import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openVisit } from '../../api/open-visit.js';
import type { DatabaseHandle } from '../../db/client.js';
import { openTestDatabase } from '../support/database.js';
import {
  act,
  entries,
  eventually,
  expectAt,
  seedTechnicians,
  startTimeSkippingStack,
  type TimeSkippingStack,
  taskKinds,
  tasksOf,
} from '../support/time-skipping.js';
import { advisor, newVisitBody, pickup, qc, repairToQc, signature, technician } from '../support/visits.js';

// A Munich shop keeps its wall clock: a policy of whole days counts calendar days there, so a timer lands at the
// same local time on the day it names, across the night the clocks change (Berlin: 28 March 2027, 02:00 CET →
// 03:00 CEST). The production defaults on the time-skipping server, the clock skipped to the week of the change.
// Expected instants are written out in UTC here, not worked out by the rule under test.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const ZONE = 'Europe/Berlin';

describe('day-sized timers on the shop’s clock across a change of the clocks (Europe/Berlin)', () => {
  let stack: TimeSkippingStack;
  let database: DatabaseHandle;
  const open = (kind: 'appointment' | 'walk_in', appointmentAt?: number) =>
    openVisit(
      { database: stack.database, temporal: stack.client, taskQueue: stack.taskQueue },
      newVisitBody(),
      kind,
      appointmentAt === undefined ? undefined : new Date(appointmentAt).toISOString(),
      {},
      'system',
      { timeZone: ZONE },
    );

  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => database?.close());
  beforeEach(async () => {
    stack = await startTimeSkippingStack({ database });
    await seedTechnicians(stack);
  });
  afterEach(async () => stack?.close());

  it('a booking on the Sunday the clocks go forward: the day-before call on Saturday at the same local time', () =>
    stack.withWorker(async () => {
      await stack.sleepUntil(Date.parse('2027-03-24T09:00:00Z'));
      // Sunday 28 March 2027, 10:00 summer time (UTC+2); the call is due Saturday 10:00 winter time (UTC+1),
      // 23 hours before it, not 24.
      const appointment = Date.parse('2027-03-28T08:00:00Z');
      const callDue = Date.parse('2027-03-27T09:00:00Z');
      const { visitId } = await open('appointment', appointment);

      await stack.sleepUntil(callDue - MINUTE);
      expect(await taskKinds(stack, visitId)).toEqual([]);
      await stack.sleepUntil(callDue);
      await eventually(() => taskKinds(stack, visitId)).toEqual(['confirmation_call']);
      expectAt((await entries(stack, visitId, 'confirmation_call_due'))[0]?.at, callDue);
      await act(stack, visitId, 'record_confirmation_call', { reached: false }, advisor);

      // The retry 2 h later is a duration: 12:00 on Saturday.
      await stack.sleepUntil(callDue + 2 * HOUR);
      await eventually(async () => (await entries(stack, visitId, 'confirmation_call_due')).length).toBe(2);
      expectAt((await entries(stack, visitId, 'confirmation_call_due'))[1]?.at, callDue + 2 * HOUR);
    }));

  it('a car delivered on the Friday before the change: follow-up on Sunday, escalated on Monday, at the hour of delivery', () =>
    stack.withWorker(async () => {
      // Friday 26 March 2027, 17:00 winter time.
      await stack.sleepUntil(Date.parse('2027-03-26T16:00:00Z'));
      const { visitId } = await open('walk_in');
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
          lines: [{ kind: 'labour', description: 'Annual service', quantity: 1, unitPriceCents: 9_000, requiredSkill: 2 }],
          promisedAt: new Date((await stack.now()) + 2 * DAY).toISOString(),
        },
        advisor,
      );
      await act(
        stack,
        visitId,
        'decide',
        {
          decisions: estimated.lines.map((l) => ({ lineId: l.id, approved: true })),
          consent: { method: 'signature', signature: signature('Customer') },
        },
        advisor,
      );
      expect((await repairToQc(stack, visitId)).id).toBe('tech-omar');
      const passed = await act(stack, visitId, 'record_qc', { passed: true }, qc);
      const delivered = await act(stack, visitId, 'record_pickup', pickup(passed.totals.totalCents), advisor);
      const pickedUp = Date.parse(delivered.pickup?.at ?? '');
      // The clocks go forward in between: two and three calendar days on are an hour less than 48 and 72 hours.
      const callOnList = pickedUp + 2 * DAY - HOUR;
      const deadline = pickedUp + 3 * DAY - HOUR;
      const followUpCall = () => tasksOf(stack, visitId).then((rows) => rows.find((t) => t.kind === 'follow_up_call'));

      await stack.sleepUntil(callOnList - MINUTE);
      expect(await followUpCall()).toBeUndefined();
      await stack.sleepUntil(callOnList);
      await eventually(async () => (await followUpCall())?.status).toBe('open');
      expect((await followUpCall())?.dueAt.getTime()).toBe(deadline);

      await stack.sleepUntil(deadline - MINUTE);
      expect(await taskKinds(stack, visitId)).not.toContain('follow_up_escalation');
      await stack.sleepUntil(deadline);
      await eventually(() => taskKinds(stack, visitId)).toContain('follow_up_escalation');
      expectAt((await entries(stack, visitId, 'follow_up_escalated'))[0]?.at, deadline);
    }));
});
