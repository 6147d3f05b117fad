import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { openVisit } from '../../api/open-visit.js';
import { type DatabaseHandle, openDatabase } from '../../db/client.js';
import { invoices, outbox, serviceHistory, tasks, technicians, visitEvents, visits } from '../../db/schema.js';
import { driveVisit } from '../support/drive.js';
import { createDatabase } from '../support/postgres.js';
import { fastPolicy, newVisitBody } from '../support/visits.js';
import { kill, startWorkerProcess } from '../support/worker-process.js';

const VISITS = 50;

let database: DatabaseHandle;
let dropDatabase: () => Promise<void>;
let client: Client;
let url: string;

beforeAll(async () => {
  ({ url, drop: dropDatabase } = await createDatabase(inject('postgresUrl')));
  database = openDatabase({ url, poolSize: 5 });
  await database.migrate();
  await database.db.insert(technicians).values([
    { id: 'tech-omar', name: 'Omar', skillLevel: 2 },
    { id: 'tech-ivy', name: 'Ivy', skillLevel: 3 },
  ]);
  client = new Client({ connection: await Connection.connect({ address: inject('temporalAddress') }) });
});

afterAll(async () => {
  await client?.connection.close();
  await database?.close();
  await dropDatabase?.();
});

it(`SIGKILL of the worker in the middle of ${VISITS} visits: every visit finishes and every record exists once`, async () => {
  const taskQueue = `faults-${randomUUID()}`;
  const env = { TEMPORAL_ADDRESS: inject('temporalAddress'), DATABASE_URL: url, TEMPORAL_TASK_QUEUE: taskQueue };
  let worker = await startWorkerProcess(env);
  const deps = { database, temporal: client, taskQueue };
  const policy = fastPolicy({ followUpCallAfterMs: 0 });
  const ids = await Promise.all(
    Array.from({ length: VISITS }, () => openVisit(deps, newVisitBody(), 'walk_in', undefined, policy).then((v) => v.visitId)),
  );

  let steps = 0;
  let killed = false;
  const crashed = new Promise<void>((resolve) => {
    const check = setInterval(() => {
      if (steps < VISITS * 4) return;
      clearInterval(check);
      resolve();
    }, 20);
  });
  const driving = Promise.all(ids.map((id) => driveVisit(client, id, () => steps++)));
  await crashed;
  await kill(worker);
  killed = true;
  const stepsAtCrash = steps;
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  worker = await startWorkerProcess(env);
  await driving;
  expect(killed).toBe(true);
  expect(stepsAtCrash).toBeLessThan(VISITS * 11);

  const db = database.db;
  await expect
    .poll(async () => (await db.select({ n: count() }).from(visits).where(eq(visits.stage, 'closed')))[0]?.n, {
      timeout: 60_000,
      interval: 500,
    })
    .toBe(VISITS);
  // The closing event is written a moment before the last effects (the reminder task) and the completion.
  await Promise.all(ids.map((id) => client.workflow.getHandle(id).result()));
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
