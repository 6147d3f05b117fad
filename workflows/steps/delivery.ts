// Step 8, delivery [S1.8]: the delivery checklist, payment of the invoice total, the vehicle's service history.
import { patched } from '@temporalio/workflow';
import { invalid, nowIso } from '../common.js';
import { CUSTOMER_COPIES_PATCH, money, type StepActions } from './handler.js';
import { planMaintenance } from './reminder.js';
import { tellCustomer } from './tell.js';

/**
 * Patch id of planning the next maintenance at pickup rather than once the follow-up is over: the customer is
 * told its date and mileage at delivery [S1.8], so the invoice they take away, its copy on their channel and
 * the visit page carry it from then on, and the reminder later goes out on that same figure.
 */
export const NEXT_SERVICE_AT_PICKUP_PATCH = 'next-service-at-pickup';

export const DELIVERY_ACTIONS: StepActions<'record_pickup'> = {
  record_pickup: {
    check: (run, p) => {
      const total = run.state.totals.totalCents;
      if (p.payment.amountCents !== total)
        throw invalid(`payment.amountCents: the invoice total is ${total}, not ${p.payment.amountCents}`);
    },
    async apply(run, payload, actor) {
      const s = run.state;
      const at = nowIso();
      s.pickup = { at, paidCents: payload.payment.amountCents, method: payload.payment.method };
      const done = s.lines.filter((l) => l.status === 'done');
      await run.event({
        type: 'picked_up',
        actor,
        lane: 'customer',
        summary: `Delivered and paid ${money(payload.payment.amountCents)} by ${payload.payment.method}; covers removed`,
        toStage: 'follow_up',
        data: payload,
        records: {
          form: { id: `${run.visitId}:delivery`, kind: 'delivery', data: payload },
          invoice: {
            labourCents: s.totals.labourCents,
            partsCents: s.totals.partsCents,
            discountCents: s.totals.discountCents,
            taxCents: s.totals.taxCents,
            totalCents: s.totals.totalCents,
            paidCents: payload.payment.amountCents,
            paymentMethod: payload.payment.method,
          },
          serviceHistory: {
            vin: s.vehicle.vin,
            mileage: s.arrival?.mileage ?? s.vehicle.mileage ?? null,
            advisorId: s.advisorId,
            jobType: s.warranty?.covered ? 'warranty' : done.some((l) => l.campaign) ? 'campaign' : 'customer_pay',
            description: done.map((l) => l.description).join('; ') || 'Inspection only',
            totalCents: s.totals.totalCents,
          },
        },
      });
      if (patched(NEXT_SERVICE_AT_PICKUP_PATCH)) await planMaintenance(run);
      if (run.patched(CUSTOMER_COPIES_PATCH))
        tellCustomer(run, {
          id: `${run.visitId}:invoice`,
          template: 'invoice_issued',
          payload: { plate: s.vehicle.plate, totalCents: s.totals.totalCents },
          document: 'invoice',
        });
    },
  },
};
