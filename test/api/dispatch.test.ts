import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { consents, visits } from '../../db/schema.js';
import type { LineInput } from '../../domain/actions.js';
import { asStaff } from '../support/auth.js';
import { postJson, type RequestingApp, readJson } from '../support/http.js';
import { useTestStack } from '../support/stack.js';
import { act, outboxOf, phoneConsent, receiveAndDiagnose, signature, stateOf, walkIn } from '../support/visits.js';

const HOUR = 3_600_000;

/**
 * Dispatch through the API (issue 15): the board and every visit show one plan computed from the read model
 * when asked, and an assignment is checked against that plan — right after the customer's decision, with or
 * without technicians, with the board's choice or an override.
 */
describe('dispatch by the workshop plan', () => {
  const stack = useTestStack();
  let foreman: RequestingApp;
  let manager: RequestingApp;

  /** A walk-in taken through reception, diagnosis and the customer's approval of every line. */
  async function toDispatch(lines: z.input<typeof LineInput>[], promisedInMs = 8 * HOUR) {
    const visitId = await walkIn(stack);
    await receiveAndDiagnose(stack, visitId);
    const estimated = await act(stack, visitId, 'submit_estimate', {
      lines,
      promisedAt: new Date(Date.now() + promisedInMs).toISOString(),
    });
    const decided = await act(stack, visitId, 'decide', {
      decisions: estimated.lines.map((l) => ({ lineId: l.id, approved: true })),
      consent: { method: 'signature', signature: signature('Customer') },
    });
    expect(decided.stage).toBe('awaiting_dispatch');
    return visitId;
  }
  const labour = (hours: number, requiredSkill: number): z.input<typeof LineInput> => ({
    kind: 'labour',
    description: `Labour ${hours} h`,
    quantity: hours,
    unitPriceCents: 9_000,
    requiredSkill,
  });
  const assign = (visitId: string, body: Record<string, unknown>) =>
    postJson(foreman, `/visits/${visitId}/actions/assign_technician`, body);
  const visitPlan = async (visitId: string) => readJson(await foreman.request(`/visits/${visitId}`));
  const board = async () => readJson(await foreman.request('/workshop'));
  const addTechnician = async (id: string, skillLevel: number) =>
    expect((await postJson(manager, '/technicians', { id, name: id.replace('d-', ''), skillLevel })).status).toBe(201);

  /** Every waiting visit's own proposal is the board's, technician and finish. */
  async function expectBoardAndVisitsAgree() {
    const b = await board();
    for (const entry of b.awaitingDispatch) {
      const view = await visitPlan(entry.visitId);
      expect(view.plan.proposal?.technicianId).toBe(entry.proposal?.technicianId);
      // Computed a moment apart: the same plan shifted by that moment.
      const fromNow = (finish: string, at: string) => Date.parse(finish) - Date.parse(at);
      expect(fromNow(view.plan.proposal.projectedFinishAt, view.plan.at)).toBe(fromNow(entry.proposal.projectedFinishAt, b.at));
      expect(view.state.dispatch.proposal?.technicianId).toBe(entry.proposal?.technicianId);
      expect(view.plan.position).toBe(entry.position);
    }
    return b;
  }

  beforeAll(async () => {
    foreman = asStaff(stack.app, 'foreman', 'fm-jo');
    manager = asStaff(stack.app, 'manager', 'mgr-eva');
  });

  it('with no technicians the visit says so, and a technician added later is proposed at once', async () => {
    const visitId = await toDispatch([labour(1.5, 2)]);
    const before = await visitPlan(visitId);
    expect(before.plan).toMatchObject({ position: 1, proposal: null, requiredSkill: 2 });
    const refused = await assign(visitId, { technicianId: 'd-ana' });
    expect(refused.status).toBe(422);
    expect((await readJson(refused)).error.message).toMatch(/^technicianId: the workshop has no active technician yet/);

    await addTechnician('d-ana', 2);
    const after = await visitPlan(visitId);
    expect(after.plan.proposal).toMatchObject({ technicianId: 'd-ana', meetsPromise: true });
    expect(after.state.dispatch.proposal).toMatchObject({ technicianId: 'd-ana' });
    const res = await assign(visitId, { technicianId: 'd-ana' });
    expect(res.status).toBe(200);
    const state = await readJson(res);
    expect(state.stage).toBe('in_repair');
    expect(state.dispatch).toMatchObject({ technicianId: 'd-ana', proposal: { technicianId: 'd-ana' } });
    expect(state.dispatch.planVersion).toMatch(/^[0-9a-f]{8}$/);
  });

  it('board and visits agree on every proposal at every step, and the board’s choice is accepted at once', async () => {
    await addTechnician('d-ben', 1);
    await addTechnician('d-cy', 3);
    await addTechnician('d-dee', 2);
    const visits = [];
    for (let i = 0; i < 4; i++) visits.push(await toDispatch([labour(1, 1)]));
    const b = await expectBoardAndVisitsAgree();
    const proposed = b.awaitingDispatch.map((e: { proposal: { technicianId: string } }) => e.proposal.technicianId);
    // Jobs approved but not dispatched count as load: not everyone on the same technician.
    expect(new Set(proposed).size).toBeGreaterThanOrEqual(3);

    // Dispatch in the board's order, each to the board's proposal of that moment, no override needed.
    for (;;) {
      const next = (await expectBoardAndVisitsAgree()).awaitingDispatch[0];
      if (!next) break;
      const res = await assign(next.visitId, { technicianId: next.proposal.technicianId });
      expect(res.status).toBe(200);
      expect((await readJson(res)).dispatch.technicianId).toBe(next.proposal.technicianId);
    }
    const loads = (await board()).technicians.map((t: { assignedHours: number }) => t.assignedHours);
    expect(Math.max(...loads)).toBeLessThanOrEqual(2);
  });

  it('assigns right after the customer’s decision, without waiting on the visit', async () => {
    const visitId = await toDispatch([labour(0.5, 1)]);
    // No poll: the decision has returned, the assignment follows.
    const { plan } = await visitPlan(visitId);
    expect((await assign(visitId, { technicianId: plan.proposal.technicianId })).status).toBe(200);
  });

  it('takes any active, qualified technician with a reason, and names what is wrong otherwise', async () => {
    const visitId = await toDispatch([labour(1, 2)]);
    const { plan } = await visitPlan(visitId);
    const other = ['d-ana', 'd-cy', 'd-dee'].find((id) => id !== plan.proposal.technicianId) as string;

    const noReason = await assign(visitId, { technicianId: other });
    expect(noReason.status).toBe(422);
    expect((await readJson(noReason)).error.details.fields).toEqual([
      expect.objectContaining({
        field: 'overrideReason',
        message: expect.stringContaining(`rather than ${plan.proposal.technicianId.replace('d-', '')}, whom the plan proposes`),
      }),
    ]);
    const unskilled = await assign(visitId, { technicianId: 'd-ben', overrideReason: 'Ben is free' });
    expect(unskilled.status).toBe(422);
    expect((await readJson(unskilled)).error.message).toBe('technicianId: ben has skill 1; this job needs skill 2');
    const unknown = await assign(visitId, { technicianId: 'd-nobody', overrideReason: 'x' });
    expect(unknown.status).toBe(422);
    expect((await readJson(unknown)).error.message).toBe('technicianId: d-nobody is not an active technician');
    // A forged plan in the body is not taken: the plan is the API's own, and a body naming one is refused by name.
    const forged = await assign(visitId, {
      technicianId: other,
      plan: { version: 'x', at: new Date().toISOString(), proposal: null },
    });
    expect(forged.status).toBe(400);
    expect((await readJson(forged)).error.details.fields).toEqual([expect.objectContaining({ field: 'plan' })]);

    const res = await assign(visitId, { technicianId: other, overrideReason: 'Knows this model best' });
    expect(res.status).toBe(200);
    expect((await readJson(res)).dispatch).toMatchObject({ technicianId: other, overrideReason: 'Knows this model best' });
  });

  it('says when nobody can meet the promise and proposes the earliest finish', async () => {
    const visitId = await toDispatch([labour(3, 3)], HOUR / 2);
    const { plan } = await visitPlan(visitId);
    expect(plan.proposal).toMatchObject({ technicianId: 'd-cy', meetsPromise: false });
    expect(plan.proposal.reason).toMatch(/No qualified technician can finish by the promised time/);
    expect(plan.proposal.reasonParts).toMatchObject({ kind: 'late', requiredSkill: 3, technicianName: expect.any(String) });
    const res = await assign(visitId, { technicianId: 'd-cy' });
    expect(res.status).toBe(200);
    expect((await readJson(res)).dispatch.proposal).toMatchObject({ meetsPromise: false });
  });

  it('never refuses a foreman for a race: the plan that moved either still takes the choice or says what it proposes now', async () => {
    // Two free technicians of skill 3; everyone else is busier or less skilled.
    await addTechnician('d-eve', 3);
    await addTechnician('d-fay', 3);
    const tight = await toDispatch([labour(1, 3)], 1.5 * HOUR);
    const seen = (await visitPlan(tight)).plan;
    expect(seen.proposal).toMatchObject({ technicianId: 'd-eve', meetsPromise: true });

    // Another foreman hands a later job to Eve first: her hour is gone before this screen's "assign" lands.
    const other = await toDispatch([labour(1, 3)], 8 * HOUR);
    const first = await assign(other, { technicianId: 'd-eve', overrideReason: 'Eve knows this car' });
    expect(first.status).toBe(200);
    const late = await assign(tight, { technicianId: 'd-eve', planVersion: seen.version });
    expect(late.status).toBe(409);
    const moved = (await readJson(late)).error;
    expect(moved.message).toMatch(/^The workshop plan changed since your screen showed it, and eve would no longer finish/);
    expect(moved.details).toMatchObject({
      reason: 'plan_moved',
      chosen: { id: 'd-eve', name: 'eve' },
      proposal: { technicianId: 'd-fay', technicianName: 'fay', meetsPromise: true },
    });
    expect(moved.message).not.toMatch(/required when assigning/);

    // A third job's screen shows Eve; the tight job then goes to Eve by override, so the plan now proposes Fay
    // for it — Eve still finishes it well before its promise, so the choice the screen showed is taken as it is.
    const relaxed = await toDispatch([labour(1, 3)], 8 * HOUR);
    const shown = (await visitPlan(relaxed)).plan;
    expect(shown.proposal.technicianId).toBe('d-eve');
    expect((await assign(tight, { technicianId: 'd-eve', overrideReason: 'Promised the customer Eve' })).status).toBe(200);
    const now = (await visitPlan(relaxed)).plan;
    expect(now.version).not.toBe(shown.version);
    expect(now.proposal.technicianId).toBe('d-fay');
    const taken = await assign(relaxed, { technicianId: 'd-eve', planVersion: shown.version });
    expect(taken.status).toBe(200);
    const state = await readJson(taken);
    expect(state.dispatch).toMatchObject({ technicianId: 'd-eve', proposal: { technicianId: 'd-fay' } });
    expect(state.dispatch.overrideReason).toBeUndefined();

    // The same choice against the plan the screen shows now is an override: it asks why, in plain words.
    const fresh = await toDispatch([labour(1, 3)], 8 * HOUR);
    const current = (await visitPlan(fresh)).plan;
    const notProposed = current.proposal.technicianId === 'd-eve' ? 'd-fay' : 'd-eve';
    const refused = await assign(fresh, { technicianId: notProposed, planVersion: current.version });
    expect(refused.status).toBe(422);
    expect((await readJson(refused)).error.message).toMatch(
      /^overrideReason: say why \w+ rather than \w+, whom the plan proposes$/,
    );
    expect((await assign(fresh, { technicianId: current.proposal.technicianId, planVersion: current.version })).status).toBe(200);
  });

  it('offers the customer a new promised time when nobody can meet the old one, and plans against it', async () => {
    const visitId = await toDispatch([labour(3, 3)], HOUR / 2);
    const { plan } = await visitPlan(visitId);
    expect(plan.proposal.meetsPromise).toBe(false);
    const advisor = asStaff(stack.app, 'advisor', 'adv-lena');
    const revise = (body: unknown, as = advisor) => postJson(as, `/visits/${visitId}/actions/revise_promise`, body);
    const promisedAt = new Date(Date.parse(plan.proposal.projectedFinishAt) + HOUR).toISOString();
    const call = phoneConsent('REC-77');
    const valid = { promisedAt, reason: 'The technician who can do it is busy until then', consent: call };

    // Refusals name the field, and nothing is recorded.
    expect((await revise(valid, foreman)).status).toBe(403);
    const past = await revise({ ...valid, promisedAt: new Date(Date.now() - HOUR).toISOString() });
    expect(past.status).toBe(422);
    expect((await readJson(past)).error.message).toBe('promisedAt: must be in the future');
    const noConsent = await revise({ promisedAt, reason: 'Busy' });
    expect(noConsent.status).toBe(400);
    expect((await readJson(noConsent)).error.details.fields[0].field).toBe('consent');
    const noReason = await revise({ ...valid, reason: '' });
    expect(noReason.status).toBe(400);
    expect((await readJson(noReason)).error.details.fields[0].field).toBe('reason');
    const futureCall = await revise({ ...valid, consent: { ...call, calledAt: new Date(Date.now() + HOUR).toISOString() } });
    expect(futureCall.status).toBe(422);
    expect((await readJson(futureCall)).error.message).toBe('consent.calledAt: the call cannot be in the future');

    const res = await revise(valid);
    expect(res.status).toBe(200);
    expect((await readJson(res)).promisedAt).toBe(promisedAt);
    // The read model holds the new promise, and the plan now plans against it.
    await expect
      .poll(
        async () => (await stack.database.db.select().from(visits).where(eq(visits.id, visitId)))[0]?.promisedAt?.toISOString(),
        {
          timeout: 60_000,
        },
      )
      .toBe(promisedAt);
    const after = await visitPlan(visitId);
    expect(after.plan.proposal).toMatchObject({ technicianId: plan.proposal.technicianId, meetsPromise: true });
    const entry = (await board()).awaitingDispatch.find((e: { visitId: string }) => e.visitId === visitId);
    expect(entry).toMatchObject({ promisedAt, proposal: { meetsPromise: true } });
    // The consent is on file and the customer is told on their channel.
    const [consent] = await stack.database.db
      .select()
      .from(consents)
      .where(and(eq(consents.visitId, visitId), eq(consents.subject, 'promise')));
    expect(consent).toMatchObject({ method: 'phone' });
    await expect
      .poll(async () => (await outboxOf(stack, visitId)).filter((m) => m.template === 'promise_revised').length, {
        timeout: 60_000,
      })
      .toBe(1);
    // Not while the customer still decides the estimate: the stage answers.
    const early = await walkIn(stack);
    expect((await postJson(advisor, `/visits/${early}/actions/revise_promise`, valid)).status).toBe(409);
  });

  it('answers 409 with the stage when the visit is not waiting for dispatch', async () => {
    const visitId = await walkIn(stack);
    const res = await assign(visitId, { technicianId: 'd-ana' });
    expect(res.status).toBe(409);
    expect((await stateOf(stack, visitId)).stage).toBe('reception');
  });
});
