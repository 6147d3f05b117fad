import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openVisit } from '../../api/open-visit.js';
import type { DatabaseHandle } from '../../db/client.js';
import { openTestDatabase } from '../support/database.js';
import {
  act,
  entries,
  eventually,
  startTimeSkippingStack,
  stateOf,
  type TimeSkippingStack,
  tasksOf,
  templates,
} from '../support/time-skipping.js';
import { advisor, newVisitBody } from '../support/visits.js';

// [S1.1] The day-before call reaches the customer, who cannot keep the slot: the booking is re-booked with them,
// as a no-show is. The advisor gets the re-booking on the list; nobody rings them again two hours later, and the
// advisor is not told the customer "could not be reached". Production defaults on the time-skipping server, in
// Shanghai's clock.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe('a customer reached on the confirmation call who cannot keep the slot', () => {
  let stack: TimeSkippingStack;
  let database: DatabaseHandle;

  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => database?.close());
  beforeEach(async () => {
    stack = await startTimeSkippingStack({ database });
  });
  afterEach(async () => stack?.close());

  it('closes the call, puts the re-booking on the list, calls no more, and a new time starts over', () =>
    stack.withWorker(async () => {
      await stack.sleepUntil(Date.parse('2027-01-04T01:00:00Z'));
      // Thursday 7 January 2027, 09:00 in Shanghai; the call is due Wednesday 09:00.
      const appointment = Date.parse('2027-01-07T01:00:00Z');
      const { visitId } = await openVisit(
        { database: stack.database, temporal: stack.client, taskQueue: stack.taskQueue },
        newVisitBody(),
        'appointment',
        new Date(appointment).toISOString(),
        {},
        'system',
        { timeZone: 'Asia/Shanghai' },
      );
      const kinds = async () => (await tasksOf(stack, visitId)).map((t) => [t.kind, t.status]).sort();

      await stack.sleepUntil(appointment - 24 * HOUR);
      await eventually(kinds).toEqual([['confirmation_call', 'open']]);
      await act(stack, visitId, 'record_confirmation_call', { reached: true, confirmed: false }, advisor);
      await eventually(kinds).toEqual([
        ['confirmation_call', 'done'],
        ['confirmation_escalation', 'open'],
      ]);
      const rebook = (await tasksOf(stack, visitId)).find((t) => t.kind === 'confirmation_escalation');
      expect(rebook?.title).toMatch(/^Re-book /);
      expect(rebook?.dueAt.getTime()).toBe(appointment);

      // Past the retry (2 h) and the "unconfirmed" flag (4 h): no second call, no "could not be reached".
      await stack.sleepUntil(appointment - 20 * HOUR + MINUTE);
      expect(await entries(stack, visitId, 'confirmation_call_due')).toHaveLength(1);
      expect(await entries(stack, visitId, 'confirmation_unanswered')).toEqual([]);
      expect(await templates(stack, visitId)).not.toContain('booking_unconfirmed');
      expect(await kinds()).toEqual([
        ['confirmation_call', 'done'],
        ['confirmation_escalation', 'open'],
      ]);
      expect((await stateOf(stack, visitId)).appointment).toMatchObject({ confirmed: false, cannotKeep: true });

      // Re-booked for Monday 11 January 09:00: the re-booking is done, and the new time gets its own day-before call.
      const moved = Date.parse('2027-01-11T01:00:00Z');
      await act(stack, visitId, 'reschedule', { appointmentAt: new Date(moved).toISOString() }, advisor);
      await eventually(kinds).toEqual([
        ['confirmation_call', 'done'],
        ['confirmation_escalation', 'done'],
      ]);
      await stack.sleepUntil(moved - 24 * HOUR);
      await eventually(async () => (await entries(stack, visitId, 'confirmation_call_due')).length).toBe(2);
      expect((await stateOf(stack, visitId)).appointment.cannotKeep).toBeUndefined();
    }));
});
