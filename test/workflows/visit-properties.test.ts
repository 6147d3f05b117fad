import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { readVisit } from '../../db/visit-view.js';
import { ACTIONS, type ActionActor, type ActionName } from '../../domain/actions.js';
import { invoiceTotals } from '../../domain/money.js';
import { isEndStage, Stage } from '../../domain/stages.js';
import type { VisitState } from '../../domain/visit-state.js';
import { REJECTION } from '../../workflows/messages.js';
import { type TestStack, useTestStack } from '../support/stack.js';
import {
  act,
  advisor,
  assignedTechnician,
  comparableState,
  fastPolicy,
  foreman,
  phoneConsent,
  pickup,
  qc,
  signature,
  stateOf,
  tasksOf,
  technician,
  visitRow,
  walkIn,
  workCompleted,
  workStarted,
} from '../support/visits.js';

const HOUR = 3_600_000;
/** Who sends each action: the repair's steps the technician the job is dispatched to (domain/assignment-rules.ts). */
const ACTOR_FOR: Partial<Record<ActionName, (state: VisitState) => ActionActor>> = {
  assign_technician: () => foreman,
  start_work: (s) => (s.dispatch.technicianId ? assignedTechnician(s) : technician),
  complete_work: (s) => (s.dispatch.technicianId ? assignedTechnician(s) : technician),
  report_additional_work: (s) => (s.dispatch.technicianId ? assignedTechnician(s) : technician),
  record_diagnosis: () => technician,
  record_qc: () => qc,
};

/** Builds a payload from the visit as it is now, so random sequences reach deep into the process. */
function payloadFor(name: ActionName, state: VisitState, seed: number): Record<string, unknown> {
  const pick = <T>(items: T[]) => items[seed % Math.max(items.length, 1)];
  const lines = [
    {
      kind: 'labour',
      description: `Job ${seed}`,
      quantity: 1 + (seed % 3),
      unitPriceCents: 5_000 + seed,
      campaign: seed % 5 === 0,
    },
    { kind: 'part', description: `Part ${seed}`, quantity: 1, unitPriceCents: 999, discountCents: seed % 2 ? 100 : 0 },
  ];
  switch (name) {
    case 'arrive':
      return { coversFitted: true, mileage: 40_000 + seed };
    case 'record_inspection':
      return { damages: [], valuables: [], fuelLevel: 'full', mileage: 40_000, customerSignature: signature('C') };
    case 'record_diagnosis':
      return { findings: 'Noise', roadTest: seed % 2 === 0 };
    case 'submit_estimate':
    case 'report_additional_work':
      return { lines, promisedAt: new Date(Date.now() + 5 * HOUR).toISOString(), reason: 'found more' };
    case 'decide': {
      const pending = state.lines.filter((l) => l.status === 'proposed');
      const chosen = seed % 4 === 0 ? pending.slice(0, 1) : pending;
      return {
        decisions: (chosen.length ? chosen : state.lines.slice(0, 1)).map((l, i) => ({
          lineId: l.id,
          approved: (seed >> i) % 2 === 0,
        })),
        consent: seed % 3 === 0 ? phoneConsent(`C${seed}`, 'C') : { method: 'signature', signature: signature('C') },
      };
    }
    case 'assign_technician':
      return { technicianId: state.dispatch.proposal?.technicianId ?? pick(['tech-omar', 'tech-ivy']), overrideReason: 'test' };
    // The technician's confirmations [S1.6], left out now and then so their refusal is exercised too.
    case 'start_work':
      return seed % 11 === 0 ? {} : workStarted;
    case 'complete_work':
      return seed % 11 === 0 ? {} : workCompleted;
    case 'record_qc':
      return seed % 3 === 0 ? { passed: false, failedItems: ['wash'] } : { passed: true };
    case 'record_pickup':
      return pickup(state.totals.totalCents + (seed % 7 === 0 ? 1 : 0));
    case 'record_follow_up':
      return seed % 2 ? { reached: false } : { reached: true, satisfaction: 1 + (seed % 5) };
    case 'reschedule':
      return { appointmentAt: new Date(Date.now() + 30 * HOUR).toISOString() };
    case 'cancel':
      return { reason: 'changed mind' };
    case 'record_requests':
      return { requests: ['check tyres'] };
    case 'check_warranty':
      return { covered: seed % 2 === 0 };
    default:
      return {};
  }
}

/** The invariants of issue 7: they hold after every step, accepted or refused. */
function checkInvariants(state: VisitState) {
  expect(Stage.options).toContain(state.stage);
  for (const line of state.lines) if (line.status === 'approved' || line.status === 'done') expect(line.consentId).toBeTruthy();
  const charged = state.lines.filter((l) => (l.status === 'approved' || l.status === 'done') && !l.campaign);
  expect(state.totals).toEqual(invoiceTotals(charged, { taxRateBasisPoints: 1_900 }));
}

