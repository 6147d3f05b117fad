import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { AppError } from '../../api/errors.js';
import { openVisit } from '../../api/open-visit.js';
import { type DatabaseHandle, openDatabase } from '../../db/client.js';
import { consents, customers, invoices, visitEvents } from '../../db/schema.js';
import { installTemporalRuntime } from '../../runtime/temporal-runtime.js';
import { allClosed, driveWalkIns, type FaultsDatabase, openFaultsDatabase, startFaultsWorker } from '../support/faults.js';
import { TcpProxy } from '../support/tcp-proxy.js';
import { fastPolicy, newVisitBody } from '../support/visits.js';

const VISITS = 10;
const OUTAGE_MS = 20_000;

let direct: FaultsDatabase;
let viaProxy: DatabaseHandle;
let proxy: TcpProxy;
let client: Client;

beforeAll(async () => {
  direct = await openFaultsDatabase([{ id: 'tech-omar', name: 'Omar', skillLevel: 3 }], 2);
  const target = new URL(direct.url);
  proxy = await TcpProxy.start({ host: target.hostname, port: Number(target.port) });
  const proxied = new URL(direct.url);
  proxied.port = String(proxy.port);
  viaProxy = openDatabase({ url: proxied.toString(), poolSize: 5 });
  client = new Client({ connection: await Connection.connect({ address: inject('temporalAddress') }) });
});

afterAll(async () => {
  await client?.connection.close();
  await viaProxy?.close();
  await proxy?.close();
  await direct?.close();
});

it('the database is unreachable for 20 s while activities run: they retry and complete, nothing is lost or doubled', async () => {
  installTemporalRuntime();
  const taskQueue = `faults-${randomUUID()}`;
  const worker = await startFaultsWorker(
    await NativeConnection.connect({ address: inject('temporalAddress') }),
    taskQueue,
    viaProxy.db,
  );
  try {
    const deps = { database: viaProxy, temporal: client, taskQueue };
    const policy = fastPolicy({ followUpCallAfterMs: 0 });
    const { ids, driving, steps } = await driveWalkIns(deps, VISITS, policy);
    await expect.poll(steps, { timeout: 60_000, interval: 50 }).toBeGreaterThanOrEqual(VISITS * 3);

    proxy.disconnect();
    const cutAt = Date.now();
    const customersBefore = (await direct.db.select({ n: count() }).from(customers))[0]?.n;
    // The front desk meanwhile gets a clean 503 and nothing half-written.
    const refused = await openVisit(deps, newVisitBody(), 'walk_in', undefined, policy).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe('unavailable');
    const stepsDuringOutage = steps();
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, OUTAGE_MS - (Date.now() - cutAt))));
    // Actions that needed the database waited rather than failing.
    expect(steps() - stepsDuringOutage).toBeLessThanOrEqual(VISITS);
    proxy.restore();

    await driving;
    const db = direct.db;
    await allClosed(db, client, ids, 90_000);
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
    await worker.stop();
  }
});
