import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openVisit } from '../../api/open-visit.js';
import { writeException, writeOpeningHours } from '../../db/calendar.js';
import type { DatabaseHandle } from '../../db/client.js';
import { actionUpdates } from '../../workflows/messages.js';
import { openTestDatabase } from '../support/database.js';
import {
  act,
  eventually,
  expectAt,
  outboxOf,
  seedTechnicians,
  startTimeSkippingStack,
  type TimeSkippingStack,
  tasksOf,
  templates,
  visitOf,
} from '../support/time-skipping.js';
import { advisor, newVisitBody, pickup, qc, repairToQc, signature, technician } from '../support/visits.js';

// The maintenance reminder [S1.10], 14 days before the next service (12 months after the hand-over, at its hour on
// the shop's clock), goes out at the opening of the shop's next open day when it falls due on a day the shop is
// closed (its weekday or a holiday); it went out on the closed day. One due on an open day keeps its hour, at night
// too. Production defaults on the time-skipping server; expected instants are written out in UTC, not worked out
// by the rule under test.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe('the maintenance reminder on a day the shop is closed', () => {
  let stack: TimeSkippingStack;
  let database: DatabaseHandle;

  /** A walk-in in the shop's zone handed over at `at` and followed up at once: the visit waits in aftercare. */
  async function handedOverAt(zone: string, at: number) {
    await stack.sleepUntil(at);
    const { visitId } = await openVisit(
      { database: stack.database, temporal: stack.client, taskQueue: stack.taskQueue },
      newVisitBody(),
      'walk_in',
      undefined,
      {},
      'system',
      { timeZone: zone },
    );
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
        promisedAt: new Date(at + 8 * HOUR).toISOString(),
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
    await repairToQc(stack, visitId);
    const passed = await act(stack, visitId, 'record_qc', { passed: true }, qc);
    const delivered = await act(stack, visitId, 'record_pickup', pickup(passed.totals.totalCents), advisor);
    // The clock stands still while the test acts: the hand-over is at `at`, the hour the reminder keeps.
    expectAt(delivered.pickup?.at, at);
    // Sent without `act`, which queries the run that has just continued as new into aftercare.
    await stack.client.workflow.getHandle(visitId).executeUpdate(actionUpdates.record_follow_up, {
      args: [{ actor: advisor, payload: { reached: true, satisfaction: 5, complaint: false } }],
    });
    await eventually(async () => (await visitOf(stack, visitId)).stage).toBe('aftercare');
    return visitId;
  }

  const reminderSent = async (visitId: string) =>
    (await visitOf(stack, visitId)).timeline.find((e) => e.type === 'maintenance_reminder_sent');

  /** Nothing sent a minute before `at`; at `at` (within the minute), the message, the advisor's task due on the service date, closed. */
  async function remindedAt(visitId: string, at: number) {
    // The hand-over's instant, a second or so past the one asked for (the clock moves while the test acts).
    const dueAt = (await visitOf(stack, visitId)).nextMaintenance?.dueAt ?? '';
    await stack.sleepUntil(at - MINUTE);
    expect(await templates(stack, visitId)).not.toContain('maintenance_due');
    expect((await visitOf(stack, visitId)).stage).toBe('aftercare');
    // A minute on: the hand-over's second or so of drift is still within it.
    await stack.sleepUntil(at + MINUTE);
    await eventually(async () => (await visitOf(stack, visitId)).stage).toBe('closed');
    expectAt((await reminderSent(visitId))?.at, at);
    const message = (await outboxOf(stack, visitId)).find((m) => m.template === 'maintenance_due');
    expect(message?.payload).toMatchObject({ dueAt });
    const [task] = (await tasksOf(stack, visitId)).filter((t) => t.kind === 'maintenance_reminder');
    expect(task?.dueAt.toISOString()).toBe(dueAt);
  }

  beforeAll(async () => {
    database = await openTestDatabase();
    // Closed on Sundays and on Labour Day 2028; the default hours (08:00–18:00) on the other days, in each shop's
    // own zone.
    await writeOpeningHours(database.db, { sunday: null }, 'mgr-test');
    await writeException(database.db, { date: '2028-05-01', hours: null, note: 'Labour Day' }, 'mgr-test');
  });
  afterAll(async () => database?.close());
  beforeEach(async () => {
    stack = await startTimeSkippingStack({ database });
    await seedTechnicians(stack);
  });
  afterEach(async () => stack?.close());

  it('Shanghai: a reminder due on a closed Sunday goes out at Monday 08:00, the next opening', () =>
    stack.withWorker(async () => {
      // Handed over on Friday 16 April 2027, 10:00 in Shanghai (UTC+8): the service is due on Sunday 16 April 2028
      // and the reminder on Sunday 2 April 2028 at 10:00, when the shop is closed.
      const visitId = await handedOverAt('Asia/Shanghai', Date.parse('2027-04-16T02:00:00Z'));
      expectAt((await visitOf(stack, visitId)).nextMaintenance?.dueAt, Date.parse('2028-04-16T02:00:00Z'));
      const sunday = Date.parse('2028-04-02T02:00:00Z');
      await stack.sleepUntil(sunday + HOUR);
      expect(await templates(stack, visitId)).not.toContain('maintenance_due');
      // Monday 3 April 2028, 08:00 in Shanghai.
      await remindedAt(visitId, Date.parse('2028-04-03T00:00:00Z'));
    }));

  it("Shanghai: a reminder due on a holiday goes out at the next day's 08:00 opening", () =>
    stack.withWorker(async () => {
      // Handed over on Saturday 15 May 2027, 10:00 in Shanghai: the reminder is on Monday 1 May 2028 at 10:00,
      // Labour Day, when the shop is closed by the exception (Mondays open).
      const visitId = await handedOverAt('Asia/Shanghai', Date.parse('2027-05-15T02:00:00Z'));
      await stack.sleepUntil(Date.parse('2028-05-01T02:00:00Z') + HOUR);
      expect(await templates(stack, visitId)).not.toContain('maintenance_due');
      // Tuesday 2 May 2028, 08:00 in Shanghai.
      await remindedAt(visitId, Date.parse('2028-05-02T00:00:00Z'));
    }));

  it('Berlin, after the clocks went forward: a reminder due at 22:00 on an open Thursday, after closing, keeps its hour', () =>
    stack.withWorker(async () => {
      // Handed over on Tuesday 13 April 2027, 22:00 in Berlin (CEST, UTC+2): the reminder is on Thursday 30 March
      // 2028 at 22:00 CEST, four days after the clocks went forward, on a day the shop opens, hours after it closed.
      const visitId = await handedOverAt('Europe/Berlin', Date.parse('2027-04-13T20:00:00Z'));
      expectAt((await visitOf(stack, visitId)).nextMaintenance?.dueAt, Date.parse('2028-04-13T20:00:00Z'));
      await remindedAt(visitId, Date.parse('2028-03-30T20:00:00Z'));
    }));
});
