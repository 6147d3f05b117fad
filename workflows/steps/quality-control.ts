// Step 7, quality control [S1.7]: passed (the customer is told the vehicle is ready) or failed back to repair. The
// maintenance checklist of the visit's packages comes with the record (domain/checklist-rules.ts): a failed item
// fails the vehicle whatever the inspector chose, and is named to the service manager and on the timeline.
import { checklistRefusal, failedChecks } from '../../domain/checklist-rules.js';
import { invalid, nowIso } from '../common.js';
import type { StepActions } from './handler.js';
import { notifyStaff, tellCustomer } from './tell.js';

export const QUALITY_CONTROL_ACTIONS: StepActions<'record_qc'> = {
  record_qc: {
    check(_run, payload) {
      const refused = checklistRefusal(payload.passed, payload.requiredChecks ?? [], payload.checklist ?? []);
      if (refused) throw invalid(refused);
    },
    async apply(run, payload, actor) {
      const s = run.state;
      const failedChecklist = failedChecks(payload.requiredChecks ?? [], payload.checklist ?? []);
      const passed = payload.passed && failedChecklist.length === 0;
      const result = {
        attempt: s.qc.length + 1,
        passed,
        failedItems: payload.passed ? [] : (payload.failedItems ?? []),
        ...(failedChecklist.length ? { failedChecklist } : {}),
        by: actor.id,
        at: nowIso(),
      };
      s.qc.push(result);
      if (!passed) {
        s.reworkCount++;
        notifyStaff(run, 'manager', {
          id: `${run.visitId}:rework:${result.attempt}`,
          template: 'rework_reported',
          payload: {
            visitId: run.visitId,
            plate: s.vehicle.plate,
            attempt: result.attempt,
            failedItems: result.failedItems,
            ...(failedChecklist.length ? { failedChecklist } : {}),
            technicianId: s.dispatch.technicianId,
          },
        });
      } else {
        tellCustomer(run, {
          id: `${run.visitId}:ready`,
          template: 'vehicle_ready',
          payload: { plate: s.vehicle.plate, totalCents: s.totals.totalCents },
        });
      }
      await run.event({
        type: passed ? 'qc_passed' : 'qc_failed',
        actor,
        lane: 'back_stage',
        summary: passed
          ? 'Quality control passed'
          : `Quality control failed (${[...result.failedItems, ...failedChecklist.map((c) => c.description)].join('; ')}): back to repair, service manager told`,
        toStage: passed ? 'ready_for_pickup' : 'in_repair',
        data: failedChecklist.length ? { ...payload, failedChecklist } : payload,
        records: {
          form: { id: `${run.visitId}:qc:${result.attempt}`, kind: 'qc', data: { ...payload, attempt: result.attempt } },
        },
      });
    },
  },
};
