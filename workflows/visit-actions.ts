import { patched } from '@temporalio/workflow';
import type { ActionActor, ActionName, ActionPayload } from '../domain/actions.js';
import { priceLine, visitSubtotalOutOfBounds } from '../domain/money-rules.js';
import type { Approval, Line } from '../domain/visit-state.js';
import { invalid, notNow, nowIso } from './common.js';
import { COMPLAINT_FROM_FOLLOW_UP_PATCH, openComplaintForVisit } from './complaint-link.js';
import type { VisitRun } from './visit-run.js';

/**
 * Patch id of the follow-up call being owed until the customer is reached: a call logged before the task was due
 * puts the task on the list (closed or due again with the call's outcome), and an unanswered early call neither
 * keeps the call off the list nor stops the escalation at the deadline.
 */
export const FOLLOW_UP_OWED_UNTIL_REACHED_PATCH = 'follow-up-owed-until-reached';

interface ActionHandler<A extends ActionName> {
  /** Preconditions beyond stage and payload shape; throws notNow (409) or invalid (422). Must not change state. */
  check?(run: VisitRun, payload: ActionPayload<A>): void;
  /** Changes the state synchronously (so a concurrent action already sees it), then awaits the write. */
  apply(run: VisitRun, payload: ActionPayload<A>, actor: ActionActor): Promise<void>;
}

const future = (iso: string, field: string) => {
  if (Date.parse(iso) <= Date.now()) throw invalid(`${field}: must be in the future`);
};

const newLines = (run: VisitRun, source: Line['source'], input: ActionPayload<'submit_estimate'>['lines']): Line[] =>
  input.map((l) => ({
    id: `${run.visitId}:${run.nextId('L')}`,
    source,
    kind: l.kind,
    description: l.description,
    jobCode: l.jobCode,
    quantity: l.quantity,
    unitPriceCents: l.unitPriceCents,
    discountCents: l.discountCents,
    totalCents: priceLine(l).totalCents,
    requiredSkill: l.requiredSkill,
    campaign: l.campaign,
    recommended: l.recommended,
    status: 'proposed',
    offeredFromLineId: l.offeredFromLineId,
  }));

const checkOffered = (run: VisitRun, lines: ActionPayload<'submit_estimate'>['lines']) => {
  lines.forEach((l, i) => {
    if (l.offeredFromLineId && !run.state.declinedBefore.some((d) => d.lineId === l.offeredFromLineId))
      throw invalid(`lines.${i}.offeredFromLineId: ${l.offeredFromLineId} is not a recommendation declined on this vehicle`);
  });
};

/** New lines and every line the visit may still charge stay within what its invoice can hold. */
const checkVisitTotal = (run: VisitRun, lines: ActionPayload<'submit_estimate'>['lines']) => {
  const charged = run.state.lines.reduce((sum, l) => sum + (l.status === 'declined' || l.campaign ? 0 : l.totalCents), 0);
  const problem = visitSubtotalOutOfBounds(lines, charged);
  if (problem) throw invalid(`lines: ${problem}`);
};

const money = (cents: number) => (cents / 100).toFixed(2);

/** Patch id: a customer who decides on the signed link is news for the visit's advisor. */
export const CUSTOMER_DECISION_TELLS_ADVISOR_PATCH = 'customer-decision-tells-advisor';
/** Patch id of the customer's copies [S1.2]: the signed estimate (the pickup voucher) and the invoice, sent to them. */
export const CUSTOMER_COPIES_PATCH = 'customer-keeps-copies';

/**
 * The "please decide" message of an approval, with its link: the worker mints a fresh signed link for this
 * approval into it. Only the activity's input changes here (no new command), so running visits replay as before.
 */
