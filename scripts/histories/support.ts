// What the capture scenarios share: the staff who act, the visit bodies, the catalogue lines, and the steps that
// walk a visit from reception to follow-up through its updates, waiting for the state each step leads to.
import { type Client, QueryNotRegisteredError, type WorkflowHandle } from '@temporalio/client';
import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { ApiDeps } from '../../api/deps.js';
import type { openDatabase } from '../../db/client.js';
import { outbox, tasks } from '../../db/schema.js';
import { readVisit } from '../../db/visit-view.js';
import type { ACTIONS, ActionActor, ActionName, ActionPayload } from '../../domain/actions.js';
import type { VisitPolicyOverride } from '../../domain/policy.js';
import type { NewVisit } from '../../domain/visit.js';
import type { VisitState } from '../../domain/visit-state.js';
import { fastPolicy, signature } from '../../test/support/visits.js';
import type { visit } from '../../workflows/index.js';
import { actionUpdates, stateQuery } from '../../workflows/messages.js';

export const taskQueue = 'capture-histories';
export const HOUR = 3_600_000;

export const advisor: ActionActor = { id: 'adv-lena', role: 'advisor' };
export const technician: ActionActor = { id: 'tech-omar', role: 'technician' };
export const foreman: ActionActor = { id: 'fm-jo', role: 'foreman' };
export const qc: ActionActor = { id: 'qc-kim', role: 'qc' };
// The scenarios use the test suite's shortened policy and signature, so a captured history is a tested visit.
export const policy = fastPolicy;

export const body = (n: number): NewVisit => ({
  customer: { name: `Customer ${n}`, phone: `+49 30 5550${n}`, preferredChannel: 'sms' },
  vehicle: { vin: `WVWZZZ1JZ0000000${n}`, plate: `B-SL-${n}`, model: 'VW Golf', mileage: 40_000 },
  advisorId: advisor.id,
  requestedServices: ['Annual service'],
});

export interface Ctx {
  client: Client;
  db: ReturnType<typeof openDatabase>['db'];
  /** What the API's helpers take: the database, Temporal and the task queue. */
  deps: ApiDeps;
  open(
    body: NewVisit,
    kind: 'appointment' | 'walk_in',
    /** `timeZone`: the shop's, for a visit that counts its policy's days on its calendar. */
    opts?: { inMs?: number; policy?: VisitPolicyOverride; timeZone?: string },
  ): Promise<string>;
}

export const handleOf = (ctx: Ctx, visitId: string): WorkflowHandle<typeof visit> => ctx.client.workflow.getHandle(visitId);

/** Payloads as the API receives them (defaults not filled in yet): the update handler parses them. */
export type PayloadInput<A extends ActionName> = z.input<(typeof ACTIONS)[A]['payload']>;

/** The workflow's state; for a visit in its compact aftercare run, which keeps none, the read model's. */
export async function stateOf(ctx: Ctx, visitId: string): Promise<VisitState> {
  try {
    return await handleOf(ctx, visitId).query(stateQuery);
  } catch (err) {
    if (!(err instanceof QueryNotRegisteredError)) throw err;
    const stored = await readVisit(ctx.db, visitId);
    if (!stored) throw new Error(`visit ${visitId} is not in the database`);
    return stored;
  }
}

/** An update answers with an acknowledgement; the script reads the state the next steps need by query (not in the history). */
export async function act<A extends ActionName>(ctx: Ctx, visitId: string, name: A, payload: PayloadInput<A>, actor = advisor) {
  await handleOf(ctx, visitId).executeUpdate(actionUpdates[name], { args: [{ actor, payload: payload as ActionPayload<A> }] });
  return stateOf(ctx, visitId);
}

export async function until<T>(what: string, probe: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export const taskKindsOf = async (ctx: Ctx, visitId: string) =>
  (await ctx.db.select().from(tasks).where(eq(tasks.visitId, visitId))).map((t) => t.kind);
export const templatesOf = async (ctx: Ctx, visitId: string) =>
  (await ctx.db.select().from(outbox).where(eq(outbox.visitId, visitId))).map((m) => m.template);
export const inHours = (h: number) => new Date(Date.now() + h * HOUR).toISOString();

export const lines = {
  service: { kind: 'labour' as const, description: 'Annual service', quantity: 1.5, unitPriceCents: 9_000, requiredSkill: 2 },
  filter: { kind: 'part' as const, description: 'Oil filter', quantity: 1, unitPriceCents: 1_250 },
  wipers: { kind: 'part' as const, description: 'Wiper blades', quantity: 2, unitPriceCents: 1_800 },
  pads: { kind: 'part' as const, description: 'Front brake pads', quantity: 1, unitPriceCents: 6_500 },
  discs: { kind: 'part' as const, description: 'Front brake discs', quantity: 2, unitPriceCents: 8_900 },
};

/** Arrival (unless a walk-in already arrived at reception) to the estimate waiting on the customer. */
export async function receiveAndEstimate(ctx: Ctx, visitId: string, estimate: PayloadInput<'submit_estimate'>['lines']) {
  await act(ctx, visitId, 'arrive', { coversFitted: true, mileage: 52_000, customerWaiting: false });
  await act(ctx, visitId, 'record_inspection', {
    damages: [{ area: 'rear bumper', description: 'scratch 5 cm' }],
    valuables: ['sunglasses'],
    fuelLevel: 'half',
    mileage: 52_000,
    customerSignature: signature('Customer'),
  });
  await act(ctx, visitId, 'record_diagnosis', { findings: 'Service due', roadTest: true }, technician);
  return act(ctx, visitId, 'submit_estimate', { lines: estimate, promisedAt: inHours(8) });
}

export const approveAll = (ctx: Ctx, visitId: string, state: VisitState) =>
  act(ctx, visitId, 'decide', {
    decisions: state.lines.filter((l) => l.status === 'proposed').map((l) => ({ lineId: l.id, approved: true })),
    consent: { method: 'signature', signature: signature('Customer') },
  });

export async function dispatchAndStart(ctx: Ctx, visitId: string) {
  const proposed = await until(
    'the dispatch proposal',
    async () => (await stateOf(ctx, visitId)).dispatch.proposal,
    (p) => p !== null,
  );
  await act(ctx, visitId, 'assign_technician', { technicianId: proposed?.technicianId ?? 'tech-omar' }, foreman);
  await act(ctx, visitId, 'start_work', { checklist: { fenderCovers: true } }, technician);
}

export async function qcPassAndDeliver(ctx: Ctx, visitId: string) {
  await act(ctx, visitId, 'complete_work', { checklist: { genuineParts: true, onlyWorkOrderItems: true } }, technician);
  const passed = await act(ctx, visitId, 'record_qc', { passed: true }, qc);
  return act(ctx, visitId, 'record_pickup', {
    checklist: { cleaned: true, allItemsDone: true, chargesExplained: true, nextMaintenanceTold: true, coversRemoved: true },
    payment: { amountCents: passed.totals.totalCents, method: 'card' },
  });
}

export const followUpDue = (ctx: Ctx, visitId: string) =>
  until(
    'the follow-up call task',
    () => taskKindsOf(ctx, visitId),
    (kinds) => kinds.includes('follow_up_call'),
  );

/** name → visit ids whose histories it writes (as <name>.json, or <name>-<n>.json for several). */
export type Scenarios = Record<string, (ctx: Ctx) => Promise<Record<string, string>>>;
