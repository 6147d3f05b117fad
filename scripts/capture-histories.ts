/**
 * Captures the workflow histories that test/workflows/replay.test.ts replays against the current workflow code.
 *
 *   npm run histories:capture                 # every scenario below
 *   npm run histories:capture -- no-show      # only the named ones
 *   npm run histories:capture -- --out=/tmp/h # somewhere else (to try the scenarios without touching the files)
 *
 * Each scenario runs a representative visit (or a complaint, a rescue, the KPI review) to its end on a throwaway Temporal dev server (the pinned CLI, the
 * visit's search attributes registered) with an in-memory PGlite database and the real worker from worker.ts,
 * with policy durations shortened to seconds, and writes `historyToJson(await handle.fetchHistory())` to
 * test/histories/<name>.json (<name>-run1.json, -run2.json … for a visit that continued as new). Recapture only on purpose: the checked-in files stand for visits already running
 * in production, so a replay failure means the workflow change breaks them (guard the change with `patched()`),
 * not that the files are stale.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Client, QueryNotRegisteredError, type WorkflowHandle } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { ChannelAdapter } from '../activities/channels.js';
import type { ApiDeps } from '../api/deps.js';
import { historyOfAllRuns } from '../api/history/runs.js';
import { takeHotlineCall } from '../api/hotline-intake.js';
import { openComplaint } from '../api/open-complaint.js';
import { openVisit } from '../api/open-visit.js';
import { openDatabase } from '../db/client.js';
import { outbox, tasks, technicians } from '../db/schema.js';
import { readVisit } from '../db/visit-view.js';
import type { ACTIONS, ActionActor, ActionName, ActionPayload } from '../domain/actions.js';
import type { ComplaintActionName } from '../domain/complaints.js';
import type { VisitPolicyOverride } from '../domain/policy.js';
import type { RescueActionName } from '../domain/rescue.js';
import type { NewVisit } from '../domain/visit.js';
import type { VisitState } from '../domain/visit-state.js';
import { devApprovalLinks } from '../runtime/approval-links.js';
import { historyToJson } from '../runtime/history-json.js';
import { installTemporalRuntime } from '../runtime/temporal-runtime.js';
import { temporalCliPath } from '../runtime/tools.js';
import { fastPolicy, signature } from '../test/support/visits.js';
import { createWorker } from '../worker.js';
import { complaintRecordedUpdate, complaintUpdates, rescueUpdates } from '../workflows/care-messages.js';
import type { visit } from '../workflows/index.js';
import { actionUpdates, stateQuery } from '../workflows/messages.js';
import { SEARCH_ATTRIBUTE_KEYS } from '../workflows/search-attributes.js';

const defaultOutDir = fileURLToPath(new URL('../test/histories/', import.meta.url));
const taskQueue = 'capture-histories';
const HOUR = 3_600_000;

const advisor: ActionActor = { id: 'adv-lena', role: 'advisor' };
const technician: ActionActor = { id: 'tech-omar', role: 'technician' };
const foreman: ActionActor = { id: 'fm-jo', role: 'foreman' };
const qc: ActionActor = { id: 'qc-kim', role: 'qc' };
// The scenarios use the test suite's shortened policy and signature, so a captured history is a tested visit.
const policy = fastPolicy;

const body = (n: number): NewVisit => ({
  customer: { name: `Customer ${n}`, phone: `+49 30 5550${n}`, preferredChannel: 'sms' },
  vehicle: { vin: `WVWZZZ1JZ0000000${n}`, plate: `B-SL-${n}`, model: 'VW Golf', mileage: 40_000 },
  advisorId: advisor.id,
  requestedServices: ['Annual service'],
});

interface Ctx {
  client: Client;
  db: ReturnType<typeof openDatabase>['db'];
  /** What the API's helpers take: the database, Temporal and the task queue. */
  deps: ApiDeps;
  open(body: NewVisit, kind: 'appointment' | 'walk_in', opts?: { inMs?: number; policy?: VisitPolicyOverride }): Promise<string>;
}

const handleOf = (ctx: Ctx, visitId: string): WorkflowHandle<typeof visit> => ctx.client.workflow.getHandle(visitId);

/** Payloads as the API receives them (defaults not filled in yet): the update handler parses them. */
type PayloadInput<A extends ActionName> = z.input<(typeof ACTIONS)[A]['payload']>;

