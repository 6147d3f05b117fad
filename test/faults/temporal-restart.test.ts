import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/client.js';
import { outbox } from '../../db/schema.js';
import { type DevServer, startDevServer } from '../../runtime/dev-server.js';
import { log } from '../../runtime/log.js';
import { installTemporalRuntime } from '../../runtime/temporal-runtime.js';
import { allClosed, driveWalkIns, openFaultsDatabase, startFaultsWorker } from '../support/faults.js';
import { fastPolicy } from '../support/visits.js';

const VISITS = 10;

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

let database: DatabaseHandle;
let dataDir: string;

beforeAll(async () => {
  database = await openFaultsDatabase([{ id: 'tech-omar', name: 'Omar', skillLevel: 3 }]);
  dataDir = mkdtempSync(join(tmpdir(), 'servicelane-temporal-restart-'));
});

afterAll(async () => {
  await database?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

it('the file-backed Temporal server stops and starts again mid-visit: timers still fire and every visit finishes', async () => {
  const [port, uiPort] = [await freePort(), await freePort()];
  const serverOptions = { dataDir, port, uiPort, namespace: 'default', log };
  let server: DevServer = await startDevServer(serverOptions);
  installTemporalRuntime();
  const connection = await NativeConnection.connect({ address: server.address });
  const client = new Client({ connection: await Connection.connect({ address: server.address }) });
  const taskQueue = 'servicelane-restart';
  const worker = await startFaultsWorker(connection, taskQueue, database.db);
  try {
    const policy = fastPolicy({ approvalReminderMs: 6_000, followUpCallAfterMs: 0 });
    const deps = { database, temporal: client, taskQueue };
    const { ids, driving, steps } = await driveWalkIns(deps, VISITS, policy);
    await expect.poll(steps, { timeout: 60_000, interval: 50 }).toBeGreaterThanOrEqual(VISITS * 2);

    await server.stop();
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    server = await startDevServer(serverOptions);

    await driving;
    const db = database.db;
    await allClosed(db, client, ids, 90_000);
    expect((await db.select({ n: count() }).from(outbox).where(eq(outbox.template, 'maintenance_due')))[0]?.n).toBe(VISITS);
  } finally {
    await worker.stop();
    await server.stop();
  }
});
