import { fileURLToPath } from 'node:url';
import { type NativeConnection, Worker } from '@temporalio/worker';
import { type ChannelAdapter, logAdapter, webhookAdapter } from './activities/channels.js';
import { createActivities } from './activities/index.js';
import type { Database } from './db/client.js';
import { type Config, loadConfig, loadDotEnv } from './runtime/config.js';
import { log } from './runtime/log.js';
import { runUntilSignal } from './runtime/process.js';
import { openConfiguredDatabase } from './runtime/stack.js';
import { connectWorker } from './runtime/temporal.js';

export const workflowsPath = fileURLToPath(new URL('./workflows/index.ts', import.meta.url));

export interface WorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  db: Database;
  channel: ChannelAdapter;
  /** A prebuilt bundle (tests, production images); without it the workflows are bundled at start. */
  workflowBundlePath?: string;
  shutdownForceTime?: string;
}

export function createWorker(opts: WorkerOptions) {
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    ...(opts.workflowBundlePath ? { workflowBundle: { codePath: opts.workflowBundlePath } } : { workflowsPath }),
    activities: createActivities(opts.db, opts.channel),
    // Lets in-flight activities finish their database write before the process exits.
    shutdownGraceTime: '10 seconds',
    shutdownForceTime: opts.shutdownForceTime,
  });
}

export const channelFor = (config: Pick<Config, 'NOTIFY_WEBHOOK_URL'>): ChannelAdapter =>
  config.NOTIFY_WEBHOOK_URL ? webhookAdapter(config.NOTIFY_WEBHOOK_URL) : logAdapter(log);

async function main() {
  loadDotEnv();
  const config = loadConfig();
  if (!config.TEMPORAL_ADDRESS)
    throw new Error('TEMPORAL_ADDRESS must be set to run a standalone worker (npm start runs the embedded stack)');
  const database = await openConfiguredDatabase(config);
  const connection = await connectWorker(config.TEMPORAL_ADDRESS, config);
  const worker = await createWorker({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    db: database.db,
    channel: channelFor(config),
  });
  log.info({ taskQueue: config.TEMPORAL_TASK_QUEUE, address: config.TEMPORAL_ADDRESS }, 'worker running');
  await runUntilSignal(worker.run(), async () => worker.shutdown());
  await connection.close();
  await database.close();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