export function askCustomer(run: VisitRun, approval: Approval, kind: 'requested' | 'resent' | 'reminder', n = '') {
  const lines = run.state.lines.filter((l) => approval.lineIds.includes(l.id));
  const added = lines.reduce((sum, l) => sum + (l.campaign ? 0 : l.totalCents), 0);
  const request = approval.subject === 'estimate' ? 'estimate_ready' : 'additional_work_found';
  run.notify({
    id: `${approval.id}:${kind}${n ? `:${n}` : ''}`,
    audience: 'customer',
    to: run.state.customer.id,
    template: kind === 'reminder' ? 'approval_reminder' : request,
    payload: {
      approvalId: approval.id,
      sentAs: kind,
      ...(kind === 'reminder' ? {} : { lines: lines.length, addedCents: added, promisedAt: run.state.promisedAt }),
    },
    approvalLink: { approvalId: approval.id },
  });
}

/** Opens an approval for new lines and asks the customer; the stall timers start from here. */
async function requestApproval(
  run: VisitRun,
  subject: 'estimate' | 'additional_work',
  payload: ActionPayload<'submit_estimate'>,
  actor: ActionActor,
  summary: string,
) {
  const lines = newLines(run, subject, payload.lines);
  run.state.lines.push(...lines);
  const approval: Approval = {
    id: `${run.visitId}:${run.nextId('A')}`,
    subject,
    lineIds: lines.map((l) => l.id),
    requestedAt: nowIso(),
    consentIds: [],
  };
  run.state.approvals.push(approval);
  run.setPromisedAt(payload.promisedAt);
  const added = lines.reduce((sum, l) => sum + (l.campaign ? 0 : l.totalCents), 0);
  askCustomer(run, approval, 'requested');
  await run.event({
    type: subject === 'estimate' ? 'estimate_submitted' : 'additional_work_reported',
    actor,
    lane: 'back_stage',
    summary: `${summary}: ${lines.length} line(s), ${money(added)} before tax, promised ${payload.promisedAt}`,
    toStage: 'awaiting_approval',
    data: { approvalId: approval.id, promisedAt: payload.promisedAt },
    records: { lines },
  });
}

const bookingTaskIds = (run: VisitRun) => [
  `${run.visitId}:confirmation:${run.bookingRev}`,
  `${run.visitId}:confirmation-escalation:${run.bookingRev}`,
  `${run.visitId}:no-show:${run.bookingRev}`,
];