/** The workflow's state; for a visit in its compact aftercare run, which keeps none, the read model's. */
async function stateOf(ctx: Ctx, visitId: string): Promise<VisitState> {
  try {
    return await handleOf(ctx, visitId).query(stateQuery);
  } catch (err) {
    if (!(err instanceof QueryNotRegisteredError)) throw err;
    const stored = await readVisit(ctx.db, visitId);
    if (!stored) throw new Error(`visit ${visitId} is not in the database`);
    return stored;
  }
}

/** An update answers with an acknowledgement; the script reads the state the next steps need by query (not in the history). */
async function act<A extends ActionName>(ctx: Ctx, visitId: string, name: A, payload: PayloadInput<A>, actor = advisor) {
  await handleOf(ctx, visitId).executeUpdate(actionUpdates[name], { args: [{ actor, payload: payload as ActionPayload<A> }] });
  return stateOf(ctx, visitId);
}

async function until<T>(what: string, probe: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const taskKindsOf = async (ctx: Ctx, visitId: string) =>
  (await ctx.db.select().from(tasks).where(eq(tasks.visitId, visitId))).map((t) => t.kind);
const templatesOf = async (ctx: Ctx, visitId: string) =>
  (await ctx.db.select().from(outbox).where(eq(outbox.visitId, visitId))).map((m) => m.template);
const inHours = (h: number) => new Date(Date.now() + h * HOUR).toISOString();

const lines = {
  service: { kind: 'labour' as const, description: 'Annual service', quantity: 1.5, unitPriceCents: 9_000, requiredSkill: 2 },
  filter: { kind: 'part' as const, description: 'Oil filter', quantity: 1, unitPriceCents: 1_250 },
  wipers: { kind: 'part' as const, description: 'Wiper blades', quantity: 2, unitPriceCents: 1_800 },
  pads: { kind: 'part' as const, description: 'Front brake pads', quantity: 1, unitPriceCents: 6_500 },
  discs: { kind: 'part' as const, description: 'Front brake discs', quantity: 2, unitPriceCents: 8_900 },
};

/** Arrival (unless a walk-in already arrived at reception) to the estimate waiting on the customer. */
async function receiveAndEstimate(ctx: Ctx, visitId: string, estimate: PayloadInput<'submit_estimate'>['lines']) {
  await act(ctx, visitId, 'arrive', { coversFitted: true, mileage: 52_000, customerWaiting: false });
  await act(ctx, visitId, 'record_inspection', {
    damages: [{ area: 'rear bumper', description: 'scratch 5 cm' }],
    valuables: ['sunglasses'],
    fuelLevel: 'half',
    mileage: 52_000,
    customerSignature: signature('Customer'),
  });
  await act(ctx, visitId, 'record_diagnosis', { findings: 'Service due', roadTest: true }, technician);
  return act(ctx, visitId, 'submit_estimate', { lines: estimate, promisedAt: inHours(8) });
}

const approveAll = (ctx: Ctx, visitId: string, state: VisitState) =>
  act(ctx, visitId, 'decide', {
    decisions: state.lines.filter((l) => l.status === 'proposed').map((l) => ({ lineId: l.id, approved: true })),
    consent: { method: 'signature', signature: signature('Customer') },
  });

async function dispatchAndStart(ctx: Ctx, visitId: string) {
  const proposed = await until(
    'the dispatch proposal',
    async () => (await stateOf(ctx, visitId)).dispatch.proposal,
    (p) => p !== null,
  );
  await act(ctx, visitId, 'assign_technician', { technicianId: proposed?.technicianId ?? 'tech-omar' }, foreman);
  await act(ctx, visitId, 'start_work', {}, technician);
}

async function qcPassAndDeliver(ctx: Ctx, visitId: string) {
  await act(ctx, visitId, 'complete_work', {}, technician);
  const passed = await act(ctx, visitId, 'record_qc', { passed: true }, qc);
  return act(ctx, visitId, 'record_pickup', {
    checklist: { cleaned: true, allItemsDone: true, chargesExplained: true, nextMaintenanceTold: true, coversRemoved: true },
    payment: { amountCents: passed.totals.totalCents, method: 'card' },
  });
}

const followUpDue = (ctx: Ctx, visitId: string) =>
  until(
    'the follow-up call task',
    () => taskKindsOf(ctx, visitId),
    (kinds) => kinds.includes('follow_up_call'),
  );

/** name → visit ids whose histories it writes (as <name>.json, or <name>-<n>.json for several). */
const SCENARIOS: Record<string, (ctx: Ctx) => Promise<Record<string, string>>> = {
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
    await act(ctx, first, 'start_work', {}, technician);
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
      await act(ctx, visitId, 'complete_work', { notes: 'Done' }, technician);
      await act(ctx, visitId, 'record_qc', { passed: false, failedItems: failed }, qc);
      await act(ctx, visitId, 'start_work', {}, technician);
    }
    await qcPassAndDeliver(ctx, visitId);
    await handleOf(ctx, visitId).result();
    return { 'qc-rework': visitId };
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
    for (const visitId of [reminded, parked]) {
      const estimated = await receiveAndEstimate(ctx, visitId, [lines.service, lines.filter]);
      await approveAll(ctx, visitId, estimated);
      await dispatchAndStart(ctx, visitId);
      await qcPassAndDeliver(ctx, visitId);
      await followUpDue(ctx, visitId);
      await act(ctx, visitId, 'record_follow_up', { reached: true, satisfaction: 5, complaint: false });
    }
    await handleOf(ctx, reminded).result();
    await until(
      'the parked visit waiting on its reminder',
      async () => (await historyOfAllRuns(ctx.client, parked)).slice(1).flatMap((run) => run.events ?? []),
      (aftercareEvents) => aftercareEvents.some((e) => e.timerStartedEventAttributes),
    );
    return { aftercare: reminded, 'aftercare-parked': parked };
  },

  /**
   * Started after COMPACT_AFTERCARE_PATCH: the first run plans the next maintenance and continues as new with the
   * reminder's plan only; one visit reminded (both runs), one parked in the compact run, its reminder months away.
   */
  async 'aftercare-compact'(ctx) {
    const reminded = await ctx.open(body(9), 'walk_in');
    const parked = await ctx.open(body(10), 'walk_in', { policy: policy({ reminderLeadMs: 0 }) });
    for (const visitId of [reminded, parked]) {
      const estimated = await receiveAndEstimate(ctx, visitId, [lines.service, lines.filter]);
      await approveAll(ctx, visitId, estimated);
      await dispatchAndStart(ctx, visitId);
      await qcPassAndDeliver(ctx, visitId);
      await followUpDue(ctx, visitId);
      await act(ctx, visitId, 'record_follow_up', { reached: true, satisfaction: 5, complaint: false });
    }
    await handleOf(ctx, reminded).result();
    await until(
      'the parked visit waiting on its reminder',
      async () => (await historyOfAllRuns(ctx.client, parked)).slice(1).flatMap((run) => run.events ?? []),
      (aftercareEvents) => aftercareEvents.some((e) => e.timerStartedEventAttributes),
    );
    return { 'aftercare-compact': reminded, 'aftercare-compact-parked': parked };
  },

  /** A complaint whose first-response clock runs out, then assigned, solved, reported and closed. */
  async complaint(ctx) {
    const { complaintId } = await openComplaint(
      ctx.deps,
      { description: 'The car was returned dirty inside', plate: 'B-SL-11', source: 'api' },
      { policy: { firstResponseMs: 1_500, resolutionMs: 100 * HOUR, businessHours: null } },
    );
    await until(
      'the first-response escalation',
      async () =>
        (
          await ctx.db
            .select()
            .from(tasks)
            .where(eq(tasks.id, `${complaintId}:escalation:first_response`))
        ).length,
      (n) => n > 0,
    );
    const manager: ActionActor = { id: 'mgr-ute', role: 'manager' };
    const handle = ctx.client.workflow.getHandle(complaintId);
    const step = async <A extends keyof typeof complaintUpdates>(name: A, payload: unknown) =>
      handle.executeUpdate(complaintUpdates[name] as (typeof complaintUpdates)['assign'], {
        args: [{ actor: manager, payload: payload as never }],
      });
    await step('assign', { assigneeId: advisor.id, acknowledgement: 'Called, apologised, car wash offered' });
    await step('propose_solution', { solution: 'A free interior clean' });
    await step('carry_out', { notes: 'Cleaned on Tuesday' });
    await step('report_outcome', { explanation: 'The valet was skipped', remedy: 'Free interior clean', channel: 'phone' });
    await step('close', { customerAccepted: true, notes: 'Customer thanked us' });
    await handle.result();
    return { complaint: complaintId };
  },

  /** A hotline breakdown call: the rescue sets out late, arrives and tows the car in as a priority walk-in. */
  async rescue(ctx) {
    const call = await takeHotlineCall(
      ctx.deps,
      {
        callerName: 'Mara Stein',
        phone: '+49 30 5550112',
        summary: "Car won't start at the petrol station",
        location: 'Aral, Tempelhofer Damm 12',
        plate: 'B-SL-12',
      },
      advisor.id,
      { rescuePolicy: { setOutWithinMs: 800, etaGraceMs: 0 }, visitPolicy: policy() },
    );
    const rescueId = call.rescueId as string;
    await until(
      'the set-out escalation',
      async () =>
        (
          await ctx.db
            .select()
            .from(tasks)
            .where(eq(tasks.id, `${rescueId}:set-out-late`))
        ).length,
      (n) => n > 0,
    );
    const handle = ctx.client.workflow.getHandle(rescueId);
    const step = async <A extends keyof typeof rescueUpdates>(name: A, payload: unknown) =>
      handle.executeUpdate(rescueUpdates[name] as (typeof rescueUpdates)['arrive'], {
        args: [{ actor: advisor, payload: payload as never }],
      });
    await step('set_out', { crew: 'Truck 2 (Jonas)', etaAt: inHours(1) });
    await step('arrive', { notes: 'Battery dead, alternator suspected' });
    await step('tow_in', {
      vehicle: { vin: 'WVWZZZ1KZAW123412', plate: 'B-SL-12', model: 'VW Polo', mileage: 88_000 },
      advisorId: advisor.id,
      requestedServices: ['Check alternator'],
      priorityReason: 'waiting',
    });
    await handle.result();
    return { rescue: rescueId };
  },

  /** The manager's daily KPI review, as its schedule starts it. */
  async 'kpi-review'(ctx) {
    const handle = await ctx.client.workflow.start('kpiReview', {
      taskQueue,
      workflowId: 'kpi-review-capture',
      args: [{}],
    });
    await handle.result();
    return { 'kpi-review': handle.workflowId };
  },

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
   * A complaint at the counter from receipt to closing, the steps answering an acknowledgement and each save
   * carrying only its new timeline entries (issue 13: complaints read from PostgreSQL).
   */
  async 'complaint-read-model'(ctx) {
    const { complaintId } = await openComplaint(ctx.deps, {
      description: 'Scratch on the door',
      plate: 'B-SL-90',
      source: 'in_person',
    });
    const handle = ctx.client.workflow.getHandle(complaintId);
    await handle.executeUpdate(complaintRecordedUpdate, { args: [{}] });
    const manager: ActionActor = { id: 'mgr-ute', role: 'manager' };
    // Each step is an update named as the step (workflows/care-messages.ts).
    const step = async (name: ComplaintActionName, payload: unknown, actor = advisor) =>
      handle.executeUpdate(name, { args: [{ actor, payload }] });
    await step('assign', { assigneeId: advisor.id, acknowledgement: 'Called and apologised' });
    await step('propose_solution', { solution: 'Polish the door' });
    await step('carry_out', { notes: 'Polished' });
    await step('report_outcome', { explanation: 'A tool slipped', remedy: 'Polished, free wash', channel: 'phone' });
    await step('close', { customerAccepted: true }, manager);
    await handle.result();
    return { 'complaint-read-model': complaintId };
  },

  /** A roadside rescue from the hotline: on the way, a new ETA, arrived, towed in (which opens a walk-in). */
  async 'rescue-read-model'(ctx) {
    const call = await takeHotlineCall(
      ctx.deps,
      { callerName: 'Mara Stein', phone: '+49 30 5550191', summary: "Car won't start", location: 'Tempelhofer Damm 12' },
      advisor.id,
      { visitPolicy: policy() },
    );
    const rescueId = call.rescueId as string;
    const handle = ctx.client.workflow.getHandle(rescueId);
    const step = async (name: RescueActionName, payload: unknown) =>
      handle.executeUpdate(name, { args: [{ actor: advisor, payload }] });
    await step('set_out', { crew: 'Truck 2', etaAt: inHours(1) });
    await step('set_out', { crew: 'Truck 2', etaAt: inHours(2) });
    await step('arrive', { notes: 'Battery dead' });
    await step('tow_in', {
      vehicle: { vin: 'WVWZZZ1JZ00000091', plate: 'B-SL-91', model: 'VW Polo', mileage: 88_000 },
      advisorId: advisor.id,
    });
    await handle.result();
    return { 'rescue-read-model': rescueId };
  },

  /** Booked, rescheduled, confirmed, then cancelled by the customer. */
  async cancellation(ctx) {
    const visitId = await ctx.open(body(5), 'appointment', { inMs: 10 * HOUR });
    await act(ctx, visitId, 'reschedule', { appointmentAt: inHours(30), notes: 'Customer travelling' });
    await act(ctx, visitId, 'confirm_appointment', {});
    await act(ctx, visitId, 'cancel', { reason: 'Sold the car' });
    await handleOf(ctx, visitId).result();
    return { cancellation: visitId };
  },
};