const ALL = Object.keys(ACTIONS) as ActionName[];
/** The happy path's order: a fitting step usually moves forward, so sequences reach pickup and follow-up. */
const FORWARD: ActionName[] = [
  'arrive',
  'record_inspection',
  'record_diagnosis',
  'submit_estimate',
  'decide',
  'assign_technician',
  'start_work',
  'complete_work',
  'record_qc',
  'record_pickup',
  'record_follow_up',
];
/**
 * The actions to try, in order, until one is accepted: mostly the forward ones the stage accepts, furthest first
 * (so sequences reach pickup and follow-up), sometimes one accepted action at random, sometimes any action at all (so
 * refusals are exercised too).
 */
const chooseActions = (dice: number, any: ActionName, seed: number, state: VisitState): ActionName[] => {
  if (dice >= 8) return [any];
  const accepted = ALL.filter((name) => (ACTIONS[name].stages as readonly string[]).includes(state.stage) && name !== 'cancel');
  const forward = FORWARD.filter((name) => accepted.includes(name));
  if (dice < 2 || forward.length === 0) return [accepted[seed % accepted.length] ?? any];
  // The furthest step first: a stage accepts earlier steps again (a second diagnosis, say), which would hold the
  // sequence in place; a later step refused for want of an earlier one falls through to it.
  return forward.reverse();
};

/**
 * The visit's state once its dispatch proposal has landed: it comes from an activity reading the workshop plan,
 * and on a busy machine a sequence could otherwise spend all its steps on an assignment refused for want of it.
 */
async function settled(stack: TestStack, visitId: string): Promise<VisitState> {
  const state = await stateOf(stack, visitId);
  if (state.stage !== 'awaiting_dispatch' || state.dispatch.proposal) return state;
  await expect.poll(async () => (await stateOf(stack, visitId)).dispatch.proposal).not.toBeNull();
  return stateOf(stack, visitId);
}

describe('random action sequences keep the visit consistent', () => {
  const stack = useTestStack({ technicians: true });

  it('stage, consent, totals and the follow-up task hold after every action', async () => {
    const deepest = new Set<string>();
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(9), fc.constantFrom(...ALL), fc.nat(1_000)), { minLength: 10, maxLength: 50 }),
        async (steps) => {
          const visitId = await walkIn(stack, { policy: fastPolicy({ followUpCallAfterMs: 0, reminderLeadMs: 0 }) });
          sequence: for (const [dice, anyAction, seed] of steps) {
            for (const name of chooseActions(dice, anyAction, seed, await settled(stack, visitId))) {
              const before = await stateOf(stack, visitId);
              try {
                await act(stack, visitId, name, payloadFor(name, before, seed), ACTOR_FOR[name]?.(before) ?? advisor);
                break;
              } catch (err) {
                // A visit that has ended is a finished workflow: there is nothing left to update.
                if (err instanceof WorkflowNotFoundError && isEndStage(before.stage)) break sequence;
                expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
                expect([REJECTION.notNow, REJECTION.invalid]).toContain(
                  ((err as WorkflowUpdateFailedError).cause as { type?: string }).type,
                );
              } finally {
                checkInvariants(await stateOf(stack, visitId));
              }
            }
            const after = await stateOf(stack, visitId);
            expect((await visitRow(stack, visitId))?.stage).toBe(after.stage);
          }
          // Whatever the sequence, the read model holds the visit as the workflow does once its writes have landed.
          await vi.waitFor(
            async () =>
              expect(comparableState((await readVisit(stack.database.db, visitId)) as VisitState)).toEqual(
                comparableState(await stateOf(stack, visitId)),
              ),
            { timeout: 30_000, interval: 250 },
          );
          const final = await stateOf(stack, visitId);
          deepest.add(final.stage);
          if (final.pickup) {
            await expect
              .poll(async () => (await tasksOf(stack, visitId)).filter((t) => t.kind === 'follow_up_call').length)
              .toBe(1);
          }
        },
      ),
      {
        // VISIT_PROPERTY_RUNS for a soak, VISIT_PROPERTY_SEED (printed on failure) to draw the same sequences again.
        numRuns: Number(process.env.VISIT_PROPERTY_RUNS ?? 12),
        seed: process.env.VISIT_PROPERTY_SEED === undefined ? undefined : Number(process.env.VISIT_PROPERTY_SEED),
        // Besides the random runs, one walk straight down the happy path (forward steps, a seed whose QC passes
        // and whose payment matches), so the later stages are always among those checked, whatever the draw.
        examples: [[Array.from({ length: 16 }, (): [number, ActionName, number] => [5, 'arrive', 2])]],
      },
    );
    // The generator must actually reach the later stages, or the invariants were never tested there.
    expect(
      [...deepest].some((stage) => ['follow_up', 'aftercare', 'closed'].includes(stage)),
      [...deepest].join(', '),
    ).toBe(true);
  });
});
