// The promised delivery time, from the estimate to quality control [S1.4, S3.4]: a new time agreed with the
// customer, and the watch that flags the visit at risk before it and late after it.
import { condition, patched } from '@temporalio/workflow';
import { isAtOrPast } from '../../domain/stage-rules.js';
import { invalid } from '../common.js';
import { waitUntil } from '../timers.js';
import { SYSTEM, type VisitRun } from '../visit-run.js';
import { future, type StepActions } from './handler.js';
import { tellCustomer, tellStaff } from './tell.js';

export const PROMISED_TIME_ACTIONS: StepActions<'revise_promise'> = {
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
      tellCustomer(run, {
        id: `${consentId}:promise`,
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
};

/**
 * Patch id: the at-risk call leaves the list once it is moot, when a new promised time is agreed or the vehicle is
 * ready. It stayed open for ever, so the call list still asked to warn customers whose cars were long picked up.
 */
export const AT_RISK_CALL_CLOSES_PATCH = 'at-risk-call-closes';

/** The promised delivery time [S3.4]: at risk when work is not in QC by promised − buffer, late past it. */
export async function watchPromise(run: VisitRun): Promise<void> {
  const s = run.state;
  for (;;) {
    await condition(() => run.ended || s.promisedAt !== undefined);
    if (run.ended || s.promisedAt === undefined) return;
    const rev = run.promiseRev;
    const promised = Date.parse(s.promisedAt);
    const renewed = () => run.promiseRev !== rev || run.ended;
    // Asked only once a promise is at risk, so a visit whose promises never are records no marker for it; a visit
    // started before the patch follows, on replay, exactly the steps it ran.
    let closesAtRisk = false;
    const atRiskTask = `${run.visitId}:at-risk:${rev}`;
    const closeAtRiskCall = () => {
      if (!run.ended) run.closeTask(atRiskTask, SYSTEM.id, renewed() ? { promisedAt: s.promisedAt } : { ready: true });
    };
    if (
      !(await waitUntil(
        () => renewed() || isAtOrPast(s.stage, 'quality_check'),
        run.after(promised, -run.policy.atRiskBufferMs),
        'promised time: at risk if not in QC',
      ))
    ) {
      s.atRisk = true;
      closesAtRisk = patched(AT_RISK_CALL_CLOSES_PATCH);
      await tellStaff(run, {
        to: 'advisor',
        task: {
          id: atRiskTask,
          kind: 'at_risk',
          title: `${s.vehicle.plate} may miss its promised time ${s.promisedAt}: tell the customer or re-plan`,
          dueAt: s.promisedAt,
        },
        notice: {
          id: `${run.visitId}:at-risk:${rev}`,
          template: 'promise_at_risk',
          payload: { promisedAt: s.promisedAt },
        },
        event: {
          type: 'promise_at_risk',
          lane: 'back_stage',
          summary: 'Not in quality control yet: promised time at risk, advisor told',
        },
      });
    }
    if (renewed()) {
      if (closesAtRisk) closeAtRiskCall();
      continue;
    }
    if (
      !(await waitUntil(() => renewed() || isAtOrPast(s.stage, 'ready_for_pickup'), promised, 'promised time: late if not ready'))
    ) {
      s.late = true;
      await run.event({
        type: 'promise_missed',
        actor: SYSTEM,
        lane: 'back_stage',
        summary: 'Promised time passed before the vehicle was ready',
      });
    }
    if (closesAtRisk) {
      await condition(() => renewed() || isAtOrPast(s.stage, 'ready_for_pickup'));
      closeAtRiskCall();
      if (renewed()) continue;
    }
    await condition(renewed);
  }
}
