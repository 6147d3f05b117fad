import { type Client, WorkflowUpdateFailedError } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import type { ActionActor, ActionName } from '../../domain/actions.js';
import type { VisitState } from '../../domain/visit-state.js';
import { type ActionRequest, actionUpdates, stateQuery, type VisitAck } from '../../workflows/messages.js';
import {
  advisor,
  assignedTechnician,
  estimateLines,
  foreman,
  pickup,
  qc,
  signature,
  technician,
  workCompleted,
  workStarted,
} from './visits.js';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Retries what fails because a worker or server is down; a refusal by the workflow is a real failure. */
async function persist<T>(work: () => Promise<T>, deadline: number): Promise<T> {
  for (;;) {
    try {
      return await work();
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError || Date.now() > deadline) throw err;
      await pause(300);
    }
  }
}

type Step = [ActionName, (state: VisitState) => Record<string, unknown>, ActionActor | ((state: VisitState) => ActionActor)];

const STEPS: Step[] = [
  ['arrive', () => ({ coversFitted: true, mileage: 61_000 }), advisor],
  [
    'record_inspection',
    () => ({ damages: [], valuables: [], fuelLevel: 'half', mileage: 61_000, customerSignature: signature('C') }),
    advisor,
  ],
  ['record_diagnosis', () => ({ findings: 'Service due', roadTest: false }), technician],
  ['submit_estimate', () => ({ lines: estimateLines, promisedAt: new Date(Date.now() + 8 * 3_600_000).toISOString() }), advisor],
  [
    'decide',
    (s) => ({
      decisions: s.lines.map((l) => ({ lineId: l.id, approved: true })),
      consent: { method: 'signature', signature: signature('C') },
    }),
    advisor,
  ],
  ['assign_technician', (s) => ({ technicianId: s.dispatch.proposal?.technicianId, overrideReason: 'fault suite' }), foreman],
  ['start_work', () => workStarted, assignedTechnician],
  ['complete_work', () => workCompleted, assignedTechnician],
  ['record_qc', () => ({ passed: true }), qc],
  ['record_pickup', (s) => pickup(s.totals.totalCents), advisor],
  ['record_follow_up', () => ({ reached: true, satisfaction: 5 }), advisor],
];

const ready: Partial<Record<ActionName, (s: VisitState) => boolean>> = {
  assign_technician: (s) => s.dispatch.proposal !== null,
  record_follow_up: (s) => s.stage === 'follow_up',
};

/**
 * Walks one walk-in visit from reception to follow-up through crashes: each action has a fixed update id, so
 * a retry after a lost answer is the same update, never a second one.
 */
export async function driveVisit(client: Client, visitId: string, onStep: () => void = () => {}, timeoutMs = 240_000) {
  const deadline = Date.now() + timeoutMs;
  const handle = client.workflow.getHandle(visitId);
  for (const [index, [name, payload, actor]] of STEPS.entries()) {
    let state = await persist(() => handle.query(stateQuery), deadline);
    while (!(ready[name]?.(state) ?? true)) {
      if (Date.now() > deadline) throw new Error(`${visitId}: ${name} never became possible (stage ${state.stage})`);
      await pause(200);
      state = await persist(() => handle.query(stateQuery), deadline);
    }
    const update = actionUpdates[name] as UpdateDefinition<VisitAck, [ActionRequest]>;
    const request = { actor: typeof actor === 'function' ? actor(state) : actor, payload: payload(state) } as ActionRequest;
    await persist(() => handle.executeUpdate(update, { args: [request], updateId: `${visitId}:step:${index}` }), deadline);
    onStep();
  }
}
