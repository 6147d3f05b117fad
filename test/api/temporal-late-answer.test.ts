import { Client, Connection } from '@temporalio/client';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApp } from '../../api/app.js';
import { devSettings } from '../../api/settings.js';
import { alerts, complaints, hotlineCalls, rescues } from '../../db/care-schema.js';
import { customers, outbox, tasks, vehicles, visitEvents, visits } from '../../db/schema.js';
import { asStaff } from '../support/auth.js';
import { postJson, type RequestingApp, readJson } from '../support/http.js';
import { useTestStack } from '../support/stack.js';
import { TcpProxy } from '../support/tcp-proxy.js';

// Temporal takes a visit's start but its answer comes after the API's deadline: the API rolls the visit's rows back
// and answers 503 "nothing was written". The workflow Temporal did start must then leave nothing either, and the
// desk's retry opens the one visit.

const stack = useTestStack();
/** The API's own path to Temporal, whose replies the test holds back. */
let proxy: TcpProxy;
let app: RequestingApp;
beforeAll(async () => {
  const [host, port] = inject('temporalAddress').split(':') as [string, string];
  proxy = await TcpProxy.start({ host, port: Number(port) });
  const client = new Client({ connection: await Connection.connect({ address: `127.0.0.1:${proxy.port}` }) });
  app = asStaff(
    createApp(
      { database: stack.database, temporal: client, taskQueue: stack.taskQueue },
      { ...devSettings(), temporalCallTimeoutMs: 1_500 },
    ),
    'advisor',
    'adv-lena',
  );
  return async () => {
    await client.connection.close();
    await proxy.close();
  };
});
afterAll(() => proxy.releaseReplies());

/** The visit workflows on the stack's task queue: the ones the API's answer never named too. */
async function visitWorkflows() {
  const found: { id: string; status: string }[] = [];
  for await (const w of stack.client.workflow.list({ query: `TaskQueue = '${stack.taskQueue}' AND WorkflowType = 'visit'` }))
    found.push({ id: w.workflowId, status: w.status.name });
  return found;
}

/** Sends the opening while Temporal's replies are held: it takes the start, the API hears of it too late. */
async function openedTooLate(path: string, body: object) {
  const before = new Set((await visitWorkflows()).map((w) => w.id));
  proxy.holdReplies();
  const res = await postJson(app, path, body);
  proxy.releaseReplies();
  expect(res.status).toBe(503);
  expect((await readJson(res)).error.code).toBe('unavailable');
  // Temporal did start it; it ends by itself once it finds its opening rolled back.
  const started = async () => (await visitWorkflows()).find((w) => !before.has(w.id));
  await expect.poll(async () => (await started())?.status, { timeout: 60_000 }).toBe('COMPLETED');
  const { id } = (await started()) as { id: string };
  const db = stack.database.db;
  expect(await db.select().from(visits).where(eq(visits.id, id))).toEqual([]);
  expect(await db.select().from(visitEvents).where(eq(visitEvents.visitId, id))).toEqual([]);
  expect(await db.select().from(outbox).where(eq(outbox.visitId, id))).toEqual([]);
  expect(await db.select().from(tasks).where(eq(tasks.visitId, id))).toEqual([]);
  expect(await db.select().from(alerts).where(eq(alerts.subject, id))).toEqual([]);
}

