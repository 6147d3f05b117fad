import { fileURLToPath } from 'node:url';
import type { Client } from '@temporalio/client';
import { type NativeConnection, Worker } from '@temporalio/worker';
import {
  type ChannelAdapter,
  channelRouter,
  logAdapter,
  smsWebhookAdapter,
  smtpAdapter,
  webhookAdapter,
} from './activities/channels.js';
import { createActivities } from './activities/index.js';
import type { Database } from './db/client.js';
import type { Currency, Language } from './domain/language.js';
import { type ApprovalLinkSettings, workerApprovalLinks } from './runtime/approval-links.js';
import { type Config, kpiReviewTimeZone, loadConfig, loadDotEnv, shopTimeZone } from './runtime/config.js';
import { ensureKpiReviewSchedule } from './runtime/kpi-schedule.js';
import { log, useConfiguredLogLevel } from './runtime/log.js';
import { runUntilSignal } from './runtime/process.js';
import { openConfiguredDatabase } from './runtime/stack.js';
import { connectClient, connectWorker } from './runtime/temporal.js';
import { ensureWarrantySweep } from './runtime/warranty-sweep.js';
import { prebuiltWorkflowBundle, workflowSources, workflowsPath } from './runtime/workflow-bundle.js';
import { customerPapers } from './web/paper-pdf.js';
import { closePdfBrowser } from './web/pdf.js';

export { workflowSources, workflowsPath };

export interface WorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  db: Database;
  channel: ChannelAdapter;
  /** Signs the approval links that go out with the customer's messages (`workerApprovalLinks(config)`). */
  approvalLinks: ApprovalLinkSettings;
  /** A prebuilt bundle (tests, production); without it the workflows are bundled at start. */
  workflowBundlePath?: string;
  shutdownForceTime?: string;
  /** How long an activity may keep failing before it is an alert (default `FAILING_ALERT_AFTER_MS`). */
  failingAlertAfterMs?: number;
  /** The shop's currency (`SHOP_CURRENCY`) for customer messages; default EUR. */
  currency?: Currency;
  /** The language of the messages to a customer whose file names none (`SHOP_LANGUAGE`); default English. */
  language?: Language;
  /** The shop's time zone (`SHOP_TIME_ZONE`), which its calendar's hours are in; default UTC. */
  timeZone?: string;
}

export function createWorker(opts: WorkerOptions) {
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    ...(opts.workflowBundlePath ? { workflowBundle: { codePath: opts.workflowBundlePath } } : workflowSources),
    activities: createActivities(opts.db, opts.channel, opts.approvalLinks, {
      failingAlertAfterMs: opts.failingAlertAfterMs,
      currency: opts.currency,
      language: opts.language,
      timeZone: opts.timeZone,
    }),
    // Lets in-flight activities finish their database write before the process exits.
    // A cached visit cost ~2.9 MiB when the domain's schemas were built eagerly (~1.5 MiB now); the SDK's default
    // (~2,300 from a 4 GiB heap) then ran the workflow thread out of memory with 4,400 parked visits in
    // `npm run bench`. With 1,000, RSS levels off (3.4 GiB with 10,000 parked).
    maxCachedWorkflows: 1_000,
    shutdownGraceTime: '10 seconds',
    shutdownForceTime: opts.shutdownForceTime,
  });
}

/**
 * Email over SMTP and texts over the SMS gateway when configured, by each customer's preferred channel;
 * staff messages and any channel without its own adapter go to NOTIFY_WEBHOOK_URL, or the log. Given the
 * database, e-mails carry the papers the customer keeps (the signed estimate, the invoice) as PDFs.
 */
export const channelFor = (
  config: Pick<
    Config,
    | 'NOTIFY_WEBHOOK_URL'
    | 'SMTP_URL'
    | 'SMTP_FROM'
    | 'SMS_WEBHOOK_URL'
    | 'DELIVERY_ATTEMPTS'
    | 'SHOP_NAME'
    | 'SHOP_ADDRESS'
    | 'SHOP_TIME_ZONE'
    | 'SHOP_CURRENCY'
  >,
  db?: Database,
): ChannelAdapter =>
  channelRouter(
    {
      email: config.SMTP_URL
        ? smtpAdapter(
            config.SMTP_URL,
            config.SMTP_FROM,
            db &&
              customerPapers(db, {
                shop: { name: config.SHOP_NAME, address: config.SHOP_ADDRESS, timeZone: config.SHOP_TIME_ZONE },
                currency: config.SHOP_CURRENCY,
              }),
          )
        : undefined,
      sms: config.SMS_WEBHOOK_URL ? smsWebhookAdapter(config.SMS_WEBHOOK_URL) : undefined,
    },
    {
      fallback: config.NOTIFY_WEBHOOK_URL ? webhookAdapter(config.NOTIFY_WEBHOOK_URL) : logAdapter(log),
      deliveryAttempts: config.DELIVERY_ATTEMPTS,
    },
  );

/**
 * The app's worker as the configuration describes it, with the schedules it serves (the KPI review, the warranty
 * sweep) in place: the standalone worker and `npm start` run the same one.
 */
export async function createConfiguredWorker(
  config: Config,
  deps: { connection: NativeConnection; client: Client; db: Database; workflowBundlePath: string | undefined },
) {
  // The schedules are put in place while the worker loads its workflows: neither waits for the other.
  const [worker] = await Promise.all([
    createWorker({
      connection: deps.connection,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      db: deps.db,
      channel: channelFor(config, deps.db),
      approvalLinks: workerApprovalLinks(config),
      workflowBundlePath: deps.workflowBundlePath,
      currency: config.SHOP_CURRENCY,
      language: config.SHOP_LANGUAGE,
      timeZone: config.SHOP_TIME_ZONE,
    }),
    ensureKpiReviewSchedule(deps.client, {
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      cron: config.KPI_REVIEW_CRON,
      timeZone: kpiReviewTimeZone(config),
    }),
    ensureWarrantySweep(deps.client, {
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      cron: config.WARRANTY_NOTICE_CRON,
      timeZone: shopTimeZone(config),
    }),
  ]);
  return worker;
}

async function main() {
  loadDotEnv();
  const config = loadConfig();
  useConfiguredLogLevel(config);
  if (!config.TEMPORAL_ADDRESS)
    throw new Error('TEMPORAL_ADDRESS must be set to run a standalone worker (npm start runs the embedded stack)');
  // Production runs the bundle `npm run build` shipped, checked against these sources before anything else;
  // development bundles the workflows at every start.
  const workflowBundlePath = config.NODE_ENV === 'production' ? prebuiltWorkflowBundle() : undefined;
  const address = config.TEMPORAL_ADDRESS;
  const [database, connection, client] = await Promise.all([
    openConfiguredDatabase(config),
    connectWorker(address, config),
    connectClient(address, config),
  ]);
  const worker = await createConfiguredWorker(config, { connection, client, db: database.db, workflowBundlePath });
  await client.connection.close();
  log.info(
    {
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      address: config.TEMPORAL_ADDRESS,
      workflowBundle: workflowBundlePath ?? 'bundled at start',
    },
    'worker running',
  );
  await runUntilSignal(worker.run(), async () => worker.shutdown());
  await closePdfBrowser();
  await connection.close();
  await database.close();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
