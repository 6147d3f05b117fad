import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.js';
import { devSettings } from '../../api/settings.js';
import { partStock, stockMoves } from '../../db/schema.js';
import { receiveStock, reserveForVisit, settleVisit } from '../../db/stock.js';
import { asStaff } from '../support/auth.js';
import { OIL_FILTER, seedPriceList } from '../support/catalogue.js';
import { patchJson, postJson, type RequestingApp, readJson } from '../support/http.js';
import { seedStaffDirectory } from '../support/staff.js';
import {
  act,
  eventually,
  seedTechnicians,
  startTimeSkippingStack,
  type TimeSkippingStack,
  tasksOf,
} from '../support/time-skipping.js';
import { advisor, newVisitBody, repairToQc, signature, technician } from '../support/visits.js';

// Parts prepared before the car arrives [S1.1], on the time-skipping server with the production durations: the day
// before a booking its package's parts are reserved, what is short goes on the parts task with its expected arrival,
// the workshop plan does not start the job before then, a delivery fills the shortage, the job uses the parts and a
// cancelled booking puts its own back on the shelf.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('parts reserved the day before', () => {
  let stack: TimeSkippingStack;
  let app: ReturnType<typeof createApp>;
  let manager: RequestingApp;
  let desk: RequestingApp;
  let workshop: RequestingApp;
  // A server and a database per test, as test/workflows/production-durations.test.ts: a visit one test leaves
  // running keeps its timers on its own server's clock.
  beforeEach(async () => {
    stack = await startTimeSkippingStack();
    await seedStaffDirectory(stack.database.db);
    await seedTechnicians(stack);
    app = createApp(
      { database: stack.database, temporal: stack.client, taskQueue: stack.taskQueue },
      { ...devSettings(), temporalCallTimeoutMs: 60_000 },
    );
    manager = asStaff(app, 'manager', 'mgr-eva');
    desk = asStaff(app, 'advisor', 'adv-lena');
    workshop = asStaff(app, 'foreman', 'fm-jo');
    // The 12-month service needs two oil filters; one is on the shelf, and a new one takes three days.
    await seedPriceList(app);
    expect((await patchJson(manager, `/catalogue/parts/${OIL_FILTER.partNumber}`, { leadTimeDays: 3 })).status).toBe(200);
    expect((await postJson(workshop, `/catalogue/parts/${OIL_FILTER.partNumber}/receipts`, { quantity: 1 })).status).toBe(200);
  });
  afterEach(async () => stack?.close());

  const filter = async () =>
    ((await readJson(await workshop.request('/catalogue/parts'))) as { partNumber: string }[]).find(
      (p) => p.partNumber === OIL_FILTER.partNumber,
    );
  const partsOf = async (visitId: string) => readJson(await desk.request(`/visits/${visitId}/parts`));
  // Days ahead of the skipped clock, at whatever hour it shows: confirmed like a booking outside the opening hours.
  const book = async (appointmentAt: number, requestedJobs: unknown[] = ['SVC-12M']) =>
    postJson(desk, '/appointments', {
      ...newVisitBody(),
      requestedJobs,
      appointmentAt: new Date(appointmentAt).toISOString(),
      confirmClosed: true,
    });

  it('refuses a booked job the catalogue does not have, naming it, and books nothing', async () => {
    const res = await book((await stack.now()) + 3 * DAY, ['SVC-12M', 'NO-SUCH-JOB']);
    expect(res.status).toBe(422);
    const { error } = await readJson(res);
    expect(error.details.fields).toEqual([{ field: 'requestedJobs.1', message: expect.stringContaining('NO-SUCH-JOB') }]);
    expect((await book((await stack.now()) + 3 * DAY, ['bad code/'])).status).toBe(400);
  });

  it('a shortage the day before moves the plan; the delivery fills it; the job uses the parts', () =>
    stack.withWorker(async () => {
      const appointment = (await stack.now()) + 3 * DAY;
      const booked = await book(appointment);
      expect(booked.status).toBe(201);
      const { visitId } = await readJson(booked);

      // Two days ahead nothing is reserved yet.
      await stack.sleepUntil(appointment - 25 * HOUR);
      expect((await partsOf(visitId)).parts).toEqual([]);
      expect(await filter()).toMatchObject({ stockOnHand: 1, stockReserved: 0, stockAvailable: 1 });

      // The day before: the one filter on the shelf is reserved, one is short for three days, and the advisor's
      // list says what to pick and what to order.
      await stack.sleepUntil(appointment - 24 * HOUR);
      await eventually(async () => (await tasksOf(stack, visitId)).map((t) => t.kind).sort()).toEqual([
        'confirmation_call',
        'parts_preparation',
      ]);
      const reservedAt = appointment - 24 * HOUR;
      const parts = await partsOf(visitId);
      expect(parts.parts).toEqual([
        expect.objectContaining({ partNumber: 'FILTER-OIL', needed: 2, reserved: 1, short: 1, used: 0, status: 'reserved' }),
      ]);
      const expected = Date.parse(parts.waitingUntil);
      expect(expected - (reservedAt + 3 * DAY)).toBeGreaterThanOrEqual(0);
      expect(expected - (reservedAt + 3 * DAY)).toBeLessThan(HOUR);
      const task = (await tasksOf(stack, visitId)).find((t) => t.kind === 'parts_preparation');
      expect(task).toMatchObject({ assigneeRole: 'advisor', params: { pick: 1, order: 1, waitingUntil: parts.waitingUntil } });
      expect(await filter()).toMatchObject({ stockOnHand: 1, stockReserved: 1, stockAvailable: 0 });
      // Nobody may count the shelf below what is reserved.
      const stocktake = await patchJson(manager, '/catalogue/parts/FILTER-OIL', { stockOnHand: 0 });
      expect(stocktake.status).toBe(409);
      expect((await readJson(stocktake)).error.details.fields[0].field).toBe('stockOnHand');

      // The car comes and its work is approved: the plan does not start it before the filter arrives.
      const now = await stack.now();
      await act(stack, visitId, 'arrive', { coversFitted: true, mileage: 41_000 });
      await act(stack, visitId, 'record_inspection', {
        damages: [],
        valuables: [],
        fuelLevel: 'half',
        mileage: 41_000,
        customerSignature: signature('Customer'),
      });
      await act(stack, visitId, 'record_diagnosis', { findings: 'Service due', roadTest: false }, technician);
      const estimated = await act(stack, visitId, 'submit_estimate', {
        lines: [{ kind: 'labour', description: '12-month service', quantity: 1.5, unitPriceCents: 9_000, requiredSkill: 1 }],
        promisedAt: new Date(now + 8 * HOUR).toISOString(),
      });
      await act(stack, visitId, 'decide', {
        decisions: estimated.lines.map((l) => ({ lineId: l.id, approved: true })),
        consent: { method: 'signature', signature: signature('Customer') },
      });
      const queued = async () =>
        ((await readJson(await workshop.request('/workshop'))).awaitingDispatch as { visitId: string }[]).find(
          (j) => j.visitId === visitId,
        );
      await eventually(queued).toMatchObject({
        partsExpectedAt: parts.waitingUntil,
        placeReasonParts: { kind: 'waiting_for_parts' },
        proposal: { meetsPromise: false },
      });
      const waiting = (await queued()) as unknown as { proposal: { projectedFinishAt: string } };
      expect(Date.parse(waiting.proposal.projectedFinishAt)).toBeGreaterThan(expected);

      // The delivery goes to the visit waiting for it: nothing is short, and the job is planned now.
      const delivered = await postJson(workshop, '/catalogue/parts/FILTER-OIL/receipts', { quantity: 1 });
      expect(await readJson(delivered)).toMatchObject({ stockOnHand: 2, stockReserved: 2, stockAvailable: 0 });
      expect((await partsOf(visitId)).parts[0]).toMatchObject({ reserved: 2, short: 0 });
      expect(await queued()).toMatchObject({ partsExpectedAt: null, placeReasonParts: { kind: 'proposed' } });

      // The job is done: both filters leave the shelf.
      await repairToQc(stack, visitId);
      await eventually(async () => (await partsOf(visitId)).parts[0]).toMatchObject({ used: 2, reserved: 0, status: 'used' });
      expect(await filter()).toMatchObject({ stockOnHand: 0, stockReserved: 0 });
    }));

  it('a cancelled booking puts its reserved parts back on the shelf', () =>
    stack.withWorker(async () => {
      await postJson(workshop, '/catalogue/parts/FILTER-OIL/receipts', { quantity: 5 });
      const appointment = (await stack.now()) + 2 * DAY;
      const { visitId } = await readJson(await book(appointment));
      await stack.sleepUntil(appointment - 24 * HOUR);
      await eventually(async () => (await partsOf(visitId)).parts[0]).toMatchObject({ reserved: 2, short: 0 });
      expect(await filter()).toMatchObject({ stockOnHand: 6, stockReserved: 2 });
      await act(stack, visitId, 'cancel', { reason: 'Sold the car' }, advisor);
      await eventually(async () => (await partsOf(visitId)).parts[0]).toMatchObject({ reserved: 0, status: 'released' });
      expect(await filter()).toMatchObject({ stockOnHand: 6, stockReserved: 0, stockAvailable: 6 });
    }));

  it('concurrent reservations of the last units: each unit goes to one visit, and nothing goes negative', async () => {
    const db = stack.database.db;
    await postJson(manager, '/catalogue/parts', {
      partNumber: 'BULB-H7',
      description: 'H7 bulb',
      unitPriceCents: 900,
      stockOnHand: 3,
    });
    const visits = Array.from({ length: 8 }, (_, i) => `00000000-0000-4000-8000-00000000000${i}`);
    const answers = await Promise.all(
      visits.map((visitId) => reserveForVisit(db, { visitId, needs: new Map([['BULB-H7', 1]]), now: new Date(), by: 'test' })),
    );
    expect(answers.filter((a) => a.pick.length === 1)).toHaveLength(3);
    expect(answers.filter((a) => a.order.length === 1)).toHaveLength(5);
    const [stock] = await db.select().from(partStock).where(eq(partStock.partNumber, 'BULB-H7'));
    expect(stock).toMatchObject({ onHand: 3, reserved: 3 });
    // A retried reservation or release changes nothing; a delivery goes to the waiting visits, earliest first.
    const picked = visits[answers.findIndex((a) => a.pick.length === 1)] as string;
    await reserveForVisit(db, { visitId: picked, needs: new Map([['BULB-H7', 1]]), now: new Date(), by: 'test' });
    await settleVisit(db, { visitId: picked, outcome: 'release', by: 'test' });
    await settleVisit(db, { visitId: picked, outcome: 'release', by: 'test' });
    await receiveStock(db, { key: 'delivery-1', partNumber: 'BULB-H7', quantity: 2, by: 'test' });
    await receiveStock(db, { key: 'delivery-1', partNumber: 'BULB-H7', quantity: 2, by: 'test' });
    const [after] = await db.select().from(partStock).where(eq(partStock.partNumber, 'BULB-H7'));
    expect(after).toMatchObject({ onHand: 5, reserved: 5 });
    const moves = await db.select().from(stockMoves).where(eq(stockMoves.partNumber, 'BULB-H7'));
    const sum = (kind: string) => moves.filter((m) => m.kind === kind).reduce((n, m) => n + m.quantity, 0);
    expect({ count: sum('count'), receive: sum('receive'), reserve: sum('reserve'), release: sum('release') }).toEqual({
      count: 3,
      receive: 2,
      reserve: 6,
      release: 1,
    });
  });

  it('refuses a delivery that is not a positive whole number, or would overflow the shelf, naming the quantity', async () => {
    for (const quantity of [0, -1, 1.5, 'two', 1e12])
      expect((await postJson(workshop, '/catalogue/parts/FILTER-OIL/receipts', { quantity })).status).toBe(400);
    expect((await postJson(workshop, '/catalogue/parts/NO-SUCH/receipts', { quantity: 1 })).status).toBe(404);
    expect((await postJson(desk, '/catalogue/parts/FILTER-OIL/receipts', { quantity: 1 })).status).toBe(403);
    for (let i = 0; i < 10; i++) await postJson(workshop, '/catalogue/parts/FILTER-OIL/receipts', { quantity: 1_000_000 });
    const over = await postJson(workshop, '/catalogue/parts/FILTER-OIL/receipts', { quantity: 1_000_000 });
    expect(over.status).toBe(422);
    expect((await readJson(over)).error.details.fields[0].field).toBe('quantity');
  });
});