async function main() {
  const args = process.argv.slice(2);
  const outFlag = args.find((arg) => arg.startsWith('--out='));
  const outDir = outFlag ? `${outFlag.slice('--out='.length).replace(/\/$/, '')}/` : defaultOutDir;
  const wanted = args.filter((arg) => arg !== outFlag);
  const unknown = wanted.filter((name) => !(name in SCENARIOS));
  if (unknown.length) throw new Error(`unknown scenario(s) ${unknown.join(', ')}; known: ${Object.keys(SCENARIOS).join(', ')}`);
  const names = wanted.length ? wanted : Object.keys(SCENARIOS);

  installTemporalRuntime();
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: temporalCliPath() },
      searchAttributes: SEARCH_ATTRIBUTE_KEYS,
      extraArgs: ['--sqlite-pragma', 'journal_mode=WAL', '--sqlite-pragma', 'synchronous=OFF'],
    },
  });
  const database = openDatabase({});
  try {
    await database.migrate();
    await database.db
      .insert(technicians)
      .values([
        { id: 'tech-omar', name: 'Omar', skillLevel: 2 },
        { id: 'tech-ivy', name: 'Ivy', skillLevel: 3 },
      ])
      .onConflictDoNothing();
    // Messages land in the outbox; nobody needs them delivered here.
    const quiet: ChannelAdapter = { async send() {} };
    const worker = await createWorker({
      connection: env.nativeConnection,
      namespace: 'default',
      taskQueue,
      db: database.db,
      channel: quiet,
      approvalLinks: devApprovalLinks(),
      shutdownForceTime: '5 seconds',
    });
    const deps = { database, temporal: env.client, taskQueue };
    const ctx: Ctx = {
      client: env.client,
      db: database.db,
      deps,
      async open(visitBody, kind, opts = {}) {
        const at = kind === 'appointment' ? new Date(Date.now() + (opts.inMs ?? HOUR)).toISOString() : undefined;
        return (await openVisit(deps, visitBody, kind, at, opts.policy ?? policy())).visitId;
      },
    };
    await worker.runUntil(async () => {
      mkdirSync(outDir, { recursive: true });
      for (const name of names) {
        const started = Date.now();
        const visits = await SCENARIOS[name]?.(ctx);
        for (const [file, visitId] of Object.entries(visits ?? {})) {
          // A visit that continued as new is a chain of runs: <file>-run1.json, <file>-run2.json, …
          const runs = await historyOfAllRuns(ctx.client, visitId);
          for (const [i, history] of runs.entries()) {
            // A parked visit's earlier runs have the shape of a finished visit's: only its last run is new.
            if (file.endsWith('-parked') && i < runs.length - 1) continue;
            const out = runs.length === 1 ? `${file}.json` : `${file}-run${i + 1}.json`;
            writeFileSync(`${outDir}${out}`, `${JSON.stringify(historyToJson(history), null, 2)}\n`);
            process.stdout.write(`${out}: ${history.events?.length ?? 0} events (${name}, ${Date.now() - started} ms)\n`);
          }
        }
      }
    });
  } finally {
    await database.close();
    await env.teardown();
  }
}

await main();
