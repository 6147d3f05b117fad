import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { inject } from 'vitest';
import { type ChannelAdapter, logAdapter } from '../../activities/channels.js';
import { createApp } from '../../api/app.js';
import { devSettings } from '../../api/settings.js';
import type { DatabaseHandle } from '../../db/client.js';
import type { Currency } from '../../domain/language.js';
import { devApprovalLinks } from '../../runtime/approval-links.js';
import { log } from '../../runtime/log.js';
import { installTemporalRuntime } from '../../runtime/temporal-runtime.js';
import { createWorker } from '../../worker.js';
import { openTestDatabase } from './database.js';
import { seedStaffDirectory } from './staff.js';

export interface TestStack {
  database: DatabaseHandle;
  client: Client;
  taskQueue: string;
  app: ReturnType<typeof createApp>;
  worker: Worker;
  /** Stops the worker (e.g. to show updates need it) and returns a function that starts a new one. */
  stopWorker(): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** The real thing in one process: the shared dev server, a fresh database, a worker on its own task queue and the HTTP app. */
export async function startTestStack(
  options: {
    channel?: ChannelAdapter;
    failingAlertAfterMs?: number;
    /** Where the approval links in the customer's messages point (a browser test's own server). */
    publicUrl?: string;
    /** The shop's currency (`SHOP_CURRENCY`) for the screens and the customer messages; default EUR. */
    currency?: Currency;
  } = {},
): Promise<TestStack> {
  const address = inject('temporalAddress');
  const workflowBundlePath = inject('workflowBundlePath');
  const database = await openTestDatabase();
  // Bookings through the API name an advisor from the directory.
  await seedStaffDirectory(database.db);
  const connection = await Connection.connect({ address });
  const client = new Client({ connection });
  installTemporalRuntime();
  const workerConnection = await NativeConnection.connect({ address });
  const taskQueue = `test-${randomUUID()}`;
  const startWorker = async () => {
    const worker = await createWorker({
      connection: workerConnection,
      namespace: 'default',
      taskQueue,
      db: database.db,
      channel: options.channel ?? logAdapter(log),
      approvalLinks: { ...devApprovalLinks(), ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}) },
      workflowBundlePath,
      shutdownForceTime: '5 seconds',
      failingAlertAfterMs: options.failingAlertAfterMs,
      currency: options.currency,
    });
    return { worker, running: worker.run() };
  };
  let current = await startWorker();
  const stack: TestStack = {
    database,
    client,
    taskQueue,
    // A busy machine can take longer than production's 5 s for one update; the suites that test the deadline
    // build their own app with the production setting.
    app: createApp(
      { database, temporal: client, taskQueue },
      {
        ...devSettings(),
        temporalCallTimeoutMs: 60_000,
        ...(options.currency ? { currency: options.currency } : {}),
      },
    ),
    worker: current.worker,
    async stopWorker() {
      current.worker.shutdown();
      await current.running;
      return async () => {
        current = await startWorker();
        stack.worker = current.worker;
      };
    },
    async close() {
      if (current.worker.getState() === 'RUNNING') {
        current.worker.shutdown();
        await current.running;
      }
      await workerConnection.close();
      await connection.close();
      await database.close();
    },
  };
  return stack;
}
