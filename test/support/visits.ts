import { QueryNotRegisteredError } from '@temporalio/client';
import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import type { z } from 'zod';
import { openVisit } from '../../api/open-visit.js';
import { outbox, tasks, technicians, visits } from '../../db/schema.js';
import { readVisit } from '../../db/visit-view.js';
import type { ActionActor, ActionName, ActionPayload, LineInput } from '../../domain/actions.js';
import { EVERY_VEHICLE_CHECKS } from '../../domain/checklist-rules.js';
import type { VisitPolicyOverride } from '../../domain/policy.js';
import type { Stage } from '../../domain/stages.js';
import type { NewVisit, VisitKind } from '../../domain/visit.js';
import type { VisitState } from '../../domain/visit-state.js';
import { actionUpdates, stateQuery } from '../../workflows/messages.js';
import type { TestStack } from './stack.js';

/** What the helpers below need of a stack: the dev server's (stack.ts) or the time-skipping one's. */
type Stack = Pick<TestStack, 'client' | 'database'>;

const HOUR = 3_600_000;

/**
 * The fixed zone (Etc/GMT±N) whose clock reads `hour`:xx at `now`: a dev-server test or a captured scenario of the
 * shop's zone then runs at that hour of the shop's day whenever the suite runs.
 */
export function zoneAtHour(hour: number, now = Date.now()): string {
  const ahead = (((hour - new Date(now).getUTCHours()) % 24) + 24) % 24;
  // The zones run from 12 hours behind UTC to 14 ahead; Etc/GMT-N is N hours ahead.
  const hours = ahead > 14 ? ahead - 24 : ahead;
  return `Etc/GMT${hours > 0 ? '-' : '+'}${Math.abs(hours)}`;
}

/** Durations short enough for the dev server; timers a test does not exercise are pushed far out. */
export const fastPolicy = (override: VisitPolicyOverride = {}): VisitPolicyOverride => ({
  confirmationLeadMs: 1_500,
  confirmationRetryMs: 600,
  confirmationAttempts: 2,
  noShowGraceMs: 1_000,
  noShowCloseMs: 100 * HOUR,
  atRiskBufferMs: 0,
  approvalReminderMs: 100 * HOUR,
  approvalEscalationMs: 200 * HOUR,
  followUpCallAfterMs: 300,
  followUpDeadlineMs: 100 * HOUR,
  followUpRetryMs: HOUR,
  followUpWindowMs: 200 * HOUR,
  // Twelve months ahead minus more than twelve months: the reminder is due at once.
  reminderLeadMs: 400 * 24 * HOUR,
  taxRateBasisPoints: 1_900,
  ...override,
});

export const advisor: ActionActor = { id: 'adv-lena', role: 'advisor' };
export const technician: ActionActor = { id: 'tech-omar', role: 'technician' };
export const foreman: ActionActor = { id: 'fm-jo', role: 'foreman' };
/** The service manager, who may record a repair step for the assigned technician as the foreman may. */
export const manager: ActionActor = { id: 'mgr-sam', role: 'manager' };
export const qc: ActionActor = { id: 'qc-kim', role: 'qc' };

export const signature = (signedBy: string) => ({ signedBy, image: 'data:image/png;base64,iVBORw0KGgo=' });
/** The customer's consent on a recorded call the advisor made just now. */
export const phoneConsent = (callReference: string, spokeWith = 'Customer') => ({
  method: 'phone' as const,
  callReference,
  calledBy: advisor.id,
  calledAt: new Date().toISOString(),
  spokeWith,
});

let vinCounter = 0;
/** A fresh customer and vehicle each call, unless a VIN is given (a returning vehicle). */
export function newVisitBody(vin?: string): NewVisit {
  vinCounter++;
  const suffix = String(vinCounter + Math.floor(Math.random() * 1e6))
    .padStart(8, '0')
    .slice(-8);
  return {
    customer: { name: `Customer ${suffix}`, phone: `+49 30 ${suffix}`, preferredChannel: 'sms' },
    vehicle: { vin: vin ?? `WVWZZZ1JZ${suffix}`, plate: `B-${suffix.slice(-4)}`, model: 'VW Golf', mileage: 40_000 },
    advisorId: advisor.id,
    requestedServices: ['Annual service'],
  };
}

export interface OpenOptions {
  policy?: VisitPolicyOverride;
  body?: NewVisit;
}

/** Opens a visit as the API does (customer file, visit row, workflow start): a fresh customer and the fast policy by default. */
async function open(stack: TestStack, kind: VisitKind, appointmentAt: string | undefined, opts: OpenOptions) {
  const start = await openVisit(
    { database: stack.database, temporal: stack.client, taskQueue: stack.taskQueue },
    opts.body ?? newVisitBody(),
    kind,
    appointmentAt,
    opts.policy ?? fastPolicy(),
  );
  return start.visitId;
}

export const bookVisit = (stack: TestStack, opts: OpenOptions & { inMs: number }) =>
  bookVisitAt(stack, { ...opts, at: Date.now() + opts.inMs });

