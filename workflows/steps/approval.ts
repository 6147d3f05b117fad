// Step 4, estimate and approval [S1.4]: lines priced and offered, the customer's decision by signature or phone,
// the reminder and the escalation while the customer sits on it. Additional work found in repair asks the same way.
import { condition, patched } from '@temporalio/workflow';
import type { ActionActor, ActionPayload } from '../../domain/actions.js';
import { priceLine, visitSubtotalOutOfBounds } from '../../domain/money-rules.js';
import type { Approval, Line } from '../../domain/visit-state.js';
import { invalid, nowIso } from '../common.js';
import { waitUntil } from '../timers.js';
import { SYSTEM, type VisitRun } from '../visit-run.js';
import { CUSTOMER_COPIES_PATCH, future, money, type StepActions } from './handler.js';
import { notifyStaff, tellCustomer, tellStaff } from './tell.js';

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
    catalogue: l.catalogue,
  }));

export const checkOffered = (run: VisitRun, lines: ActionPayload<'submit_estimate'>['lines']) => {
  lines.forEach((l, i) => {
    if (l.offeredFromLineId && !run.state.declinedBefore.some((d) => d.lineId === l.offeredFromLineId))
      throw invalid(`lines.${i}.offeredFromLineId: ${l.offeredFromLineId} is not a recommendation declined on this vehicle`);
  });
};

/** New lines and every line the visit may still charge stay within what its invoice can hold. */
export const checkVisitTotal = (run: VisitRun, lines: ActionPayload<'submit_estimate'>['lines']) => {
  const charged = run.state.lines.reduce((sum, l) => sum + (l.status === 'declined' || l.campaign ? 0 : l.totalCents), 0);
  const problem = visitSubtotalOutOfBounds(lines, charged);
  if (problem) throw invalid(`lines: ${problem}`);
};

/**
 * Patch id: additional work the customer declines in full leaves the promise where it was. Its later promise was
 * asked with it, never agreed; kept, it hid a late vehicle from the on-time figure and from the promise watch.
 */
export const DECLINED_WORK_KEEPS_PROMISE_PATCH = 'declined-work-keeps-promise';

/** Patch id: a customer who decides on the signed link is news for the visit's advisor. */
export const CUSTOMER_DECISION_TELLS_ADVISOR_PATCH = 'customer-decision-tells-advisor';

/**
 * The "please decide" message of an approval, with its link: the worker mints a fresh signed link for this
 * approval into it. Only the activity's input changes here (no new command), so running visits replay as before.
 */
export function askCustomer(run: VisitRun, approval: Approval, kind: 'requested' | 'resent' | 'reminder', n = '') {
  const lines = run.state.lines.filter((l) => approval.lineIds.includes(l.id));
  const added = lines.reduce((sum, l) => sum + (l.campaign ? 0 : l.totalCents), 0);
  const request = approval.subject === 'estimate' ? 'estimate_ready' : 'additional_work_found';
  tellCustomer(run, {
    id: `${approval.id}:${kind}${n ? `:${n}` : ''}`,
    template: kind === 'reminder' ? 'approval_reminder' : request,
    payload: {
      approvalId: approval.id,
      sentAs: kind,
      ...(kind === 'reminder'
        ? {}
        : { lines: lines.length, addedCents: added, promisedAt: run.state.promisedAt, reason: approval.reason }),
    },
    approvalLink: { approvalId: approval.id },
  });
}

/** Opens an approval for new lines and asks the customer; the stall timers start from here. */
export async function requestApproval(
  run: VisitRun,
  subject: 'estimate' | 'additional_work',
  payload: ActionPayload<'submit_estimate'>,
  actor: ActionActor,
  summary: string,
  reason?: string,
) {
  const lines = newLines(run, subject, payload.lines);
  run.state.lines.push(...lines);
  const approval: Approval = {
    id: `${run.visitId}:${run.nextId('A')}`,
    subject,
    lineIds: lines.map((l) => l.id),
    requestedAt: nowIso(),
    consentIds: [],
    // Kept with the approval (the read model's facts) so the customer's page and the message say why; recording more
    // data is no new command, so running visits replay as before.
    ...(reason ? { reason } : {}),
  };
  run.state.approvals.push(approval);
  if (subject === 'additional_work') run.promiseBeforeAdditionalWork = run.state.promisedAt;
  run.setPromisedAt(payload.promisedAt);
  const added = lines.reduce((sum, l) => sum + (l.campaign ? 0 : l.totalCents), 0);
  askCustomer(run, approval, 'requested');
  await run.event({
    type: subject === 'estimate' ? 'estimate_submitted' : 'additional_work_reported',
    actor,
    lane: 'back_stage',
    summary: `${summary}: ${lines.length} line(s), ${money(added)} before tax, promised ${payload.promisedAt}`,
    toStage: 'awaiting_approval',
    data: { approvalId: approval.id, promisedAt: payload.promisedAt, ...(reason ? { reason } : {}) },
    records: { lines },
  });
}