describe('a visit start Temporal confirms after the deadline', () => {
  it("a new customer's walk-in: nothing of it is left, and the retry opens the visit", async () => {
    const body = {
      customer: { name: 'Late Answer', phone: '+49 30 5550 9911' },
      vehicle: { vin: 'WVWZZZ1JZLATE0001', plate: 'B-LA 1', model: 'VW Golf' },
      advisorId: 'adv-lena',
      requestedServices: ['Annual service'],
    };
    await openedTooLate('/visits', body);
    const db = stack.database.db;
    expect(await db.select().from(customers).where(eq(customers.name, 'Late Answer'))).toEqual([]);
    const retry = await postJson(app, '/visits', body);
    expect(retry.status).toBe(201);
    expect(await db.select().from(visits).where(eq(visits.vin, body.vehicle.vin))).toHaveLength(1);
  });

  it("a returning customer's booking: no visit appears that the desk was told was not written", async () => {
    const db = stack.database.db;
    await db.insert(customers).values({
      id: '0b7a4f3e-1c2d-4e5f-8a9b-0c1d2e3f4a5b',
      name: 'Late Again',
      phone: '+49 30 5550 9922',
      phoneKey: '493055509922',
    });
    await db.insert(vehicles).values({
      vin: 'WVWZZZ1JZLATE0002',
      customerId: '0b7a4f3e-1c2d-4e5f-8a9b-0c1d2e3f4a5b',
      plate: 'B-LA 2',
      model: 'VW Golf',
    });
    const body = {
      customer: { id: '0b7a4f3e-1c2d-4e5f-8a9b-0c1d2e3f4a5b', name: 'Late Again', phone: '+49 30 5550 9922' },
      vehicle: { vin: 'WVWZZZ1JZLATE0002', plate: 'B-LA 2', model: 'VW Golf' },
      advisorId: 'adv-lena',
      requestedServices: ['Annual service'],
      appointmentAt: new Date(Date.now() + 5 * 86_400_000).toISOString().replace(/T.*/, 'T10:00:00.000Z'),
    };
    await openedTooLate('/appointments', body);
    // The retry is no second booking of the car that day: the first was never made.
    const retry = await postJson(app, '/appointments', body);
    expect(retry.status).toBe(201);
    expect(await db.select().from(visits).where(eq(visits.vin, body.vehicle.vin))).toHaveLength(1);
  });
});

describe('a complaint whose start Temporal confirms after the deadline', () => {
  it('retried with the same Idempotency-Key, it is recorded once and answered with its id', async () => {
    const walkIn = await postJson(app, '/visits', {
      customer: { name: 'Complaining', phone: '+49 30 5550 9933' },
      vehicle: { vin: 'WVWZZZ1JZLATE0003', plate: 'B-LA 3', model: 'VW Golf' },
      advisorId: 'adv-lena',
      requestedServices: ['Annual service'],
    });
    const { visitId } = await readJson(walkIn);
    const body = { description: 'Door scratched at the wash', visitId };
    const key = { 'Idempotency-Key': 'complaint-door-1' };
    proxy.holdReplies();
    const first = await postJson(app, '/complaints', body, key);
    proxy.releaseReplies();
    expect(first.status).toBe(503);
    const complaintsOfVisit = () => stack.database.db.select().from(complaints).where(eq(complaints.visitId, visitId));
    // Temporal took it: the complaint records itself while the desk sends the request again.
    await expect.poll(async () => (await complaintsOfVisit()).length, { timeout: 60_000 }).toBe(1);
    const retry = await postJson(app, '/complaints', body, key);
    expect(retry.status).toBe(201);
    const [row] = await complaintsOfVisit();
    expect(await complaintsOfVisit()).toHaveLength(1);
    expect(await readJson(retry)).toEqual({ complaintId: row?.id, receivedAt: row?.receivedAt.toISOString() });
  });
});

describe('a breakdown call whose rescue Temporal starts but confirms after the deadline', () => {
  it('retried with the same Idempotency-Key, one rescue sets out and the call is on record once', async () => {
    const call = {
      callerName: 'Nora Late',
      phone: '+49 30 5550 9955',
      summary: "Car won't start at the petrol station",
      location: 'Aral, Tempelhofer Damm 12',
      plate: 'B-LA 5',
    };
    const key = { 'Idempotency-Key': 'breakdown-nora-1' };
    const db = stack.database.db;
    const rescuesOfCaller = () => db.select().from(rescues).where(eq(rescues.plate, call.plate));
    proxy.holdReplies();
    const first = await postJson(app, '/hotline/calls', call, key);
    proxy.releaseReplies();
    expect(first.status).toBe(503);
    // Temporal took it: the rescue is on its way while the desk sends the call again.
    await expect.poll(async () => (await rescuesOfCaller()).length, { timeout: 60_000 }).toBe(1);
    const retry = await postJson(app, '/hotline/calls', call, key);
    expect(retry.status).toBe(201);
    const taken = await readJson(retry);
    expect((await rescuesOfCaller()).map((r) => r.id)).toEqual([taken.rescueId]);
    expect(await db.select().from(hotlineCalls).where(eq(hotlineCalls.plate, call.plate))).toMatchObject([
      { id: taken.callId, rescueId: taken.rescueId },
    ]);
  });
});
