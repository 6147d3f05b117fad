import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { logAdapter } from '../../activities/channels.js';
import { AppError } from '../../api/errors.js';
import { openVisit } from '../../api/open-visit.js';
import { type DatabaseHandle, openDatabase } from '../../db/client.js';
import { consents, customers, invoices, technicians, visitEvents, visits } from '../../db/schema.js';
import { devApprovalLinks } from '../../runtime/approval-links.js';
import { log } from '../../runtime/log.js';
import { installTemporalRuntime } from '../../runtime/temporal-runtime.js';
import { createWorker } from '../../worker.js';
import { driveVisit } from '../support/drive.js';
import { createDatabase } from '../support/postgres.js';
import { TcpProxy } from '../support/tcp-proxy.js';
import { fastPolicy, newVisitBody } from '../support/visits.js';

const VISITS = 10;
const OUTAGE_MS = 20_000;

let direct: DatabaseHandle;
let viaProxy: DatabaseHandle;
let proxy: TcpProxy;
let dropDatabase: () => Promise<void>;
let client: Client;

beforeAll(async () => {
  const created = await createDatabase(inject('postgresUrl'));
  dropDatabase = created.drop;
  direct = openDatabase({ url: created.url, poolSize: 2 });
  await direct.migrate();
  await direct.db.insert(technicians).values([{ id: 'tech-omar', name: 'Omar', skillLevel: 3 }]);
  const target = new URL(created.url);
  proxy = await TcpProxy.start({ host: target.hostname, port: Number(target.port) });
  const proxied = new URL(created.url);
  proxied.port = String(proxy.port);
  viaProxy = openDatabase({ url: proxied.toString(), poolSize: 5 });
  client = new Client({ connection: await Connection.connect({ address: inject('temporalAddress') }) });
});

afterAll(async () => {
  await client?.connection.close();
  await viaProxy?.close();
  await proxy?.close();
  await direct?.close();
  await dropDatabase?.();
});

it('the database is unreachable for 20 s while activities run: they retry and complete, nothing is lost or doubled', async () => {
  installTemporalRuntime();
  const connection = await NativeConnection.connect({ address: inject('temporalAddress') });
  const taskQueue = `faults-${randomUUID()}`;
  const worker = await createWorker({
    connection,
    namespace: 'default',
    taskQueue,
    db: viaProxy.db,
    channel: logAdapter(log),
    approvalLinks: devApprovalLinks(),
    workflowBundlePath: inject('workflowBundlePath'),
    shutdownForceTime: '10 seconds',
  });
  const running = worker.run();
  try {
    const deps = { database: viaProxy, temporal: client, taskQueue };
    const policy = fastPolicy({ followUpCallAfterMs: 0 });
    const ids = await Promise.all(
      Array.from({ length: VISITS }, () => openVisit(deps, newVisitBody(), 'walk_in', undefined, policy).then((v) => v.visitId)),
    );

    let steps = 0;
    const driving = Promise.all(ids.map((id) => driveVisit(client, id, () => steps++)));
    await expect.poll(() => steps, { timeout: 60_000, interval: 50 }).toBeGreaterThanOrEqual(VISITS * 3);

    proxy.disconnect();
    const cutAt = Date.now();
    const customersBefore = (await direct.db.select({ n: count() }).from(customers))[0]?.n;
    // The front desk meanwhile gets a clean 503 and nothing half-written.
    const refused = await openVisit(deps, newVisitBody(), 'walk_in', undefined, policy).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe('unavailable');
    const stepsDuringOutage = steps;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, OUTAGE_MS - (Date.now() - cutAt))));
    // Actions that needed the database waited rather than failing.
    expect(steps - stepsDuringOutage).toBeLessThanOrEqual(VISITS);
    proxy.restore();

    await driving;
    const db = direct.db;
    await expect
      .poll(async () => (await db.select({ n: count() }).from(visits).where(eq(visits.stage, 'closed')))[0]?.n, {
        timeout: 90_000,
        interval: 500,
      })
      .toBe(VISITS);
    // The closing event is written a moment before the last effects (the reminder task) and the completion.
    await Promise.all(ids.map((id) => client.workflow.getHandle(id).result()));
    expect((await db.select({ n: count() }).from(customers))[0]?.n).toBe(customersBefore);
    expect((await db.select({ n: count() }).from(invoices))[0]?.n).toBe(VISITS);
    expect((await db.select({ n: count() }).from(consents))[0]?.n).toBe(VISITS);
    for (const id of ids) {
      // Each event the workflow numbered is recorded once and none is missing, up to the last it recorded (its
      // result: the whole state, or from the compact aftercare run the acknowledgement of its last event).
      const result = (await client.workflow.getHandle(id).result()) as { timeline: unknown[] } | { seq: number };
      const last = 'timeline' in result ? result.timeline.length : result.seq;
      const seqs = (await db.select({ seq: visitEvents.seq }).from(visitEvents).where(eq(visitEvents.visitId, id)))
        .map((r) => r.seq)
        .sort((a, b) => a - b);
      expect(seqs, id).toEqual(Array.from({ length: last }, (_, i) => i + 1));
    }
  } finally {
    proxy.restore();
    worker.shutdown();
    await running;
    await connection.close();
  }
});
