// Step 6, repair [S1.6]: work started, paused for additional work (asked like the estimate), completed.
import { patched } from '@temporalio/workflow';
import { reassignRefusal } from '../../domain/assignment-rules.js';
import { invalid, notNow, nowIso } from '../common.js';
import { checkOffered, checkVisitTotal, requestApproval } from './approval.js';
import { future, type StepActions } from './handler.js';
import { settleParts } from './parts.js';

/**
 * Patch id of handing a job in repair to another technician (`reassign_technician`). Asked with `patched()` itself
 * (it came after CURRENT_VISIT_PATCH) when the update is applied, before anything changes: a worker without the
 * update refuses it, so only a history with the marker holds one; the marker keeps the stop of the work and the
 * new assignee from being replayed by code that does not know them.
 */
export const REASSIGN_PATCH = 'reassign-in-repair';

/**
 * Patch id of a reassignment dropping the reason the foreman gave at dispatch for choosing the first technician
 * (`dispatch.overrideReason`): it explained that choice, and the visit page read it beside the new technician's name
 * as if it were theirs. A visit reassigned before it keeps the reason, as it did.
 */
export const REASSIGN_DROPS_DISPATCH_REASON_PATCH = 'reassign-drops-dispatch-reason';

export const REPAIR_ACTIONS: StepActions<'start_work' | 'report_additional_work' | 'complete_work' | 'reassign_technician'> = {
  start_work: {
    async apply(run, payload, actor) {
      const resumed = Boolean(run.state.work.startedAt);
      run.state.work.inProgress = true;
      run.state.work.startedAt ??= nowIso();
      // The technician's confirmation (fender covers) is the event's data, so the timeline and the manager see it.
      await run.event({
        type: 'work_started',
        actor,
        lane: 'back_stage',
        summary: resumed ? 'Work resumed' : 'Work started',
        data: payload,
      });
    },
  },

  report_additional_work: {
    check: (run, p) => {
      future(p.promisedAt, 'promisedAt');
      checkOffered(run, p.lines);
      checkVisitTotal(run, p.lines);
    },
    async apply(run, payload, actor) {
      run.state.work.inProgress = false;
      await requestApproval(run, 'additional_work', payload, actor, `Additional work (${payload.reason})`, payload.reason);
    },
  },

  complete_work: {
    async apply(run, payload, actor) {
      const done = run.state.lines.filter((l) => l.status === 'approved');
      for (const line of done) line.status = 'done';
      run.state.work.inProgress = false;
      run.state.work.completedAt = nowIso();
      await run.event({
        type: 'work_completed',
        actor,
        lane: 'back_stage',
        summary: `Work completed: ${done.length} line(s) done`,
        toStage: 'quality_check',
        data: payload,
        records: { lines: done },
      });
      await settleParts(run, 'use');
    },
  },

  reassign_technician: {
    // The one rule (domain/assignment-rules.ts); the API read the technician from the directory into the payload.
    check: (run, p, actor) => {
      const refused = reassignRefusal(run.state, actor, p);
      if (refused) throw refused.kind === 'not_now' ? notNow(refused.message) : invalid(refused.message);
    },
    async apply(run, payload, actor) {
      if (!patched(REASSIGN_PATCH)) return;
      const from = run.state.dispatch.technicianId ?? null;
      const workStopped = run.state.work.inProgress;
      const { overrideReason, ...dispatch } = run.state.dispatch;
      run.state.dispatch = {
        ...dispatch,
        ...(patched(REASSIGN_DROPS_DISPATCH_REASON_PATCH) ? {} : { overrideReason }),
        technicianId: payload.technicianId,
        assignedAt: nowIso(),
      };
      // The clock stops with the technician who leaves (the KPI's clocked hours): the new one starts it again.
      run.state.work.inProgress = false;
      await run.event({
        type: 'technician_reassigned',
        actor,
        lane: 'back_stage',
        summary: `Reassigned from ${from ?? 'nobody'} to ${payload.technicianId} by ${actor.id}${payload.reason ? ` (${payload.reason})` : ''}`,
        data: {
          fromTechnicianId: from,
          technicianId: payload.technicianId,
          technicianName: payload.technician?.name ?? null,
          reason: payload.reason ?? null,
          by: actor.id,
          workStopped,
        },
      });
    },
  },
};
