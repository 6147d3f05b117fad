// The complaint, rescue and KPI-review scenarios of scripts/capture-histories.ts, with the read-model variants of
// the complaint and the rescue.
import { eq } from 'drizzle-orm';
import { takeHotlineCall } from '../../api/hotline-intake.js';
import { openComplaint } from '../../api/open-complaint.js';
import { tasks } from '../../db/schema.js';
import type { ActionActor } from '../../domain/actions.js';
import type { ComplaintActionName } from '../../domain/complaints.js';
import type { RescueActionName } from '../../domain/rescue.js';
import { complaintRecordedUpdate, complaintUpdates, rescueUpdates } from '../../workflows/care-messages.js';
import { advisor, HOUR, inHours, policy, type Scenarios, taskQueue, until } from './support.js';

export const CARE_SCENARIOS: Scenarios = {
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

  /** The same review since it counts the staff's suggestions per step (REVIEW_COUNTS_FEEDBACK_PATCH). */
  async 'kpi-review-feedback'(ctx) {
    const handle = await ctx.client.workflow.start('kpiReview', {
      taskQueue,
      workflowId: 'kpi-review-feedback-capture',
      args: [{}],
    });
    await handle.result();
    return { 'kpi-review-feedback': handle.workflowId };
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
};
