import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { afterAll, beforeAll, inject } from 'vitest';
import { type ChannelAdapter, logAdapter } from '../../activities/channels.js';
import { createApp } from '../../api/app.js';
import { devSettings } from '../../api/settings.js';
import type { DatabaseHandle } from '../../db/client.js';
import type { Currency, Language } from '../../domain/language.js';
import { devApprovalLinks } from '../../runtime/approval-links.js';
import { log } from '../../runtime/log.js';
import { connectClient } from '../../runtime/temporal.js';
import { installTemporalRuntime } from '../../runtime/temporal-runtime.js';
import { createWorker } from '../../worker.js';
import { openTestDatabase } from './database.js';
import { seedStaffDirectory } from './staff.js';
import { seedTechnicians } from './visits.js';

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

export interface TestStackOptions {
  channel?: ChannelAdapter;
  failingAlertAfterMs?: number;
  /** Where the approval links in the customer's messages point (a browser test's own server). */
  publicUrl?: string;
  /** The shop's currency (`SHOP_CURRENCY`) for the screens and the customer messages; default EUR. */
  currency?: Currency;
  /** The shop's time zone (`SHOP_TIME_ZONE`) for the worker and the API; default UTC. */
  timeZone?: string;
  /** The language of the messages to a customer whose file names none (`SHOP_LANGUAGE`); default English. */
  language?: Language;
}

/** The real thing in one process: the shared dev server, a fresh database, a worker on its own task queue and the HTTP app. */
export async function startTestStack(options: TestStackOptions = {}): Promise<TestStack> {
  const address = inject('temporalAddress');
  const workflowBundlePath = inject('workflowBundlePath');
  const database = await openTestDatabase();
  // Bookings through the API name an advisor from the directory.
  await seedStaffDirectory(database.db);
  // The API's client as `npm start` and `npm run api` connect it.
  const client = await connectClient(address, { TEMPORAL_NAMESPACE: 'default', TEMPORAL_TLS: false });
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
      language: options.language,
      timeZone: options.timeZone,
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
        ...(options.timeZone ? { shopTimeZone: options.timeZone } : {}),
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
      await client.connection.close();
      await database.close();
    },
  };
  return stack;
}

export interface SharedStackOptions extends TestStackOptions {
  /** The workshop's technicians (seedTechnicians), for tests that dispatch. */
  technicians?: boolean;
}

/**
 * The stack the tests of a file (or of the describe block it is called in) share: started in beforeAll, closed
 * in afterAll. The answer stands for that stack, so tests and helpers take it as they would the stack itself;
 * it can be used inside hooks and tests only. Options given as a function are made when the stack starts: what
 * they name may start there too (the receivers its channels send to), or be known only then (a browser test's
 * server address).
 */
export function useTestStack(
  options: SharedStackOptions | (() => SharedStackOptions | Promise<SharedStackOptions>) = {},
): TestStack {
  let started: TestStack | undefined;
  beforeAll(async () => {
    const { technicians, ...stackOptions } = typeof options === 'function' ? await options() : options;
    started = await startTestStack(stackOptions);
    if (technicians) await seedTechnicians(started);
  });
  afterAll(async () => started?.close());
  const current = (): TestStack => {
    if (!started) throw new Error('The shared test stack starts in beforeAll: use it inside hooks and tests');
    return started;
  };
  // A stand-in forwarding to the started stack, so a test's own helpers need no handle to unwrap.
  return new Proxy({} as TestStack, {
    get: (_, key) => Reflect.get(current(), key),
    set: (_, key, value) => Reflect.set(current(), key, value),
    has: (_, key) => Reflect.has(current(), key),
    ownKeys: () => Reflect.ownKeys(current()),
    getOwnPropertyDescriptor: (_, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(current(), key);
      // The stand-in's own target holds none of these keys: a proxy may report them only as configurable.
      return descriptor && { ...descriptor, configurable: true };
    },
  });
}
