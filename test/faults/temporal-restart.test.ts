import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { logAdapter } from '../../activities/channels.js';
import { openVisit } from '../../api/open-visit.js';
import { type DatabaseHandle, openDatabase } from '../../db/client.js';
import { outbox, technicians, visits } from '../../db/schema.js';
import { devApprovalLinks } from '../../runtime/approval-links.js';
import { type DevServer, startDevServer } from '../../runtime/dev-server.js';
import { log } from '../../runtime/log.js';
import { installTemporalRuntime } from '../../runtime/temporal-runtime.js';
import { createWorker } from '../../worker.js';
import { driveVisit } from '../support/drive.js';
import { createDatabase } from '../support/postgres.js';
import { fastPolicy, newVisitBody } from '../support/visits.js';

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
let dropDatabase: () => Promise<void>;
let dataDir: string;

beforeAll(async () => {
  const created = await createDatabase(inject('postgresUrl'));
  dropDatabase = created.drop;
  database = openDatabase({ url: created.url, poolSize: 5 });
  await database.migrate();
  await database.db.insert(technicians).values([{ id: 'tech-omar', name: 'Omar', skillLevel: 3 }]);
  dataDir = mkdtempSync(join(tmpdir(), 'servicelane-temporal-restart-'));
});

afterAll(async () => {
  await database?.close();
  await dropDatabase?.();
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
  const worker = await createWorker({
    connection,
    namespace: 'default',
    taskQueue,
    db: database.db,
    channel: logAdapter(log),
    approvalLinks: devApprovalLinks(),
    workflowBundlePath: inject('workflowBundlePath'),
    shutdownForceTime: '10 seconds',
  });
  const running = worker.run();
  try {
    const policy = fastPolicy({ approvalReminderMs: 6_000, followUpCallAfterMs: 0 });
    const deps = { database, temporal: client, taskQueue };
    const ids = await Promise.all(
      Array.from({ length: VISITS }, () => openVisit(deps, newVisitBody(), 'walk_in', undefined, policy).then((v) => v.visitId)),
    );
    let steps = 0;
    const driving = Promise.all(ids.map((id) => driveVisit(client, id, () => steps++)));
    await expect.poll(() => steps, { timeout: 60_000, interval: 50 }).toBeGreaterThanOrEqual(VISITS * 2);

    await server.stop();
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    server = await startDevServer(serverOptions);

    await driving;
    const db = database.db;
    await expect
      .poll(async () => (await db.select({ n: count() }).from(visits).where(eq(visits.stage, 'closed')))[0]?.n, {
        timeout: 90_000,
        interval: 500,
      })
      .toBe(VISITS);
    // A visit is closed before its maintenance reminder goes out; each workflow completes once it has.
    await Promise.all(ids.map((id) => client.workflow.getHandle(id).result()));
    expect((await db.select({ n: count() }).from(outbox).where(eq(outbox.template, 'maintenance_due')))[0]?.n).toBe(VISITS);
  } finally {
    worker.shutdown();
    await running;
    await connection.close();
    await server.stop();
  }
});
