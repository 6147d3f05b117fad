// Step 7, quality control [S1.7]: passed (the customer is told the vehicle is ready) or failed back to repair.
import { nowIso } from '../common.js';
import type { StepActions } from './handler.js';
import { notifyStaff, tellCustomer } from './tell.js';

export const QUALITY_CONTROL_ACTIONS: StepActions<'record_qc'> = {
  record_qc: {
    async apply(run, payload, actor) {
      const s = run.state;
      const result = {
        attempt: s.qc.length + 1,
        passed: payload.passed,
        failedItems: payload.passed ? [] : payload.failedItems,
        by: actor.id,
        at: nowIso(),
      };
      s.qc.push(result);
      if (!payload.passed) {
        s.reworkCount++;
        notifyStaff(run, 'manager', {
          id: `${run.visitId}:rework:${result.attempt}`,
          template: 'rework_reported',
          payload: {
            visitId: run.visitId,
            plate: s.vehicle.plate,
            attempt: result.attempt,
            failedItems: result.failedItems,
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
        type: payload.passed ? 'qc_passed' : 'qc_failed',
        actor,
        lane: 'back_stage',
        summary: payload.passed
          ? 'Quality control passed'
          : `Quality control failed (${result.failedItems.join('; ')}): back to repair, service manager told`,
        toStage: payload.passed ? 'ready_for_pickup' : 'in_repair',
        data: payload,
        records: {
          form: { id: `${run.visitId}:qc:${result.attempt}`, kind: 'qc', data: { ...payload, attempt: result.attempt } },
        },
      });
    },
  },
};
