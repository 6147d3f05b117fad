import { WorkflowUpdateFailedError } from '@temporalio/client';
import { and, count, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { consents, declinedRecommendations, invoices, repairLines, visitEvents } from '../../db/schema.js';
import { HISTORY_ROOM, MOST_TAKES_IN_ONE_STAGE } from '../../domain/action-rules.js';
import type { VisitState } from '../../domain/visit-state.js';
import { actionUpdates, REJECTION } from '../../workflows/messages.js';
import { PromisedAtKey, VisitStageKey } from '../../workflows/search-attributes.js';
import { type TestStack, useTestStack } from '../support/stack.js';
import {
  act,
  advisor,
  assignAndStart,
  assigneeOf,
  bookVisit,
  bookWithCallDue,
  CALL_DUE_AFTER_MS,
  estimateLines,
  fastPolicy,
  foreman,
  newVisitBody,
  outboxOf,
  phoneConsent,
  pickup,
  qc,
  receiveAndDiagnose,
  receiveAndEstimate,
  repairAndDeliver,
  signature,
  stateOf,
  tasksOf,
  technician,
  visitRow,
  waitForStage,
  walkIn,
  workCompleted,
  workStarted,
} from '../support/visits.js';

const HOUR = 3_600_000;
const inHours = (h: number) => new Date(Date.now() + h * HOUR).toISOString();

async function rejection(promise: Promise<unknown>): Promise<{ type?: string; message: string }> {
  const err = await promise.then(
    () => expect.unreachable('the action should have been rejected'),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  const cause = (err as WorkflowUpdateFailedError).cause as { type?: string; message: string };
  return cause;
}

async function approveAll(stack: TestStack, visitId: string, state: VisitState) {
  return act(stack, visitId, 'decide', {
    decisions: state.lines.filter((l) => l.status === 'proposed').map((l) => ({ lineId: l.id, approved: true })),
    consent: { method: 'signature', signature: signature('Customer') },
  });
}

describe('visit scenarios on the dev server', () => {
  const stack = useTestStack({ technicians: true });

  it('walk-in: additional work approved by phone and declined by signature; the declined line is offered at the next visit', async () => {
    const body = newVisitBody();
    const policy = fastPolicy({ reminderLeadMs: 0 });
    const visitId = await walkIn(stack, { body, policy });
    expect((await stateOf(stack, visitId)).stage).toBe('reception');
    const estimated = await receiveAndEstimate(stack, visitId, estimateLines.slice(0, 1));
    await approveAll(stack, visitId, estimated);
    await assignAndStart(stack, visitId, { technicianId: 'tech-ivy', overrideReason: 'Omar is on a course' });

    const found = await act(
      stack,
      visitId,
      'report_additional_work',
      {
        reason: 'Brake pads worn to 2 mm',
        promisedAt: inHours(10),
        lines: [
          { kind: 'part', description: 'Front brake pads', quantity: 1, unitPriceCents: 8_900 },
          { kind: 'part', description: 'Cabin air filter', quantity: 1, unitPriceCents: 2_400 },
        ],
      },
      await assigneeOf(stack, visitId),
    );
    expect(found.stage).toBe('awaiting_approval');
    const [pads, filter] = found.lines.filter((l) => l.source === 'additional_work');
    if (!pads || !filter) throw new Error('additional lines missing');

    // No line enters the work order without consent: a technician cannot decide for the customer.
    const byPhone = await act(stack, visitId, 'decide', {
      decisions: [{ lineId: pads.id, approved: true }],
      consent: phoneConsent('CALL-7781', body.customer.name),
    });
    expect(byPhone.stage).toBe('awaiting_approval');
    const bySignature = await act(stack, visitId, 'decide', {
      decisions: [{ lineId: filter.id, approved: false }],
      consent: { method: 'signature', signature: signature(body.customer.name) },
    });
    expect(bySignature.stage).toBe('in_repair');
    expect(bySignature.lines.find((l) => l.id === pads.id)?.status).toBe('approved');
    expect(bySignature.lines.find((l) => l.id === filter.id)?.status).toBe('declined');
    // Labour 135.00 + pads 89.00 = 224.00 + 19 % = 266.56; the declined filter is not charged.
    expect(bySignature.totals.totalCents).toBe(26_656);

    await act(stack, visitId, 'start_work', workStarted, await assigneeOf(stack, visitId));
    await act(stack, visitId, 'complete_work', workCompleted, await assigneeOf(stack, visitId));
    await act(stack, visitId, 'record_qc', { passed: true }, qc);
    await act(stack, visitId, 'record_pickup', pickup(26_656));
    await act(stack, visitId, 'record_follow_up', { reached: true, satisfaction: 4 });
    await waitForStage(stack, visitId, 'aftercare');

    const db = stack.database.db;
    const evidence = await db.select().from(consents).where(eq(consents.visitId, visitId));
    expect(evidence.map((c) => c.method).sort()).toEqual(['phone', 'signature', 'signature']);
    expect(evidence.find((c) => c.method === 'phone')).toMatchObject({ callReference: 'CALL-7781', calledBy: advisor.id });
    const lines = await db.select().from(repairLines).where(eq(repairLines.visitId, visitId));
    for (const line of lines.filter((l) => l.status === 'done' || l.status === 'approved')) expect(line.consentId).toBeTruthy();
    expect(await db.select().from(declinedRecommendations).where(eq(declinedRecommendations.vin, body.vehicle.vin))).toHaveLength(
      1,
    );

    // The vehicle comes back: the declined filter is offered again, and this visit's reminder is superseded.
    const next = await walkIn(stack, { body: { ...body, requestedServices: ['Rattle from the back'] } });
    await expect
      .poll(async () => (await stateOf(stack, next)).declinedBefore.map((d) => d.description))
      .toEqual(['Cabin air filter']);
    await waitForStage(stack, visitId, 'closed');
    expect((await stateOf(stack, visitId)).timeline.at(-1)?.type).toBe('reminder_superseded');

    const nextEstimate = await receiveAndEstimate(stack, next, [
      { kind: 'part', description: 'Cabin air filter', quantity: 1, unitPriceCents: 2_400, offeredFromLineId: filter.id },
    ]);
    await approveAll(stack, next, nextEstimate);
    await expect
      .poll(
        async () =>
          (await db.select().from(declinedRecommendations).where(eq(declinedRecommendations.lineId, filter.id)))[0]?.status,
      )
      .toBe('accepted');
  });

  it('additional work declined in full leaves the promised time agreed before it, and the watch judges by that one', async () => {
    const body = newVisitBody();
    const visitId = await walkIn(stack, { body, policy: fastPolicy({ atRiskBufferMs: 0 }) });
    await receiveAndDiagnose(stack, visitId);
    // A promise only seconds away, so it passes while the customer thinks about the extra work.
    const agreed = new Date(Date.now() + 4_000).toISOString();
    const estimated = await act(stack, visitId, 'submit_estimate', { lines: estimateLines.slice(0, 1), promisedAt: agreed });
    await approveAll(stack, visitId, estimated);
    await assignAndStart(stack, visitId, { technicianId: 'tech-ivy', overrideReason: 'Ivy knows the car' });
    const found = await act(
      stack,
      visitId,
      'report_additional_work',
      {
        reason: 'Brake pads worn to 2 mm',
        promisedAt: inHours(10),
        lines: [{ kind: 'part', description: 'Front brake pads', quantity: 1, unitPriceCents: 8_900 }],
      },
      await assigneeOf(stack, visitId),
    );
    expect(found.promisedAt).not.toBe(agreed);
    const [pads] = found.lines.filter((l) => l.source === 'additional_work');
    if (!pads) throw new Error('additional line missing');
    const declined = await act(stack, visitId, 'decide', {
      decisions: [{ lineId: pads.id, approved: false }],
      consent: phoneConsent('CALL-7790', body.customer.name),
    });
    expect(declined.stage).toBe('in_repair');
    expect(declined.promisedAt).toBe(agreed);
    await expect.poll(async () => (await visitRow(stack, visitId))?.promisedAt?.toISOString()).toBe(agreed);
    // The watch starts over on the promise that stands, which has passed: the vehicle is late.
    await expect.poll(async () => (await stateOf(stack, visitId)).late, { timeout: 10_000 }).toBe(true);
  });

  it('QC rework twice, then pass: each rework is counted and reported to the service manager', async () => {
    const visitId = await walkIn(stack);
    const estimated = await receiveAndEstimate(stack, visitId);
    await approveAll(stack, visitId, estimated);
    await expect.poll(async () => (await stateOf(stack, visitId)).dispatch.proposal).not.toBeNull();
    await act(stack, visitId, 'assign_technician', { technicianId: 'tech-omar' }, foreman);
    for (const attempt of [1, 2]) {
      await act(stack, visitId, 'start_work', workStarted, await assigneeOf(stack, visitId));
      await act(stack, visitId, 'complete_work', workCompleted, await assigneeOf(stack, visitId));
      const failed = await act(stack, visitId, 'record_qc', { passed: false, failedItems: [`wash streaks (${attempt})`] }, qc);
      expect(failed).toMatchObject({ stage: 'in_repair', reworkCount: attempt });
    }
    await act(stack, visitId, 'start_work', workStarted, await assigneeOf(stack, visitId));
    await act(stack, visitId, 'complete_work', workCompleted, await assigneeOf(stack, visitId));
    const passed = await act(stack, visitId, 'record_qc', { passed: true }, qc);
    expect(passed.stage).toBe('ready_for_pickup');
    expect(passed.qc.map((r) => r.passed)).toEqual([false, false, true]);
    await expect
      .poll(async () => (await outboxOf(stack, visitId)).filter((m) => m.template === 'rework_reported').length)
      .toBe(2);
    expect((await visitRow(stack, visitId))?.reworkCount).toBe(2);
  });

  // The payload's shape is held at the API (test/api/actions.test.ts); the validator holds stage, role and actor.
  it('out-of-order actions, and actions from someone who may not send them, are refused by the validator and never enter the history', async () => {
    const visitId = await walkIn(stack);
    const notNow = await rejection(act(stack, visitId, 'record_qc', { passed: true }, qc));
    expect(notNow.type).toBe(REJECTION.notNow);
    expect(notNow.message).toContain('reception');
    const wrongRole = await rejection(act(stack, visitId, 'arrive', { coversFitted: true, mileage: 10 }, technician));
    expect(wrongRole.type).toBe(REJECTION.invalid);
    expect(wrongRole.message).toBe('actor.role: a technician may not arrive');
    const customer = await rejection(
      act(stack, visitId, 'arrive', { coversFitted: true, mileage: 10 }, { id: 'customer:c-1', role: 'customer' }),
    );
    expect(customer.message).toBe('actor.role: a customer may not arrive');
    const nobody = await rejection(
      act(stack, visitId, 'arrive', { coversFitted: true, mileage: 10 }, { id: ' ', role: 'advisor' }),
    );
    expect(nobody.message).toContain('actor.id');
    const notAnObject = await rejection(act(stack, visitId, 'arrive', [] as never));
    expect(notAnObject.message).toBe('payload: expected an object');
    const early = await rejection(
      act(stack, visitId, 'record_inspection', {
        damages: [],
        valuables: [],
        fuelLevel: 'full',
        mileage: 1,
        customerSignature: signature('X'),
      }),
    );
    expect(early.type).toBe(REJECTION.notNow);

    const history = await stack.client.workflow.getHandle(visitId).fetchHistory();
    const accepted = (history.events ?? []).filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes);
    expect(accepted).toHaveLength(0);
  });

  it('no-show: a no-show task after the grace period, then re-booked, then closed as no-show', async () => {
    const visitId = await bookVisit(stack, { inMs: 500, policy: fastPolicy({ noShowGraceMs: 300 }) });
    await expect.poll(async () => (await tasksOf(stack, visitId)).map((t) => t.kind)).toContain('no_show');
    const soon = new Date(Date.now() + 1_500).toISOString();
    const rebooked = await act(stack, visitId, 'reschedule', { appointmentAt: soon });
    expect(rebooked.appointmentAt).toBe(soon);
    await expect.poll(async () => (await tasksOf(stack, visitId)).find((t) => t.kind === 'no_show')?.status).toBe('done');
    // Not missed yet: the new slot has not come.
    const early = await rejection(act(stack, visitId, 'mark_no_show', {}));
    expect([early.type, early.message]).toEqual([REJECTION.notNow, expect.stringContaining('has not come yet')]);
    await new Promise((resolve) => setTimeout(resolve, Date.parse(soon) - Date.now() + 100));
    const closed = await act(stack, visitId, 'mark_no_show', { notes: 'Customer sold the car' });
    expect(closed.stage).toBe('no_show');
    await stack.client.workflow.getHandle(visitId).result();
    expect((await visitRow(stack, visitId))?.stage).toBe('no_show');
  });

  it('a booking nobody comes to and nobody re-books closes itself as no-show', async () => {
    const visitId = await bookVisit(stack, { inMs: 1_000, policy: fastPolicy({ noShowGraceMs: 200, noShowCloseMs: 1_000 }) });
    await waitForStage(stack, visitId, 'no_show');
    // The tasks are closed by the visit's last activities, which may land after the stage does.
    await expect.poll(async () => (await tasksOf(stack, visitId)).every((t) => t.status === 'done')).toBe(true);
  });

  it('unconfirmed bookings: two calls, then the advisor is told', async () => {
    const visitId = await bookWithCallDue(stack, { confirmationRetryMs: 400 });
    await expect
      .poll(async () => (await tasksOf(stack, visitId)).map((t) => t.kind).sort())
      .toEqual(['confirmation_call', 'confirmation_escalation']);
    const state = await stateOf(stack, visitId);
    expect(state.appointment).toMatchObject({ confirmed: false, confirmationCalls: 2, flaggedForAdvisor: true });
    expect((await tasksOf(stack, visitId)).find((t) => t.kind === 'confirmation_call')?.attempts).toBe(2);
  });

  it('a booking confirmed on the day-before call is not called again when the retry comes due', async () => {
    const visitId = await bookWithCallDue(stack, { confirmationRetryMs: 1_500 });
    await expect.poll(async () => (await tasksOf(stack, visitId)).map((t) => t.kind)).toEqual(['confirmation_call']);
    await act(stack, visitId, 'record_confirmation_call', { reached: true, confirmed: true });
    // Past the retry's time: the call stays done, at its first attempt, and nobody is told the booking is unconfirmed.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const [call, ...others] = await tasksOf(stack, visitId);
    expect(others).toEqual([]);
    expect(call).toMatchObject({ kind: 'confirmation_call', status: 'done', attempts: 1 });
    expect((await stateOf(stack, visitId)).appointment).toMatchObject({ confirmed: true, confirmationCalls: 1 });
  });

  it('a booking a busy worker gets to only after its call time still gets the day-before call', async () => {
    const startWorker = await stack.stopWorker();
    const visitId = await bookWithCallDue(stack);
    // The worker stays down past the call's due time.
    await new Promise((resolve) => setTimeout(resolve, CALL_DUE_AFTER_MS + 1_500));
    await startWorker();
    await expect.poll(async () => (await tasksOf(stack, visitId)).map((t) => t.kind)).toContain('confirmation_call');
  });

  it('reschedule and cancellation', async () => {
    const visitId = await bookVisit(stack, { inMs: 30 * HOUR });
    const moved = await act(stack, visitId, 'reschedule', { appointmentAt: inHours(50) });
    expect(Date.parse(moved.appointmentAt ?? '')).toBeGreaterThan(Date.now() + 49 * HOUR);
    const past = await rejection(act(stack, visitId, 'reschedule', { appointmentAt: new Date(Date.now() - HOUR).toISOString() }));
    expect(past.message).toContain('appointmentAt');
    const cancelled = await act(stack, visitId, 'cancel', { reason: 'Customer moved away' });
    expect(cancelled.stage).toBe('cancelled');
    await stack.client.workflow.getHandle(visitId).result();
    expect((await visitRow(stack, visitId))?.stage).toBe('cancelled');
  });

  it('takes one action at most 30 times in one stage, and counts again in the next', async () => {
    const visitId = await walkIn(stack);
    const noWarranty = { covered: false };
    for (let i = 0; i < MOST_TAKES_IN_ONE_STAGE; i++) await act(stack, visitId, 'check_warranty', noWarranty);
    const refused = await rejection(act(stack, visitId, 'check_warranty', noWarranty));
    expect(refused.type).toBe(REJECTION.notNow);
    expect(refused.message).toBe(
      'check_warranty was already taken 30 times while the visit is reception, the most one stage takes',
    );
    // Other actions still go through, and the visit moves on.
    await act(stack, visitId, 'record_requests', { requests: ['Check the brakes'] });
    const diagnosing = await receiveAndDiagnose(stack, visitId);
    expect(diagnosing.stage).toBe('diagnosis');
    const checked = await act(stack, visitId, 'check_warranty', { covered: true, reference: 'W-1' });
    expect(checked.warranty).toEqual({ covered: true, reference: 'W-1' });
    expect(checked.timeline.filter((e) => e.type === 'warranty_checked')).toHaveLength(MOST_TAKES_IN_ONE_STAGE + 1);
  });

  it('rations a history past its room, so repeated 200 kB signatures cannot reach the server end of a visit', async () => {
    const visitId = await walkIn(stack);
    await receiveAndDiagnose(stack, visitId);
    const handle = stack.client.workflow.getHandle(visitId);
    // A drawn signature as large as the API takes (domain/actions.ts: under 200 kB).
    const drawn = { signedBy: 'Customer', image: `data:image/png;base64,${'A'.repeat(199_000)}` };
    const send = (name: 'record_diagnosis' | 'revise_promise', payload: object, actor = advisor) =>
      handle.executeUpdate(actionUpdates[name] as (typeof actionUpdates)['revise_promise'], {
        args: [{ actor, payload: payload as never }],
      });
    // receiveAndDiagnose took the first.
    for (let i = 1; i < MOST_TAKES_IN_ONE_STAGE; i++)
      await send('record_diagnosis', { findings: 'Pads worn', roadTest: false, customerSignature: drawn }, technician);
    const estimated = await act(stack, visitId, 'submit_estimate', { lines: estimateLines, promisedAt: inHours(8) });
    await approveAll(stack, visitId, estimated);
    const revised = (hours: number, consent: object) => ({ promisedAt: inHours(hours), reason: 'Parts late', consent });
    let takes = 0;
    while (((await handle.describe()).historySize ?? 0) <= HISTORY_ROOM.bytes) {
      expect(takes).toBeLessThan(MOST_TAKES_IN_ONE_STAGE - 1);
      await send('revise_promise', revised(10 + takes++, { method: 'signature', signature: drawn }));
    }
    // Past the room, a step already taken in this stage is refused, though far from 30 takes...
    const repeated = await rejection(send('revise_promise', revised(40, phoneConsent('CALL-1'))));
    expect([repeated.type, repeated.message]).toEqual([
      REJECTION.notNow,
      "revise_promise was already taken while the visit is awaiting_dispatch, and the visit's history is past 10 MB or 10240 events: each step is taken once per stage from now on",
    ]);
    // ...while the visit moves on: each stage's own step is its first take there.
    await assignAndStart(stack, visitId, { technicianId: 'tech-omar', overrideReason: 'On hand' });
    const signed = await rejection(send('revise_promise', revised(41, { method: 'signature', signature: drawn })));
    expect(signed.type).toBe(REJECTION.notNow);
    expect(signed.message).toMatch(/^revise_promise carries \d+ characters, and the visit's history is past 10 MB/);
    const byPhone = await act(stack, visitId, 'revise_promise', revised(42, phoneConsent('CALL-2')));
    expect(byPhone.stage).toBe('in_repair');
    await act(stack, visitId, 'complete_work', workCompleted, { id: 'tech-omar', role: 'technician' });
    expect((await stateOf(stack, visitId)).stage).toBe('quality_check');
    expect((await handle.describe()).status.name).toBe('RUNNING');
  });

  it('follow-up: no answer is retried, a late call escalates, low satisfaction reaches the supervisor', async () => {
    const visitId = await walkIn(stack, { policy: fastPolicy({ followUpCallAfterMs: 100, followUpDeadlineMs: 1_200 }) });
    const estimated = await receiveAndEstimate(stack, visitId);
    await approveAll(stack, visitId, estimated);
    await repairAndDeliver(stack, visitId);
    await expect
      .poll(async () => (await tasksOf(stack, visitId)).map((t) => t.kind).sort())
      .toEqual(['follow_up_call', 'follow_up_escalation']);
    expect((await stateOf(stack, visitId)).followUp.escalated).toBe(true);

    // A call nobody answered gives no score and no complaint: refused, not kept as the customer's word.
    const scored = await rejection(act(stack, visitId, 'record_follow_up', { reached: false, satisfaction: 5 }));
    expect([scored.type, scored.message]).toEqual([
      REJECTION.invalid,
      'satisfaction: give a score only when the customer was reached',
    ]);
    const complained = await rejection(act(stack, visitId, 'record_follow_up', { reached: false, complaint: true }));
    expect(complained.type).toBe(REJECTION.invalid);
    expect((await stateOf(stack, visitId)).followUp.attempts).toBe(0);
    const noAnswer = await act(stack, visitId, 'record_follow_up', { reached: false });
    expect(noAnswer.stage).toBe('follow_up');
    await expect.poll(async () => (await tasksOf(stack, visitId)).find((t) => t.kind === 'follow_up_call')?.attempts).toBe(2);
    const unhappy = await act(stack, visitId, 'record_follow_up', { reached: true, satisfaction: 2, comments: 'Car was dirty' });
    expect(unhappy.followUp).toMatchObject({ attempts: 2, reached: true, satisfaction: 2, supervisorNotified: true });
    await expect.poll(async () => (await tasksOf(stack, visitId)).map((t) => t.kind)).toContain('supervisor_review');
    await expect.poll(async () => (await outboxOf(stack, visitId)).map((m) => m.template)).toContain('customer_dissatisfied');
    // Each delivered visit has exactly one follow-up call task, however many attempts it took.
    expect((await tasksOf(stack, visitId)).filter((t) => t.kind === 'follow_up_call')).toHaveLength(1);
  });

  it('an unanswered estimate reminds the customer, then escalates; a missed promise is flagged', async () => {
    const visitId = await walkIn(stack, {
      policy: fastPolicy({ approvalReminderMs: 300, approvalEscalationMs: 700, atRiskBufferMs: 10 * HOUR }),
    });
    await receiveAndEstimate(stack, visitId);
    await expect
      .poll(async () => (await tasksOf(stack, visitId)).map((t) => t.kind).sort())
      .toEqual(['approval_escalation', 'at_risk']);
    const state = await stateOf(stack, visitId);
    expect(state.approvals[0]?.customerRemindedAt).toBeDefined();
    expect(state.approvals[0]?.escalatedAt).toBeDefined();
    expect(state.atRisk).toBe(true);
    expect(state.timeline.map((e) => e.type)).toEqual(
      expect.arrayContaining(['approval_reminder_sent', 'approval_escalated', 'promise_at_risk']),
    );
    // The reminder is on the timeline when the workflow decides it; its message is written by its own activity after.
    await expect.poll(async () => (await outboxOf(stack, visitId)).map((m) => m.template)).toContain('approval_reminder');
  });

  it('the at-risk call leaves the list once a new promised time is agreed, and once the vehicle is ready', async () => {
    // Promises 8 and 9 h away with a 10 h buffer: each is at risk as soon as it is made.
    const visitId = await walkIn(stack, { policy: fastPolicy({ atRiskBufferMs: 10 * HOUR }) });
    await approveAll(stack, visitId, await receiveAndEstimate(stack, visitId, estimateLines.slice(0, 1)));
    // Each promise's at-risk call, by the promise's number: its status and how it was closed.
    const atRisk = async () =>
      Object.fromEntries(
        (await tasksOf(stack, visitId)).filter((t) => t.kind === 'at_risk').map((t) => [t.id.split(':').at(-1), t]),
      );
    await expect.poll(async () => (await atRisk())['1']?.status).toBe('open');
    const revised = inHours(9);
    await act(stack, visitId, 'revise_promise', {
      promisedAt: revised,
      reason: 'A part comes later',
      consent: phoneConsent('CALL-7791'),
    });
    await expect.poll(async () => [(await atRisk())['1']?.status, (await atRisk())['2']?.status]).toEqual(['done', 'open']);
    await repairAndDeliver(stack, visitId);
    await expect.poll(async () => (await atRisk())['2']?.status).toBe('done');
    const calls = await atRisk();
    expect(calls['1']?.outcome).toEqual({ promisedAt: revised });
    expect(calls['2']?.outcome).toEqual({ ready: true });
  });

  it('search attributes follow the stage and the promised time', async () => {
    const visitId = await walkIn(stack);
    await receiveAndEstimate(stack, visitId);
    const handle = stack.client.workflow.getHandle(visitId);
    const attrs = (await handle.describe()).typedSearchAttributes;
    expect(attrs.get(VisitStageKey)).toBe('awaiting_approval');
    expect(attrs.get(PromisedAtKey)).toBeInstanceOf(Date);
    await expect
      .poll(async () => {
        const ids: string[] = [];
        for await (const wf of stack.client.workflow.list({
          query: `VisitStage = 'awaiting_approval' AND WorkflowId = '${visitId}'`,
        }))
          ids.push(wf.workflowId);
        return ids;
      })
      .toEqual([visitId]);
  });

  it('the worker stopped and restarted mid-visit: the visit finishes and nothing is written twice', async () => {
    const visitId = await walkIn(stack);
    const estimated = await receiveAndEstimate(stack, visitId);
    const restart = await stack.stopWorker();
    await restart();
    await approveAll(stack, visitId, estimated);
    const restartAgain = await stack.stopWorker();
    await restartAgain();
    const delivered = await repairAndDeliver(stack, visitId);
    expect(delivered.stage).toBe('follow_up');
    const db = stack.database.db;
    const events = await db.select({ n: count() }).from(visitEvents).where(eq(visitEvents.visitId, visitId));
    expect(events[0]?.n).toBe((await stateOf(stack, visitId)).timeline.length);
    expect(await db.select().from(invoices).where(eq(invoices.visitId, visitId))).toHaveLength(1);
    expect(
      await db
        .select()
        .from(repairLines)
        .where(and(eq(repairLines.visitId, visitId))),
    ).toHaveLength(3);
  });
});
