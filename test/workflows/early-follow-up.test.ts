import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { kpiReport } from '../../activities/kpis.js';
import { followUps } from '../../db/schema.js';
import { useTestStack } from '../support/stack.js';
import {
  act,
  advisor,
  fastPolicy,
  phoneConsent,
  receiveAndEstimate,
  repairAndDeliver,
  stateOf,
  tasksOf,
  walkIn,
} from '../support/visits.js';

// The 3-day follow-up call [S1.9] logged before its task was due (the advisor rang the customer the day after
// pickup): it is still the visit's follow-up. Reached, it closes the visit's follow-up task and counts in
// `follow_up_completion`; not reached, the call stays owed, on the list, and escalates at the deadline.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const stack = useTestStack({ technicians: true });

async function delivered(policy: Parameters<typeof fastPolicy>[0]) {
  const visitId = await walkIn(stack, { policy: fastPolicy(policy) });
  const estimate = await receiveAndEstimate(stack, visitId);
  await act(stack, visitId, 'decide', {
    decisions: estimate.lines.map((l) => ({ lineId: l.id, approved: true })),
    consent: phoneConsent('REC-9'),
  });
  const picked = await repairAndDeliver(stack, visitId);
  expect(picked.stage).toBe('follow_up');
  return visitId;
}

const followUpTasks = async (visitId: string) => (await tasksOf(stack, visitId)).filter((t) => t.kind === 'follow_up_call');

describe('a follow-up call logged before its task appeared', () => {
  it('reached: closes the follow-up task with the outcome and counts as the visit’s follow-up', async () => {
    // The task would go on the list a day after pickup: nothing is on it when the advisor calls.
    const visitId = await delivered({ followUpCallAfterMs: DAY, followUpDeadlineMs: 2 * DAY });
    expect(await followUpTasks(visitId)).toEqual([]);

    const logged = await act(stack, visitId, 'record_follow_up', { reached: true, satisfaction: 5 });
    // Reached, the visit goes into aftercare; with the reminder due at once here, it may have closed already.
    expect(logged.timeline.find((e) => e.type === 'follow_up_logged')?.toStage).toBe('aftercare');
    expect(logged.followUp).toMatchObject({ attempts: 1, reached: true, satisfaction: 5, escalated: false });

    // One follow-up task, done, carrying the call's outcome; nothing left open for the call.
    await expect
      .poll(async () => (await followUpTasks(visitId)).map((t) => ({ status: t.status, closedBy: t.closedBy })))
      .toEqual([{ status: 'done', closedBy: advisor.id }]);
    expect((await followUpTasks(visitId))[0]?.outcome).toMatchObject({ reached: true, satisfaction: 5 });
    const [call] = await stack.database.db.select().from(followUps).where(eq(followUps.visitId, visitId));
    expect(call).toMatchObject({ attempt: 1, reached: true, satisfaction: 5 });

    // Read once its 72-hour window has closed, the KPI counts this visit as followed up.
    const report = await kpiReport(stack.database.db, {
      from: new Date(Date.now() - HOUR),
      to: new Date(Date.now() + HOUR),
      asOf: new Date(Date.now() + 4 * DAY),
      by: 'shop',
    });
    expect(report.groups[0]?.kpis.follow_up_completion).toMatchObject({ value: 1, sample: 1 });
  });

  it('not reached: the call stays on the list and escalates at the deadline unless the customer is reached', async () => {
    // Generous gaps: the early call is logged right after pickup, long before the task is due.
    const visitId = await delivered({ followUpCallAfterMs: 15_000, followUpDeadlineMs: 20_000 });
    const early = await act(stack, visitId, 'record_follow_up', { reached: false });
    expect(early.stage).toBe('follow_up');
    expect(early.followUp.attempts).toBe(1);
    await expect
      .poll(async () => (await followUpTasks(visitId)).map((t) => ({ status: t.status, attempts: t.attempts })))
      .toEqual([{ status: 'open', attempts: 2 }]);

    // Nobody reached the customer: the deadline escalates to the service supervisor, and the call stays owed.
    await expect.poll(async () => (await stateOf(stack, visitId)).followUp.escalated).toBe(true);
    await expect
      .poll(async () => (await tasksOf(stack, visitId)).map((t) => `${t.kind}:${t.status}`).sort())
      .toEqual(['follow_up_call:open', 'follow_up_escalation:open']);

    const reached = await act(stack, visitId, 'record_follow_up', { reached: true, satisfaction: 4 });
    expect(reached.followUp).toMatchObject({ attempts: 2, reached: true });
    // Only the follow-up's tasks: with the reminder due at once here, the aftercare run may have added its own.
    await expect
      .poll(async () =>
        (await tasksOf(stack, visitId))
          .filter((t) => t.kind.startsWith('follow_up'))
          .map((t) => `${t.kind}:${t.status}`)
          .sort(),
      )
      .toEqual(['follow_up_call:done', 'follow_up_escalation:done']);
  });
});
