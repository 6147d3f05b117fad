import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { count, sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { invoices, outbox, serviceHistory, tasks, visitEvents } from '../../db/schema.js';
import { allClosed, driveWalkIns, type FaultsDatabase, openFaultsDatabase } from '../support/faults.js';
import { fastPolicy } from '../support/visits.js';
import { kill, startWorkerProcess } from '../support/worker-process.js';

const VISITS = 50;

let database: FaultsDatabase;
let client: Client;

beforeAll(async () => {
  database = await openFaultsDatabase([
    { id: 'tech-omar', name: 'Omar', skillLevel: 2 },
    { id: 'tech-ivy', name: 'Ivy', skillLevel: 3 },
  ]);
  client = new Client({ connection: await Connection.connect({ address: inject('temporalAddress') }) });
});

afterAll(async () => {
  await client?.connection.close();
  await database?.close();
});

it(`SIGKILL of the worker in the middle of ${VISITS} visits: every visit finishes and every record exists once`, async () => {
  const taskQueue = `faults-${randomUUID()}`;
  const env = { TEMPORAL_ADDRESS: inject('temporalAddress'), DATABASE_URL: database.url, TEMPORAL_TASK_QUEUE: taskQueue };
  let worker = await startWorkerProcess(env);
  const deps = { database, temporal: client, taskQueue };
  const policy = fastPolicy({ followUpCallAfterMs: 0 });
  const { ids, driving, steps } = await driveWalkIns(deps, VISITS, policy);

  let killed = false;
  const crashed = new Promise<void>((resolve) => {
    const check = setInterval(() => {
      if (steps() < VISITS * 4) return;
      clearInterval(check);
      resolve();
    }, 20);
  });
  await crashed;
  await kill(worker);
  killed = true;
  const stepsAtCrash = steps();
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  worker = await startWorkerProcess(env);
  await driving;
  expect(killed).toBe(true);
  expect(stepsAtCrash).toBeLessThan(VISITS * 11);

  const db = database.db;
  await allClosed(db, client, ids, 60_000);
  await kill(worker, 'SIGTERM');

  for (const table of [invoices, serviceHistory]) expect((await db.select({ n: count() }).from(table))[0]?.n).toBe(VISITS);
  const perVisit = await db.execute<{ visit_id: string; events: number; max_seq: number }>(
    sql`select visit_id, count(*)::int as events, max(seq)::int as max_seq from ${visitEvents} group by visit_id`,
  );
  const rows = Array.isArray(perVisit) ? perVisit : (perVisit as { rows: typeof perVisit }).rows;
  expect(rows).toHaveLength(VISITS);
  for (const row of rows as { events: number; max_seq: number }[]) expect(row.events).toBe(row.max_seq);

  const taskCounts = await db.select({ kind: tasks.kind, n: count() }).from(tasks).groupBy(tasks.kind);
  expect(Object.fromEntries(taskCounts.map((t) => [t.kind, t.n]))).toMatchObject({
    follow_up_call: VISITS,
    maintenance_reminder: VISITS,
  });
  const messages = await db.select({ template: outbox.template, n: count() }).from(outbox).groupBy(outbox.template);
  expect(Object.fromEntries(messages.map((m) => [m.template, m.n]))).toEqual({
    estimate_ready: VISITS,
    estimate_signed: VISITS,
    vehicle_ready: VISITS,
    invoice_issued: VISITS,
    maintenance_due: VISITS,
  });
});
