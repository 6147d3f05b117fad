import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { complaints } from '../../db/care-schema.js';
import { asStaff } from '../support/auth.js';
import { postJson, readJson } from '../support/http.js';
import { useTestStack } from '../support/stack.js';
import {
  act,
  assigneeOf,
  bookVisit,
  estimateLines,
  fastPolicy,
  newVisitBody,
  outboxOf,
  pickup,
  qc,
  receiveAndEstimate,
  repairAndDeliver,
  repairToQc,
  signature,
  taskRow,
  waitForStage,
  walkIn,
  workCompleted,
  workStarted,
} from '../support/visits.js';

const HOUR = 3_600_000;
/** Today in UTC, the zone the report is asked in. */
const utcDay = () => new Date().toISOString().slice(0, 10);
const consent = { method: 'signature' as const, signature: signature('Customer') };

/**
 * A small day walked through the real workflow and read back through GET /kpis, each figure worked out by hand
 * from what the day did, so a KPI that reads the records differently from how the visit writes them shows here
 * (the fixture suite, test/care/kpis.test.ts, writes the rows itself).
 */
describe('the KPIs of a day walked through the real stack [S6]', () => {
  const stack = useTestStack({ technicians: true });

  it('counts each figure as worked out by hand', async () => {
    // The day (UTC) the walk begins; the report reads up to the day it ends, so a walk across midnight is one range.
    const today = utcDay();
    // A: walk-in, wiper blades (2 × 18.00) declined, reached on the follow-up call: 5/5.
    const a = await walkIn(stack);
    let state = await receiveAndEstimate(stack, a);
    const wipers = state.lines.find((l) => l.description === 'Wiper blades')?.id;
    await act(stack, a, 'decide', {
      decisions: state.lines.map((l) => ({ lineId: l.id, approved: l.id !== wipers })),
      consent,
    });
    await repairAndDeliver(stack, a);
    await waitForStage(stack, a, 'follow_up');
    await act(stack, a, 'record_follow_up', { reached: true, satisfaction: 5 });

    // B: walk-in, all approved, fails QC once and goes back to repair; 2/5 on the call.
    const b = await walkIn(stack);
    state = await receiveAndEstimate(stack, b);
    await act(stack, b, 'decide', { decisions: state.lines.map((l) => ({ lineId: l.id, approved: true })), consent });
    await repairToQc(stack, b);
    await act(stack, b, 'record_qc', { passed: false, failedItems: ['oil level low'] }, qc);
    await act(stack, b, 'start_work', workStarted, await assigneeOf(stack, b));
    await act(stack, b, 'complete_work', workCompleted, await assigneeOf(stack, b));
    const passed = await act(stack, b, 'record_qc', { passed: true }, qc);
    await act(stack, b, 'record_pickup', pickup(passed.totals.totalCents));
    await waitForStage(stack, b, 'follow_up');
    await act(stack, b, 'record_follow_up', { reached: true, satisfaction: 2 });
    // The rework went to the service manager [S1.7]; the 2/5 to the supervisor, as a complaint with its clocks [S1.9, S4].
    const sent = async () => (await outboxOf(stack, b)).map((m) => `${m.template}:${m.recipient}`);
    await expect
      .poll(sent)
      .toEqual(
        expect.arrayContaining([
          'rework_reported:manager:service-manager',
          'customer_dissatisfied:supervisor:service-supervisor',
        ]),
      );
    await expect
      .poll(async () => (await stack.database.db.select().from(complaints).where(eq(complaints.visitId, b))).length)
      .toBe(1);

    // C: booked, nobody came. C2: booked, nobody came, re-booked for an hour later (not due yet).
    const slowNoShow = fastPolicy({ noShowGraceMs: 500, confirmationLeadMs: 0 });
    const c = await bookVisit(stack, { inMs: 2_000, policy: slowNoShow });
    const c2 = await bookVisit(stack, { inMs: 2_000, policy: slowNoShow });
    // D: booked and cancelled. E: booked, came and was delivered with everything approved.
    const d = await bookVisit(stack, { inMs: 2 * HOUR, policy: fastPolicy({ confirmationLeadMs: 0 }) });
    await act(stack, d, 'cancel', { reason: 'sold the car' });
    const e = await bookVisit(stack, { inMs: 2_000, policy: fastPolicy({ noShowGraceMs: 10 * HOUR, confirmationLeadMs: 0 }) });
    state = await receiveAndEstimate(stack, e, estimateLines);
    await act(stack, e, 'decide', { decisions: state.lines.map((l) => ({ lineId: l.id, approved: true })), consent });
    await repairAndDeliver(stack, e);

    await expect.poll(() => taskRow(stack, `${c}:no-show:0`)).toBeDefined();
    await expect.poll(() => taskRow(stack, `${c2}:no-show:0`)).toBeDefined();
    const rebooked = await postJson(asStaff(stack.app, 'advisor', 'adv-lena'), `/visits/${c2}/actions/reschedule`, {
      appointmentAt: new Date(Date.now() + HOUR).toISOString(),
      confirmClosed: true,
    });
    expect(rebooked.status, JSON.stringify(await rebooked.clone().json())).toBe(200);

    const res = await asStaff(stack.app, 'manager', 'mgr-eva').request(`/kpis?from=${today}&to=${utcDay()}&tz=UTC`);
    expect(res.status).toBe(200);
    const report = await readJson(res);
    const k = report.groups[0].kpis;
    const pick = (name: string) => [k[name].numerator, k[name].denominator, k[name].value];
    // Arrived today: A, B (walk-ins), E (booked).
    expect(pick('appointment_share')).toEqual([1, 3, 1 / 3]);
    // Booked times that came: C and C2 missed, E kept; D cancelled and C2's new time not yet due.
    expect(pick('no_show_rate')).toEqual([2, 3, 2 / 3]);
    // Nine lines decided (A, B, E), one declined.
    expect(pick('approval_rate')).toEqual([8, 9, 8 / 9]);
    expect(k.declined_value.value).toBe(3_600);
    // Delivered: A, B, E; B failed QC once; all ready well before their promise.
    expect(pick('rework_rate')).toEqual([1, 3, 1 / 3]);
    expect(pick('on_time_delivery')).toEqual([3, 3, 1]);
    expect(pick('csi')).toEqual([7, 2, 3.5]);
    // The 3 days after delivery and the 30 days of a comeback have not passed: nothing to measure yet.
    expect(k.follow_up_completion.denominator).toBe(0);
    expect(k.comeback_rate.value).toBeNull();
    // 1.5 h of labour done on each of the three, clocked in seconds: too little to compare.
    expect(k.technician_efficiency.numerator).toBe(4.5);
    expect(k.technician_efficiency.value).toBeNull();
    const stays = Object.fromEntries(
      report.groups[0].stageTimes.map((s: { stage: string; stays: number }) => [s.stage, s.stays]),
    );
    expect(stays).toMatchObject({ in_repair: 4, quality_check: 4, awaiting_approval: 3 });
  });

  it('counts neither a recall line nor a free line as a decision on money, in the approval rate and the declined value [S1.4, S6]', async () => {
    const today = new Date().toISOString().slice(0, 10);
    // Mia's day alone: one estimate with a paid brake job (approved), paid wiper blades (2 × 18.00, declined), the
    // car's recall (the maker pays 250.00 of it; the customer put it off), a goodwill wash at no charge (approved)
    // and a free tyre check (declined). Only the two paid lines were a choice about spending the customer's money.
    const f = await walkIn(stack, { body: { ...newVisitBody(), advisorId: 'adv-mia' } });
    const state = await receiveAndEstimate(stack, f, [
      { kind: 'labour', description: 'Brake pads', quantity: 1, unitPriceCents: 12_000 },
      { kind: 'part', description: 'Wiper blades', quantity: 2, unitPriceCents: 1_800 },
      { kind: 'labour', description: 'Recall: airbag inflator', quantity: 1, unitPriceCents: 25_000, campaign: true },
      { kind: 'labour', description: 'Goodwill wash', quantity: 1, unitPriceCents: 0 },
      { kind: 'labour', description: 'Tyre check', quantity: 1, unitPriceCents: 2_000, discountCents: 2_000 },
    ]);
    const approved = new Set(['Brake pads', 'Goodwill wash']);
    await act(stack, f, 'decide', {
      decisions: state.lines.map((l) => ({ lineId: l.id, approved: approved.has(l.description) })),
      consent,
    });

    const res = await asStaff(stack.app, 'manager', 'mgr-eva').request(`/kpis?from=${today}&to=${today}&tz=UTC&by=advisor`);
    const mia = (await readJson(res)).groups.find((g: { key: string }) => g.key === 'adv-mia').kpis;
    // Counted before: 2 of 4 (the goodwill wash an approval, the tyre check a refusal) and 286.00 declined (the recall).
    expect([mia.approval_rate.numerator, mia.approval_rate.denominator]).toEqual([1, 2]);
    expect([mia.declined_value.value, mia.declined_value.sample]).toEqual([3_600, 1]);
  });

  it('counts a customer who came after the grace period as one who kept the booking, not a no-show [S1.1]', async () => {
    const today = utcDay();
    // Kai's day alone: one booking the customer came to 40 minutes late, shortened here to after the grace.
    const late = await bookVisit(stack, {
      inMs: 2_000,
      policy: fastPolicy({ noShowGraceMs: 500, confirmationLeadMs: 0 }),
      body: { ...newVisitBody(), advisorId: 'adv-kai' },
    });
    await expect.poll(() => taskRow(stack, `${late}:no-show:0`)).toBeDefined();
    await act(stack, late, 'arrive', { coversFitted: true, mileage: 52_000 });
    // Arriving answers the no-show call: nobody has to call a customer who is at the desk.
    expect((await taskRow(stack, `${late}:no-show:0`))?.status).toBe('done');

    const res = await asStaff(stack.app, 'manager', 'mgr-eva').request(`/kpis?from=${today}&to=${utcDay()}&tz=UTC&by=advisor`);
    const kai = (await readJson(res)).groups.find((g: { key: string }) => g.key === 'adv-kai').kpis;
    expect([kai.no_show_rate.numerator, kai.no_show_rate.denominator]).toEqual([0, 1]);
    expect([kai.appointment_share.numerator, kai.appointment_share.denominator]).toEqual([1, 1]);
  });
});
