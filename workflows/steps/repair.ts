// Step 6, repair [S1.6]: work started, paused for additional work (asked like the estimate), completed.
import { nowIso } from '../common.js';
import { checkOffered, checkVisitTotal, requestApproval } from './approval.js';
import { future, type StepActions } from './handler.js';
import { settleParts } from './parts.js';

export const REPAIR_ACTIONS: StepActions<'start_work' | 'report_additional_work' | 'complete_work'> = {
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
};