export const APPROVAL_ACTIONS: StepActions<'submit_estimate' | 'send_approval_link' | 'decide'> = {
  submit_estimate: {
    check: (run, p) => {
      future(p.promisedAt, 'promisedAt');
      checkOffered(run, p.lines);
      checkVisitTotal(run, p.lines);
    },
    apply: (run, payload, actor) => requestApproval(run, 'estimate', payload, actor, 'Estimate'),
  },

  send_approval_link: {
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
      // A call before the customer was asked cannot be their answer (a form names whole minutes, hence the minute).
      const asked = run.state.approvals.find((a) => !a.decidedAt)?.requestedAt;
      if (p.consent.method === 'phone' && asked && Date.parse(p.consent.calledAt) < Date.parse(asked) - 60_000)
        throw invalid('consent.calledAt: the call cannot be before the customer was asked');
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
      const keptPromise =
        approval?.decidedAt && approval.subject === 'additional_work' ? promiseKeptOnDecline(run, approval) : undefined;
      if (keptPromise) run.setPromisedAt(keptPromise);
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
        data: {
          approvalId: approval?.id,
          decisions: payload.decisions,
          consentMethod: payload.consent.method,
          ...(keptPromise ? { promisedAt: keptPromise } : {}),
        },
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
      if (actor.role === 'customer' && run.patched(CUSTOMER_DECISION_TELLS_ADVISOR_PATCH))
        notifyStaff(run, 'advisor', {
          id: `${consentId}:advisor`,
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
      if (payload.consent.method === 'signature' && run.patched(CUSTOMER_COPIES_PATCH))
        tellCustomer(run, {
          id: `${consentId}:copy`,
          template: 'estimate_signed',
          payload: { plate: s.vehicle.plate, promisedAt: s.promisedAt },
          document: 'estimate',
        });
      await write;
    },
  },
};

/**
 * The promise that stands again once the customer has declined every line of additional work: the one in force
 * before the work was reported. Undefined when a line was approved (the later promise came with it) or nothing moved.
 */
function promiseKeptOnDecline(run: VisitRun, approval: Approval): string | undefined {
  const before = run.promiseBeforeAdditionalWork;
  if (!before || before === run.state.promisedAt) return undefined;
  if (!approval.lineIds.every((id) => run.findLine(id)?.status === 'declined')) return undefined;
  return patched(DECLINED_WORK_KEEPS_PROMISE_PATCH) ? before : undefined;
}

/** An estimate or additional work the customer sits on: remind them, then tell the advisor. */
export async function watchApprovals(run: VisitRun): Promise<void> {
  const s = run.state;
  const watched = new Set<string>();
  const unwatched = () => s.approvals.find((a) => !a.decidedAt && !watched.has(a.id));
  for (;;) {
    await condition(() => run.ended || unwatched() !== undefined);
    const approval = unwatched();
    if (!approval) return;
    watched.add(approval.id);
    const requestedAt = Date.parse(approval.requestedAt);
    const decided = () => Boolean(approval.decidedAt) || run.ended;
    if (!(await waitUntil(decided, run.after(requestedAt, run.policy.approvalReminderMs), 'approval: remind the customer'))) {
      approval.customerRemindedAt = nowIso();
      askCustomer(run, approval, 'reminder');
      await run.event({
        type: 'approval_reminder_sent',
        actor: SYSTEM,
        lane: 'front_stage',
        summary: 'Customer reminded of the pending approval',
      });
    }
    if (
      !(await waitUntil(decided, run.after(requestedAt, run.policy.approvalEscalationMs), 'approval: escalate to the advisor'))
    ) {
      approval.escalatedAt = nowIso();
      await tellStaff(run, {
        to: 'advisor',
        task: {
          id: `${approval.id}:escalation`,
          kind: 'approval_escalation',
          title: `${s.customer.name} (${s.vehicle.plate}) has not answered the ${approval.subject === 'estimate' ? 'estimate' : 'additional work'}: call`,
          params: { subject: approval.subject },
          dueAt: nowIso(),
        },
        event: {
          type: 'approval_escalated',
          lane: 'front_stage',
          summary: 'Approval still pending: advisor asked to call the customer',
        },
      });
    }
  }
}