/** A booking at `at` (epoch ms): for a test that works out what a screen shows from the very instant it books. */
export const bookVisitAt = (stack: TestStack, opts: OpenOptions & { at: number }) =>
  open(stack, 'appointment', new Date(opts.at).toISOString(), opts);

/** When bookWithCallDue's day-before call falls due, after the booking. */
export const CALL_DUE_AFTER_MS = 8_000;

/**
 * A booking an hour ahead whose day-before call falls due a few seconds after it: tests of the call never race
 * the appointment's own no-show clock, however slowly a busy machine runs them. Not sooner: the appointment
 * time is set here and the workflow starts after the API's own writes, and a booking whose call time has
 * passed by then was made inside the confirmation window and gets no call. The call is retried after a minute
 * unless a test says otherwise, so a test that answers the call is not overtaken by the retries either.
 */
export function bookWithCallDue(stack: TestStack, policy: VisitPolicyOverride = {}) {
  return bookVisit(stack, {
    inMs: HOUR,
    policy: fastPolicy({ confirmationLeadMs: HOUR - CALL_DUE_AFTER_MS, confirmationRetryMs: 60_000, ...policy }),
  });
}

/** A fresh visit whose customer is reached this way (an e-mail address, a preferred channel…). */
export function withContact(contact: Partial<NewVisit['customer']>): NewVisit {
  const body = newVisitBody();
  return { ...body, customer: { ...body.customer, ...contact } };
}

export const walkIn = (stack: TestStack, opts: OpenOptions = {}) => open(stack, 'walk_in', undefined, opts);

/**
 * The workflow's own state; for a visit in its compact aftercare run, which keeps no state to ask
 * (COMPACT_AFTERCARE_PATCH), the read model's.
 */
export async function stateOf(stack: Stack, visitId: string): Promise<VisitState> {
  try {
    return await stack.client.workflow.getHandle(visitId).query(stateQuery);
  } catch (err) {
    if (!(err instanceof QueryNotRegisteredError)) throw err;
    const stored = await readVisit(stack.database.db, visitId);
    if (!stored) throw new Error(`visit ${visitId} is in neither the workflow nor the database`);
    return stored;
  }
}

export async function act<A extends ActionName>(
  stack: Stack,
  visitId: string,
  name: A,
  payload: ActionPayload<A> | Record<string, unknown>,
  actor: ActionActor = advisor,
): Promise<VisitState> {
  // The update answers with an acknowledgement; the tests look at the workflow's own state after it.
  await stack.client.workflow
    .getHandle(visitId)
    .executeUpdate(actionUpdates[name], { args: [{ actor, payload: payload as ActionPayload<A> }] });
  return stateOf(stack, visitId);
}

export async function waitForStage(stack: TestStack, visitId: string, stage: Stage, timeout = 60_000) {
  await expect.poll(async () => (await stateOf(stack, visitId)).stage, { timeout, interval: 100 }).toBe(stage);
}

export const tasksOf = (stack: Stack, visitId: string) =>
  stack.database.db.select().from(tasks).where(eq(tasks.visitId, visitId));
export const outboxOf = (stack: Stack, visitId: string) =>
  stack.database.db.select().from(outbox).where(eq(outbox.visitId, visitId));
/** One task or message by its id: undefined until it is written. */
export const taskRow = async (stack: Stack, id: string) =>
  (await stack.database.db.select().from(tasks).where(eq(tasks.id, id)))[0];
export const outboxRow = async (stack: Stack, id: string) =>
  (await stack.database.db.select().from(outbox).where(eq(outbox.id, id)))[0];
export const visitRow = async (stack: TestStack, visitId: string) =>
  (await stack.database.db.select().from(visits).where(eq(visits.id, visitId)))[0];

/** The workshop: Omar (skill 2) is proposed for the standard estimate's labour, Ivy (3) can take it over, Ben (1) cannot. */
export async function seedTechnicians(stack: Stack) {
  await stack.database.db
    .insert(technicians)
    .values([
      { id: 'tech-omar', name: 'Omar', skillLevel: 2 },
      { id: 'tech-ivy', name: 'Ivy', skillLevel: 3 },
      { id: 'tech-ben', name: 'Ben', skillLevel: 1 },
    ])
    .onConflictDoNothing();
}

export const estimateLines: z.input<typeof LineInput>[] = [
  { kind: 'labour' as const, description: 'Annual service', quantity: 1.5, unitPriceCents: 9_000, requiredSkill: 2 },
  { kind: 'part' as const, description: 'Oil filter', quantity: 1, unitPriceCents: 1_250 },
  { kind: 'part' as const, description: 'Wiper blades', quantity: 2, unitPriceCents: 1_800 },
];

/** Reception (covers, signed walk-around): the visit waits for its diagnosis. */
export async function receive(stack: TestStack, visitId: string) {
  await act(stack, visitId, 'arrive', { coversFitted: true, mileage: 52_000 });
  return act(stack, visitId, 'record_inspection', {
    damages: [{ area: 'rear bumper', description: 'scratch 5 cm' }],
    valuables: ['sunglasses'],
    fuelLevel: 'half',
    mileage: 52_000,
    customerSignature: signature('Customer'),
  });
}

