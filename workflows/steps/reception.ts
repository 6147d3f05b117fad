// Step 2, reception [S1.2]: the vehicle arrives (covers fitted), the signed walk-around, requests and warranty.
import { nowIso } from '../common.js';
import { appointmentTaskIds } from './appointment.js';
import type { StepActions } from './handler.js';

export const RECEPTION_ACTIONS: StepActions<'arrive' | 'record_inspection' | 'record_requests' | 'check_warranty'> = {
  arrive: {
    async apply(run, payload, actor) {
      run.state.arrival = {
        at: nowIso(),
        mileage: payload.mileage,
        coversFitted: true,
        customerWaiting: payload.customerWaiting,
      };
      run.state.vehicle.mileage = payload.mileage;
      for (const id of appointmentTaskIds(run)) run.closeTask(id, actor.id, { arrived: true });
      await run.event({
        type: 'arrived',
        actor,
        lane: 'customer',
        summary: `Vehicle received at ${payload.mileage} km, protective covers fitted${payload.customerWaiting ? ', customer waiting' : ''}`,
        toStage: 'reception',
        data: payload,
        records: { form: { id: `${run.visitId}:reception`, kind: 'reception', data: payload } },
      });
    },
  },

  record_inspection: {
    async apply(run, payload, actor) {
      const { customerSignature, ...form } = payload;
      run.state.inspection = { ...form, signedBy: customerSignature.signedBy, at: nowIso() };
      await run.event({
        type: 'inspection_signed',
        actor,
        lane: 'front_stage',
        summary: `Walk-around: ${payload.damages.length} damage(s), ${payload.valuables.length} valuable(s), fuel ${payload.fuelLevel}; signed by ${customerSignature.signedBy}`,
        toStage: 'diagnosis',
        data: { ...form, signedBy: customerSignature.signedBy },
        records: { form: { id: `${run.visitId}:inspection`, kind: 'inspection', data: payload } },
      });
    },
  },

  record_requests: {
    async apply(run, payload, actor) {
      const known = new Set(run.state.requestedServices);
      run.state.requestedServices.push(...payload.requests.filter((r) => !known.has(r)));
      await run.event({
        type: 'requests_confirmed',
        actor,
        lane: 'customer',
        summary: `Customer requests: ${payload.requests.join('; ')}`,
        data: payload,
      });
    },
  },

  check_warranty: {
    async apply(run, payload, actor) {
      run.state.warranty = { covered: payload.covered, reference: payload.reference };
      await run.event({
        type: 'warranty_checked',
        actor,
        lane: 'back_stage',
        summary: payload.covered
          ? `Covered by warranty${payload.reference ? ` (${payload.reference})` : ''}`
          : 'Not covered by warranty',
        data: payload,
      });
    },
  },
};
