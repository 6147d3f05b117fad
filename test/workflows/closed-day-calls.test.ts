import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openVisit } from '../../api/open-visit.js';
import { writeException, writeOpeningHours } from '../../db/calendar.js';
import type { DatabaseHandle } from '../../db/client.js';
import { openTestDatabase } from '../support/database.js';
import {
  entries,
  eventually,
  expectAt,
  startTimeSkippingStack,
  type TimeSkippingStack,
  taskKinds,
  tasksOf,
} from '../support/time-skipping.js';
import { newVisitBody } from '../support/visits.js';

// The day-before confirmation call [S1.1] for a booking the day after a day the shop is closed (a Sunday off, a
// holiday) is made on the last day the shop opens before, at the appointment's hour moved into that day's hours:
// put on the list on the closed day, it waited for the morning of the visit itself. Production defaults on the
// time-skipping server; expected instants are written out in UTC, not worked out by the rule under test.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe('the day-before call on a day the shop is closed', () => {
  let stack: TimeSkippingStack;
  let database: DatabaseHandle;
  const book = (zone: string, appointmentAt: string) =>
    openVisit(
      { database: stack.database, temporal: stack.client, taskQueue: stack.taskQueue },
      newVisitBody(),
      'appointment',
      appointmentAt,
      {},
      'system',
      { timeZone: zone },
    );
  const callsDue = async (visitId: string) => (await entries(stack, visitId, 'confirmation_call_due')).map((e) => e.at);

  beforeAll(async () => {
    database = await openTestDatabase();
    // Closed on Sundays; the default hours (08:00–18:00) on the other days, in each shop's own zone.
    await writeOpeningHours(database.db, { sunday: null }, 'mgr-test');
    await writeException(database.db, { date: '2027-01-14', hours: null, note: 'Holiday' }, 'mgr-test');
  });
  afterAll(async () => database?.close());
  beforeEach(async () => {
    stack = await startTimeSkippingStack({ database });
  });
  afterEach(async () => stack?.close());

  it('Shanghai: a Monday 10:00 booking is confirmed on Saturday at 10:00, not on the closed Sunday', () =>
    stack.withWorker(async () => {
      await stack.sleepUntil(Date.parse('2027-01-04T02:00:00Z'));
      // Monday 11 January 2027, 10:00 in Shanghai (UTC+8); Saturday 9 January, 10:00 there.
      const { visitId } = await book('Asia/Shanghai', '2027-01-11T02:00:00Z');
      const saturday = Date.parse('2027-01-09T02:00:00Z');

      await stack.sleepUntil(saturday - MINUTE);
      expect(await taskKinds(stack, visitId)).toEqual([]);
      await stack.sleepUntil(saturday);
      await eventually(() => taskKinds(stack, visitId)).toEqual(['confirmation_call']);
      expectAt((await callsDue(visitId))[0], saturday);
      // Nobody logs an answer: the second call two hours later, still on Saturday, and nothing on the Sunday.
      await stack.sleepUntil(saturday + 2 * HOUR);
      await eventually(async () => (await callsDue(visitId)).length).toBe(2);
      expectAt((await callsDue(visitId))[1], saturday + 2 * HOUR);
      await stack.sleepUntil(Date.parse('2027-01-10T02:00:00Z'));
      expect(await callsDue(visitId)).toHaveLength(2);
    }));

  it('Shanghai: a booking the morning after a holiday is confirmed the day before it, from opening time', () =>
    stack.withWorker(async () => {
      await stack.sleepUntil(Date.parse('2027-01-11T02:00:00Z'));
      // Friday 15 January 2027, 07:30 in Shanghai; Thursday the 14th is a holiday, so the call is on Wednesday, when
      // the shop opens at 08:00 (07:30 is before it): 00:00 UTC.
      const { visitId } = await book('Asia/Shanghai', '2027-01-14T23:30:00Z');
      const wednesday = Date.parse('2027-01-13T00:00:00Z');

      await stack.sleepUntil(wednesday - MINUTE);
      expect(await taskKinds(stack, visitId)).toEqual([]);
      await stack.sleepUntil(wednesday);
      await eventually(() => taskKinds(stack, visitId)).toEqual(['confirmation_call']);
      expectAt((await callsDue(visitId))[0], wednesday);
      const [call] = await tasksOf(stack, visitId);
      expect(call?.dueAt.toISOString()).toBe('2027-01-14T23:30:00.000Z');
    }));

  it('Berlin: a Monday booking after the Sunday the clocks go forward is confirmed on Saturday at its hour in winter time', () =>
    stack.withWorker(async () => {
      await stack.sleepUntil(Date.parse('2027-03-22T09:00:00Z'));
      // Monday 29 March 2027, 10:00 summer time (UTC+2); Sunday the 28th (closed) is the night of the change, so the
      // call is on Saturday 27 March at 10:00 winter time (UTC+1).
      const { visitId } = await book('Europe/Berlin', '2027-03-29T08:00:00Z');
      const saturday = Date.parse('2027-03-27T09:00:00Z');

      await stack.sleepUntil(saturday - MINUTE);
      expect(await taskKinds(stack, visitId)).toEqual([]);
      await stack.sleepUntil(saturday);
      await eventually(() => taskKinds(stack, visitId)).toEqual(['confirmation_call']);
      expectAt((await callsDue(visitId))[0], saturday);
    }));

  it('Berlin: a Tuesday booking keeps its call on the Monday, an open day, at the appointment’s hour', () =>
    stack.withWorker(async () => {
      await stack.sleepUntil(Date.parse('2027-03-22T09:00:00Z'));
      // Tuesday 30 March 2027, 09:15 summer time; Monday 29 March 09:15.
      const { visitId } = await book('Europe/Berlin', '2027-03-30T07:15:00Z');
      const monday = Date.parse('2027-03-29T07:15:00Z');
      await stack.sleepUntil(monday - MINUTE);
      expect(await taskKinds(stack, visitId)).toEqual([]);
      await stack.sleepUntil(monday);
      await eventually(() => taskKinds(stack, visitId)).toEqual(['confirmation_call']);
      expectAt((await callsDue(visitId))[0], monday);
    }));
});