/** Reception and the technician's diagnosis: the visit waits for its estimate. */
export async function receiveAndDiagnose(stack: TestStack, visitId: string) {
  await receive(stack, visitId);
  return act(stack, visitId, 'record_diagnosis', { findings: 'Service due; wiper blades worn', roadTest: false }, technician);
}

/** From arrival to the estimate waiting on the customer. */
export async function receiveAndEstimate(
  stack: TestStack,
  visitId: string,
  lines: ActionPayload<'submit_estimate'>['lines'] | typeof estimateLines = estimateLines,
) {
  await receiveAndDiagnose(stack, visitId);
  return act(stack, visitId, 'submit_estimate', { lines, promisedAt: new Date(Date.now() + 8 * HOUR).toISOString() });
}

/** The pickup [S1.8] with every checklist item done, paid by card. */
export const pickup = (amountCents: number) => ({
  checklist: { cleaned: true, allItemsDone: true, chargesExplained: true, nextMaintenanceTold: true, coversRemoved: true },
  payment: { amountCents, method: 'card' as const },
});

/** The technician's repair confirmations [S1.6]: the fender covers as the work starts, the parts and the scope once done. */
export const workStarted = { checklist: { fenderCovers: true as const } };
export const workCompleted = { checklist: { genuineParts: true as const, onlyWorkOrderItems: true as const } };

/**
 * Quality control passed as the API takes it from the inspector on a visit with no packaged job: the wash every
 * vehicle is checked on [S1.7]. (Sent to the workflow directly, a record needs the `requiredChecks` the API adds.)
 */
export const qcPassed = {
  passed: true as const,
  checklist: EVERY_VEHICLE_CHECKS.map(({ packageCode, code }) => ({ packageCode, code, passed: true })),
};

/** The technician the job was dispatched to, who alone works on it (domain/assignment-rules.ts). */
export function assignedTechnician(state: VisitState): ActionActor {
  const id = state.dispatch.technicianId;
  if (!id) throw new Error(`visit ${state.visitId} is not dispatched to a technician (stage ${state.stage})`);
  return { id, role: 'technician' };
}

/** The technician the visit's job is dispatched to, as the workflow holds it now. */
export const assigneeOf = async (stack: Stack, visitId: string) => assignedTechnician(await stateOf(stack, visitId));

/** The foreman assigns the job once the workshop plan has proposed it, and that technician starts the work. */
export async function assignAndStart(
  stack: TestStack,
  visitId: string,
  assignment: { technicianId: string; overrideReason?: string },
) {
  await expect.poll(async () => (await stateOf(stack, visitId)).dispatch.proposal).not.toBeNull();
  await act(stack, visitId, 'assign_technician', assignment, foreman);
  return act(stack, visitId, 'start_work', workStarted, { id: assignment.technicianId, role: 'technician' });
}

/** A walk-in (of `body`'s customer) whose approved work the foreman dispatched to `technicianId` (with a reason), waiting for its start. */
export async function inRepairWith(stack: TestStack, technicianId: string, body?: NewVisit) {
  const id = await walkIn(stack, { body });
  const estimated = await receiveAndEstimate(stack, id);
  await act(stack, id, 'decide', {
    decisions: estimated.lines.map((l) => ({ lineId: l.id, approved: true })),
    consent: { method: 'signature', signature: signature('Customer') },
  });
  await expect.poll(async () => (await stateOf(stack, id)).dispatch.proposal).not.toBeNull();
  await act(stack, id, 'assign_technician', { technicianId, overrideReason: 'Knows the car' }, foreman);
  return id;
}

/** The foreman dispatches to the plan's proposal, and that technician does the work: the car waits for QC. */
export async function repairToQc(stack: Stack, visitId: string): Promise<ActionActor> {
  await expect.poll(async () => (await stateOf(stack, visitId)).dispatch.proposal).not.toBeNull();
  const proposed = (await stateOf(stack, visitId)).dispatch.proposal?.technicianId as string;
  await act(stack, visitId, 'assign_technician', { technicianId: proposed }, foreman);
  const assigned: ActionActor = { id: proposed, role: 'technician' };
  await act(stack, visitId, 'start_work', workStarted, assigned);
  await act(stack, visitId, 'complete_work', workCompleted, assigned);
  return assigned;
}

/** Dispatch to pickup once every line is decided and approved ones exist. */
export async function repairAndDeliver(stack: TestStack, visitId: string) {
  await repairToQc(stack, visitId);
  const passed = await act(stack, visitId, 'record_qc', { passed: true }, qc);
  return act(stack, visitId, 'record_pickup', pickup(passed.totals.totalCents));
}

/**
 * What the read model (db/visit-view.ts) and the workflow's own state hold the same way: the customer and vehicle
 * come from their files and the dispatch proposal from the plan now, on purpose, so they are left out.
 */
export const comparableState = ({ customer: _c, vehicle: _v, dispatch: { proposal: _p, ...dispatch }, ...rest }: VisitState) => ({
  ...rest,
  dispatch,
});
