// The visit scenarios of scripts/capture-histories.ts: each runs one or more visits to the shape a running visit
// in production has, and names the histories it writes.
import { randomUUID } from 'node:crypto';
import { createApp } from '../../api/app.js';
import { historyOfAllRuns } from '../../api/history/runs.js';
import { openVisit } from '../../api/open-visit.js';
import { deleteException, writeException } from '../../db/calendar.js';
import { localDate } from '../../domain/local-time.js';
import { resolvePolicy } from '../../domain/policy.js';
import type { VisitStart } from '../../domain/visit.js';
import { asStaff } from '../../test/support/auth.js';
import { OIL_FILTER, seedPriceList } from '../../test/support/catalogue.js';
import { postJson } from '../../test/support/http.js';
import { signature, zoneAtHour } from '../../test/support/visits.js';
import {
  act,
  advisor,
  approveAll,
  body,
  type Ctx,
  dispatchAndStart,
  followUpDue,
  foreman,
  HOUR,
  handleOf,
  inHours,
  lines,
  policy,
  qc,
  qcPassAndDeliver,
  receiveAndEstimate,
  type Scenarios,
  stateOf,
  taskKindsOf,
  taskQueue,
  technician,
  templatesOf,
  until,
} from './support.js';

/** A visit from its arrival to the follow-up call answered: it then goes into its aftercare. */
async function receptionToFollowUp(ctx: Ctx, visitId: string) {
  const estimated = await receiveAndEstimate(ctx, visitId, [lines.service, lines.filter]);
  await approveAll(ctx, visitId, estimated);
  await dispatchAndStart(ctx, visitId);
  await qcPassAndDeliver(ctx, visitId);
  await followUpDue(ctx, visitId);
  await act(ctx, visitId, 'record_follow_up', { reached: true, satisfaction: 5, complaint: false });
}

/**
 * Two visits from reception to follow-up, into their aftercare: the first reminded (its chain of runs completed),
 * the second (its reminder months away) parked waiting for it.
 */
async function remindAndPark(ctx: Ctx, reminded: string, parked: string) {
  for (const visitId of [reminded, parked]) await receptionToFollowUp(ctx, visitId);
  await handleOf(ctx, reminded).result();
  await until(
    'the parked visit waiting on its reminder',
    async () => (await historyOfAllRuns(ctx.client, parked)).slice(1).flatMap((run) => run.events ?? []),
    (aftercareEvents) => aftercareEvents.some((e) => e.timerStartedEventAttributes),
  );
}

/**
 * Walk-in dispatched to Omar with the foreman's reason for choosing him; Omar started the job and went home sick,
 * the foreman handed it to Ivy, who resumed and finished it; delivered, to the reminder (both runs).
 */
async function reassignedMidRepair(ctx: Ctx, n: number) {
  const visitId = await ctx.open(body(n), 'walk_in');
  const estimated = await receiveAndEstimate(ctx, visitId, [lines.service, lines.filter]);
  await approveAll(ctx, visitId, estimated);
  await until(
    'the dispatch proposal',
    async () => (await stateOf(ctx, visitId)).dispatch.proposal,
    (p) => p !== null,
  );
  await act(ctx, visitId, 'assign_technician', { technicianId: 'tech-omar', overrideReason: 'Knows the car' }, foreman);
  await act(ctx, visitId, 'start_work', { checklist: { fenderCovers: true } }, technician);
  const ivy = { id: 'tech-ivy', role: 'technician' as const };
  await act(
    ctx,
    visitId,
    'reassign_technician',
    { technicianId: ivy.id, reason: 'Omar went home sick', technician: { name: 'Ivy', skillLevel: 3, active: true } },
    foreman,
  );
  await act(ctx, visitId, 'start_work', { checklist: { fenderCovers: true } }, ivy);
  await act(ctx, visitId, 'complete_work', { checklist: { genuineParts: true, onlyWorkOrderItems: true } }, ivy);
  const passed = await act(ctx, visitId, 'record_qc', { passed: true }, qc);
  await act(ctx, visitId, 'record_pickup', {
    checklist: { cleaned: true, allItemsDone: true, chargesExplained: true, nextMaintenanceTold: true, coversRemoved: true },
    payment: { amountCents: passed.totals.totalCents, method: 'card' },
  });
  await followUpDue(ctx, visitId);
  await act(ctx, visitId, 'record_follow_up', { reached: true, satisfaction: 5, complaint: false });
  await handleOf(ctx, visitId).result();
  return visitId;
}

