import type { Client } from '@temporalio/client';
import type { NativeConnection } from '@temporalio/worker';
import { count, eq } from 'drizzle-orm';
import { expect, inject } from 'vitest';
import { logAdapter } from '../../activities/channels.js';
import type { ApiDeps } from '../../api/deps.js';
import { openVisit } from '../../api/open-visit.js';
import { type Database, type DatabaseHandle, openDatabase } from '../../db/client.js';
import { technicians, visits } from '../../db/schema.js';
import type { VisitPolicyOverride } from '../../domain/policy.js';
import { devApprovalLinks } from '../../runtime/approval-links.js';
import { log } from '../../runtime/log.js';
import { createWorker } from '../../worker.js';
import { driveVisit } from './drive.js';
import { createDatabase } from './postgres.js';
import { newVisitBody } from './visits.js';

// What the fault tests share: their own database on the suite's PostgreSQL server, a worker in this process,
// a batch of walk-ins driven through the fault, and the check that every one of them finished.

export interface FaultsDatabase extends DatabaseHandle {
  url: string;
}

/** A fresh database on the suite's server, migrated, with the workshop's technicians; `close` drops it too. */
export async function openFaultsDatabase(workshop: (typeof technicians.$inferInsert)[], poolSize = 5): Promise<FaultsDatabase> {
  const created = await createDatabase(inject('postgresUrl'));
  const database = openDatabase({ url: created.url, poolSize });
  await database.migrate();
  await database.db.insert(technicians).values(workshop);
  return {
    ...database,
    url: created.url,
    async close() {
      await database.close();
      await created.drop();
    },
  };
}

/** A worker in this process on its own task queue; `stop` shuts it down and closes its connection. */
export async function startFaultsWorker(connection: NativeConnection, taskQueue: string, db: Database) {
  const worker = await createWorker({
    connection,
    namespace: 'default',
    taskQueue,
    db,
    channel: logAdapter(log),
    approvalLinks: devApprovalLinks(),
    workflowBundlePath: inject('workflowBundlePath'),
    shutdownForceTime: '10 seconds',
  });
  const running = worker.run();
  return {
    async stop() {
      worker.shutdown();
      await running;
      await connection.close();
    },
  };
}

/** `count` walk-ins opened at once, each driven from reception to follow-up; `steps()` counts the actions done. */
export async function driveWalkIns(deps: ApiDeps, count: number, policy: VisitPolicyOverride) {
  const ids = await Promise.all(
    Array.from({ length: count }, () => openVisit(deps, newVisitBody(), 'walk_in', undefined, policy).then((v) => v.visitId)),
  );
  let steps = 0;
  const driving = Promise.all(ids.map((id) => driveVisit(deps.temporal, id, () => steps++)));
  return { ids, driving, steps: () => steps };
}

/**
 * Waits until every visit is closed and its workflow has completed: the closing event is written a moment
 * before the last effects (the maintenance reminder), and the workflow completes once they are done.
 */
export async function allClosed(db: Database, client: Client, ids: string[], timeout: number) {
  await expect
    .poll(async () => (await db.select({ n: count() }).from(visits).where(eq(visits.stage, 'closed')))[0]?.n, {
      timeout,
      interval: 500,
    })
    .toBe(ids.length);
  await Promise.all(ids.map((id) => client.workflow.getHandle(id).result()));
}