export const ACTION_HANDLERS: { [A in ActionName]: ActionHandler<A> } = {
  confirm_appointment: {
    check: (run) => {
      if (run.state.appointment.confirmed) throw notNow('the appointment is already confirmed');
    },
    async apply(run, payload, actor) {
      run.state.appointment.confirmed = true;
      run.closeTask(`${run.visitId}:confirmation:${run.bookingRev}`, actor.id, { confirmed: true });
      await run.event({
        type: 'appointment_confirmed',
        actor,
        lane: 'front_stage',
        summary: 'Appointment confirmed',
        data: payload,
      });
    },
  },

  record_confirmation_call: {
    async apply(run, payload, actor) {
      const confirmed = payload.reached && payload.confirmed === true;
      if (confirmed) {
        run.state.appointment.confirmed = true;
        run.closeTask(`${run.visitId}:confirmation:${run.bookingRev}`, actor.id, { reached: true, confirmed: true });
      }
      await run.event({
        type: 'confirmation_call_logged',
        actor,
        lane: 'front_stage',
        summary: !payload.reached
          ? 'Confirmation call: no answer'
          : confirmed
            ? 'Confirmation call: customer confirmed'
            : 'Confirmation call: customer cannot keep the slot',
        data: payload,
      });
    },
  },

  reschedule: {
    check: (_run, p) => future(p.appointmentAt, 'appointmentAt'),
    async apply(run, payload, actor) {
      for (const id of bookingTaskIds(run)) run.closeTask(id, actor.id, { rescheduled: payload.appointmentAt });
      run.state.appointmentAt = payload.appointmentAt;
      run.state.appointment = { confirmed: false, confirmationCalls: 0, flaggedForAdvisor: false };
      run.bookingRev++;
      run.bookedAt = Date.now();
      run.noShowTaskOpened = false;
      await run.event({
        type: 'rescheduled',
        actor,
        lane: 'front_stage',
        summary: `Re-booked for ${payload.appointmentAt}`,
        data: payload,
      });
    },
  },

  cancel: {
    async apply(run, payload, actor) {
      run.closeAllTasks({ cancelled: payload.reason });
      await run.event({
        type: 'cancelled',
        actor,
        lane: 'customer',
        summary: `Cancelled: ${payload.reason}`,
        toStage: 'cancelled',
        data: payload,
      });
    },
  },

  mark_no_show: {
    async apply(run, payload, actor) {
      run.closeAllTasks({ noShow: true });
      await run.event({
        type: 'no_show',
        actor,
        lane: 'front_stage',
        summary: 'Closed as no-show',
        toStage: 'no_show',
        data: payload,
      });
    },
  },

  arrive: {
    check: (run) => {
      if (run.state.arrival) throw notNow('the vehicle has already arrived');
    },
    async apply(run, payload, actor) {
      run.state.arrival = {
        at: nowIso(),
        mileage: payload.mileage,
        coversFitted: true,
        customerWaiting: payload.customerWaiting,
      };
      run.state.vehicle.mileage = payload.mileage;
      for (const id of bookingTaskIds(run)) run.closeTask(id, actor.id, { arrived: true });
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
    check: (run) => {
      if (!run.state.arrival) throw notNow('record the arrival with the protective covers fitted first');
    },
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

  record_diagnosis: {
    async apply(run, payload, actor) {
      const { customerSignature, ...report } = payload;
      run.state.diagnosis = { ...report, signedBy: customerSignature?.signedBy, at: nowIso() };
      await run.event({
        type: 'diagnosed',
        actor,
        lane: 'back_stage',
        summary: `Diagnosis: ${payload.findings.slice(0, 120)}${payload.roadTest ? ' (road test)' : ''}`,
        data: { ...report, signedBy: customerSignature?.signedBy },
        records: { form: { id: `${run.visitId}:diagnosis:${run.nextId('D')}`, kind: 'diagnosis', data: payload } },
      });
    },
  },

  submit_estimate: {
    check: (run, p) => {
      if (!run.state.diagnosis) throw notNow('record the diagnosis before the estimate');
      future(p.promisedAt, 'promisedAt');
      checkOffered(run, p.lines);
      checkVisitTotal(run, p.lines);
    },
    apply: (run, payload, actor) => requestApproval(run, 'estimate', payload, actor, 'Estimate'),
  },

  send_approval_link: {
    check: (run) => {
      if (!run.state.approvals.some((a) => !a.decidedAt)) throw notNow('no approval is waiting for the customer');
    },
    async apply(run, _payload, actor) {
      const approval = run.state.approvals.find((a) => !a.decidedAt);
      if (!approval) return;
      approval.linkResentAt = nowIso();
      askCustomer(run, approval, 'resent', run.nextId('R'));
      await run.event({
        type: 'approval_link_resent',
        actor,
        lane: 'front_stage',
        summary: 'Approval link sent to the customer again',
        data: { approvalId: approval.id },
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
      await requestApproval(run, 'additional_work', payload, actor, `Additional work (${payload.reason})`);
    },
  },

  decide: {
    check: (run, p) => {
      const seen = new Set<string>();
      p.decisions.forEach((d, i) => {
        const line = run.findLine(d.lineId);
        if (!line) throw invalid(`decisions.${i}.lineId: no line ${d.lineId} on this visit`);
        if (line.status !== 'proposed') throw invalid(`decisions.${i}.lineId: line ${d.lineId} is already ${line.status}`);
        if (seen.has(d.lineId)) throw invalid(`decisions.${i}.lineId: line ${d.lineId} is decided twice`);
        seen.add(d.lineId);
      });
      if (p.consent.method === 'phone' && Date.parse(p.consent.calledAt) > Date.now() + 60_000)
        throw invalid('consent.calledAt: the call cannot be in the future');
    },
    async apply(run, payload, actor) {
      const s = run.state;
      const approval = s.approvals.find((a) => !a.decidedAt);
      const consentId = `${run.visitId}:${run.nextId('C')}`;
      const decided: Line[] = [];
      for (const d of payload.decisions) {
        const line = run.findLine(d.lineId);
        if (!line) continue;
        line.status = d.approved ? 'approved' : 'declined';
        line.consentId = consentId;
        decided.push(line);
      }
      approval?.consentIds.push(consentId);
      const stillOpen = s.lines.some((l) => l.status === 'proposed');
      let toStage: typeof s.stage | undefined;
      if (approval && !stillOpen) {
        approval.decidedAt = nowIso();
        const anyApproved = s.lines.some((l) => l.status === 'approved');
        if (approval.subject === 'additional_work') toStage = 'in_repair';
        else toStage = anyApproved ? 'awaiting_dispatch' : 'ready_for_pickup';
      }
      const approved = decided.filter((l) => l.status === 'approved');
      const declined = decided.filter((l) => l.status === 'declined');
      const how =
        payload.consent.method === 'signature'
          ? `signed by ${payload.consent.signature.signedBy}`
          : `by phone (call ${payload.consent.callReference})`;
      const write = run.event({
        type: 'customer_decided',
        actor,
        lane: 'customer',
        summary: `Customer approved ${approved.length} and declined ${declined.length} line(s), ${how}`,
        toStage,
        data: { approvalId: approval?.id, decisions: payload.decisions, consentMethod: payload.consent.method },
        records: {
          lines: decided,
          consent: {
            id: consentId,
            subject: approval?.subject ?? 'estimate',
            lineIds: decided.map((l) => l.id),
            evidence: payload.consent,
          },
          declined: declined.map((l) => ({
            lineId: l.id,
            visitId: run.visitId,
            vin: s.vehicle.vin,
            description: l.description,
            kind: l.kind,
            quantity: l.quantity,
            unitPriceCents: l.unitPriceCents,
            totalCents: l.totalCents,
            declinedAt: nowIso(),
          })),
          resolvedRecommendations: decided
            .filter((l) => l.offeredFromLineId)
            .map((l) => ({
              lineId: l.offeredFromLineId as string,
              status: l.status === 'approved' ? ('accepted' as const) : ('declined_again' as const),
              visitId: run.visitId,
            })),
        },
      });
      if (approval?.decidedAt) run.closeTask(`${approval.id}:escalation`, actor.id, { decided: true });
      // The advisor learns it from a message (a decision taken by phone was the advisor's own call).
      if (actor.role === 'customer' && patched(CUSTOMER_DECISION_TELLS_ADVISOR_PATCH))
        run.notify({
          id: `${consentId}:advisor`,
          audience: 'advisor',
          to: s.advisorId,
          template: 'customer_decided',
          payload: {
            approvalId: approval?.id,
            customer: s.customer.name,
            plate: s.vehicle.plate,
            subject: approval?.subject ?? 'estimate',
            approved: approved.length,
            declined: declined.length,
            stillOpen,
          },
        });
      // A signed estimate is the customer's pickup voucher: they keep a copy [S1.2].
      if (payload.consent.method === 'signature' && patched(CUSTOMER_COPIES_PATCH))
        run.notify({
          id: `${consentId}:copy`,
          audience: 'customer',
          to: s.customer.id,
          template: 'estimate_signed',
          payload: { plate: s.vehicle.plate, promisedAt: s.promisedAt },
          document: 'estimate',
        });
      await write;
    },
  },

  // A changed delivery time needs the customer's consent like the work itself [S1.4]; a new handler, so
  // running visits replay unchanged.
  revise_promise: {
    check: (run, p) => {
      future(p.promisedAt, 'promisedAt');
      if (p.promisedAt === run.state.promisedAt) throw invalid('promisedAt: this is the promised time already');
      if (p.consent.method === 'phone' && Date.parse(p.consent.calledAt) > Date.now() + 60_000)
        throw invalid('consent.calledAt: the call cannot be in the future');
    },
    async apply(run, payload, actor) {
      const before = run.state.promisedAt;
      const consentId = `${run.visitId}:${run.nextId('C')}`;
      run.setPromisedAt(payload.promisedAt);
      run.notify({
        id: `${consentId}:promise`,
        audience: 'customer',
        to: run.state.customer.id,
        template: 'promise_revised',
        payload: { plate: run.state.vehicle.plate, promisedAt: payload.promisedAt, previousPromisedAt: before ?? null },
      });
      const how =
        payload.consent.method === 'signature'
          ? `signed by ${payload.consent.signature.signedBy}`
          : `by phone (call ${payload.consent.callReference})`;
      await run.event({
        type: 'promise_revised',
        actor,
        lane: 'customer',
        summary: `New promised time ${payload.promisedAt}${before ? ` (was ${before})` : ''}, agreed ${how}: ${payload.reason}`,
        data: { promisedAt: payload.promisedAt, previousPromisedAt: before ?? null, reason: payload.reason, consentId },
        records: { consent: { id: consentId, subject: 'promise', lineIds: [], evidence: payload.consent } },
      });
    },
  },

  assign_technician: {
    check: (run, p) => {
      // Sent through the API, the choice was checked against the workshop plan of that moment (who is active,
      // qualified, proposed): the visit has no reading of its own to wait for.
      if (p.plan) return;
      // Sent without a plan (tools talking to Temporal directly): checked against the visit's own reading.
      if (run.dispatchCandidates === null) throw notNow('the dispatch proposal is still being prepared; try again in a moment');
      if (!run.dispatchCandidates.includes(p.technicianId))
        throw invalid(`technicianId: ${p.technicianId} is not an active technician`);
      const proposed = run.state.dispatch.proposal?.technicianId;
      if (proposed && proposed !== p.technicianId && !p.overrideReason)
        throw invalid(`overrideReason: say why ${p.technicianId} rather than ${proposed}, whom the plan proposes`);
    },
    async apply(run, payload, actor) {
      const { plan, ...choice } = payload;
      run.state.dispatch = {
        ...run.state.dispatch,
        // The proposal the choice was made against, not the one read when the job reached dispatch.
        ...(plan ? { proposal: plan.proposal, planVersion: plan.version } : {}),
        technicianId: choice.technicianId,
        assignedAt: nowIso(),
        overrideReason: choice.overrideReason,
      };
      await run.event({
        type: 'dispatched',
        actor,
        lane: 'back_stage',
        summary: `Dispatched to ${choice.technicianId}${choice.overrideReason ? ` (override: ${choice.overrideReason})` : ''}`,
        toStage: 'in_repair',
        data: payload,
      });
    },
  },

  start_work: {
    check: (run) => {
      if (run.state.work.inProgress) throw notNow('the work is already in progress');
    },
    async apply(run, _payload, actor) {
      const resumed = Boolean(run.state.work.startedAt);
      run.state.work.inProgress = true;
      run.state.work.startedAt ??= nowIso();
      await run.event({ type: 'work_started', actor, lane: 'back_stage', summary: resumed ? 'Work resumed' : 'Work started' });
    },
  },

  complete_work: {
    check: (run) => {
      if (!run.state.work.inProgress) throw notNow('start the work before completing it');
    },
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
    },
  },

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
        run.notify({
          id: `${run.visitId}:rework:${result.attempt}`,
          audience: 'manager',
          to: 'service-manager',
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
        run.notify({
          id: `${run.visitId}:ready`,
          audience: 'customer',
          to: s.customer.id,
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
      if (patched(CUSTOMER_COPIES_PATCH))
        run.notify({
          id: `${run.visitId}:invoice`,
          audience: 'customer',
          to: s.customer.id,
          template: 'invoice_issued',
          payload: { plate: s.vehicle.plate, totalCents: s.totals.totalCents },
          document: 'invoice',
        });
    },
  },

  record_follow_up: {
    check: (_run, p) => {
      if (p.reached && p.satisfaction === undefined) throw invalid('satisfaction: required when the customer was reached (1–5)');
    },
    async apply(run, payload, actor) {
      const f = run.state.followUp;
      const followUpTask = `${run.visitId}:follow-up`;
      // A call logged before its task was due answers that task: it is put on the list first, so every delivered
      // visit keeps one follow-up task, closed with the call's outcome or due again for the next attempt.
      const deliveredAt = Date.parse(run.state.pickup?.at ?? nowIso());
      if (
        f.attempts === 0 &&
        Date.now() < deliveredAt + run.policy.followUpCallAfterMs &&
        patched(FOLLOW_UP_OWED_UNTIL_REACHED_PATCH)
      )
        run.task({
          id: followUpTask,
          kind: 'follow_up_call',
          assigneeRole: 'advisor',
          title: `Follow-up call to ${run.state.customer.name} (${run.state.vehicle.plate})`,
          dueAt: new Date(deliveredAt + run.policy.followUpDeadlineMs).toISOString(),
          attempt: 1,
        });
      f.attempts++;
      const attempt = f.attempts;
      let summary = 'Follow-up call: no answer';
      if (payload.reached) {
        f.reached = true;
        f.satisfaction = payload.satisfaction;
        run.closeTask(followUpTask, actor.id, { reached: true, satisfaction: payload.satisfaction });
        run.closeTask(`${run.visitId}:follow-up-escalation`, actor.id, { reached: true });
        summary = `Follow-up call: satisfaction ${payload.satisfaction}/5${payload.complaint ? ', complaint' : ''}`;
        if ((payload.satisfaction ?? 5) <= 2 || payload.complaint) {
          f.supervisorNotified = true;
          run.notify({
            id: `${run.visitId}:dissatisfied`,
            audience: 'supervisor',
            to: 'service-supervisor',
            template: 'customer_dissatisfied',
            payload: {
              visitId: run.visitId,
              satisfaction: payload.satisfaction,
              complaint: payload.complaint,
              comments: payload.comments,
            },
          });
          run.task({
            id: `${run.visitId}:supervisor-review`,
            kind: 'supervisor_review',
            assigneeRole: 'supervisor',
            title: `Dissatisfied customer ${run.state.customer.name} (${run.state.vehicle.plate}): call back`,
            dueAt: new Date(Date.now() + 24 * 3_600_000).toISOString(),
            attempt: 1,
          });
        }
      } else {
        const retryAt = Date.now() + run.policy.followUpRetryMs;
        run.task({
          id: followUpTask,
          kind: 'follow_up_call',
          assigneeRole: 'advisor',
          title: `Follow-up call to ${run.state.customer.name} (${run.state.vehicle.plate}), attempt ${attempt + 1}`,
          dueAt: new Date(retryAt).toISOString(),
          attempt: attempt + 1,
        });
      }
      await run.event({
        type: 'follow_up_logged',
        actor,
        lane: 'front_stage',
        summary,
        toStage: payload.reached ? 'aftercare' : undefined,
        data: payload,
        records: {
          followUp: { attempt, reached: payload.reached, satisfaction: payload.satisfaction, comments: payload.comments },
        },
      });
      // A dissatisfied customer also gets a complaint with SLA clocks [S4], linked to this visit (care issue).
      if (f.supervisorNotified && payload.reached && patched(COMPLAINT_FROM_FOLLOW_UP_PATCH))
        await openComplaintForVisit({
          visitId: run.visitId,
          customer: { id: run.state.customer.id, name: run.state.customer.name },
          plate: run.state.vehicle.plate,
          satisfaction: payload.satisfaction,
          complaint: payload.complaint,
          comments: payload.comments,
        });
    },
  },
};