/** Waits for the staff task of that kind the visit puts on a list. */
const taskDue = (ctx: Ctx, visitId: string, kind: string) =>
  until(
    `the ${kind.replaceAll('_', ' ')} task`,
    () => taskKindsOf(ctx, visitId),
    (kinds) => kinds.includes(kind),
  );

export const VISIT_SCENARIOS: Scenarios = {
  /** Booking → day-before call → confirmed → reception … pickup → follow-up → maintenance reminder → closed. */
  async 'happy-path'(ctx) {
    const visitId = await ctx.open(body(1), 'appointment', { inMs: 2_500 });
    await until(
      'the confirmation call',
      () => taskKindsOf(ctx, visitId),
      (kinds) => kinds.includes('confirmation_call'),
    );
    await act(ctx, visitId, 'record_confirmation_call', { reached: true, confirmed: true });
    await act(ctx, visitId, 'arrive', { coversFitted: true, mileage: 52_000, customerWaiting: false });
    await act(ctx, visitId, 'record_requests', { requests: ['Check the wipers'] });
    await act(ctx, visitId, 'check_warranty', { covered: false });
    await act(ctx, visitId, 'record_inspection', {
      damages: [],
      valuables: [],
      fuelLevel: 'full',
      mileage: 52_000,
      customerSignature: signature('Customer'),
    });
    await act(ctx, visitId, 'record_diagnosis', { findings: 'Service due; wipers worn', roadTest: false }, technician);
    const estimated = await act(ctx, visitId, 'submit_estimate', {
      lines: [lines.service, lines.filter, lines.wipers],
      promisedAt: inHours(8),
    });
    await approveAll(ctx, visitId, estimated);
    await dispatchAndStart(ctx, visitId);
    await qcPassAndDeliver(ctx, visitId);
    await followUpDue(ctx, visitId);
    await act(ctx, visitId, 'record_follow_up', { reached: true, satisfaction: 5, complaint: false, comments: 'Great' });
    await handleOf(ctx, visitId).result();
    return { 'happy-path': visitId };
  },

  /**
   * Walk-in; additional work found in repair, the customer reminded of it, one line approved by phone and one
   * declined by signature; delivered and waiting for its maintenance reminder when the vehicle comes back. The
   * return visit supersedes that reminder, is offered the declined line again, has a follow-up call nobody
   * answers and then a dissatisfied customer.
   */
  async 'walk-in-additional-work'(ctx) {
    const first = await ctx.open(body(2), 'walk_in', {
      policy: policy({ approvalReminderMs: 1_000, reminderLeadMs: 0 }),
    });
    const estimated = await receiveAndEstimate(ctx, first, [lines.service, lines.filter]);
    await approveAll(ctx, first, estimated);
    await dispatchAndStart(ctx, first);
    const found = await act(
      ctx,
      first,
      'report_additional_work',
      { lines: [lines.pads, lines.discs], promisedAt: inHours(10), reason: 'Brakes worn to the limit' },
      technician,
    );
    await until(
      'the approval reminder',
      () => templatesOf(ctx, first),
      (t) => t.includes('approval_reminder'),
    );
    const [pads, discs] = found.lines.filter((l) => l.status === 'proposed');
    if (!pads || !discs) throw new Error('expected two proposed lines');
    await act(ctx, first, 'decide', {
      decisions: [{ lineId: pads.id, approved: true }],
      consent: {
        method: 'phone',
        callReference: 'CALL-1042',
        calledBy: advisor.id,
        calledAt: new Date().toISOString(),
        spokeWith: 'Customer',
      },
    });
    await act(ctx, first, 'decide', {
      decisions: [{ lineId: discs.id, approved: false }],
      consent: { method: 'signature', signature: signature('Customer') },
    });
    await act(ctx, first, 'start_work', { checklist: { fenderCovers: true } }, technician);
    await qcPassAndDeliver(ctx, first);
    await followUpDue(ctx, first);
    await act(ctx, first, 'record_follow_up', { reached: true, satisfaction: 4, complaint: false });
    await until(
      'aftercare',
      async () => (await stateOf(ctx, first)).nextMaintenance,
      (due) => due !== undefined,
    );

    const again = await ctx.open(body(2), 'walk_in');
    await handleOf(ctx, first).result();
    const offered = await until(
      'the declined line on file',
      async () => (await stateOf(ctx, again)).declinedBefore,
      (d) => d.length > 0,
    );
    const estimate = await receiveAndEstimate(ctx, again, [
      lines.service,
      { ...lines.discs, offeredFromLineId: offered[0]?.lineId },
    ]);
    await approveAll(ctx, again, estimate);
    await dispatchAndStart(ctx, again);
    await qcPassAndDeliver(ctx, again);
    await followUpDue(ctx, again);
    await act(ctx, again, 'record_follow_up', { reached: false, complaint: false });
    await act(ctx, again, 'record_follow_up', {
      reached: true,
      satisfaction: 2,
      complaint: true,
      comments: 'Brakes squeal',
    });
    await handleOf(ctx, again).result();
    return { 'walk-in-additional-work': first, 'returning-vehicle': again };
  },

  /** QC fails twice (back to repair, manager told), then passes; the follow-up call is never logged → escalated. */
  async 'qc-rework'(ctx) {
    const visitId = await ctx.open(body(3), 'walk_in', {
      policy: policy({ followUpDeadlineMs: 1_000, followUpWindowMs: 2_000 }),
    });
    const estimated = await receiveAndEstimate(ctx, visitId, [lines.service, lines.filter]);
    await approveAll(ctx, visitId, estimated);
    await dispatchAndStart(ctx, visitId);
    for (const failed of [['Oil level not checked'], ['Service light not reset', 'Wheel nuts not torqued']]) {
      await act(
        ctx,
        visitId,
        'complete_work',
        { notes: 'Done', checklist: { genuineParts: true, onlyWorkOrderItems: true } },
        technician,
      );
      await act(ctx, visitId, 'record_qc', { passed: false, failedItems: failed }, qc);
      await act(ctx, visitId, 'start_work', { checklist: { fenderCovers: true } }, technician);
    }
    await qcPassAndDeliver(ctx, visitId);
    await handleOf(ctx, visitId).result();
    return { 'qc-rework': visitId };
  },

  /**
   * QC against the maintenance checklist of a package on the lines (issue 18): the wash fails, which sends the car
   * back named although the inspector passed it; then every item recorded passes it. The required items come with
   * the record, as the API sends them.
   */
  async 'qc-checklist'(ctx) {
    const visitId = await ctx.open(body(11), 'walk_in', {
      policy: policy({ followUpDeadlineMs: 1_000, followUpWindowMs: 2_000 }),
    });
    const fromPackage = { kind: 'labour_operation' as const, code: 'SVC-ANNUAL', packageCode: 'SVC-12M' };
    const estimated = await receiveAndEstimate(ctx, visitId, [{ ...lines.service, catalogue: fromPackage }]);
    await approveAll(ctx, visitId, estimated);
    await dispatchAndStart(ctx, visitId);
    const requiredChecks = [
      { packageCode: 'SVC-12M', code: 'TYRES', description: 'Tyre pressures set', translations: { 'zh-CN': '胎压已调整' } },
      { packageCode: 'SVC-12M', code: 'WASH', description: 'Washed clean inside and out', translations: {} },
    ];
    const recorded = (washed: boolean) => [
      { packageCode: 'SVC-12M', code: 'TYRES', passed: true },
      { packageCode: 'SVC-12M', code: 'WASH', passed: washed, ...(washed ? {} : { note: 'Streaks on the bonnet' }) },
    ];
    await act(ctx, visitId, 'complete_work', { checklist: { genuineParts: true, onlyWorkOrderItems: true } }, technician);
    await act(ctx, visitId, 'record_qc', { passed: true, checklist: recorded(false), requiredChecks }, qc);
    await act(ctx, visitId, 'start_work', { checklist: { fenderCovers: true } }, technician);
    await act(ctx, visitId, 'complete_work', { checklist: { genuineParts: true, onlyWorkOrderItems: true } }, technician);
    const passed = await act(ctx, visitId, 'record_qc', { passed: true, checklist: recorded(true), requiredChecks }, qc);
    await act(ctx, visitId, 'record_pickup', {
      checklist: { cleaned: true, allItemsDone: true, chargesExplained: true, nextMaintenanceTold: true, coversRemoved: true },
      payment: { amountCents: passed.totals.totalCents, method: 'card' },
    });
    await handleOf(ctx, visitId).result();
    return { 'qc-checklist': visitId };
  },

  /**
   * The follow-up call logged before its task was due (FOLLOW_UP_OWED_UNTIL_REACHED_PATCH): nobody answers, the call
   * stays owed and escalates at the deadline; the next call reaches the customer.
   */
  async 'early-follow-up'(ctx) {
    const visitId = await ctx.open(body(6), 'walk_in', {
      policy: policy({ followUpCallAfterMs: 1_500, followUpDeadlineMs: 3_000, followUpWindowMs: 60_000 }),
    });
    const estimated = await receiveAndEstimate(ctx, visitId, [lines.service]);
    await approveAll(ctx, visitId, estimated);
    await dispatchAndStart(ctx, visitId);
    await qcPassAndDeliver(ctx, visitId);
    await act(ctx, visitId, 'record_follow_up', { reached: false, complaint: false });
    await until(
      'the follow-up escalation',
      () => stateOf(ctx, visitId),
      (s) => s.followUp.escalated,
    );
    await act(ctx, visitId, 'record_follow_up', { reached: true, satisfaction: 4, complaint: false });
    await handleOf(ctx, visitId).result();
    return { 'early-follow-up': visitId };
  },

  /** Booked, two unanswered confirmation calls, advisor flagged, no-show task, closed as no-show. */
  async 'no-show'(ctx) {
    const visitId = await ctx.open(body(4), 'appointment', { inMs: 2_500, policy: policy({ noShowCloseMs: 2_000 }) });
    await until(
      'the confirmation call',
      () => taskKindsOf(ctx, visitId),
      (kinds) => kinds.includes('confirmation_call'),
    );
    await act(ctx, visitId, 'record_confirmation_call', { reached: false });
    await handleOf(ctx, visitId).result();
    return { 'no-show': visitId };
  },

  /**
   * Delivered and followed up, so the visit continues as new into its aftercare run, which sends the maintenance
   * reminder (the chain of two runs, the second completed); and a second visit parked in that run, its reminder
   * months away.
   */
  async aftercare(ctx) {
    const reminded = await ctx.open(body(6), 'walk_in');
    const parked = await ctx.open(body(7), 'walk_in', { policy: policy({ reminderLeadMs: 0 }) });
    await remindAndPark(ctx, reminded, parked);
    return { aftercare: reminded, 'aftercare-parked': parked };
  },

  /**
   * Started after COMPACT_AFTERCARE_PATCH: the first run plans the next maintenance and continues as new with the
   * reminder's plan only; one visit reminded (both runs), one parked in the compact run, its reminder months away.
   */
  async 'aftercare-compact'(ctx) {
    const reminded = await ctx.open(body(9), 'walk_in');
    const parked = await ctx.open(body(10), 'walk_in', { policy: policy({ reminderLeadMs: 0 }) });
    await remindAndPark(ctx, reminded, parked);
    return { 'aftercare-compact': reminded, 'aftercare-compact-parked': parked };
  },

  /**
   * A booking that knows the shop's zone, so its policy's whole days are calendar days in Berlin
   * (`timers-on-shop-clock`; the fast policy's 100-hour deadlines and 400-day reminder lead among them): called the
   * day before and confirmed, delivered, followed up, then reminded in its aftercare run.
   */
  async 'shop-clock'(ctx) {
    const visitId = await ctx.open(body(15), 'appointment', { inMs: 2_500, timeZone: 'Europe/Berlin' });
    await until(
      'the confirmation call',
      () => taskKindsOf(ctx, visitId),
      (kinds) => kinds.includes('confirmation_call'),
    );
    await act(ctx, visitId, 'record_confirmation_call', { reached: true, confirmed: true });
    await receptionToFollowUp(ctx, visitId);
    await handleOf(ctx, visitId).result();
    return { 'shop-clock': visitId };
  },

  /** A complaint whose first-response clock runs out, then assigned, solved, reported and closed. */
  /**
   * Walk-in whose promise the workshop cannot meet: a new promised time agreed by phone while it waits for dispatch,
   * and again, signed, in repair; delivered and followed up.
   */
  async 'promise-revised'(ctx) {
    const visitId = await ctx.open(body(8), 'walk_in');
    const estimated = await receiveAndEstimate(ctx, visitId, [lines.service, lines.filter]);
    await approveAll(ctx, visitId, estimated);
    await act(ctx, visitId, 'revise_promise', {
      promisedAt: inHours(12),
      reason: 'The technician who can do it is free this afternoon',
      consent: {
        method: 'phone',
        callReference: 'CALL-2001',
        calledBy: advisor.id,
        calledAt: new Date().toISOString(),
        spokeWith: 'Customer',
      },
    });
    await dispatchAndStart(ctx, visitId);
    await act(ctx, visitId, 'revise_promise', {
      promisedAt: inHours(20),
      reason: 'A part comes tomorrow morning',
      consent: { method: 'signature', signature: signature('Customer') },
    });
    await qcPassAndDeliver(ctx, visitId);
    await followUpDue(ctx, visitId);
    await act(ctx, visitId, 'record_follow_up', { reached: true, satisfaction: 4, complaint: false });
    await handleOf(ctx, visitId).result();
    return { 'promise-revised': visitId };
  },

  /**
   * Additional work the customer declines in full (DECLINED_WORK_KEEPS_PROMISE_PATCH): the promise asked with it
   * gives way to the one agreed before, and the visit runs on to its follow-up.
   */
  async 'declined-extra-work'(ctx) {
    const visitId = await ctx.open(body(13), 'walk_in');
    const estimated = await receiveAndEstimate(ctx, visitId, [lines.service]);
    await approveAll(ctx, visitId, estimated);
    await dispatchAndStart(ctx, visitId);
    const found = await act(
      ctx,
      visitId,
      'report_additional_work',
      { lines: [lines.pads], promisedAt: inHours(10), reason: 'Brake pads worn' },
      technician,
    );
    await act(ctx, visitId, 'decide', {
      decisions: found.lines.filter((l) => l.status === 'proposed').map((l) => ({ lineId: l.id, approved: false })),
      consent: { method: 'signature', signature: signature('Customer') },
    });
    if ((await stateOf(ctx, visitId)).promisedAt !== estimated.promisedAt)
      throw new Error('the promise agreed before the declined work should stand');
    await act(ctx, visitId, 'start_work', { checklist: { fenderCovers: true } }, technician);
    await qcPassAndDeliver(ctx, visitId);
    await followUpDue(ctx, visitId);
    await act(ctx, visitId, 'record_follow_up', { reached: true, satisfaction: 4, complaint: false });
    await handleOf(ctx, visitId).result();
    return { 'declined-extra-work': visitId };
  },

  /**
   * Promises at risk as soon as they are made (AT_RISK_CALL_CLOSES_PATCH): the first one's call leaves the list when
   * a new time is agreed, the second's when the vehicle is ready.
   */
  async 'at-risk-call-closes'(ctx) {
    const visitId = await ctx.open(body(14), 'walk_in', { policy: policy({ atRiskBufferMs: 30 * HOUR }) });
    const estimated = await receiveAndEstimate(ctx, visitId, [lines.service]);
    await approveAll(ctx, visitId, estimated);
    await until(
      'the at-risk call',
      () => taskKindsOf(ctx, visitId),
      (kinds) => kinds.includes('at_risk'),
    );
    await act(ctx, visitId, 'revise_promise', {
      promisedAt: inHours(20),
      reason: 'A part comes tomorrow morning',
      consent: { method: 'signature', signature: signature('Customer') },
    });
    await dispatchAndStart(ctx, visitId);
    await qcPassAndDeliver(ctx, visitId);
    await followUpDue(ctx, visitId);
    await act(ctx, visitId, 'record_follow_up', { reached: true, satisfaction: 5, complaint: false });
    await handleOf(ctx, visitId).result();
    return { 'at-risk-call-closes': visitId };
  },

  /**
   * Booked on the public page (BOOKING_CONFIRMATION_PATCH): the visit confirms the booking with the signed link, the
   * customer moves it on that link, then it runs from reception to follow-up into its aftercare (both runs).
   */
  async 'online-booking'(ctx) {
    // The slot check and the web_bookings row are the route's (api/routes/booking.ts); the visit sees only the mark.
    const online = { async hold() {}, async record() {} };
    const { visitId } = await openVisit(ctx.deps, body(12), 'appointment', inHours(1), policy(), 'customer:web', { online });
    await until(
      'the booking confirmation',
      () => templatesOf(ctx, visitId),
      (t) => t.includes('booking_confirmed'),
    );
    const customer = { id: `customer:${(await stateOf(ctx, visitId)).customer.id}`, role: 'customer' as const };
    await act(
      ctx,
      visitId,
      'reschedule',
      { appointmentAt: inHours(2), notes: 'Moved by the customer on the booking link' },
      customer,
    );
    await receptionToFollowUp(ctx, visitId);
    await handleOf(ctx, visitId).result();
    return { 'online-booking': visitId };
  },

  /**
   * Booked at the desk (DESK_BOOKING_CONFIRMATION_PATCH): the visit confirms the booking with the same signed link as
   * an online one, and the customer moves it on that link, then cancels it there.
   */
  async 'desk-booking'(ctx) {
    const visitId = await ctx.open(body(42), 'appointment', { inMs: 10 * HOUR });
    await until(
      'the booking confirmation',
      () => templatesOf(ctx, visitId),
      (t) => t.includes('booking_confirmed'),
    );
    const customer = { id: `customer:${(await stateOf(ctx, visitId)).customer.id}`, role: 'customer' as const };
    await act(
      ctx,
      visitId,
      'reschedule',
      { appointmentAt: inHours(30), notes: 'Moved by the customer on the booking link' },
      customer,
    );
    await act(ctx, visitId, 'cancel', { reason: 'Cancelled by the customer on the booking link' }, customer);
    await handleOf(ctx, visitId).result();
    return { 'desk-booking': visitId };
  },

  /**
   * Booked at the desk and moved by the desk (SHOP_MOVE_TOLD_PATCH): the customer is told the new time with the
   * booking's link; then moved by the customer on that link (not told) and cancelled by the desk.
   */
  async 'shop-move-told'(ctx) {
    const visitId = await ctx.open(body(43), 'appointment', { inMs: 10 * HOUR });
    await act(ctx, visitId, 'reschedule', { appointmentAt: inHours(30), notes: 'The workshop is short of a lift that day' });
    await until(
      'the new time told to the customer',
      () => templatesOf(ctx, visitId),
      (t) => t.includes('booking_moved'),
    );
    const customer = { id: `customer:${(await stateOf(ctx, visitId)).customer.id}`, role: 'customer' as const };
    await act(
      ctx,
      visitId,
      'reschedule',
      { appointmentAt: inHours(32), notes: 'Moved by the customer on the booking link' },
      customer,
    );
    await act(ctx, visitId, 'cancel', { reason: 'Sold the car' });
    await handleOf(ctx, visitId).result();
    return { 'shop-move-told': visitId };
  },

  /**
   * Booked with a catalogue job (PARTS_RESERVATION_PATCH): its parts are reserved at the day-before step and used
   * when the work is done, to the end of its aftercare; a second booking's reserved parts go back when it is
   * cancelled.
   */
  async 'parts-reservation'(ctx) {
    // The 12-month service's two oil filters on the shelf for each booking, entered as the manager and the workshop do.
    const app = createApp(ctx.deps);
    await seedPriceList(app);
    const received = await postJson(asStaff(app, 'foreman', 'fm-jo'), `/catalogue/parts/${OIL_FILTER.partNumber}/receipts`, {
      quantity: 4,
    });
    if (received.status !== 200) throw new Error(`receiving the filters answered ${received.status}: ${await received.text()}`);
    const withJob = (n: number) => ({ ...body(n), requestedJobs: ['SVC-12M'] });

    const used = await ctx.open(withJob(13), 'appointment', { inMs: 2_500 });
    await taskDue(ctx, used, 'parts_preparation');
    await taskDue(ctx, used, 'confirmation_call');
    await act(ctx, used, 'record_confirmation_call', { reached: true, confirmed: true });
    await receptionToFollowUp(ctx, used);
    await handleOf(ctx, used).result();

    const released = await ctx.open(withJob(14), 'appointment', { inMs: 2_500 });
    await taskDue(ctx, released, 'parts_preparation');
    await act(ctx, released, 'cancel', { reason: 'Car sold' });
    await handleOf(ctx, released).result();
    return { 'parts-reservation': used, 'parts-reservation-cancelled': released };
  },

  /**
   * Booked, confirmed on the day-before call while its retry waited, then cancelled: captured before
   * `confirmed-booking-no-call-again` the retry put the confirmed call back on the list; after it, no retry runs.
   */
  async 'confirmed-before-retry'(ctx) {
    const visitId = await ctx.open(body(41), 'appointment', {
      inMs: 10 * HOUR,
      policy: policy({ confirmationLeadMs: 10 * HOUR - 1_500, confirmationRetryMs: 2_000 }),
    });
    await until(
      'the confirmation call',
      () => taskKindsOf(ctx, visitId),
      (kinds) => kinds.includes('confirmation_call'),
    );
    await act(ctx, visitId, 'record_confirmation_call', { reached: true, confirmed: true });
    // Past the retry's time: the old code's second call, or nothing.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    await act(ctx, visitId, 'cancel', { reason: 'Sold the car' });
    await handleOf(ctx, visitId).result();
    return { 'confirmed-before-retry': visitId };
  },

  /**
   * Booked in the shop's zone, so the day-before call's day is asked of the calendar (CALL_ON_OPEN_DAY_PATCH); the
   * customer, reached, cannot keep the slot (CANNOT_KEEP_REBOOK_PATCH): the re-booking goes on the list and the retry
   * rings nobody; re-booked, then cancelled.
   */
  async 'cannot-keep-rebooked'(ctx) {
    const visitId = await ctx.open(body(42), 'appointment', {
      inMs: 10 * HOUR,
      policy: policy({ confirmationLeadMs: 10 * HOUR - 1_500, confirmationRetryMs: 2_000 }),
      timeZone: 'Asia/Shanghai',
    });
    await until(
      'the confirmation call',
      () => taskKindsOf(ctx, visitId),
      (kinds) => kinds.includes('confirmation_call'),
    );
    await act(ctx, visitId, 'record_confirmation_call', { reached: true, confirmed: false });
    // Past the retry's time: nobody is rung again.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    await act(ctx, visitId, 'reschedule', { appointmentAt: inHours(30) });
    await act(ctx, visitId, 'cancel', { reason: 'Sold the car' });
    await handleOf(ctx, visitId).result();
    return { 'cannot-keep-rebooked': visitId };
  },

  /**
   * Booked; the customer confirms on the day-before call, calls back that they cannot keep the slot, then confirms
   * at the desk, then cannot keep it after all (LATEST_ANSWER_PATCH: each answer clears the other, the re-booking
   * closed by the confirmation and opened again); cancelled.
   */
  async 'latest-answer-wins'(ctx) {
    const visitId = await ctx.open(body(46), 'appointment', {
      inMs: 10 * HOUR,
      policy: policy({ confirmationLeadMs: 10 * HOUR - 1_500, confirmationRetryMs: 2_000 }),
    });
    await until(
      'the confirmation call',
      () => taskKindsOf(ctx, visitId),
      (kinds) => kinds.includes('confirmation_call'),
    );
    await act(ctx, visitId, 'record_confirmation_call', { reached: true, confirmed: true });
    await act(ctx, visitId, 'record_confirmation_call', { reached: true, confirmed: false });
    await act(ctx, visitId, 'confirm_appointment', {});
    await act(ctx, visitId, 'record_confirmation_call', { reached: true, confirmed: false });
    await act(ctx, visitId, 'cancel', { reason: 'Sold the car' });
    await handleOf(ctx, visitId).result();
    return { 'latest-answer-wins': visitId };
  },

  /**
   * Booked for the day after a day the shop is closed (CALL_ON_OPEN_DAY_PATCH): the day-before call goes on the list
   * on the last open day before, today, at the appointment's hour (a few seconds ahead), where the calendar activity
   * `callTimeOnOpenDay` places it; confirmed on that call, then cancelled. The visit's zone is the fixed one where it
   * is about noon now, so that hour is inside the default opening hours whenever the scenario runs; the closed day
   * is taken off the calendar again, which the other scenarios read through the dispatch plan.
   */
  async 'confirmation-call-on-open-day'(ctx) {
    const now = Date.now();
    const timeZone = zoneAtHour(12, now);
    const closed = localDate(now + 24 * HOUR, timeZone);
    await writeException(ctx.db, { date: closed, hours: null, note: 'Holiday' }, foreman.id);
    try {
      const visitId = await ctx.open(body(43), 'appointment', {
        inMs: 48 * HOUR + 3_000,
        timeZone,
        policy: policy({ confirmationLeadMs: 24 * HOUR, confirmationRetryMs: HOUR }),
      });
      await taskDue(ctx, visitId, 'confirmation_call');
      await act(ctx, visitId, 'record_confirmation_call', { reached: true, confirmed: true });
      await act(ctx, visitId, 'cancel', { reason: 'Sold the car' });
      await handleOf(ctx, visitId).result();
      return { 'confirmation-call-on-open-day': visitId };
    } finally {
      await deleteException(ctx.db, closed);
    }
  },

  /**
   * Two walk-ins of the shop's zone whose maintenance reminder (due at once under the fast policy) falls due at
   * 22:xx on the shop's clock (REMINDER_NEXT_OPEN_DAY_PATCH): the first on an open day, so its aftercare run asks the
   * calendar activity `callTimeOnOpenDay` (kind `reminder`), keeps the time, sends it and closes; the second on a day
   * a holiday closes, so it waits for the next day's opening (a timer of some ten hours), parked there. The holiday
   * is entered just before the second visit's follow-up call closes its first run, and taken off the calendar again
   * once the reminder is held.
   */
  async 'maintenance-reminder-next-open-day'(ctx) {
    const timeZone = zoneAtHour(22);
    const sent = await ctx.open(body(44), 'walk_in', { timeZone });
    await receptionToFollowUp(ctx, sent);
    await handleOf(ctx, sent).result();

    const held = await ctx.open(body(45), 'walk_in', { timeZone });
    const estimated = await receiveAndEstimate(ctx, held, [lines.service, lines.filter]);
    await approveAll(ctx, held, estimated);
    await dispatchAndStart(ctx, held);
    await qcPassAndDeliver(ctx, held);
    await followUpDue(ctx, held);
    const today = localDate(Date.now(), timeZone);
    await writeException(ctx.db, { date: today, hours: null, note: 'Holiday' }, foreman.id);
    try {
      await act(ctx, held, 'record_follow_up', { reached: true, satisfaction: 5, complaint: false });
      await until(
        'the reminder held for the next open day',
        async () => (await historyOfAllRuns(ctx.client, held)).slice(1).flatMap((run) => run.events ?? []),
        (aftercareEvents) => aftercareEvents.some((e) => e.timerStartedEventAttributes),
      );
    } finally {
      await deleteException(ctx.db, today);
    }
    return { 'maintenance-reminder-next-open-day': sent, 'maintenance-reminder-next-open-day-parked': held };
  },

  async cancellation(ctx) {
    const visitId = await ctx.open(body(5), 'appointment', { inMs: 10 * HOUR });
    await act(ctx, visitId, 'reschedule', { appointmentAt: inHours(30), notes: 'Customer travelling' });
    await act(ctx, visitId, 'confirm_appointment', {});
    await act(ctx, visitId, 'cancel', { reason: 'Sold the car' });
    await handleOf(ctx, visitId).result();
    return { cancellation: visitId };
  },

  /**
   * Reassigned mid-repair (REASSIGN_PATCH), captured before REASSIGN_DROPS_DISPATCH_REASON_PATCH: the reason given at
   * dispatch for Omar stayed with Ivy. Recaptured now it takes the new branch: `reassign-drops-dispatch-reason` is that.
   */
  async 'reassigned-in-repair'(ctx) {
    return { 'reassigned-in-repair': await reassignedMidRepair(ctx, 16) };
  },

  /** The same hand-over since REASSIGN_DROPS_DISPATCH_REASON_PATCH: the reason the foreman gave for Omar is dropped. */
  async 'reassign-drops-dispatch-reason'(ctx) {
    return { 'reassign-drops-dispatch-reason': await reassignedMidRepair(ctx, 17) };
  },

  /**
   * Temporal took a desk booking's start but the transaction that opened it rolled back (OPENING_ROLLED_BACK_PATCH):
   * started here with no rows, as the worker then finds it, the visit ends at once and writes nothing.
   */
  async 'opening-rolled-back'(ctx) {
    const visitId = randomUUID();
    const { customer, vehicle, advisorId, requestedServices } = body(44);
    const handle = await ctx.client.workflow.start('visit', {
      taskQueue,
      workflowId: visitId,
      args: [
        {
          visitId,
          kind: 'appointment',
          customer: { id: randomUUID(), name: customer.name, phone: customer.phone },
          vehicle,
          advisorId,
          requestedServices,
          appointmentAt: inHours(10),
          priorityReason: 'appointment',
          policy: resolvePolicy(policy()),
        } satisfies VisitStart,
      ],
    });
    await handle.result();
    return { 'opening-rolled-back': visitId };
  },
};
